package care.iop.intake;

import care.iop.common.disclosure.Disclosures;
import care.iop.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static care.iop.intake.Api.BASE;
import static care.iop.intake.Api.as;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/** Partners read intake's part of a record only with an active consent naming them and the category. */
@QuarkusTest
class DisclosureTest {

    private final UUID clinic = UUID.randomUUID();
    private final String coordinator = TestTokens.staff(clinic, "intake-coordinator").bearer();
    private final UUID partnerId = UUID.randomUUID();
    private final String partner = TestTokens.partner(partnerId).bearer();

    private String consent(String patientId, Map<String, Object> recipient, List<String> categories) {
        return consent(patientId, recipient, categories, "care-coordination");
    }

    private String consent(String patientId, Map<String, Object> recipient, List<String> categories, String purpose) {
        var body = new java.util.HashMap<String, Object>(recipient);
        body.putAll(Map.of("categories", categories, "purpose", purpose,
                "expiresAt", Instant.now().plus(30, ChronoUnit.DAYS).toString(),
                "signedAt", Instant.now().minusSeconds(60).toString(), "signatureMethod", "electronic"));
        return as(coordinator).body(body).post(BASE + "/patients/" + patientId + "/consents").then().statusCode(201)
                .extract().path("id");
    }

    @Test
    void consented_categories_only_with_the_notice_and_none_after_revocation() {
        String patientId = Api.createPatient(coordinator);
        as(TestTokens.staff(clinic, "clinician").bearer())
                .body(IntakeJourneyTest.assessment(null, IntakeJourneyTest.dimensions(1, 0, 2, 1, 2, 1), "2.1"))
                .post(BASE + "/patients/" + patientId + "/assessments").then().statusCode(201);
        String demographics = BASE + "/disclosures/patients/" + patientId + "/demographics";
        String diagnoses = BASE + "/disclosures/patients/" + patientId + "/diagnoses";

        as(partner).get(demographics).then().statusCode(403).contentType("application/problem+json");
        String consentId = consent(patientId, Map.of("recipientPartnerId", partnerId.toString()), List.of("demographics"));

        as(partner).header("X-Purpose-Of-Use", "COC").get(demographics).then().statusCode(200)
                .body("category", equalTo("demographics")).body("consentId", equalTo(consentId))
                .body("purposeOfUse", equalTo("COC")).body("notice", equalTo(Disclosures.NOTICE))
                .body("data.familyName", equalTo("Testperson")).body("data.birthDate", equalTo("1990-04-02"))
                .body("data.emergencyName", nullValue());
        as(partner).get(diagnoses).then().statusCode(403);
        as(TestTokens.partner(UUID.randomUUID()).bearer()).get(demographics).then().statusCode(403);
        as(partner).get(BASE + "/disclosures/patients/" + UUID.randomUUID() + "/demographics").then().statusCode(403);
        // Staff use the record itself, not the disclosure endpoints.
        as(coordinator).get(demographics).then().statusCode(403);

        String classConsent = consent(patientId, Map.of("recipientClass", "step-down-provider"), List.of("diagnoses"));
        String ofClass = TestTokens.partner(partnerId).claim("partner_class", "step-down-provider").bearer();
        as(ofClass).get(diagnoses).then().statusCode(200).body("consentId", equalTo(classConsent))
                .body("data.icd10", contains("F10.20", "F32.1")).body("data.levelOfCare", equalTo("2.1"));

        as(TestTokens.staff(clinic, "auditor").bearer()).queryParam("patientId", patientId).get(BASE + "/audit-records")
                .then().statusCode(200).body("items.action", hasItem("disclose"))
                .body("items.findAll { it.action == 'disclose' }.purposeOfUse", hasItem("COC"));

        // A consent given for payment releases nothing for treatment or care coordination.
        UUID payerId = UUID.randomUUID();
        String payer = TestTokens.partner(payerId).bearer();
        consent(patientId, Map.of("recipientPartnerId", payerId.toString()), List.of("demographics"), "payment");
        as(payer).header("X-Purpose-Of-Use", "HPAYMT").get(demographics).then().statusCode(200)
                .body("purposeOfUse", equalTo("HPAYMT"));
        as(payer).header("X-Purpose-Of-Use", "COC").get(demographics).then().statusCode(403);
        as(payer).get(demographics).then().statusCode(403);

        as(coordinator).post(BASE + "/consents/" + consentId + "/revocation").then().statusCode(200);
        as(partner).get(demographics).then().statusCode(403);
        as(ofClass).get(demographics).then().statusCode(403).body("detail", not(equalTo(null)));
    }
}
