package care.iop.scheduling.billing;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.List;

/**
 * One payer's rules for an IOP day, as read from the payer rule table ({@link PayerRules}); the format is documented
 * in the table's {@code $comment} and in docs/billing.md. Null means "this payer has no such rule".
 *
 * @param name                     short name used in decision reasons, e.g. "H0015"
 * @param code                     HCPCS/CPT code of the per-diem line; null when the payer pays per-diem classes
 *                                 worked out from the service lines (Medicare IOP)
 * @param minMinutesPerDay         countable minutes a day needs
 * @param minQualifyingDaysPerWeek days in the ISO week that meet {@code minMinutesPerDay}
 * @param perDiemClasses           per-diem class by distinct services that day, fewest services first
 * @param perService               per-service billing: one line per attended session of a listed kind
 * @param telehealth               how a telehealth day (or session) is coded; null: telehealth is not billable
 */
@JsonIgnoreProperties("$comment")
public record PayerRuleSet(String id, String name, String description, Billing billing, ClaimForm claimForm,
                           String code, String revenueCode, Integer minMinutesPerDay,
                           Integer minQualifyingDaysPerWeek, Boolean treatmentPlanRequired,
                           Boolean authorizationRequired, Certification certification,
                           List<PerDiemClass> perDiemClasses, List<PerService> perService,
                           List<String> conditionCodes, Telehealth telehealth) {

    public enum Billing {
        PER_DIEM("per-diem"), PER_SERVICE("per-service");

        private final String value;

        Billing(String value) {
            this.value = value;
        }

        @JsonValue
        public String value() {
            return value;
        }
    }

    /** Professional (CMS-1500/837P: place of service on each line) or institutional (UB-04/837I: revenue code). */
    public enum ClaimForm {
        PROFESSIONAL("professional"), INSTITUTIONAL("institutional");

        private final String value;

        ClaimForm(String value) {
            this.value = value;
        }

        @JsonValue
        public String value() {
            return value;
        }
    }

    /**
     * A physician's certification of need must be on file for the date, certify at least
     * {@code minCertifiedMinutesPerWeek}, and be renewed within {@code recertifyEveryMonths} of its signing.
     */
    @JsonIgnoreProperties("$comment")
    public record Certification(Integer minCertifiedMinutesPerWeek, Integer recertifyEveryMonths) {
    }

    /** A day with at least {@code minServices} distinct countable services is paid in {@code perDiemClass}. */
    @JsonIgnoreProperties("$comment")
    public record PerDiemClass(Integer minServices, String perDiemClass) {
    }

    /** A session of {@code kind} is billed as one unit of {@code code}, when attended {@code minMinutes} or more. */
    @JsonIgnoreProperties("$comment")
    public record PerService(ServiceKind kind, String code, Integer minMinutes) {
    }

    /** Telehealth lines carry {@code modifier} (may be null) and, on professional claims, {@code placeOfService}. */
    @JsonIgnoreProperties("$comment")
    public record Telehealth(String modifier, String placeOfService) {
    }
}
