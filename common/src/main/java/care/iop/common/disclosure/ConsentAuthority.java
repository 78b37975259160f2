package care.iop.common.disclosure;

import care.iop.events.intake.ConsentCategory;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Decides whether an active 42 CFR Part 2 consent lets the calling partner see one category of a patient's
 * record now. Intake holds the consents and answers in-process; every other service asks intake over HTTP with
 * the partner's own token ({@link IntakeConsentAuthority}), so a revocation takes effect on the next request.
 */
public interface ConsentAuthority {

    /** The consent that authorises the disclosure, and the clinic that holds the patient's record. */
    record Grant(UUID consentId, UUID clinicId, Instant expiresAt) {
    }

    Optional<Grant> grantFor(UUID patientId, ConsentCategory category);
}
