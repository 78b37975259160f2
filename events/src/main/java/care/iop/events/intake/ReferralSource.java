package care.iop.events.intake;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a referral came from. */
public enum ReferralSource {
    /** The person referred themselves. */
    SELF("self"),
    /** Step-down from an inpatient stay. */
    INPATIENT_STEP_DOWN("inpatient-step-down"),
    /** Step-down from residential treatment. */
    RESIDENTIAL_STEP_DOWN("residential-step-down"),
    EMERGENCY_DEPARTMENT("emergency-department"),
    /** A partner organisation's portal. */
    PARTNER("partner"),
    PRIMARY_CARE("primary-care"),
    COURT_PROBATION("court-probation"),
    /** An employee assistance programme. */
    EMPLOYER_EAP("employer-eap"),
    /** Re-referral from this program's aftercare. */
    AFTERCARE("aftercare");

    private final String value;

    ReferralSource(String value) {
        this.value = value;
    }

    /** The wire value. */
    @JsonValue
    public String value() {
        return value;
    }
}
