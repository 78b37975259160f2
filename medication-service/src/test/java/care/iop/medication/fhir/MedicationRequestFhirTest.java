package care.iop.medication.fhir;

import care.iop.medication.MedClinic;
import care.iop.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.hl7.fhir.r4.model.MedicationRequest;
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
import static org.hamcrest.Matchers.hasItems;

/**
 * US Core MedicationRequest: read, the SHALL searches (patient+intent, patient+intent+status) with patient,
 * authoredon and _id, paging, _include, clinic scoping, 401/403, audit. Order dates are fixed in 2025 (the service
 * takes any start date), so nothing depends on today.
 */
@QuarkusTest
class MedicationRequestFhirTest {

    static final String SCOPES = "system/MedicationRequest.rs";

    private final MedClinic clinic = new MedClinic();
    private UUID patient;
    private String token;
    private String sertraline;
    private String bupropion;
    private String mirtazapine;

    @BeforeEach
    void orders() {
        patient = clinic.admittedPatient();
        token = ehr(clinic.clinic, SCOPES);
        var observed = order("sertraline", "oral", 50, "mg");
        observed.put("startDate", "2025-03-01");
        observed.put("administration", Map.of("times", List.of("09:00"), "timeZone", "America/New_York"));
        sertraline = clinic.prescribe(patient, observed);
        var finished = order("bupropion", "oral", 150, "mg");
        finished.put("frequency", "bid");
        finished.put("startDate", "2025-01-01");
        finished.put("endDate", "2025-01-31");
        bupropion = clinic.prescribe(patient, finished);
        var stopped = order("mirtazapine", "oral", 15, "mg");
        stopped.put("frequency", "qhs");
        stopped.put("startDate", "2025-02-01");
        mirtazapine = clinic.prescribe(patient, stopped);
        clinic.prescriber.api().body(Map.of("reasonCode", "side-effects", "effectiveDate", "2025-02-15"))
                .post(BASE + "/orders/" + mirtazapine + "/discontinue").then().statusCode(200);
    }

    @Test
    void metadata_names_the_four_types_with_their_us_core_profiles() {
        Response metadata = fhir(null).get(FHIR + "/metadata").then().statusCode(200)
                .body("resourceType", equalTo("CapabilityStatement"))
                .body("rest[0].resource.type", hasItems("MedicationRequest", "MedicationAdministration",
                        "AllergyIntolerance", "Observation"))
                .extract().response();
        assertThat(metadata.jsonPath().getList("rest[0].resource.supportedProfile.flatten()", String.class))
                .contains(MedicationRequestMapping.PROFILE, AllergyIntoleranceMapping.PROFILE,
                        DrugScreenObservationMapping.PROFILE);
    }

