package care.iop.common.disclosure;

import au.com.dius.pact.consumer.MockServer;
import au.com.dius.pact.consumer.dsl.PactDslJsonBody;
import au.com.dius.pact.consumer.dsl.PactDslRequestWithPath;
import au.com.dius.pact.consumer.dsl.PactDslWithProvider;
import au.com.dius.pact.consumer.junit5.PactConsumerTestExt;
import au.com.dius.pact.consumer.junit5.PactTestFor;
import au.com.dius.pact.core.model.PactSpecVersion;
import au.com.dius.pact.core.model.RequestResponsePact;
import au.com.dius.pact.core.model.annotations.Pact;
import au.com.dius.pact.core.model.annotations.PactDirectory;
import care.iop.common.problem.ProblemException;
import care.iop.events.intake.ConsentCategory;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.util.Optional;
import java.util.UUID;

import static care.iop.common.disclosure.ConsentAuthorizationsContract.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The consumer side of the {@code consent-authorizations} contract: what {@link IntakeConsentAuthority} sends to
 * intake and the answers it relies on, each run against Pact's mock server. The pact written to
 * {@code target/pacts} must equal the committed {@code contracts/pacts} file ({@link CommittedPact}), which intake's
 * {@code ConsentAuthorizationsPactTest} verifies against the real intake and {@link ConsentAuthorityStandInPactTest}
 * against testkit's stand-in.
 */
@ExtendWith({CommittedPact.class, PactConsumerTestExt.class})
@PactTestFor(providerName = PROVIDER, pactVersion = PactSpecVersion.V3)
@PactDirectory("target/pacts")
class IntakeConsentAuthorityPactTest {

    private static final UUID PATIENT = UUID.fromString("5a0e1c2d-3b4f-4a6b-8c7d-9e0f1a2b3c4d");
    private static final UUID CONSENT = UUID.fromString("c0115e47-0000-4000-8000-000000000001");
    private static final UUID CLINIC = UUID.fromString("c1171c00-0000-4000-8000-000000000002");
    /** What the consumer forwards: the calling partner's own bearer token (the provider state supplies a real one). */
    private static final String PARTNER_TOKEN = "Bearer partner-token";

    private static PactDslRequestWithPath ask(PactDslWithProvider builder, String state, String description,
                                              ConsentCategory category, String purposeOfUse) {
        return builder.given(state).uponReceiving(description)
                .method("GET").path(PATH)
                .queryParameterFromProviderState("patientId", "${patientId}", PATIENT.toString())
                .matchQuery("category", category.value(), category.value())
                .matchQuery("purposeOfUse", purposeOfUse, purposeOfUse)
                .headerFromProviderState("Authorization", "${authorization}", PARTNER_TOKEN)
                .matchHeader("Accept", "application/json", "application/json");
    }

    private static RequestResponsePact notPermitted(PactDslWithProvider builder, String state, String description,
                                                    ConsentCategory category, String purposeOfUse) {
        return ask(builder, state, description, category, purposeOfUse)
                .willRespondWith().status(200).body(new PactDslJsonBody().booleanValue("permitted", false))
                .toPact();
    }

    @Pact(consumer = CONSUMER)
    RequestResponsePact granted(PactDslWithProvider builder) {
        return ask(builder, CONSENT_FOR_MEDICATIONS_FOR_TREATMENT, "a check for medications for treatment, consented",
                ConsentCategory.MEDICATIONS, "TREAT")
                .willRespondWith().status(200).body(new PactDslJsonBody().booleanValue("permitted", true)
                        .uuid("consentId", CONSENT).uuid("clinicId", CLINIC))
                .toPact();
    }

    @Pact(consumer = CONSUMER)
    RequestResponsePact otherPurpose(PactDslWithProvider builder) {
        return notPermitted(builder, CONSENT_FOR_MEDICATIONS_FOR_PAYMENT,
                "a check for medications for treatment, consented for payment only", ConsentCategory.MEDICATIONS, "TREAT");
    }

    @Pact(consumer = CONSUMER)
    RequestResponsePact otherCategory(PactDslWithProvider builder) {
        return notPermitted(builder, CONSENT_FOR_DEMOGRAPHICS_ONLY,
                "a check for medications, consented for demographics only", ConsentCategory.MEDICATIONS, "TREAT");
    }

    @Pact(consumer = CONSUMER)
    RequestResponsePact revoked(PactDslWithProvider builder) {
        return notPermitted(builder, CONSENT_REVOKED, "a check for medications, consent revoked",
                ConsentCategory.MEDICATIONS, "TREAT");
    }

