package care.iop.aftercare.risk;

import care.iop.common.audit.AuditLog;
import care.iop.common.locking.AdvisoryLocks;
import care.iop.common.outbox.Outbox;
import care.iop.events.aftercare.RelapseRiskFlagged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Records what moves a patient's relapse risk and flags them, once, when the score crosses the threshold. */
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
