package care.iop.common.disclosure;

import care.iop.common.audit.AccessAttempt;
import care.iop.common.audit.AuditLog;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import care.iop.events.audit.AuditAction;
import care.iop.events.audit.AuditOutcome;
import care.iop.events.intake.ConsentCategory;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.UUID;
import java.util.function.Function;

/**
 * The one way a partner reads patient data (ARCHITECTURE §4): the consent is checked on every request, the
 * disclosure is audited as {@code disclose} with the caller's purpose of use, and the answer carries the
 * 42 CFR §2.32 notice. The consent check (an HTTP call to intake from the other services, up to 3 s) runs before
 * any transaction is opened; only then does a short transaction load the data and write the audit record, so a slow
 * consent authority never holds a database connection in a transaction.
 */
@ApplicationScoped
public class Disclosures {

    /** 42 CFR §2.32(a)(1), the notice that accompanies every disclosure made with the patient's consent. */
    public static final String NOTICE = "This record which has been disclosed to you is protected by federal "
            + "confidentiality rules (42 CFR part 2). These rules prohibit you from using or disclosing this record, "
            + "or testimony that describes the information contained in this record, in any civil, criminal, "
            + "administrative, or legislative proceedings by any Federal, State, or local authority, against the "
            + "patient, unless authorized by the consent of the patient, except as provided at 42 CFR 2.12(c)(5) or "
            + "as authorized by a court in accordance with 42 CFR 2.64 or 2.65. In addition, the Federal rules "
            + "prohibit you from making any other use or disclosure of this record unless at least one of the "
            + "following applies: (A) Further use or disclosure is expressly permitted by the written consent of the "
            + "individual whose information is being disclosed in this record or as otherwise permitted by 42 CFR "
            + "part 2. (B) You are a covered entity or business associate and have received the record for "
            + "treatment, payment, or health care operations, or (C) You have received the record from a covered "
            + "entity or business associate as permitted by 45 CFR part 164, subparts A and E. A general "
            + "authorization for the release of medical or other information is NOT sufficient to meet the required "
            + "elements of written consent to further use or redisclose the record (see 42 CFR 2.31).";

    /** What a disclosure endpoint answers: the consented data, the consent it rests on, and the notice. */
    public record Disclosure<T>(UUID patientId, String category, UUID consentId, String purposeOfUse, String notice,
                                T data) {
    }

    @Inject
    ConsentAuthority authority;

    @Inject
    CallerContext caller;

    @Inject
    AuditLog audit;

    @Inject
    AccessAttempt attempt;

    /**
     * Discloses one category of a patient's record to the calling partner: 403 unless an active consent names the
     * partner (or its class) and the category — an unknown patient looks the same, so nothing can be probed.
     * {@code load} reads the data from the clinic that holds the record. Call it outside any transaction (the
     * resource method is not {@code @Transactional}): the consent is checked first, then {@code load} and the audit
     * record run in a transaction of their own.
     */
    @Transactional(Transactional.TxType.NEVER)
    public <T> Disclosure<T> disclose(UUID patientId, ConsentCategory category, String resourceType,
                                      Function<UUID, T> load) {
        attempt.about(new AuditLog.Entry(AuditAction.DISCLOSE, resourceType, null, patientId, null,
                AuditOutcome.SUCCESS, true));
        caller.requirePartnerId();
        String purpose = caller.purposeOfUse();
        ConsentAuthority.Grant grant = authority.grantFor(patientId, category, purpose).orElseThrow(() ->
                ProblemException.forbidden("No active consent lets this partner see " + category.value()
                        + " of this patient for purpose of use " + purpose));
        T data = QuarkusTransaction.requiringNew().call(() -> {
            T loaded = load.apply(grant.clinicId());
            audit.record(new AuditLog.Entry(AuditAction.DISCLOSE, resourceType, grant.consentId().toString(),
                    patientId, grant.clinicId(), AuditOutcome.SUCCESS, true));
            return loaded;
        });
        return new Disclosure<>(patientId, category.value(), grant.consentId(), purpose, NOTICE, data);
    }
}
