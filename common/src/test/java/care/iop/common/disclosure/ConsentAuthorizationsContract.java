package care.iop.common.disclosure;

import java.nio.file.Path;

/**
 * Names of the {@code consent-authorizations} contract: the pacticipants, the committed pact and the provider states
 * every provider (the real intake, testkit's stand-in) must be able to set up. Each state yields the injected values
 * {@code patientId} and {@code authorization} (the bearer token to ask with).
 */
final class ConsentAuthorizationsContract {

    static final String CONSUMER = "iop-services";
    static final String PROVIDER = "intake";
    static final String PATH = "/api/v1/intake/consent-authorizations";
    /** The committed pact, relative to a module's directory (Maven runs tests there). */
    static final Path COMMITTED = Path.of("..", "contracts", "pacts", CONSUMER + "-" + PROVIDER + ".json");

    static final String CONSENT_FOR_MEDICATIONS_FOR_TREATMENT =
            "the patient has a consent naming the partner for medications, given for treatment";
    static final String CONSENT_FOR_MEDICATIONS_FOR_PAYMENT =
            "the patient has a consent naming the partner for medications, given for payment";
    static final String CONSENT_FOR_DEMOGRAPHICS_ONLY =
            "the patient has a consent naming the partner for demographics only, given for treatment";
    static final String CONSENT_REVOKED = "the patient's consent naming the partner for medications is revoked";
    static final String CONSENT_EXPIRED = "the patient's consent naming the partner for medications has expired";
    static final String NO_CONSENT = "the patient has no consent naming the partner";
    static final String UNKNOWN_PATIENT = "the patient is unknown";
    static final String TOKEN_NOT_VALID = "the caller's token is not valid";
    static final String CALLER_MAY_NOT_ASK = "the caller is staff whose role may not ask";

    private ConsentAuthorizationsContract() {
    }
}
