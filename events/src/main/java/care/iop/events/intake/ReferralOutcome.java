package care.iop.events.intake;

import com.fasterxml.jackson.annotation.JsonValue;

/** Why a referral did not lead to admission here. */
public enum ReferralOutcome {
    DECLINED("declined"),
    /** Sent to another level of care or provider. */
    REFERRED_OUT("referred-out");

    private final String value;

    ReferralOutcome(String value) {
        this.value = value;
    }

    /** The wire value. */
    @JsonValue
    public String value() {
        return value;
    }
}
