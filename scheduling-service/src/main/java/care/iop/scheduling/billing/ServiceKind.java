package care.iop.scheduling.billing;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a piece of attended time was. Only the countable kinds add minutes and services to a billable day (issue #23:
 * group, individual and family therapy, psychoeducation, medication management); a break is recorded time that never
 * counts. A no-show is no piece at all.
 */
public enum ServiceKind {
    GROUP_THERAPY("group-therapy", true),
    INDIVIDUAL_THERAPY("individual-therapy", true),
    FAMILY_THERAPY("family-therapy", true),
    PSYCHOEDUCATION("psychoeducation", true),
    MEDICATION_MANAGEMENT("medication-management", true),
    BREAK("break", false);

    private final String value;
    private final boolean countable;

    ServiceKind(String value, boolean countable) {
        this.value = value;
        this.countable = countable;
    }

    /** The value used in the payer rule table. */
    @JsonValue
    public String value() {
        return value;
    }

    public boolean countable() {
        return countable;
    }
}
