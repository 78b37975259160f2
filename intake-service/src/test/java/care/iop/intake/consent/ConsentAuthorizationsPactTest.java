package care.iop.intake.consent;

import au.com.dius.pact.provider.junit5.HttpTestTarget;
import au.com.dius.pact.provider.junit5.PactVerificationContext;
import au.com.dius.pact.provider.junit5.PactVerificationInvocationContextProvider;
import au.com.dius.pact.provider.junitsupport.Provider;
import au.com.dius.pact.provider.junitsupport.State;
import au.com.dius.pact.provider.junitsupport.loader.PactFolder;
import care.iop.events.intake.ConsentCategory;
import care.iop.events.intake.ConsentPurpose;
import care.iop.testkit.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static care.iop.intake.Api.BASE;
import static care.iop.intake.Api.as;
import static care.iop.intake.Api.coordinator;
import static care.iop.intake.Api.createPatient;

/**
 * The provider side of the {@code consent-authorizations} contract: every interaction of the committed pact
 * ({@code contracts/pacts}, written by common's {@code IntakeConsentAuthorityPactTest} for the services that ask
 * intake through {@code IntakeConsentAuthority}) replayed against this intake, with its real database, Kafka and
 * token checks. Each provider state sets its case up through intake's own API and hands the verifier the patient to
 * ask about and the bearer token to ask with.
 */
@QuarkusTest
@Provider("intake")
@PactFolder("../contracts/pacts")
class ConsentAuthorizationsPactTest {

    private final UUID clinic = UUID.randomUUID();
    private final UUID partner = UUID.randomUUID();
    private final String coordinator = coordinator(clinic);

    @BeforeEach
    void target(PactVerificationContext context) {
        context.setTarget(new HttpTestTarget("localhost", RestAssured.port));
    }

    @TestTemplate
    @ExtendWith(PactVerificationInvocationContextProvider.class)
    void intake_answers_what_the_services_expect(PactVerificationContext context) {
        context.verifyInteraction();
    }

    @State("the patient has a consent naming the partner for medications, given for treatment")
    Map<String, Object> consentForTreatment() {
        String patient = createPatient(coordinator);
        consent(patient, ConsentPurpose.TREATMENT, ConsentCategory.MEDICATIONS);
        return askingAsPartner(patient);
    }

    @State("the patient has a consent naming the partner for medications, given for payment")
    Map<String, Object> consentForPayment() {
        String patient = createPatient(coordinator);
        consent(patient, ConsentPurpose.PAYMENT, ConsentCategory.MEDICATIONS);
        return askingAsPartner(patient);
    }

    @State("the patient has a consent naming the partner for demographics only, given for treatment")
    Map<String, Object> consentForDemographics() {
        String patient = createPatient(coordinator);
        consent(patient, ConsentPurpose.TREATMENT, ConsentCategory.DEMOGRAPHICS);
        return askingAsPartner(patient);
    }

    @State("the patient's consent naming the partner for medications is revoked")
    Map<String, Object> revokedConsent() {
        String patient = createPatient(coordinator);
        String consent = consent(patient, ConsentPurpose.TREATMENT, ConsentCategory.MEDICATIONS);
        as(coordinator).post(BASE + "/consents/" + consent + "/revocation").then().statusCode(200);
        return askingAsPartner(patient);
    }

    /** Recorded while in force (intake refuses a consent that is already expired), then its expiry passes. */
    @State("the patient's consent naming the partner for medications has expired")
    Map<String, Object> expiredConsent() {
        String patient = createPatient(coordinator);
        UUID consent = UUID.fromString(consent(patient, ConsentPurpose.TREATMENT, ConsentCategory.MEDICATIONS));
        QuarkusTransaction.requiringNew().run(() -> Consent.update("expiresAt = ?1 where id = ?2",
                Instant.now().minus(1, ChronoUnit.MINUTES), consent));
        return askingAsPartner(patient);
    }

    @State("the patient has no consent naming the partner")
    Map<String, Object> noConsent() {
        String patient = createPatient(coordinator);
        UUID otherPartner = UUID.randomUUID();
        as(coordinator).body(consentBody(otherPartner, ConsentPurpose.CARE_COORDINATION, ConsentCategory.DIAGNOSES))
                .post(BASE + "/patients/" + patient + "/consents").then().statusCode(201);
        return askingAsPartner(patient);
    }

    @State("the patient is unknown")
    Map<String, Object> unknownPatient() {
        return askingAsPartner(UUID.randomUUID().toString());
    }

    @State("the caller's token is not valid")
    Map<String, Object> tokenNotValid() {
        String patient = createPatient(coordinator);
        consent(patient, ConsentPurpose.TREATMENT, ConsentCategory.MEDICATIONS);
        return Map.of("patientId", patient, "authorization", TestTokens.partner(partner).signedByForeignKey().bearer());
    }

    @State("the caller is staff whose role may not ask")
    Map<String, Object> callerMayNotAsk() {
        String patient = createPatient(coordinator);
        consent(patient, ConsentPurpose.TREATMENT, ConsentCategory.MEDICATIONS);
        return Map.of("patientId", patient, "authorization", TestTokens.staff(clinic, "clinician").bearer());
    }

    private Map<String, Object> askingAsPartner(String patient) {
        return Map.of("patientId", patient, "authorization", TestTokens.partner(partner).bearer());
    }

    private String consent(String patient, ConsentPurpose purpose, ConsentCategory category) {
        return as(coordinator).body(consentBody(partner, purpose, category))
                .post(BASE + "/patients/" + patient + "/consents").then().statusCode(201).extract().path("id");
    }

    /** Enum constants, not strings: RestAssured's Jackson writes their wire values. */
    private static Map<String, Object> consentBody(UUID recipient, ConsentPurpose purpose, ConsentCategory category) {
        return Map.of("recipientPartnerId", recipient.toString(), "categories", List.of(category), "purpose", purpose,
                "expiresAt", Instant.now().plus(30, ChronoUnit.DAYS).toString(),
                "signedAt", Instant.now().minusSeconds(60).toString(),
                "signatureMethod", ConsentApi.SignatureMethod.ELECTRONIC);
    }
}
