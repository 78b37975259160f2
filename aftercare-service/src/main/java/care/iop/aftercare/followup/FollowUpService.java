package care.iop.aftercare.followup;

import care.iop.aftercare.Patients;
import care.iop.aftercare.episode.Episode;
import care.iop.aftercare.followup.FollowUpApi.FlagItem;
import care.iop.aftercare.followup.FollowUpApi.FollowUpView;
import care.iop.aftercare.followup.FollowUpApi.Readmission;
import care.iop.aftercare.followup.FollowUpApi.ReadmissionView;
import care.iop.aftercare.followup.FollowUpApi.Worklist;
import care.iop.aftercare.risk.RiskFlag;
import care.iop.aftercare.risk.RiskService;
import care.iop.common.audit.AuditLog;
import care.iop.common.http.ETags;
import care.iop.common.idempotency.Idempotency;
import care.iop.common.outbox.Outbox;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import care.iop.common.transaction.RetryOnConflict;
import care.iop.events.LevelOfCare;
import care.iop.events.aftercare.FollowUpCompleted;
import care.iop.events.aftercare.FollowUpDue;
import care.iop.events.aftercare.FollowUpOutcome;
import care.iop.events.aftercare.ReadmissionRequested;
import care.iop.events.aftercare.RecoveryStatus;
import care.iop.events.audit.AuditAction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Follow-up contacts after discharge: due, completed with what was found, and readmission when it is needed. What an
 * outcome may carry and when a follow-up falls due is {@link FollowUpRules}'s. The methods the resource calls own
 * their transaction; {@link #announceIfDue} joins the {@link DueFollowUps} job's.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class FollowUpService {

    @Inject
    Outbox outbox;

    @Inject
    AuditLog audit;

    @Inject
    CallerContext caller;

    @Inject
    RiskService risk;

    @Inject
    Patients patients;

    @Inject
    Idempotency idempotency;

    public record Result(FollowUpOutcome outcome, RecoveryStatus recoveryStatus, Integer phq9Total,
                         Boolean ietInitiated, Integer ietEngagementVisits) {
    }

    /** Follow-ups due and open relapse-risk flags, oldest first; each patient on it audited as read. */
    @Transactional
    @RetryOnConflict
    public Worklist worklist() {
        UUID clinic = caller.requireClinicId();
        List<FollowUp> due = FollowUp.<FollowUp>list("clinicId = ?1 and status = ?2 order by dueDate", clinic,
                FollowUp.Status.DUE);
        List<RiskFlag> flags = RiskFlag.<RiskFlag>list("clinicId = ?1 and status = ?2 order by flaggedAt", clinic,
                RiskFlag.Status.OPEN);
        audit.recordAll(Stream.concat(due.stream().map(f -> f.patientId), flags.stream().map(f -> f.patientId))
                .distinct().map(p -> AuditLog.Entry.success(AuditAction.READ, "AftercareWorklist", null, p, clinic))
                .toList());
        return new Worklist(due.stream().map(FollowUpView::of).toList(),
                flags.stream().map(f -> new FlagItem(f.id, f.patientId, f.score, f.flaggedAt)).toList());
    }

    /** A patient's follow-ups; audited as one read. */
    @Transactional
    @RetryOnConflict
    public List<FollowUpView> list(UUID patientId) {
        UUID clinic = patients.requireInClinic(patientId);
        audit.record(AuditLog.Entry.success(AuditAction.READ, "FollowUp", null, patientId, clinic));
        return FollowUp.<FollowUp>list("clinicId = ?1 and patientId = ?2 order by dueDate, kind", clinic, patientId)
                .stream().map(FollowUpView::of).toList();
    }

    /** Records a follow-up's outcome (If-Match), and asks for a readmission when {@code readmission} is given. */
    @Transactional
    @RetryOnConflict
    public FollowUpView complete(UUID id, Result result, Readmission readmission, String ifMatch) {
        FollowUp f = FollowUp.<FollowUp>find("id = ?1 and clinicId = ?2", id, caller.requireClinicId())
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional()
                .orElseThrow(() -> ProblemException.notFound("FollowUp", id));
        ETags.check(ifMatch, f.version, false);
        complete(f, result);
        if (readmission != null) {
            requestReadmission(f.clinicId, f.patientId, f.id, readmission.reasonCode(), readmission.requestedLevel());
        }
        f.persistAndFlush();
        return FollowUpView.of(f);
    }

    /** Asks intake to readmit a discharged patient, once per Idempotency-Key; 409 while an episode is open. */
    @Transactional
    @RetryOnConflict
    public Response readmit(UUID patientId, Readmission r, String idempotencyKey,
                            Function<ReadmissionView, Response> answer) {
        return idempotency.create(idempotencyKey, r, () -> {
            UUID clinic = patients.requireAdmitted(patientId);
            if (Episode.count("clinicId = ?1 and patientId = ?2 and status = ?3", clinic, patientId,
                    Episode.Status.OPEN) > 0) {
                throw ProblemException.conflict("The patient is in care here; readmission is for discharged patients");
            }
            return answer.apply(ReadmissionView.of(requestReadmission(clinic, patientId, null, r.reasonCode(),
                    r.requestedLevel())));
        });
    }

    /** One readmission request of the caller's clinic (404 otherwise); audited as a read. */
    @Transactional
    @RetryOnConflict
    public ReadmissionView readmission(UUID id) {
        ReadmissionRequest r = ReadmissionRequest.<ReadmissionRequest>find("id = ?1 and clinicId = ?2", id,
                caller.requireClinicId()).firstResultOptional()
                .orElseThrow(() -> ProblemException.notFound("ReadmissionRequest", id));
        audit.record(AuditLog.Entry.success(AuditAction.READ, "ReadmissionRequest", r.id, r.patientId, r.clinicId));
        return ReadmissionView.of(r);
    }

    /** A follow-up whose due date has begun in its clinic's time zone is announced, once. */
    public boolean announceIfDue(FollowUp f, Instant now) {
        if (f.dueNotified || f.status == FollowUp.Status.COMPLETED
                || !FollowUpRules.isDue(f.dueDate, ZoneId.of(f.timeZone), now)) {
            return false;
        }
        f.dueNotified = true;
        f.status = FollowUp.Status.DUE;
        outbox.publish(new FollowUpDue(f.id, f.kind, f.dueDate), f.patientId, f.clinicId);
        return true;
    }

    void complete(FollowUp f, Result r) {
        if (f.status == FollowUp.Status.COMPLETED) {
            throw ProblemException.illegalTransition("FollowUp", f.status.value(), FollowUp.Status.COMPLETED.value());
        }
        FollowUpRules.checkOutcome(f.kind, r.outcome(), r.phq9Total(), r.ietInitiated(), r.ietEngagementVisits())
                .ifPresent(v -> {
                    throw ProblemException.invalid(v.field(), v.message());
                });
        f.status = FollowUp.Status.COMPLETED;
        f.outcome = r.outcome();
        f.recoveryStatus = r.recoveryStatus();
        f.phq9Total = r.phq9Total();
        f.ietInitiated = r.ietInitiated();
        f.ietEngagementVisits = r.ietEngagementVisits();
        f.completedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        f.completedBy = caller.requireStaffId();
        outbox.publish(new FollowUpCompleted(f.id, f.kind, f.outcome, f.recoveryStatus, f.phq9Total, f.completedAt),
                f.patientId, f.clinicId);
        audit.record(AuditLog.Entry.success(AuditAction.UPDATE, "FollowUp", f.id, f.patientId, f.clinicId));
        if (f.recoveryStatus == RecoveryStatus.USING) {
            risk.signal(f.clinicId, f.patientId, "follow-up:" + f.id + ":using", "follow-up-using", f.completedAt);
        }
        if (f.outcome == FollowUpOutcome.NOT_REACHED) {
            risk.signal(f.clinicId, f.patientId, "follow-up:" + f.id + ":not-reached", "follow-up-not-reached",
                    f.completedAt);
        }
    }

    /** Asks intake to take the patient back: intake opens a referral from {@code readmission.requested}. */
    ReadmissionRequest requestReadmission(UUID clinicId, UUID patientId, UUID followUpId, String reasonCode,
                                                 LevelOfCare level) {
        ReadmissionRequest r = new ReadmissionRequest();
        r.id = UUID.randomUUID();
        r.clinicId = clinicId;
        r.patientId = patientId;
        r.followUpId = followUpId;
        r.reasonCode = reasonCode;
        r.requestedLevel = level;
        r.requestedBy = caller.requireStaffId();
        r.requestedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        r.persist();
        outbox.publish(new ReadmissionRequested(r.id, followUpId, reasonCode, level, r.requestedAt), patientId,
                clinicId);
        audit.record(AuditLog.Entry.success(AuditAction.CREATE, "ReadmissionRequest", r.id, patientId, clinicId));
        return r;
    }
}
