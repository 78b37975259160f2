package care.iop.aftercare.risk;

import care.iop.aftercare.Patients;
import care.iop.aftercare.risk.RiskApi.FlagView;
import care.iop.aftercare.risk.RiskApi.RiskView;
import care.iop.common.audit.AuditLog;
import care.iop.common.http.ETags;
import care.iop.common.locking.AdvisoryLocks;
import care.iop.common.outbox.Outbox;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import care.iop.common.transaction.RetryOnConflict;
import care.iop.events.aftercare.RelapseRiskAcknowledged;
import care.iop.events.aftercare.RelapseRiskFlagged;
import care.iop.events.audit.AuditAction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Records what moves a patient's relapse risk and flags them, once, when the score crosses the threshold
 * ({@link RiskRules}); shows a patient's score and lets case managers acknowledge flags. The methods the resource
 * calls own their transaction; {@link #signal} and {@link #weekJudged} join the event consumer's.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class RiskService {

    private static final Logger LOG = Logger.getLogger(RiskService.class);

    private final RiskRules rules = RiskRules.load();

    @Inject
    AdvisoryLocks locks;

    @Inject
    Outbox outbox;

    @Inject
    AuditLog audit;

    @Inject
    Patients patients;

    @Inject
    CallerContext caller;

    /** A patient's current score with its factors and their open flag, if any; audited as one read. */
    @Transactional
    @RetryOnConflict
    public RiskView patientRisk(UUID patientId) {
        UUID clinic = patients.requireInClinic(patientId);
        RiskRules.Score score = current(clinic, patientId);
        RiskFlag open = RiskFlag.<RiskFlag>find("clinicId = ?1 and patientId = ?2 and status = ?3", clinic, patientId,
                RiskFlag.Status.OPEN).firstResult();
        audit.record(AuditLog.Entry.success(AuditAction.READ, "RelapseRisk", null, patientId, clinic));
        return new RiskView(patientId, score.total(), rules.threshold(), rules.version(),
                (int) rules.decay().toDays(), score.factors(), FlagView.of(open));
    }

    /**
     * Acknowledges an open flag with the action taken (If-Match); it leaves the worklist, and
     * {@code relapse-risk.acknowledged} is published in the same transaction.
     */
    @Transactional
    @RetryOnConflict
    public FlagView acknowledge(UUID id, String action, String ifMatch) {
        RiskFlag f = RiskFlag.<RiskFlag>find("id = ?1 and clinicId = ?2", id, caller.requireClinicId())
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional()
                .orElseThrow(() -> ProblemException.notFound("RiskFlag", id));
        ETags.check(ifMatch, f.version, false);
        if (f.status != RiskFlag.Status.OPEN) {
            throw ProblemException.illegalTransition("RiskFlag", f.status.value(), RiskFlag.Status.ACKNOWLEDGED.value());
        }
        f.status = RiskFlag.Status.ACKNOWLEDGED;
        f.acknowledgedBy = caller.requireStaffId();
        f.acknowledgedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        f.actionCode = action;
        f.persistAndFlush();
        outbox.publish(new RelapseRiskAcknowledged(f.id, f.acknowledgedBy, f.actionCode, f.acknowledgedAt),
                f.patientId, f.clinicId);
        audit.record(AuditLog.Entry.success(AuditAction.UPDATE, "RiskFlag", f.id, f.patientId, f.clinicId));
        return FlagView.of(f);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public RiskRules rules() {
        return rules;
    }

    /**
     * Adds a signal (once per source: redelivery changes nothing) and flags the patient if it takes the score
     * across the threshold while no flag of theirs is open.
     */
    public void signal(UUID clinicId, UUID patientId, String sourceId, String factor, Instant occurredAt) {
        if (rules.factor(factor).isEmpty()) {
            LOG.warnf("Unknown relapse-risk factor %s from %s: ignored", factor, sourceId);
            return;
        }
        locks.lock("relapse-risk", List.of(patientId));
        if (RiskSignal.count("sourceId", sourceId) > 0) {
            return;
        }
        Instant now = Instant.now();
        List<RiskRules.Signal> signals = new ArrayList<>(signals(clinicId, patientId));
        RiskRules.Score before = rules.score(signals, now);
        RiskSignal s = new RiskSignal();
        s.id = UUID.randomUUID();
        s.clinicId = clinicId;
        s.patientId = patientId;
        s.sourceId = sourceId;
        s.factor = factor;
        s.occurredAt = occurredAt;
        s.persist();
        signals.add(new RiskRules.Signal(factor, occurredAt));
        RiskRules.Score after = rules.score(signals, now);
        if (rules.crossed(before, after) && RiskFlag.count("clinicId = ?1 and patientId = ?2 and status = ?3",
                clinicId, patientId, RiskFlag.Status.OPEN) == 0) {
            RiskFlag flag = new RiskFlag();
            flag.id = UUID.randomUUID();
            flag.clinicId = clinicId;
            flag.patientId = patientId;
            flag.score = after.total();
            flag.threshold = rules.threshold();
            flag.ruleVersion = rules.version();
            flag.factors = after.factors();
            flag.flaggedAt = now.truncatedTo(ChronoUnit.MICROS);
            flag.status = RiskFlag.Status.OPEN;
            flag.persist();
            outbox.publish(new RelapseRiskFlagged(flag.id, flag.score, flag.threshold, flag.ruleVersion, flag.factors,
                    flag.flaggedAt), patientId, clinicId);
        }
    }

    /**
     * A week's attendance was judged: the week counts at most once, as its latest judgement says. {@code weekId}
     * names the week (it is the signal's source); a null factor (compliant after all) withdraws its signal.
     */
    public void weekJudged(UUID clinicId, UUID patientId, String weekId, String factor, Instant occurredAt) {
        locks.lock("relapse-risk", List.of(patientId));
        RiskSignal counted = RiskSignal.<RiskSignal>find("sourceId", weekId).firstResult();
        if (counted != null && counted.factor.equals(factor)) {
            return;
        }
        RiskSignal.delete("sourceId", weekId);
        if (factor != null) {
            signal(clinicId, patientId, weekId, factor, occurredAt);
        }
    }

    public RiskRules.Score current(UUID clinicId, UUID patientId) {
        return rules.score(signals(clinicId, patientId), Instant.now());
    }

    private List<RiskRules.Signal> signals(UUID clinicId, UUID patientId) {
        Instant from = Instant.now().minus(rules.decay()).minus(1, ChronoUnit.DAYS);
        return RiskSignal.<RiskSignal>list("clinicId = ?1 and patientId = ?2 and occurredAt > ?3", clinicId, patientId,
                from).stream().map(x -> new RiskRules.Signal(x.factor, x.occurredAt)).toList();
    }
}
