package care.iop.intake.consent;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a consent stands at an instant ({@link ConsentRules#stateAt}); the wire values are kebab-case. */
public enum ConsentState {
    /** Not revoked and not yet expired: it authorises disclosures. */
    ACTIVE("active"),
    /** Revoked by the patient (whether or not it has also expired since). */
    REVOKED("revoked"),
    /** Not revoked, but its expiry has passed (a consent expiring exactly then counts as expired). */
    EXPIRED("expired");

    private final String value;

    ConsentState(String value) {
        this.value = value;
    }

    /** The wire value. */
    @JsonValue
    public String value() {
        return value;
    }
}
