package care.iop.medication.safety;

import java.util.Objects;
import java.util.UUID;

/**
 * One finding about a candidate order. {@code conflictingOrderId} is null for allergy findings.
 *
 * @param rule               code of the safety rule that fired, e.g. {@code duplicate-therapy}
 * @param severity           how serious it is
 * @param conflictingOrderId the active order it conflicts with, or null for an allergy finding
 * @param detail             what was found, naming medications and classes only (never patient data)
 */
public record Finding(String rule, Severity severity, UUID conflictingOrderId, String detail) {

    public Finding {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(detail, "detail");
    }
}