    @Test
    void read_is_a_valid_us_core_medication_request_with_rxnorm_dosage_part2_labels_and_version() {
        String json = fhir(token).get(FHIR + "/MedicationRequest/" + sertraline).then().statusCode(200)
                .header("ETag", equalTo("W/\"0\""))
                .body("meta.versionId", equalTo("0"))
                .body("meta.security.code", hasItems(PART2.toArray(new String[0])))
                .body("status", equalTo("active")).body("intent", equalTo("order"))
                .body("reportedBoolean", equalTo(false))
                .body("subject.reference", equalTo("Patient/" + patient))
                .body("requester.reference", equalTo("Practitioner/" + clinic.prescriber.id()))
                .body("category[0].coding[0].code", equalTo("outpatient"))
                .body("medicationCodeableConcept.coding.find { it.system == '" + MedicationCodes.RXNORM
                        + "' }.code", equalTo("36437"))
                .body("medicationCodeableConcept.text", equalTo("sertraline"))
                .body("reasonCode[0].coding[0].code", equalTo("F11.20"))
                .body("dosageInstruction[0].text", equalTo("50 mg oral daily at 09:00 (America/New_York)"))
                .body("dosageInstruction[0].route.coding[0].code", equalTo("26643006"))
                .body("dosageInstruction[0].doseAndRate[0].doseQuantity.code", equalTo("mg"))
                .body("dosageInstruction[0].timing.repeat.timeOfDay[0]", equalTo("09:00:00"))
                .body("dosageInstruction[0].timing.repeat.boundsPeriod.start", equalTo("2025-03-01"))
                .body("dosageInstruction[0].timing.code.coding[0].code", equalTo("QD"))
                .extract().asString();
        MedicationRequest parsed = (MedicationRequest) valid(json, MedicationRequestMapping.PROFILE);
        assertThat(parsed.hasAuthoredOn()).isTrue();

        String stopped = fhir(token).get(FHIR + "/MedicationRequest/" + mirtazapine).then().statusCode(200)
                .header("ETag", equalTo("W/\"1\""))
                .body("status", equalTo("stopped")).body("statusReason.text", equalTo("side-effects"))
                .body("category[0].coding[0].code", equalTo("community"))
                .body("dosageInstruction[0].timing.repeat.when[0]", equalTo("HS"))
                .extract().asString();
        valid(stopped, MedicationRequestMapping.PROFILE);
        String completed = fhir(token).get(FHIR + "/MedicationRequest/" + bupropion).then().statusCode(200)
                .body("status", equalTo("completed"))
                .body("dosageInstruction[0].timing.repeat.frequency", equalTo(2))
                .body("dosageInstruction[0].timing.repeat.boundsPeriod.end", equalTo("2025-01-31"))
                .extract().asString();
        valid(completed, MedicationRequestMapping.PROFILE);
    }

    @Test
    void the_us_core_searches_match_and_do_not_match() {
        String byPatient = FHIR + "/MedicationRequest?patient=Patient/" + patient;
        Response all = fhir(token).get(byPatient).then().statusCode(200).body("resourceType", equalTo("Bundle"))
                .body("total", equalTo(3)).extract().response();
        assertThat(ids(all)).containsExactlyInAnyOrder(sertraline, bupropion, mirtazapine);
        validEntries(all.asString());

        assertThat(ids(fhir(token).get(byPatient + "&intent=order").then().statusCode(200).extract().response()))
                .hasSize(3);
        fhir(token).get(byPatient + "&intent=proposal").then().statusCode(200).body("total", equalTo(0));
        assertThat(ids(fhir(token).get(byPatient + "&intent=order&status=active").then().statusCode(200)
                .extract().response())).containsExactly(sertraline);
        assertThat(ids(fhir(token).get(byPatient + "&intent=order&status=completed").then().statusCode(200)
                .extract().response())).containsExactly(bupropion);
        assertThat(ids(fhir(token).get(byPatient + "&intent=order&status=stopped").then().statusCode(200)
                .extract().response())).containsExactly(mirtazapine);
        assertThat(ids(fhir(token).get(byPatient + "&intent=order&status=active,stopped").then().statusCode(200)
                .extract().response())).containsExactlyInAnyOrder(sertraline, mirtazapine);
        fhir(token).get(byPatient + "&intent=order&status=on-hold").then().statusCode(200).body("total", equalTo(0));
        fhir(token).get(FHIR + "/MedicationRequest?patient=" + patient + "&intent=order&status=active")
                .then().statusCode(200).body("total", equalTo(1));

        // authoredon is when the order was written: some time after these fixed dates.
        fhir(token).get(byPatient + "&intent=order&authoredon=ge2025-01-01").then().statusCode(200)
                .body("total", equalTo(3));
        fhir(token).get(byPatient + "&intent=order&authoredon=lt2025-01-01").then().statusCode(200)
                .body("total", equalTo(0));

        fhir(token).get(FHIR + "/MedicationRequest?_id=" + sertraline).then().statusCode(200)
                .body("total", equalTo(1)).body("entry[0].resource.id", equalTo(sertraline));
        fhir(token).get(FHIR + "/MedicationRequest?_id=" + UUID.randomUUID()).then().statusCode(200)
                .body("total", equalTo(0));
        fhir(token).get(FHIR + "/MedicationRequest?_id=not-ours").then().statusCode(200).body("total", equalTo(0));
        fhir(token).get(FHIR + "/MedicationRequest?patient=Patient/" + UUID.randomUUID()).then().statusCode(200)
                .body("total", equalTo(0));

        // The medication is a CodeableConcept: _include is accepted and includes nothing.
        Response included = fhir(token).get(byPatient + "&intent=order&_include=MedicationRequest:medication")
                .then().statusCode(200).extract().response();
        assertThat(included.jsonPath().getList("entry.resource.resourceType")).containsOnly("MedicationRequest")
                .hasSize(3);
    }

