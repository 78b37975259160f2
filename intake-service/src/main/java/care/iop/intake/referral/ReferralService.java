package care.iop.intake.referral;

import care.iop.common.audit.AuditLog;
import care.iop.common.http.ETags;
import care.iop.common.http.Page;
import care.iop.common.idempotency.Idempotency;
import care.iop.common.outbox.Outbox;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import care.iop.common.security.ClinicScope;
import care.iop.common.transaction.RetryOnConflict;
import care.iop.events.audit.AuditAction;
import care.iop.events.intake.ReferralDeclined;
import care.iop.events.intake.ReferralOutcome;
import care.iop.events.intake.ReferralReceived;
import care.iop.events.intake.ReferralSource;
import care.iop.intake.patient.Patient;
import care.iop.intake.patient.PatientService;
import care.iop.intake.referral.ReferralApi.ReferralRequest;
import care.iop.intake.referral.ReferralApi.StatusChange;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * The referral pipeline: receives referrals from staff, EHRs, partners and aftercare, lists them, and moves them along
 * {@link ReferralStatus}. Owns each transaction (an event handler's transaction is joined) and is the only writer of
 * referral audit records and events.
 */
@ApplicationScoped
@Transactional
@RetryOnConflict
public class ReferralService {

    static final String RESOURCE = "Referral";

    @Inject
    EntityManager em;

    @Inject
    CallerContext caller;

    @Inject
    ClinicScope clinicScope;

    @Inject
    PatientService patients;

    @Inject
    Outbox outbox;

    @Inject
    AuditLog audit;

    @Inject
    Idempotency idempotency;

    /**
     * Receives a referral from the caller, a partner ({@link #receiveFromPartner}) or clinic staff and EHRs
     * ({@link #receiveFromStaff}), once per Idempotency-Key; {@code answer} maps it to the stored response.
     */
    public Response receive(ReferralRequest request, String idempotencyKey, Function<Referral, Response> answer) {
        return idempotency.create(idempotencyKey, request, () -> answer.apply(
                caller.isPartner() ? receiveFromPartner(request) : receiveFromStaff(request)));
    }

    /** A referral from clinic staff or an EHR, for an existing or newly registered patient. */
    public Referral receiveFromStaff(ReferralRequest request) {
        UUID clinic = caller.requireClinicId();
        if (request.source() == ReferralSource.PARTNER || request.source() == ReferralSource.AFTERCARE) {
            throw ProblemException.invalid("source", "partner and aftercare referrals arrive through their own channels");
        }
        UUID patientId = patientFor(request);
        return open(clinic, patientId, request.source(), null, request.urgency(), request.reasonCode(),
                request.requestedTrackCode());
    }

    /**
     * A partner's referral to a clinic. The partner never learns whether the person is already known there: a
     * likely duplicate is linked to the existing patient silently.
     */
    public Referral receiveFromPartner(ReferralRequest request) {
        UUID partner = caller.requirePartnerId();
        if (request.clinicId() == null) {
            throw ProblemException.invalid("clinicId", "must name the clinic referred to");
        }
        if (request.patient() == null || request.patientId() != null) {
            throw ProblemException.invalid("patient", "partners send the person's details, not a patient id");
        }
        UUID patientId = patients.registerForPartnerReferral(request.clinicId(), request.patient());
        return open(request.clinicId(), patientId, ReferralSource.PARTNER, partner, request.urgency(),
                request.reasonCode(), request.requestedTrackCode());
    }

    /** Aftercare asked for readmission: a new referral for a patient intake already knows. */
    public void receiveReadmission(UUID clinic, UUID patientId, String reasonCode) {
        Patient patient = em.find(Patient.class, patientId);
        if (patient == null || !patient.clinicId.equals(clinic)) {
            throw new IllegalStateException("readmission for a patient this clinic's intake does not know");
        }
        open(clinic, patientId, ReferralSource.AFTERCARE, null, care.iop.events.intake.Urgency.URGENT, reasonCode, null);
    }

    private Referral open(UUID clinic, UUID patientId, ReferralSource source, UUID partner,
                          care.iop.events.intake.Urgency urgency, String reasonCode, String trackCode) {
        Referral r = new Referral();
        r.id = UUID.randomUUID();
        r.clinicId = clinic;
        r.patientId = patientId;
        r.source = source;
        r.partnerId = partner;
        r.urgency = urgency;
        r.reasonCode = reasonCode;
        r.requestedTrackCode = trackCode;
        r.status = ReferralStatus.RECEIVED;
        r.receivedAt = Instant.now();
        r.persistAndFlush();
        outbox.publish(new ReferralReceived(r.id, source, urgency, trackCode, partner, r.receivedAt), patientId, clinic);
        audit.record(AuditLog.Entry.success(AuditAction.CREATE, RESOURCE, r.id, patientId, clinic));
        return r;
    }

    private UUID patientFor(ReferralRequest request) {
        if ((request.patientId() == null) == (request.patient() == null)) {
            throw ProblemException.invalid("patientId", "give either patientId or patient");
        }
        return request.patientId() != null ? patients.require(request.patientId()).id
                : patients.create(request.patient(), false).id();
    }

    public Referral read(UUID id) {
        if (caller.isPartner()) {
            Referral r = Referral.<Referral>find("id = ?1 and partnerId = ?2", id, caller.requirePartnerId())
                    .firstResultOptional().orElseThrow(() -> ProblemException.notFound(RESOURCE, id));
            audit.record(AuditLog.Entry.success(AuditAction.READ, RESOURCE, r.id, r.patientId, r.clinicId));
            return r;
        }
        Referral r = clinicScope.require(Referral.class, id);
        audit.record(AuditLog.Entry.success(AuditAction.READ, RESOURCE, r.id, r.patientId, r.clinicId));
        return r;
    }

    public Page<Referral> list(ReferralStatus status, Integer limit, String cursor) {
        int size = Page.limit(limit);
        Page.Position after = Page.decode(cursor);
        boolean partner = caller.isPartner();
        StringBuilder jpql = new StringBuilder("from Referral r where ")
                .append(partner ? "r.partnerId = :owner" : "r.clinicId = :owner");
        if (status != null) {
            jpql.append(" and r.status = :status");
        }
        if (after != null) {
            jpql.append(" and (r.receivedAt > :afterAt or (r.receivedAt = :afterAt and r.id > :afterId))");
        }
        var query = em.createQuery(jpql.append(" order by r.receivedAt, r.id").toString(), Referral.class)
                .setParameter("owner", partner ? caller.requirePartnerId() : caller.requireClinicId())
                .setMaxResults(size + 1);
        if (status != null) {
            query.setParameter("status", status);
        }
        if (after != null) {
            query.setParameter("afterAt", after.createdAt()).setParameter("afterId", after.id());
        }
        List<Referral> rows = query.getResultList();
        Page<Referral> page = Page.of(rows, size, r -> new Page.Position(r.receivedAt, r.id), r -> r);
        audit.recordAll(page.items().stream()
                .map(r -> AuditLog.Entry.success(AuditAction.READ, RESOURCE, r.id, r.patientId, r.clinicId)).toList());
        return page;
    }

    /** Pipeline moves made by hand; admission and waitlisting move the referral themselves. */
    public Referral changeStatus(UUID id, StatusChange change, String ifMatch) {
        Referral r = clinicScope.require(Referral.class, id);
        ETags.check(ifMatch, r.version, false);
        switch (change.status()) {
            case ADMITTED, WAITLISTED -> throw ProblemException.invalid("status",
                    "admission and waitlisting happen through the admissions API");
            case DECLINED -> requireReason(change);
            case REFERRED_OUT -> {
                requireReason(change);
                if (change.recommendedLevel() == null) {
                    throw ProblemException.invalid("recommendedLevel", "is required when referring out");
                }
            }
            default -> { }
        }
        r.moveTo(change.status());
        if (change.status() == ReferralStatus.DECLINED || change.status() == ReferralStatus.REFERRED_OUT) {
            r.decisionReasonCode = change.reasonCode();
            r.recommendedLevel = change.recommendedLevel();
            r.destinationPartnerId = change.destinationPartnerId();
            outbox.publish(new ReferralDeclined(r.id, change.status() == ReferralStatus.DECLINED
                            ? ReferralOutcome.DECLINED : ReferralOutcome.REFERRED_OUT, r.decisionReasonCode,
                    r.recommendedLevel, r.destinationPartnerId, Instant.now()), r.patientId, r.clinicId);
        }
        em.flush();
        audit.record(AuditLog.Entry.success(AuditAction.UPDATE, RESOURCE, r.id, r.patientId, r.clinicId));
        return r;
    }

    private static void requireReason(StatusChange change) {
        if (change.reasonCode() == null) {
            throw ProblemException.invalid("reasonCode", "is required for this decision");
        }
    }
}
