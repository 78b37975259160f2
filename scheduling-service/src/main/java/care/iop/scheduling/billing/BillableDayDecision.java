package care.iop.scheduling.billing;

import java.time.LocalDate;
import java.util.List;

/**
 * Whether one patient's day is billable to one payer, and how: the claim lines, the per-diem class, the condition
 * codes, and every rule that decided it in words a biller can check ({@code reasons}, in rule order). A day that is
 * not billable has no lines; its reasons name each rule it failed.
 *
 * @param perDiemClass  the per-diem class (Medicare IOP: by services that day), null when the payer has none
 * @param rulesVersion  the payer rule table version the decision came from
 */
public record BillableDayDecision(String patientId, LocalDate date, String ruleSetId, boolean billable,
                                  List<ClaimLine> lines, String perDiemClass, List<String> conditionCodes,
                                  List<String> reasons, String rulesVersion) {

    public BillableDayDecision {
        lines = List.copyOf(lines);
        conditionCodes = List.copyOf(conditionCodes);
        reasons = List.copyOf(reasons);
    }

    /**
     * One line of the claim.
     *
     * @param code           HCPCS/CPT code; null on a Medicare IOP day, where the per-diem class is worked out from
     *                       the services' own lines (not built yet)
     * @param revenueCode    institutional claims only
     * @param placeOfService professional claims only
     */
    public record ClaimLine(String code, String revenueCode, int units, List<String> modifiers,
                            String placeOfService) {
        public ClaimLine {
            modifiers = List.copyOf(modifiers);
        }
    }
}
