package care.iop.medication.fhir;

import care.iop.medication.MedClinic;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static care.iop.medication.MedClinic.BASE;
import static care.iop.medication.fhir.FhirSupport.FHIR;
import static care.iop.medication.fhir.FhirSupport.PART2;
import static care.iop.medication.fhir.FhirSupport.allPages;
import static care.iop.medication.fhir.FhirSupport.ehr;
import static care.iop.medication.fhir.FhirSupport.fhir;
import static care.iop.medication.fhir.FhirSupport.ids;
import static care.iop.medication.fhir.FhirSupport.next;
import static care.iop.medication.fhir.FhirSupport.otherClinic;
import static care.iop.medication.fhir.FhirSupport.valid;
import static care.iop.medication.fhir.FhirSupport.validEntries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;

/** US Core AllergyIntolerance: read, patient and patient+clinical-status searches, _id, paging, scoping, audit. */
@QuarkusTest
class AllergyIntoleranceFhirTest {

    static final String SCOPES = "system/AllergyIntolerance.rs";

    private final MedClinic clinic = new MedClinic();
    private UUID patient;
    private String token;
    private String naltrexone;
    private String benzodiazepines;

    @BeforeEach
    void allergies() {
        patient = clinic.admittedPatient();
        token = ehr(clinic.clinic, SCOPES);
        naltrexone = clinic.prescriber.api().body(Map.of("substance", "naltrexone-oral", "reaction", "hives",
                        "severity", "moderate")).post(BASE + "/patients/" + patient + "/allergies").then()
                .statusCode(201).extract().path("id");
        benzodiazepines = clinic.nurse.api().body(Map.of("substance", "benzodiazepine", "severity", "severe"))
                .post(BASE + "/patients/" + patient + "/allergies").then().statusCode(201).extract().path("id");
    }

    @Test
    void read_is_a_valid_us_core_allergy_with_rxnorm_or_the_class_as_text() {
        String medication = fhir(token).get(FHIR + "/AllergyIntolerance/" + naltrexone).then().statusCode(200)
                .header("ETag", equalTo("W/\"0\""))
                .body("meta.versionId", equalTo("0"))
                .body("meta.security.code", hasItems(PART2.toArray(new String[0])))
                .body("clinicalStatus.coding[0].code", equalTo("active"))
                .body("verificationStatus.coding[0].code", equalTo("confirmed"))
                .body("category[0]", equalTo("medication"))
                .body("code.coding.find { it.system == '" + MedicationCodes.RXNORM + "' }.code", equalTo("7243"))
                .body("code.text", equalTo("naltrexone oral tablet"))
                .body("patient.reference", equalTo("Patient/" + patient))
                .body("recorder.reference", equalTo("Practitioner/" + clinic.prescriber.id()))
                .body("reaction[0].manifestation[0].text", equalTo("hives"))
                .body("reaction[0].severity", equalTo("moderate"))
                .extract().asString();
        valid(medication, AllergyIntoleranceMapping.PROFILE);

        String byClass = fhir(token).get(FHIR + "/AllergyIntolerance/" + benzodiazepines).then().statusCode(200)
                .body("code.text", equalTo("benzodiazepine (medication class)"))
                .body("code.coding[0].system", equalTo(MedicationCodes.MEDICATION_CLASS))
                .body("reaction[0].severity", equalTo("severe"))
                .body("reaction[0].manifestation[0].text", nullValue())
                .body("reaction[0].manifestation[0].extension[0].valueCode", equalTo("unknown"))
                .extract().asString();
        valid(byClass, AllergyIntoleranceMapping.PROFILE);
    }

    @Test
    void the_us_core_searches_match_and_do_not_match() {
        String byPatient = FHIR + "/AllergyIntolerance?patient=Patient/" + patient;
        Response all = fhir(token).get(byPatient).then().statusCode(200).body("total", equalTo(2)).extract()
                .response();
        assertThat(ids(all)).containsExactly(naltrexone, benzodiazepines);
        validEntries(all.asString());
        assertThat(search(byPatient + "&clinical-status=active")).containsExactly(naltrexone, benzodiazepines);
        assertThat(search(byPatient + "&clinical-status=" + AllergyIntoleranceMapping.CLINICAL + "|active"))
                .hasSize(2);
        assertThat(search(byPatient + "&clinical-status=resolved,inactive")).isEmpty();
        assertThat(search(byPatient + "&clinical-status=http://example.org/other|active")).isEmpty();
        assertThat(search(FHIR + "/AllergyIntolerance?_id=" + benzodiazepines)).containsExactly(benzodiazepines);
        assertThat(search(FHIR + "/AllergyIntolerance?_id=" + UUID.randomUUID())).isEmpty();
        assertThat(search(FHIR + "/AllergyIntolerance?patient=" + UUID.randomUUID())).isEmpty();
        fhir(token).get(FHIR + "/AllergyIntolerance?patient=Patient/not-a-uuid").then().statusCode(400)
                .body("resourceType", equalTo("OperationOutcome"));
    }

    private List<String> search(String url) {
        return ids(fhir(token).get(url).then().statusCode(200).extract().response());
    }

    @Test
    void count_pages_through_next_links_with_offset() {
        String first = FHIR + "/AllergyIntolerance?patient=" + patient + "&_count=1";
        Response page = fhir(token).get(first).then().statusCode(200).body("entry.size()", equalTo(1)).extract()
                .response();
        assertThat(next(page)).contains("_offset=1");
        assertThat(allPages(token, first)).containsExactly(naltrexone, benzodiazepines);
    }

    @Test
    void another_clinic_gets_404_and_nothing_no_token_401_wrong_scope_403() {
        fhir(otherClinic(SCOPES)).get(FHIR + "/AllergyIntolerance/" + naltrexone).then().statusCode(404)
                .body("resourceType", equalTo("OperationOutcome"));
        fhir(otherClinic(SCOPES)).get(FHIR + "/AllergyIntolerance?patient=" + patient).then().statusCode(200)
                .body("total", equalTo(0));
        fhir(null).get(FHIR + "/AllergyIntolerance/" + naltrexone).then().statusCode(401)
                .body("resourceType", equalTo("OperationOutcome"));
        fhir(ehr(clinic.clinic, "system/Observation.rs")).get(FHIR + "/AllergyIntolerance?patient=" + patient)
                .then().statusCode(403).body("issue[0].diagnostics", containsString("system/AllergyIntolerance.s"));
    }

    @Test
    void fhir_reads_are_audited_like_the_rest_reads() {
        fhir(token).get(FHIR + "/AllergyIntolerance/" + naltrexone).then().statusCode(200);
        fhir(token).get(FHIR + "/AllergyIntolerance?patient=" + patient).then().statusCode(200);
        clinic.nurse.api().get(BASE + "/patients/" + patient + "/allergies").then().statusCode(200);
        var rows = FhirSupport.audit(clinic, patient);
        assertThat(rows).anySatisfy(r -> {
            assertThat(r.get("action")).isEqualTo("read");
            assertThat(r.get("resourceType")).isEqualTo("Allergy");
            assertThat(r.get("resourceId")).isEqualTo(naltrexone);
            assertThat(r.get("actorClientId")).isEqualTo("ehr-northside");
        });
        var lists = rows.stream().filter(r -> "read".equals(r.get("action"))
                && "Allergy".equals(r.get("resourceType")) && r.get("resourceId") == null).toList();
        assertThat(lists).extracting(r -> r.get("actorClientId")).contains("ehr-northside", "iop-staff-app");
    }
}
