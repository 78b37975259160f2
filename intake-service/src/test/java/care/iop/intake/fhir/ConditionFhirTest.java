package care.iop.intake.fhir;

import care.iop.intake.Api;
import care.iop.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static care.iop.intake.fhir.FhirTests.FHIR;
import static care.iop.intake.fhir.FhirTests.assertLabelled;
import static care.iop.intake.fhir.FhirTests.assertValid;
import static care.iop.intake.fhir.FhirTests.auditedBy;
import static care.iop.intake.fhir.FhirTests.fhir;
import static care.iop.intake.fhir.FhirTests.ids;
import static care.iop.intake.fhir.FhirTests.next;
import static care.iop.intake.fhir.FhirTests.rest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * Assessment diagnoses as US Core Condition Encounter Diagnosis. The REST assessment read is closed to EHR
 * integrations, so the FHIR one is too: staff read them here.
 */
@QuarkusTest
class ConditionFhirTest {

    private final UUID clinic = UUID.randomUUID();
    private final String coordinator = Api.coordinator(clinic);
    private final String clinician = TestTokens.staff(clinic, "clinician").bearer();

    static Map<String, Object> assessment(List<String> diagnoses) {
        Map<String, Object> dimensions = new LinkedHashMap<>();
        int[] ratings = {1, 0, 2, 1, 2, 1};
        for (int i = 0; i < 6; i++) {
            dimensions.put("d" + (i + 1), Map.of("rating", ratings[i], "rationale", "rated from the interview"));
        }
        Map<String, Object> body = new HashMap<>();
        body.put("diagnoses", diagnoses.stream().map(d -> Map.of("icd10", d)).toList());
        body.put("dimensions", dimensions);
        body.put("finalLevel", "2.1");
        return body;
    }

    private String assess(String patientId, List<String> diagnoses) {
        return rest(clinician).body(assessment(diagnoses)).post(Api.BASE + "/patients/" + patientId + "/assessments")
                .then().statusCode(201).extract().path("id");
    }

    private Response search(String query) {
        Response bundle = fhir(clinician).get(FHIR + "/Condition?" + query);
        bundle.then().statusCode(200).body("resourceType", equalTo("Bundle"));
        return bundle;
    }

    @Test
    void a_diagnosis_reads_as_a_valid_labelled_encounter_diagnosis() {
        String patientId = Api.createPatient(coordinator);
        String assessmentId = assess(patientId, List.of("F10.20", "F32.1"));
        Response read = fhir(clinician).get(FHIR + "/Condition/" + assessmentId + "-2");
        read.then().statusCode(200).header("ETag", equalTo("W/\"0\""))
                .body("meta.profile", hasItem(ConditionMapping.PROFILE))
                .body("category[0].coding[0].code", equalTo("encounter-diagnosis"))
                .body("clinicalStatus.coding[0].code", equalTo("active"))
                .body("code.coding[0].system", equalTo("http://hl7.org/fhir/sid/icd-10-cm"))
                .body("code.coding[0].code", equalTo("F32.1"))
                .body("subject.reference", equalTo("Patient/" + patientId))
                .body("recordedDate", org.hamcrest.Matchers.notNullValue());
        assertValid(read.asString());
        assertLabelled(read.jsonPath(), "");
        fhir(clinician).get(FHIR + "/Condition/" + assessmentId + "-3").then().statusCode(404)
                .body("resourceType", equalTo("OperationOutcome"));
        fhir(clinician).get(FHIR + "/Condition/" + assessmentId).then().statusCode(404);
    }