    @Test
    void count_pages_through_next_links_with_offset() {
        String first = FHIR + "/MedicationRequest?patient=Patient/" + patient + "&intent=order&_count=1";
        Response page = fhir(token).get(first).then().statusCode(200).body("total", equalTo(3))
                .body("entry.size()", equalTo(1)).extract().response();
        assertThat(next(page)).contains("_offset=1");
        assertThat(allPages(token, first)).containsExactlyInAnyOrder(sertraline, bupropion, mirtazapine);
    }

    @Test
    void another_clinic_gets_404_and_nothing_no_token_401_wrong_scope_403() {
        fhir(otherClinic(SCOPES)).get(FHIR + "/MedicationRequest/" + sertraline).then().statusCode(404)
                .body("resourceType", equalTo("OperationOutcome"));
        fhir(otherClinic(SCOPES)).get(FHIR + "/MedicationRequest?patient=Patient/" + patient + "&intent=order")
                .then().statusCode(200).body("total", equalTo(0));
        fhir(otherClinic(SCOPES)).get(FHIR + "/MedicationRequest?_id=" + sertraline).then().statusCode(200)
                .body("total", equalTo(0));
        fhir(null).get(FHIR + "/MedicationRequest/" + sertraline).then().statusCode(401)
                .body("resourceType", equalTo("OperationOutcome")).body("issue[0].code", equalTo("login"));
        fhir(ehr(clinic.clinic, "system/Patient.rs")).get(FHIR + "/MedicationRequest/" + sertraline).then()
                .statusCode(403).body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].diagnostics", containsString("system/MedicationRequest.r"));
        fhir(ehr(clinic.clinic, "system/MedicationRequest.r")).get(FHIR + "/MedicationRequest?patient=" + patient)
                .then().statusCode(403).body("issue[0].diagnostics", containsString("system/MedicationRequest.s"));
        // Staff are held to their roles: a scheduler has no access to orders over REST, nor over FHIR.
        fhir(TestTokens.staff(clinic.clinic, "scheduler").bearer()).get(FHIR + "/MedicationRequest/" + sertraline)
                .then().statusCode(403).body("resourceType", equalTo("OperationOutcome"));
        fhir(clinic.nurse.bearer()).get(FHIR + "/MedicationRequest/" + sertraline).then().statusCode(200);
    }

    @Test
    void a_fhir_read_is_audited_like_the_rest_read() {
        fhir(token).get(FHIR + "/MedicationRequest/" + bupropion).then().statusCode(200);
        clinic.nurse.api().get(BASE + "/orders/" + bupropion).then().statusCode(200);
        fhir(token).get(FHIR + "/MedicationRequest?patient=" + patient + "&intent=order").then().statusCode(200);
        var rows = FhirSupport.audit(clinic, patient);
        var reads = rows.stream().filter(r -> "read".equals(r.get("action"))
                && "MedicationOrder".equals(r.get("resourceType")) && bupropion.equals(r.get("resourceId"))).toList();
        assertThat(reads).extracting(r -> r.get("actorClientId")).contains("ehr-northside", "iop-staff-app");
        assertThat(reads).allSatisfy(r -> {
            assertThat(r.get("patientId")).isEqualTo(patient.toString());
            assertThat(r.get("outcome")).isEqualTo("success");
        });
        assertThat(rows).anySatisfy(r -> {
            assertThat(r.get("action")).isEqualTo("read");
            assertThat(r.get("resourceType")).isEqualTo("MedicationOrder");
            assertThat(r.get("resourceId")).isNull();
            assertThat(r.get("actorClientId")).isEqualTo("ehr-northside");
        });
    }
}
