package care.iop.common.disclosure;

import care.iop.events.intake.ConsentCategory;

import care.iop.events.intake.ConsentPurpose;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Decides whether an active 42 CFR Part 2 consent lets the calling partner see one category of a patient's
 * record now. Intake holds the consents and answers in-process; every other service asks intake over HTTP with
 * the partner's own token ({@link IntakeConsentAuthority}), so a revocation takes effect on the next request.
 */
public interface ConsentAuthority {

    /** The consent that authorises the disclosure, and the clinic that holds the patient's record. */
    record Grant(UUID consentId, UUID clinicId) {
    }

    /**
     * The consent covering the category for the caller's HL7 purpose of use (TREAT, COC, HPAYMT, HOPERAT): a consent
     * given for payment does not release data for treatment.
     */
    Optional<Grant> grantFor(UUID patientId, ConsentCategory category, String purposeOfUse);

    /** The consent purposes under which a disclosure for an HL7 PurposeOfUse code may be made. */
    static Set<ConsentPurpose> purposesAllowing(String purposeOfUse) {
        return switch (purposeOfUse) {
            case "TREAT", "COC" -> EnumSet.of(ConsentPurpose.TREATMENT, ConsentPurpose.CARE_COORDINATION);
            case "HPAYMT" -> EnumSet.of(ConsentPurpose.PAYMENT);
            case "HOPERAT" -> EnumSet.of(ConsentPurpose.HEALTH_CARE_OPERATIONS);
            default -> EnumSet.noneOf(ConsentPurpose.class);
        };
    }
}
