package care.iop.aftercare.episode;

import care.iop.aftercare.AftercareConfig;
import care.iop.aftercare.discharge.Discharge;
import care.iop.aftercare.followup.FollowUp;
import care.iop.common.audit.AuditLog;
import care.iop.common.outbox.Outbox;
import care.iop.common.problem.ProblemException;
import care.iop.events.LevelOfCare;
import care.iop.events.audit.AuditAction;
import care.iop.events.aftercare.PatientDischarged;
import care.iop.events.intake.PatientAdmitted;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Episodes of care from admission to discharge, and the follow-ups a discharge sets in motion. */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class EpisodeService {

    /** HEDIS IET: initiation of treatment within 14 days, engagement within 34 days. */
    static final int IET_INITIATION_DAYS = 14;
    static final int IET_ENGAGEMENT_DAYS = 34;

    @Inject
    AftercareConfig config;

    @Inject
    Outbox outbox;

    @Inject
    AuditLog audit;

    /** An admission opens an episode (once per admission, however often the event arrives). */
    public Episode open(UUID clinicId, UUID patientId, PatientAdmitted admitted) {
        Episode existing = Episode.<Episode>find("admissionId", admitted.admissionId()).firstResult();
        if (existing != null) {
            return existing;
        }
        Episode e = new Episode();
        e.id = UUID.randomUUID();
        e.clinicId = clinicId;
        e.patientId = patientId;
        e.admissionId = admitted.admissionId();
        e.openedOn = admitted.admissionDate();
        e.status = Episode.Status.OPEN;
        e.currentLevel = admitted.levelOfCare();
        e.createdAt = Instant.now();
        e.persist();
        LevelTransition.record(e.id, null, admitted.levelOfCare(), admitted.admissionDate(), "admission");
        audit.record(AuditLog.Entry.success(AuditAction.CREATE, "Episode", e.id, patientId, clinicId));
        return e;
    }

    /**
     * Records a move to {@code to} on a date, in its place in the history: it comes from the level in force that day,
     * and the current level is whatever the latest-dated transition says.
     */
    public LevelTransition transition(Episode e, LevelOfCare to, LocalDate on, String reasonCode) {
        if (e.status != Episode.Status.OPEN) {
            throw ProblemException.illegalTransition("Episode", e.status.value(), "transition");
        }
        if (on.isBefore(e.openedOn.minusYears(1)) || on.isAfter(LocalDate.now())) {
            throw ProblemException.invalid("onDate", "must be within a year before the episode and not in the future");
        }
        LevelOfCare from = LevelTransition.<LevelTransition>find("episodeId = ?1 and onDate <= ?2 order by onDate desc, "
                + "recordedAt desc", e.id, on).firstResultOptional().map(x -> x.toLevel).orElse(null);
        LevelTransition t = LevelTransition.record(e.id, from, to, on, reasonCode);
        LevelTransition.getEntityManager().flush();
        e.currentLevel = LevelTransition.<LevelTransition>find("episodeId = ?1 order by onDate desc, recordedAt desc",
                e.id).firstResult().toLevel;
        audit.record(AuditLog.Entry.success(AuditAction.UPDATE, "Episode", e.id, e.patientId, e.clinicId));
        return t;
    }

    /**
     * Discharges: closes the episode, computes the length of stay, announces {@code patient.discharged} (the summary
     * stays here) and schedules the follow-ups.
     */
    public Discharge discharge(Episode e, int reasonCode, LocalDate date, String summary, LevelOfCare stepDown,
                               ZoneId zone, UUID recordedBy) {
        if (e.status != Episode.Status.OPEN) {
            throw ProblemException.illegalTransition("Episode", e.status.value(), Episode.Status.CLOSED.value());
        }
        if (date.isBefore(e.openedOn)) {
            throw ProblemException.invalid("dischargeDate", "is before the episode opened (" + e.openedOn + ")");
        }
        if (date.isAfter(LocalDate.now(zone))) {
            throw ProblemException.invalid("dischargeDate", "is in the future; plan it instead");
        }
        Discharge d = new Discharge();
        d.id = UUID.randomUUID();
        d.episodeId = e.id;
        d.clinicId = e.clinicId;
        d.patientId = e.patientId;
        d.reasonCode = reasonCode;
        d.dischargeDate = date;
        d.lengthOfStayDays = (int) ChronoUnit.DAYS.between(e.openedOn, date);
        d.stepDownLevel = stepDown;
        d.summary = summary;
        d.timeZone = zone.getId();
        d.recordedBy = recordedBy;
        d.recordedAt = Instant.now();
        d.persist();
        e.status = Episode.Status.CLOSED;
        e.closedOn = date;
        if (stepDown != null) {
            LevelTransition.record(e.id, e.currentLevel, stepDown, date, "discharge-step-down");
            e.currentLevel = stepDown;
        }
        for (Map.Entry<String, Integer> due : schedule().entrySet()) {
            FollowUp f = new FollowUp();
            f.id = UUID.randomUUID();
            f.clinicId = e.clinicId;
            f.patientId = e.patientId;
            f.episodeId = e.id;
            f.kind = due.getKey();
            f.dueDate = date.plusDays(due.getValue());
            f.timeZone = zone.getId();
            f.status = FollowUp.Status.SCHEDULED;
            f.persist();
        }
        outbox.publish(new PatientDischarged(d.id, e.id, reasonCode, date, d.lengthOfStayDays, stepDown),
                e.patientId, e.clinicId);
        audit.record(AuditLog.Entry.success(AuditAction.CREATE, "Discharge", d.id, e.patientId, e.clinicId));
        return d;
    }

    /** Follow-up kinds and their days after discharge: the configured outreach plus the two IET checks. */
    public Map<String, Integer> schedule() {
        Map<String, Integer> schedule = new LinkedHashMap<>();
        config.followUpDays().stream().distinct().sorted().forEach(d -> schedule.put("day-" + d, d));
        schedule.put("iet-initiation-" + IET_INITIATION_DAYS, IET_INITIATION_DAYS);
        schedule.put("iet-engagement-" + IET_ENGAGEMENT_DAYS, IET_ENGAGEMENT_DAYS);
        return schedule;
    }
}
