package care.iop.intake.consent;

import care.iop.common.audit.AuditLog;
import care.iop.common.http.Page;
import care.iop.common.idempotency.Idempotency;
import care.iop.common.outbox.Outbox;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.ClinicScope;
import care.iop.common.transaction.RetryOnConflict;
import care.iop.events.audit.AuditAction;
import care.iop.events.audit.AuditOutcome;
import care.iop.events.intake.ConsentCategory;
import care.iop.events.intake.ConsentGranted;
import care.iop.events.intake.ConsentPurpose;
import care.iop.events.intake.ConsentRevoked;
import care.iop.intake.consent.ConsentApi.ConsentRequest;
import care.iop.intake.patient.Patient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Part 2 consents: records and revokes them and answers the authorisation check, each in its own transaction. The
 * only writer of consent audit records (all sensitive) and events; which consent covers a request is decided by
 * {@link ConsentRules} through {@link ConsentAuthorizations}.
 */
@ApplicationScoped
@Transactional
@RetryOnConflict
public class ConsentService {

    static final String RESOURCE = "Consent";

    @Inject
    ClinicScope clinicScope;

    @Inject
    ConsentAuthorizations authorizations;

    @Inject
    Outbox outbox;

    @Inject
    AuditLog audit;

    @Inject
    Idempotency idempotency;

    /** Records a signed consent (once per Idempotency-Key; {@code answer} maps it to the stored response). */
    public Response grant(UUID patientId, ConsentRequest request, String idempotencyKey,
                          Function<Consent, Response> answer) {
        return idempotency.create(idempotencyKey, request, () -> answer.apply(grant(patientId, request)));
    }

    private Consent grant(UUID patientId, ConsentRequest request) {
        Patient patient = clinicScope.require(Patient.class, patientId);
        if ((request.recipientPartnerId() == null) == (request.recipientClass() == null)) {
            throw ProblemException.invalid("recipientPartnerId", "name either a partner or a class of recipients");
        }
        if (!request.expiresAt().isAfter(Instant.now())) {
            throw ProblemException.invalid("expiresAt", "must be in the future");
        }
        Consent c = new Consent();
        c.id = UUID.randomUUID();
        c.clinicId = patient.clinicId;
        c.patientId = patient.id;
        c.recipientPartnerId = request.recipientPartnerId();
        c.recipientClass = request.recipientClass();
        c.categories = request.categories().stream().map(Enum::name).sorted().collect(Collectors.joining(","));
        c.purpose = request.purpose();
        c.expiresAt = request.expiresAt();
        c.signedAt = request.signedAt();
        c.signatureMethod = request.signatureMethod().name();
        c.persistAndFlush();
        outbox.publish(new ConsentGranted(c.id, c.recipientPartnerId, c.recipientClass, c.categoryList(), c.purpose,
                c.expiresAt, Instant.now()), patient.id, patient.clinicId);
        audit.record(AuditLog.Entry.success(AuditAction.CREATE, RESOURCE, c.id, patient.id, patient.clinicId)
                .asSensitive());
        return c;
    }

    /** A patient's consents, active and past, oldest signature first; audited as one sensitive read. */
    public List<Consent> list(UUID patientId) {
        Patient patient = clinicScope.require(Patient.class, patientId);
        audit.record(AuditLog.Entry.success(AuditAction.READ, RESOURCE, null, patient.id, patient.clinicId).asSensitive());
        return Consent.list("patientId = ?1 order by signedAt", patient.id);
    }

    /** A patient's consents as views (see {@link #list}, which audits them as one sensitive read). */
    public List<ConsentApi.ConsentView> views(UUID patientId) {
        return list(patientId).stream().map(ConsentApi.ConsentView::of).toList();
    }

    /** One consent of the caller's clinic, audited as a sensitive read of it (another clinic's is a 404). */
    public ConsentApi.ConsentView read(UUID id) {
        Consent c = clinicScope.require(Consent.class, id);
        audit.record(AuditLog.Entry.success(AuditAction.READ, RESOURCE, c.id, c.patientId, c.clinicId).asSensitive());
        return ConsentApi.ConsentView.of(c);
    }