    @Pact(consumer = CONSUMER)
    RequestResponsePact expired(PactDslWithProvider builder) {
        return notPermitted(builder, CONSENT_EXPIRED, "a check for medications, consent expired",
                ConsentCategory.MEDICATIONS, "TREAT");
    }

    @Pact(consumer = CONSUMER)
    RequestResponsePact noConsent(PactDslWithProvider builder) {
        return notPermitted(builder, NO_CONSENT, "a check for diagnoses for care coordination, no consent",
                ConsentCategory.DIAGNOSES, "COC");
    }

    @Pact(consumer = CONSUMER)
    RequestResponsePact unknownPatient(PactDslWithProvider builder) {
        return notPermitted(builder, UNKNOWN_PATIENT, "a check for an unknown patient",
                ConsentCategory.MEDICATIONS, "TREAT");
    }

    @Pact(consumer = CONSUMER)
    RequestResponsePact tokenRefused(PactDslWithProvider builder) {
        return ask(builder, TOKEN_NOT_VALID, "a check with a token intake does not accept",
                ConsentCategory.MEDICATIONS, "TREAT")
                .willRespondWith().status(401).toPact();
    }

    @Pact(consumer = CONSUMER)
    RequestResponsePact callerMayNotAsk(PactDslWithProvider builder) {
        return ask(builder, CALLER_MAY_NOT_ASK, "a check by a caller whose role may not ask",
                ConsentCategory.MEDICATIONS, "TREAT")
                .willRespondWith().status(403).toPact();
    }

    private static Optional<ConsentAuthority.Grant> ask(MockServer intake, ConsentCategory category, String purpose) {
        IntakeConsentAuthority authority = new IntakeConsentAuthority();
        authority.json = new ObjectMapper();
        return authority.ask(URI.create(intake.getUrl()), PARTNER_TOKEN, PATIENT, category, purpose);
    }

    @Test
    @PactTestFor(pactMethod = "granted")
    void a_consent_covering_category_and_purpose_is_a_grant_naming_the_consent_and_clinic(MockServer intake) {
        assertThat(ask(intake, ConsentCategory.MEDICATIONS, "TREAT"))
                .contains(new ConsentAuthority.Grant(CONSENT, CLINIC));
    }

    @Test
    @PactTestFor(pactMethod = "otherPurpose")
    void a_consent_for_another_purpose_is_no_grant(MockServer intake) {
        assertThat(ask(intake, ConsentCategory.MEDICATIONS, "TREAT")).isEmpty();
    }

    @Test
    @PactTestFor(pactMethod = "otherCategory")
    void a_consent_for_other_categories_is_no_grant(MockServer intake) {
        assertThat(ask(intake, ConsentCategory.MEDICATIONS, "TREAT")).isEmpty();
    }

    @Test
    @PactTestFor(pactMethod = "revoked")
    void a_revoked_consent_is_no_grant(MockServer intake) {
        assertThat(ask(intake, ConsentCategory.MEDICATIONS, "TREAT")).isEmpty();
    }

    @Test
    @PactTestFor(pactMethod = "expired")
    void an_expired_consent_is_no_grant(MockServer intake) {
        assertThat(ask(intake, ConsentCategory.MEDICATIONS, "TREAT")).isEmpty();
    }

    @Test
    @PactTestFor(pactMethod = "noConsent")
    void no_consent_is_no_grant(MockServer intake) {
        assertThat(ask(intake, ConsentCategory.DIAGNOSES, "COC")).isEmpty();
    }

    @Test
    @PactTestFor(pactMethod = "unknownPatient")
    void an_unknown_patient_is_no_grant(MockServer intake) {
        assertThat(ask(intake, ConsentCategory.MEDICATIONS, "TREAT")).isEmpty();
    }

    @Test
    @PactTestFor(pactMethod = "tokenRefused")
    void a_token_intake_refuses_means_the_consent_could_not_be_checked(MockServer intake) {
        assertThatThrownBy(() -> ask(intake, ConsentCategory.MEDICATIONS, "TREAT"))
                .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.status()).isEqualTo(503));
    }

    @Test
    @PactTestFor(pactMethod = "callerMayNotAsk")
    void a_forbidden_check_means_the_consent_could_not_be_checked(MockServer intake) {
        assertThatThrownBy(() -> ask(intake, ConsentCategory.MEDICATIONS, "TREAT"))
                .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.status()).isEqualTo(503));
    }
}
