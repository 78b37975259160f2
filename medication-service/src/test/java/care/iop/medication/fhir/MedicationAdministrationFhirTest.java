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
import static care.iop.medication.MedClinic.order;
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
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;

/**
 * The MAR as R4 MedicationAdministration: read, search by patient with effective-time comparators and status, _id,
 * paging, clinic scoping, 401/403, audit. Doses are given at fixed times in March 2025 (the service takes any past
 * time), so nothing depends on today.
 */
@QuarkusTest
class MedicationAdministrationFhirTest {

    static final String SCOPES = "system/MedicationAdministration.rs";

    private final MedClinic clinic = new MedClinic();
    private UUID patient;
    private String token;
    private String sertraline;
    private String methadone;
    private String march3;
    private String march4Refused;
    private String march5;
    private String march6Mat;
    private String march7;

    @BeforeEach
    void doses() {
        patient = clinic.admittedPatient();
        token = ehr(clinic.clinic, SCOPES);
        var observed = order("sertraline", "oral", 50, "mg");
        observed.put("startDate", "2025-03-01");
        // Atlantic/Reykjavik keeps UTC all year: the 14:00 dose is at 14:00Z.
        observed.put("administration", Map.of("times", List.of("14:00"), "timeZone", "Atlantic/Reykjavik"));
        sertraline = clinic.prescribe(patient, observed);
        var mat = order("methadone", "oral", 60, "mg");
        mat.put("startDate", "2025-03-01");
        mat.put("matProgram", true);
        methadone = clinic.prescribe(patient, mat);
        march3 = give(sertraline, Map.of("outcome", "administered", "administeredAt", "2025-03-03T14:05:00Z"));
        march4Refused = give(sertraline, Map.of("outcome", "refused", "scheduledFor", "2025-03-04T14:00:00Z",
                "administeredAt", "2025-03-04T14:00:00Z", "reasonCode", "patient-declined"));
        march5 = give(sertraline, Map.of("outcome", "administered", "administeredAt", "2025-03-05T14:00:00Z"));
        march6Mat = give(methadone, Map.of("outcome", "administered", "administeredAt", "2025-03-06T15:00:00Z",
                "takeHomeDoses", 2));
        march7 = give(sertraline, Map.of("outcome", "administered", "administeredAt", "2025-03-07T13:50:00Z",
                "dose", 25, "doseUnit", "mg"));
    }

    private String give(String orderId, Map<String, Object> dose) {
        return clinic.nurse.api().body(dose).post(BASE + "/orders/" + orderId + "/administrations").then()
                .statusCode(201).extract().path("id");
    }

    @Test
    void read_gives_a_valid_r4_administration_completed_or_not_done() {
        String given = fhir(token).get(FHIR + "/MedicationAdministration/" + march3).then().statusCode(200)
                .body("status", equalTo("completed"))
                .body("meta.security.code", hasItems(PART2.toArray(new String[0])))
                .body("effectiveDateTime", equalTo("2025-03-03T14:05:00Z"))
                .body("subject.reference", equalTo("Patient/" + patient))
                .body("request.reference", equalTo("MedicationRequest/" + sertraline))
                .body("performer[0].actor.reference", equalTo("Practitioner/" + clinic.nurse.id()))
                .body("medicationCodeableConcept.coding.code", hasItems("36437", "sertraline"))
                .body("dosage.dose.value", equalTo(50))
                .body("dosage.dose.system", equalTo("http://unitsofmeasure.org"))
                .body("dosage.route.coding[0].code", equalTo("26643006"))
                .body("statusReason", nullValue())
                .extract().asString();
        valid(given);

        String refused = fhir(token).get(FHIR + "/MedicationAdministration/" + march4Refused).then().statusCode(200)
                .body("status", equalTo("not-done"))
                .body("effectiveDateTime", equalTo("2025-03-04T14:00:00Z"))
                .body("statusReason[0].coding.code", hasItems("refused", "patient-declined"))
                .body("dosage", nullValue())
                .extract().asString();
        valid(refused);

        String mat = fhir(token).get(FHIR + "/MedicationAdministration/" + march6Mat).then().statusCode(200)
                .body("medicationCodeableConcept.coding.code", hasItem("6813"))
                .body("note.text", hasItem("2 take-home doses dispensed with this dose"))
                .extract().asString();
        valid(mat);
        fhir(token).get(FHIR + "/MedicationAdministration/" + march7).then().statusCode(200)
                .body("dosage.dose.value", equalTo(25));
        fhir(token).get(FHIR + "/MedicationAdministration/" + UUID.randomUUID()).then().statusCode(404)
                .body("resourceType", equalTo("OperationOutcome"));
    }