    /**
     * The consents that name the calling partner or its class ({@link ConsentAuthorizations#callingPartner}), in any
     * clinic, newest signature first (then id), active ones only unless {@code filter} is all; paged by keyset after
     * the cursor's (signature time, id). Each consent listed is audited as a sensitive read of it by the partner.
     * The query states {@link ConsentRules#namesRecipient} and {@link ConsentRules#activeAt} for the database; each
     * consent's state is the rule's.
     */
    public Page<ConsentApi.PartnerConsentView> ofPartner(ConsentApi.PartnerConsentFilter filter, UUID patientId,
                                                         Integer limit, String cursor) {
        ConsentAuthorizations.Recipient me = authorizations.callingPartner();
        int size = Page.limit(limit);
        Page.Position after = Page.decode(cursor);
        Instant now = Instant.now();
        boolean activeOnly = filter != ConsentApi.PartnerConsentFilter.ALL;
        StringBuilder jpql = new StringBuilder("from Consent c where (c.recipientPartnerId = :partner");
        if (me.recipientClass() != null) {
            jpql.append(" or c.recipientClass = :recipientClass");
        }
        jpql.append(")");
        if (patientId != null) {
            jpql.append(" and c.patientId = :patientId");
        }
        if (activeOnly) {
            jpql.append(" and c.revokedAt is null and c.expiresAt > :now");
        }
        if (after != null) {
            jpql.append(" and (c.signedAt < :afterAt or (c.signedAt = :afterAt and c.id < :afterId))");
        }
        var query = Consent.getEntityManager().createQuery(jpql.append(" order by c.signedAt desc, c.id desc")
                        .toString(), Consent.class)
                .setParameter("partner", me.partnerId()).setMaxResults(size + 1);
        if (me.recipientClass() != null) {
            query.setParameter("recipientClass", me.recipientClass());
        }
        if (patientId != null) {
            query.setParameter("patientId", patientId);
        }
        if (activeOnly) {
            query.setParameter("now", now);
        }
        if (after != null) {
            query.setParameter("afterAt", after.createdAt()).setParameter("afterId", after.id());
        }
        Page<Consent> page = Page.of(query.getResultList(), size, c -> new Page.Position(c.signedAt, c.id), c -> c);
        audit.recordAll(page.items().stream().map(c -> AuditLog.Entry.success(AuditAction.READ, RESOURCE, c.id,
                c.patientId, c.clinicId).asSensitive()).toList());
        return new Page<>(page.items().stream().map(c -> ConsentApi.PartnerConsentView.of(c, now)).toList(),
                page.nextCursor());
    }

    /** Revokes a consent: it stops authorising disclosures at once. */
    public Consent revoke(UUID id) {
        Consent c = clinicScope.require(Consent.class, id);
        if (c.revokedAt != null) {
            throw ProblemException.conflict("This consent is already revoked");
        }
        c.revokedAt = Instant.now();
        c.persistAndFlush();
        outbox.publish(new ConsentRevoked(c.id, c.revokedAt), c.patientId, c.clinicId);
        audit.record(AuditLog.Entry.success(AuditAction.UPDATE, RESOURCE, c.id, c.patientId, c.clinicId).asSensitive());
        return c;
    }

    /**
     * The consent that lets {@code partnerId} (or its class) see {@code category} of the patient now, if any;
     * {@code clinicId} limits it to one clinic (null: any), {@code purposes} to consents given for one of them (null:
     * any). A consent found is audited as a sensitive read.
     */
    public Optional<Consent> authorize(UUID patientId, ConsentCategory category, UUID partnerId, String recipientClass,
                                       UUID clinicId, Set<ConsentPurpose> purposes) {
        Optional<Consent> consent = authorizations.activeConsent(patientId, category, partnerId, recipientClass,
                clinicId, purposes);
        consent.ifPresent(c -> audit.record(new AuditLog.Entry(AuditAction.READ, RESOURCE, c.id.toString(),
                c.patientId, c.clinicId, AuditOutcome.SUCCESS, true)));
        return consent;
    }
}
