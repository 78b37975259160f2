package care.iop.intake.fhir;

import care.iop.intake.Api;
import care.iop.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
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

/** 42 CFR Part 2 consents as R4 Consent: read and search by patient, audited as sensitive reads. */
@QuarkusTest
class ConsentFhirTest {

    private final UUID clinic = UUID.randomUUID();
    private final String coordinator = Api.coordinator(clinic);
    private final String ehr = FhirTests.ehr(clinic, "system/Consent.rs");

    private String consent(String patientId, UUID partnerId, String recipientClass) {
        Map<String, Object> body = new HashMap<>();
        if (partnerId != null) {
            body.put("recipientPartnerId", partnerId.toString());
        } else {
            body.put("recipientClass", recipientClass);
        }
        body.put("categories", List.of("demographics", "diagnoses"));
        body.put("purpose", "care-coordination");
        body.put("expiresAt", Instant.now().plus(90, ChronoUnit.DAYS).toString());
        body.put("signedAt", Instant.now().minusSeconds(60).toString());
        body.put("signatureMethod", "electronic");
        return rest(coordinator).body(body).post(Api.BASE + "/patients/" + patientId + "/consents").then()
                .statusCode(201).extract().path("id");
    }

    @Test
    void a_consent_reads_as_a_valid_labelled_part_2_consent_and_revocation_makes_it_inactive() {
        String patientId = Api.createPatient(coordinator);
        UUID partner = UUID.randomUUID();
        String id = consent(patientId, partner, null);
        Response read = fhir(ehr).get(FHIR + "/Consent/" + id);
        read.then().statusCode(200).header("ETag", equalTo("W/\"0\""))
                .body("status", equalTo("active"))
                .body("scope.coding[0].code", equalTo("patient-privacy"))
                .body("category.coding.flatten().code", hasItem("59284-0"))
                .body("policyRule.coding[0].code", equalTo("42CFRPart2"))
                .body("patient.reference", equalTo("Patient/" + patientId))
                .body("provision.type", equalTo("permit"))
                .body("provision.actor[0].role.coding[0].code", equalTo("IRCP"))
                .body("provision.actor[0].reference.identifier.value", equalTo(partner.toString()))
                .body("provision.purpose[0].code", equalTo("COC"))
                .body("provision.code.coding.flatten().code", hasItem("diagnoses"))
                .body("provision.period.end", org.hamcrest.Matchers.notNullValue());
        assertValid(read.asString());
        assertLabelled(read.jsonPath(), "");
        rest(coordinator).post(Api.BASE + "/consents/" + id + "/revocation").then().statusCode(200);
        fhir(ehr).get(FHIR + "/Consent/" + id).then().statusCode(200).body("status", equalTo("inactive"))
                .header("ETag", equalTo("W/\"1\""));
    }

    @Test
    void search_by_patient_matches_filters_by_status_and_pages() {
        String patientId = Api.createPatient(coordinator);
        String first = consent(patientId, UUID.randomUUID(), null);
        String second = consent(patientId, null, "payer");
        rest(coordinator).post(Api.BASE + "/consents/" + first + "/revocation").then().statusCode(200);
        Response bundle = fhir(ehr).get(FHIR + "/Consent?patient=Patient/" + patientId);
        bundle.then().statusCode(200).body("total", equalTo(2))
                .body("entry.resource.find { it.id == '" + second + "' }.provision.actor[0].reference.display",
                        containsString("payer"));
        assertThat(ids(bundle)).containsExactlyInAnyOrder(first, second);
        assertValid(bundle.asString());
        assertThat(ids(fhir(ehr).get(FHIR + "/Consent?patient=Patient/" + patientId + "&status=active")))
                .containsExactly(second);
        assertThat(ids(fhir(ehr).get(FHIR + "/Consent?patient=" + Api.createPatient(coordinator)))).isEmpty();
        assertThat(ids(fhir(ehr).get(FHIR + "/Consent?_id=" + first))).containsExactly(first);
        Response page = fhir(ehr).get(FHIR + "/Consent?patient=Patient/" + patientId + "&_count=1");
        assertThat(next(page)).contains("_offset=1");
        assertThat(ids(FhirTests.follow(ehr, next(page)))).hasSize(1).doesNotContainAnyElementsOf(ids(page));
    }

    @Test
    void another_clinic_gets_404_and_nothing_no_token_401_and_a_missing_scope_403() {
        String patientId = Api.createPatient(coordinator);
        String id = consent(patientId, UUID.randomUUID(), null);
        String riverside = FhirTests.otherClinic("system/Consent.rs");
        fhir(riverside).get(FHIR + "/Consent/" + id).then().statusCode(404)
                .body("resourceType", equalTo("OperationOutcome"));
        fhir(riverside).get(FHIR + "/Consent?patient=Patient/" + patientId).then().statusCode(200)
                .body("total", equalTo(0));
        fhir(null).get(FHIR + "/Consent/" + id).then().statusCode(401).body("resourceType", equalTo("OperationOutcome"));
        fhir(FhirTests.ehr(clinic, "system/Coverage.rs")).get(FHIR + "/Consent/" + id).then().statusCode(403)
                .body("issue[0].diagnostics", containsString("system/Consent.r"));
        fhir(TestTokens.partner(UUID.randomUUID()).bearer()).get(FHIR + "/Consent?patient=" + patientId).then()
                .statusCode(403);
        fhir(TestTokens.staff(clinic, "nurse").bearer()).get(FHIR + "/Consent/" + id).then().statusCode(403);
    }

    @Test
    void reads_are_audited_as_sensitive_like_the_rest_list() {
        String patientId = Api.createPatient(coordinator);
        String id = consent(patientId, UUID.randomUUID(), null);
        var viaFhir = auditedBy(clinic, patientId, () -> fhir(ehr).get(FHIR + "/Consent?patient=Patient/"
                + patientId).then().statusCode(200));
        var viaRest = auditedBy(clinic, patientId, () -> rest(ehr).get(Api.BASE + "/patients/" + patientId
                + "/consents").then().statusCode(200));
        assertThat(viaFhir).hasSize(1).isEqualTo(viaRest);
        assertThat(viaFhir.get(0)).containsEntry("sensitive", true);
        var read = auditedBy(clinic, patientId, () -> fhir(ehr).get(FHIR + "/Consent/" + id).then().statusCode(200));
        assertThat(read).hasSize(1);
        assertThat(read.get(0)).containsEntry("action", "read").containsEntry("resourceType", "Consent")
                .containsEntry("resourceId", id).containsEntry("sensitive", true);
    }
}