    @Test
    void search_by_patient_with_effective_time_comparators_and_status() {
        String byPatient = FHIR + "/MedicationAdministration?patient=Patient/" + patient;
        Response all = fhir(token).get(byPatient).then().statusCode(200).body("total", equalTo(5)).extract()
                .response();
        assertThat(ids(all)).containsExactly(march3, march4Refused, march5, march6Mat, march7);
        validEntries(all.asString());

        assertThat(search(byPatient + "&effective-time=lt2025-03-05")).containsExactly(march3, march4Refused);
        assertThat(search(byPatient + "&effective-time=le2025-03-05")).containsExactly(march3, march4Refused,
                march5);
        assertThat(search(byPatient + "&effective-time=gt2025-03-05")).containsExactly(march6Mat, march7);
        assertThat(search(byPatient + "&effective-time=ge2025-03-05")).containsExactly(march5, march6Mat, march7);
        assertThat(search(byPatient + "&effective-time=2025-03-05")).containsExactly(march5);
        assertThat(search(byPatient + "&effective-time=eq2025-03-05")).containsExactly(march5);
        assertThat(search(byPatient + "&effective-time=ne2025-03-05")).containsExactly(march3, march4Refused,
                march6Mat, march7);
        assertThat(search(byPatient + "&effective-time=ge2025-03-04&effective-time=lt2025-03-07"))
                .containsExactly(march4Refused, march5, march6Mat);
        assertThat(search(byPatient + "&effective-time=gt2025-03-05T14:00:00Z")).containsExactly(march6Mat, march7);
        assertThat(search(byPatient + "&effective-time=ge2025-03-05T14:00:00Z")).containsExactly(march5, march6Mat,
                march7);
        assertThat(search(byPatient + "&effective-time=lt2025-03")).isEmpty();
        assertThat(search(byPatient + "&effective-time=2025-03")).hasSize(5);
        fhir(token).get(byPatient + "&effective-time=ap2025-03-05").then().statusCode(400)
                .body("resourceType", equalTo("OperationOutcome"));

        assertThat(search(byPatient + "&status=not-done")).containsExactly(march4Refused);
        assertThat(search(byPatient + "&status=completed")).containsExactly(march3, march5, march6Mat, march7);
        assertThat(search(byPatient + "&status=completed&effective-time=ge2025-03-06")).containsExactly(march6Mat,
                march7);
        assertThat(search(byPatient + "&status=in-progress")).isEmpty();

        assertThat(search(FHIR + "/MedicationAdministration?_id=" + march5)).containsExactly(march5);
        assertThat(search(FHIR + "/MedicationAdministration?_id=" + UUID.randomUUID())).isEmpty();
        assertThat(search(FHIR + "/MedicationAdministration?patient=" + UUID.randomUUID())).isEmpty();
    }

    private List<String> search(String url) {
        return ids(fhir(token).get(url).then().statusCode(200).extract().response());
    }

    @Test
    void count_pages_through_next_links_with_offset() {
        String first = FHIR + "/MedicationAdministration?patient=Patient/" + patient + "&_count=2";
        Response page = fhir(token).get(first).then().statusCode(200).body("entry.size()", equalTo(2)).extract()
                .response();
        assertThat(next(page)).contains("_offset=2");
        assertThat(allPages(token, first)).containsExactly(march3, march4Refused, march5, march6Mat, march7);
    }

    @Test
    void another_clinic_gets_404_and_nothing_no_token_401_wrong_scope_403() {
        fhir(otherClinic(SCOPES)).get(FHIR + "/MedicationAdministration/" + march3).then().statusCode(404)
                .body("resourceType", equalTo("OperationOutcome"));
        fhir(otherClinic(SCOPES)).get(FHIR + "/MedicationAdministration?patient=" + patient).then().statusCode(200)
                .body("total", equalTo(0));
        fhir(otherClinic(SCOPES)).get(FHIR + "/MedicationAdministration?_id=" + march3).then().statusCode(200)
                .body("total", equalTo(0));
        fhir(null).get(FHIR + "/MedicationAdministration?patient=" + patient).then().statusCode(401)
                .body("resourceType", equalTo("OperationOutcome"));
        fhir(ehr(clinic.clinic, "system/MedicationRequest.rs")).get(FHIR + "/MedicationAdministration/" + march3)
                .then().statusCode(403).body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].diagnostics", containsString("system/MedicationAdministration.r"));
    }

    @Test
    void fhir_reads_are_audited_like_the_rest_mar_read() {
        fhir(token).get(FHIR + "/MedicationAdministration/" + march5).then().statusCode(200);
        fhir(token).get(FHIR + "/MedicationAdministration?patient=" + patient).then().statusCode(200);
        clinic.nurse.api().queryParam("from", "2025-03-01").queryParam("to", "2025-03-08")
                .get(BASE + "/patients/" + patient + "/administrations").then().statusCode(200);
        var rows = FhirSupport.audit(clinic, patient);
        assertThat(rows).anySatisfy(r -> {
            assertThat(r.get("action")).isEqualTo("read");
            assertThat(r.get("resourceType")).isEqualTo("Administration");
            assertThat(r.get("resourceId")).isEqualTo(march5);
            assertThat(r.get("actorClientId")).isEqualTo("ehr-northside");
            assertThat(r.get("patientId")).isEqualTo(patient.toString());
        });
        var searches = rows.stream().filter(r -> "read".equals(r.get("action"))
                && "Administration".equals(r.get("resourceType")) && r.get("resourceId") == null).toList();
        assertThat(searches).extracting(r -> r.get("actorClientId")).contains("ehr-northside", "iop-staff-app");
    }
}