    @Test
    void the_searches_match_and_do_not_match_with_date_comparators_and_paging() {
        String patientId = Api.createPatient(coordinator);
        String first = assess(patientId, List.of("F10.20", "F32.1"));
        String second = assess(patientId, List.of("F11.20"));
        String recorded = fhir(clinician).get(FHIR + "/Condition/" + second + "-1").then().statusCode(200)
                .extract().path("recordedDate");
        String p = "patient=Patient/" + patientId;
        List<String> all = List.of(first + "-1", first + "-2", second + "-1");

        Response bundle = search(p);
        assertThat(ids(bundle)).containsExactlyElementsOf(all);
        assertValid(bundle.asString());
        assertThat(ids(search(p + "&category=http://terminology.hl7.org/CodeSystem/condition-category|encounter-diagnosis")))
                .containsExactlyElementsOf(all);
        assertThat(ids(search(p + "&category=problem-list-item"))).isEmpty();
        assertThat(ids(search(p + "&clinical-status=active"))).hasSize(3);
        assertThat(ids(search(p + "&clinical-status=http://terminology.hl7.org/CodeSystem/condition-clinical|resolved")))
                .isEmpty();
        assertThat(ids(search(p + "&category=encounter-diagnosis&clinical-status=active"))).hasSize(3);
        assertThat(ids(search(p + "&code=http://hl7.org/fhir/sid/icd-10-cm|F11.20"))).containsExactly(second + "-1");
        assertThat(ids(search(p + "&code=F99"))).isEmpty();
        assertThat(ids(search("_id=" + first + "-2"))).containsExactly(first + "-2");
        assertThat(ids(search("_id=" + UUID.randomUUID() + "-1"))).isEmpty();

        assertThat(ids(search(p + "&recorded-date=ge" + recorded))).contains(second + "-1");
        assertThat(ids(search(p + "&recorded-date=le" + recorded))).contains(second + "-1");
        assertThat(ids(search(p + "&recorded-date=gt" + recorded))).doesNotContain(second + "-1");
        assertThat(ids(search(p + "&recorded-date=lt" + recorded))).doesNotContain(second + "-1");
        assertThat(ids(search(p + "&recorded-date=gt2000-01-01"))).hasSize(3);
        assertThat(ids(search(p + "&recorded-date=lt2000-01-01"))).isEmpty();

        Response page = search(p + "&_count=2");
        assertThat(ids(page)).containsExactly(first + "-1", first + "-2");
        page.then().body("total", equalTo(3));
        assertThat(next(page)).contains("_offset=2");
        assertThat(ids(FhirTests.follow(clinician, next(page)))).containsExactly(second + "-1");
    }

    @Test
    void another_clinic_gets_404_and_nothing_no_token_401_and_ehrs_are_refused_as_on_the_rest_api() {
        String patientId = Api.createPatient(coordinator);
        String id = assess(patientId, List.of("F10.20")) + "-1";
        String otherClinician = TestTokens.staff(UUID.randomUUID(), "clinician").bearer();
        fhir(otherClinician).get(FHIR + "/Condition/" + id).then().statusCode(404)
                .body("resourceType", equalTo("OperationOutcome"));
        fhir(otherClinician).get(FHIR + "/Condition?patient=Patient/" + patientId).then().statusCode(200)
                .body("total", equalTo(0));
        fhir(null).get(FHIR + "/Condition/" + id).then().statusCode(401).body("resourceType", equalTo("OperationOutcome"));
        fhir(FhirTests.ehr(clinic, "system/Patient.rs")).get(FHIR + "/Condition/" + id).then().statusCode(403)
                .body("issue[0].diagnostics", containsString("system/Condition.r"));
        // With the scope, still the REST read's roles: GET assessments/{id} does not admit ehr-integration.
        fhir(FhirTests.ehr(clinic, "system/Condition.rs")).get(FHIR + "/Condition/" + id).then().statusCode(403)
                .body("resourceType", equalTo("OperationOutcome"));
        rest(FhirTests.ehr(clinic, "system/Condition.rs")).get(Api.BASE + "/assessments/" + id.substring(0, 36))
                .then().statusCode(403);
    }

    @Test
    void a_fhir_read_is_audited_as_the_rest_assessment_read() {
        String patientId = Api.createPatient(coordinator);
        String assessmentId = assess(patientId, List.of("F10.20"));
        var viaFhir = auditedBy(clinic, patientId, () -> fhir(clinician).get(FHIR + "/Condition/" + assessmentId
                + "-1").then().statusCode(200));
        var viaRest = auditedBy(clinic, patientId, () -> rest(clinician).get(Api.BASE + "/assessments/"
                + assessmentId).then().statusCode(200));
        assertThat(viaFhir).hasSize(1).isEqualTo(viaRest);
        var searched = auditedBy(clinic, patientId, () -> fhir(clinician).get(FHIR + "/Condition?patient="
                + patientId).then().statusCode(200));
        assertThat(searched).isEqualTo(viaRest);
    }
}
