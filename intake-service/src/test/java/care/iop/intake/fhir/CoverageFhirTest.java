package care.iop.intake.fhir;

import care.iop.events.Topics;
import care.iop.intake.Api;
import care.iop.testkit.EventCapture;
import care.iop.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
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

/** Insurance coverage as US Core Coverage: read and search by patient. */
@QuarkusTest
class CoverageFhirTest {

    private final UUID clinic = UUID.randomUUID();
    private final String coordinator = Api.coordinator(clinic);
    private final String ehr = FhirTests.ehr(clinic, "system/Coverage.rs");

    private String cover(String patientId, String memberId, boolean authorized) {
        Map<String, Object> body = new HashMap<>();
        body.put("payer", "Acme Health");
        body.put("plan", "Gold PPO");
        body.put("memberId", memberId);
        if (authorized) {
            body.put("authorizationNumber", "AUTH-1");
            body.put("authorizedUnits", 24);
            body.put("authorizedFrom", "2026-01-05");
            body.put("authorizedTo", "2026-03-31");
        }
        return rest(coordinator).body(body).post(Api.BASE + "/patients/" + patientId + "/coverages").then()
                .statusCode(201).extract().path("id");
    }

    @Test
    void a_coverage_reads_valid_and_labelled_with_the_member_id_which_the_event_still_does_not_carry() {
        String patientId = Api.createPatient(coordinator);
        String memberId = "MBR" + UUID.randomUUID().toString().substring(0, 8);
        String id;
        try (EventCapture events = EventCapture.from(Topics.INTAKE)) {
            id = cover(patientId, memberId, true);
            var authorized = events.await("care.iop.intake.coverage.authorized.v1", patientId);
            assertThat(authorized.data().toString()).doesNotContain(memberId);
            var authorizedV2 = events.await("care.iop.intake.coverage.authorized.v2", patientId);
            assertThat(authorizedV2.data().toString()).doesNotContain(memberId);
        }
        Response read = fhir(ehr).get(FHIR + "/Coverage/" + id);
        read.then().statusCode(200).header("ETag", equalTo("W/\"0\""))
                .body("meta.profile", hasItem(CoverageMapping.PROFILE))
                .body("identifier[0].type.coding[0].code", equalTo("MB"))
                .body("identifier[0].value", equalTo(memberId))
                .body("beneficiary.reference", equalTo("Patient/" + patientId))
                .body("payor[0].display", equalTo("Acme Health"))
                .body("class[0].value", equalTo("Gold PPO"))
                .body("status", equalTo("active"));
        assertValid(read.asString());
        assertLabelled(read.jsonPath(), "");
    }

    @Test
    void search_by_patient_matches_pages_and_does_not_match_another_patient() {
        String patientId = Api.createPatient(coordinator);
        String first = cover(patientId, "M-1", false);
        String second = cover(patientId, "M-2", true);
        String otherPatient = Api.createPatient(coordinator);
        Response bundle = fhir(ehr).get(FHIR + "/Coverage?patient=Patient/" + patientId);
        bundle.then().statusCode(200).body("total", equalTo(2));
        assertThat(ids(bundle)).containsExactlyInAnyOrder(first, second);
        assertValid(bundle.asString());
        assertThat(ids(fhir(ehr).get(FHIR + "/Coverage?patient=" + otherPatient))).isEmpty();
        assertThat(ids(fhir(ehr).get(FHIR + "/Coverage?_id=" + second))).containsExactly(second);
        Response page = fhir(ehr).get(FHIR + "/Coverage?patient=Patient/" + patientId + "&_count=1");
        assertThat(ids(page)).hasSize(1);
        assertThat(next(page)).contains("_offset=1");
        Response rest = FhirTests.follow(ehr, next(page));
        assertThat(ids(rest)).hasSize(1).doesNotContainAnyElementsOf(ids(page));
        fhir(ehr).get(FHIR + "/Coverage?patient=Practitioner/1").then().statusCode(400)
                .body("resourceType", equalTo("OperationOutcome"));
    }

    @Test
    void another_clinic_gets_404_and_nothing_no_token_401_and_a_missing_scope_403() {
        String patientId = Api.createPatient(coordinator);
        String id = cover(patientId, "M-9", false);
        String riverside = FhirTests.otherClinic("system/Coverage.rs");
        fhir(riverside).get(FHIR + "/Coverage/" + id).then().statusCode(404)
                .body("resourceType", equalTo("OperationOutcome"));
        fhir(riverside).get(FHIR + "/Coverage?patient=Patient/" + patientId).then().statusCode(200)
                .body("total", equalTo(0));
        fhir(null).get(FHIR + "/Coverage/" + id).then().statusCode(401).body("resourceType", equalTo("OperationOutcome"));
        fhir(FhirTests.ehr(clinic, "system/Patient.rs")).get(FHIR + "/Coverage/" + id).then().statusCode(403)
                .body("issue[0].diagnostics", containsString("system/Coverage.r"));
        fhir(TestTokens.staff(clinic, "clinician").bearer()).get(FHIR + "/Coverage/" + id).then().statusCode(403);
        fhir(TestTokens.staff(clinic, "scheduler").bearer()).get(FHIR + "/Coverage/" + id).then().statusCode(200);
    }

    @Test
    void the_search_is_audited_as_the_rest_list_and_a_read_names_the_coverage() {
        String patientId = Api.createPatient(coordinator);
        String id = cover(patientId, "M-5", false);
        var viaFhir = auditedBy(clinic, patientId, () -> fhir(ehr).get(FHIR + "/Coverage?patient=Patient/"
                + patientId).then().statusCode(200));
        var viaRest = auditedBy(clinic, patientId, () -> rest(ehr).get(Api.BASE + "/patients/" + patientId
                + "/coverages").then().statusCode(200));
        assertThat(viaFhir).hasSize(1).isEqualTo(viaRest);
        var read = auditedBy(clinic, patientId, () -> fhir(ehr).get(FHIR + "/Coverage/" + id).then().statusCode(200));
        assertThat(read).hasSize(1);
        assertThat(read.get(0)).containsEntry("action", "read").containsEntry("resourceType", "Coverage")
                .containsEntry("resourceId", id).containsEntry("patientId", patientId);
    }
}
