package care.iop.aftercare.followup;

import care.iop.aftercare.risk.RiskService;
import care.iop.common.audit.AuditLog;
import care.iop.common.outbox.Outbox;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import care.iop.events.LevelOfCare;
import care.iop.events.aftercare.FollowUpCompleted;
import care.iop.events.aftercare.FollowUpDue;
import care.iop.events.aftercare.FollowUpOutcome;
import care.iop.events.aftercare.ReadmissionRequested;
import care.iop.events.aftercare.RecoveryStatus;
import care.iop.events.audit.AuditAction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Follow-up contacts after discharge: due, completed with what was found, and readmission when it is needed. */
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

    public record Result(FollowUpOutcome outcome, RecoveryStatus recoveryStatus, Integer phq9Total,
                         Boolean ietInitiated, Integer ietEngagementVisits) {
    }

    /** A follow-up whose due date has begun in its clinic's time zone is announced, once. */
    public boolean announceIfDue(FollowUp f, Instant now) {
        if (f.dueNotified || f.status == FollowUp.Status.COMPLETED
                || now.isBefore(f.dueDate.atStartOfDay(ZoneId.of(f.timeZone)).toInstant())) {
            return false;
        }
        f.dueNotified = true;
        f.status = FollowUp.Status.DUE;
        outbox.publish(new FollowUpDue(f.id, f.kind, f.dueDate), f.patientId, f.clinicId);
        return true;
    }

    public void complete(FollowUp f, Result r) {
        if (f.status == FollowUp.Status.COMPLETED) {
            throw ProblemException.illegalTransition("FollowUp", f.status.value(), FollowUp.Status.COMPLETED.value());
        }
        if (r.ietInitiated() != null && !f.kind.startsWith("iet-initiation")) {
            throw ProblemException.invalid("ietInitiated", "is recorded at the IET initiation check");
        }
        if (r.ietEngagementVisits() != null && !f.kind.startsWith("iet-engagement")) {
            throw ProblemException.invalid("ietEngagementVisits", "is recorded at the IET engagement check");
        }
        if (r.outcome() != FollowUpOutcome.REACHED && r.phq9Total() != null) {
            throw ProblemException.invalid("phq9Total", "is only scored when the patient was reached");
        }
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
    public ReadmissionRequest requestReadmission(UUID clinicId, UUID patientId, UUID followUpId, String reasonCode,
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
