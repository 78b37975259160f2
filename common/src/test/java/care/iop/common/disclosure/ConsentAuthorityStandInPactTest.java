package care.iop.common.disclosure;

import au.com.dius.pact.provider.junit5.HttpTestTarget;
import au.com.dius.pact.provider.junit5.PactVerificationContext;
import au.com.dius.pact.provider.junit5.PactVerificationInvocationContextProvider;
import au.com.dius.pact.provider.junitsupport.Provider;
import au.com.dius.pact.provider.junitsupport.State;
import au.com.dius.pact.provider.junitsupport.loader.PactFolder;
import care.iop.testkit.ConsentAuthorityTestResource;
import care.iop.testkit.ConsentGrants;
import care.iop.testkit.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static care.iop.common.disclosure.ConsentAuthorizationsContract.*;

/**
 * Keeps testkit's {@link ConsentAuthorityTestResource} honest: the committed consent-authorizations pact, which the
 * real intake verifies, replayed against the stand-in the other services' disclosure tests ask. A stand-in that
 * answered differently from intake would let those tests pass against behaviour intake does not have.
 */
@Provider(PROVIDER)
@PactFolder("../contracts/pacts")
class ConsentAuthorityStandInPactTest {

    private static final ConsentAuthorityTestResource STAND_IN = new ConsentAuthorityTestResource();
    private static URI authority;

    private final UUID clinic = UUID.randomUUID();
    private final UUID partner = UUID.randomUUID();

    @BeforeAll
    static void start() {
        authority = URI.create(STAND_IN.start().get("iop.consent-authority.url"));
    }

    @AfterAll
    static void stop() {
        STAND_IN.stop();
    }

    @BeforeEach
    void target(PactVerificationContext context) {
        context.setTarget(new HttpTestTarget(authority.getHost(), authority.getPort()));
    }

    @TestTemplate
    @ExtendWith(PactVerificationInvocationContextProvider.class)
    void the_stand_in_answers_what_the_services_expect_of_intake(PactVerificationContext context) {
        context.verifyInteraction();
    }

    @State(CONSENT_FOR_MEDICATIONS_FOR_TREATMENT)
    Map<String, Object> consentForTreatment() {
        return askingAsPartner(withConsent("treatment", "medications"));
    }

    @State(CONSENT_FOR_MEDICATIONS_FOR_PAYMENT)
    Map<String, Object> consentForPayment() {
        return askingAsPartner(withConsent("payment", "medications"));
    }

    @State(CONSENT_FOR_DEMOGRAPHICS_ONLY)
    Map<String, Object> consentForDemographics() {
        return askingAsPartner(withConsent("treatment", "demographics"));
    }

    @State(CONSENT_REVOKED)
    Map<String, Object> revokedConsent() {
        UUID patient = UUID.randomUUID();
        grants().revoke(grants().grant(patient, partner, clinic, "medications"));
        return askingAsPartner(patient);
    }

    @State(CONSENT_EXPIRED)
    Map<String, Object> expiredConsent() {
        UUID patient = UUID.randomUUID();
        grants().grant(patient, partner, clinic, "treatment", Instant.now().minus(1, ChronoUnit.MINUTES),
                List.of("medications"));
        return askingAsPartner(patient);
    }

    @State(NO_CONSENT)
    Map<String, Object> noConsent() {
        UUID patient = UUID.randomUUID();
        grants().grant(patient, UUID.randomUUID(), clinic, "diagnoses");
        return askingAsPartner(patient);
    }

    @State(UNKNOWN_PATIENT)
    Map<String, Object> unknownPatient() {
        return askingAsPartner(UUID.randomUUID());
    }

    @State(TOKEN_NOT_VALID)
    Map<String, Object> tokenNotValid() {
        return Map.of("patientId", withConsent("treatment", "medications").toString(), "authorization",
                "Bearer not-a-token");
    }

    @State(CALLER_MAY_NOT_ASK)
    Map<String, Object> callerMayNotAsk() {
        return Map.of("patientId", withConsent("treatment", "medications").toString(), "authorization",
                TestTokens.staff(clinic, "clinician").bearer());
    }

    private ConsentGrants grants() {
        return new ConsentGrants(authority);
    }

    private UUID withConsent(String purpose, String category) {
        UUID patient = UUID.randomUUID();
        grants().grant(patient, partner, clinic, purpose, Instant.now().plus(30, ChronoUnit.DAYS), List.of(category));
        return patient;
    }

    private Map<String, Object> askingAsPartner(UUID patient) {
        return Map.of("patientId", patient.toString(), "authorization", TestTokens.partner(partner).bearer());
    }
}
