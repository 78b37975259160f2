package care.iop.intake.referral;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Set;

/** The referral pipeline. Transitions not listed are refused (409). */
public enum ReferralStatus {
    RECEIVED("received"),
    SCREENING("screening"),
    ASSESSMENT_SCHEDULED("assessment-scheduled"),
    ASSESSED("assessed"),
    ADMITTED("admitted"),
    WAITLISTED("waitlisted"),
    DECLINED("declined"),
    REFERRED_OUT("referred-out");

    private final String value;

    ReferralStatus(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }

    @JsonCreator
    public static ReferralStatus fromString(String value) {
        return Arrays.stream(values()).filter(s -> s.value.equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown referral status"));
    }

    public Set<ReferralStatus> next() {
        return switch (this) {
            case RECEIVED -> Set.of(SCREENING, DECLINED);
            case SCREENING -> Set.of(ASSESSMENT_SCHEDULED, DECLINED);
            case ASSESSMENT_SCHEDULED -> Set.of(ASSESSED, DECLINED);
            case ASSESSED -> Set.of(ADMITTED, WAITLISTED, DECLINED, REFERRED_OUT);
            case WAITLISTED -> Set.of(ADMITTED, DECLINED, REFERRED_OUT);
            case ADMITTED, DECLINED, REFERRED_OUT -> Set.of();
        };
    }

    public boolean canMoveTo(ReferralStatus target) {
        return next().contains(target);
    }
}
