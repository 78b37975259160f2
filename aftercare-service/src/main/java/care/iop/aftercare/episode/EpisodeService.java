package care.iop.aftercare.episode;

import care.iop.aftercare.AftercareConfig;
import care.iop.aftercare.discharge.Discharge;
import care.iop.aftercare.discharge.DischargePlan;
import care.iop.aftercare.episode.EpisodeApi.DischargeRequest;
import care.iop.aftercare.episode.EpisodeApi.EpisodeView;
import care.iop.aftercare.episode.EpisodeApi.PlanRequest;
import care.iop.aftercare.episode.EpisodeApi.PlanView;
import care.iop.aftercare.episode.EpisodeApi.TransitionRequest;
import care.iop.aftercare.followup.FollowUp;
import care.iop.common.audit.AuditLog;
import care.iop.common.http.ETags;
import care.iop.common.idempotency.Idempotency;
import care.iop.common.outbox.Outbox;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import care.iop.common.time.TimeZones;
import care.iop.common.transaction.RetryOnConflict;
import care.iop.events.LevelOfCare;
import care.iop.events.aftercare.DischargePlanned;
import care.iop.events.audit.AuditAction;
import care.iop.events.aftercare.PatientDischarged;
import care.iop.events.intake.PatientAdmitted;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Episodes of care from admission to discharge, the discharge plan, and the follow-ups a discharge sets in motion
 * ({@link FollowUpSchedule}). The methods the resource calls own their transaction; {@link #open} joins the event
 * consumer's.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class EpisodeService {

    @Inject
    AftercareConfig config;

    @Inject
    Outbox outbox;

    @Inject
    AuditLog audit;

    @Inject
    CallerContext caller;

    @Inject
    Idempotency idempotency;

    /** A written discharge plan, and whether this request created it. */
    public record Planned(PlanView plan, boolean created) {
    }

    /** A patient's episodes, oldest first; 404 when the clinic has none; audited as one read. */
    @Transactional
    @RetryOnConflict
    public List<EpisodeView> list(UUID patientId) {
        UUID clinic = caller.requireClinicId();
        List<Episode> found = Episode.list("clinicId = ?1 and patientId = ?2 order by openedOn, createdAt", clinic,
                patientId);
        if (found.isEmpty()) {
            throw ProblemException.notFound("Patient", patientId);
        }
        audit.record(AuditLog.Entry.success(AuditAction.READ, "Episode", null, patientId, clinic));
        return found.stream().map(EpisodeApi::view).toList();
    }

    @Transactional
    @RetryOnConflict
    public EpisodeView get(UUID id) {
        Episode e = require(id, LockModeType.NONE);
        audit.record(AuditLog.Entry.success(AuditAction.READ, "Episode", e.id, e.patientId, e.clinicId));
        return EpisodeApi.view(e);
    }

    /**
     * A patient's episodes, oldest first, audited as one read like {@link #list}; for a search, where a patient the
     * clinic does not know simply matches nothing: empty, and nothing read, nothing audited.
     */
    @Transactional
    @RetryOnConflict
    public List<EpisodeView> search(UUID patientId) {
        UUID clinic = caller.requireClinicId();
        List<Episode> found = Episode.list("clinicId = ?1 and patientId = ?2 order by openedOn, createdAt", clinic,
                patientId);
        if (!found.isEmpty()) {
            audit.record(AuditLog.Entry.success(AuditAction.READ, "Episode", null, patientId, clinic));
        }
        return found.stream().map(EpisodeApi::view).toList();
    }

    /** One episode, audited like {@link #get}; empty (nothing audited) when the caller's clinic has no such episode. */
    @Transactional
    @RetryOnConflict
    public Optional<EpisodeView> find(UUID id) {
        Optional<Episode> found = Episode.<Episode>find("id = ?1 and clinicId = ?2", id, caller.requireClinicId())
                .firstResultOptional();
        found.ifPresent(e -> audit.record(AuditLog.Entry.success(AuditAction.READ, "Episode", e.id, e.patientId,
                e.clinicId)));
        return found.map(EpisodeApi::view);
    }

    /** Records a transition once per Idempotency-Key; {@code answer} maps the episode to the stored response. */
    @Transactional
    @RetryOnConflict
    public Response transition(UUID id, TransitionRequest r, String idempotencyKey,
                               Function<EpisodeView, Response> answer) {
        return idempotency.create(idempotencyKey, r, () -> {
            Episode e = require(id, LockModeType.PESSIMISTIC_WRITE);
            transition(e, r.toLevel(), r.onDate(), r.reasonCode());
            e.persistAndFlush();
            return answer.apply(EpisodeApi.view(e));
        });
    }

    /** Writes or revises (If-Match) the open episode's discharge plan and announces {@code discharge.planned}. */
    @Transactional
    @RetryOnConflict
    public Planned plan(UUID id, PlanRequest r, String ifMatch) {
        Episode e = require(id, LockModeType.PESSIMISTIC_WRITE);
        if (e.status != Episode.Status.OPEN) {
            throw ProblemException.conflict("The episode is closed", "conflictingId", e.id);
        }
        if (r.targetDate().isBefore(e.openedOn)) {
            throw ProblemException.invalid("targetDate", "is before the episode opened");
        }
        DischargePlan p = DischargePlan.<DischargePlan>find("episodeId", e.id).firstResult();
        boolean created = p == null;
        if (created) {
            p = new DischargePlan();
            p.id = UUID.randomUUID();
            p.episodeId = e.id;
            p.clinicId = e.clinicId;
            p.patientId = e.patientId;
        } else {
            ETags.check(ifMatch, p.version, false);
        }
        p.targetDate = r.targetDate();
        p.stepDownLevel = r.stepDownLevel();
        p.receivingPartnerId = r.receivingPartnerId();
        p.firstAppointmentAt = r.firstAppointmentAt();
        p.matContinuity = r.matContinuity();
        p.housing = r.housing();
        p.workSchool = r.workSchool();
        p.supportGroups = new ArrayList<>(r.supportGroups() == null ? List.of() : r.supportGroups());
        p.alumniGroup = Boolean.TRUE.equals(r.alumniGroup());
        p.updatedAt = Instant.now();
        p.persistAndFlush();
        outbox.publish(new DischargePlanned(p.id, e.id, p.targetDate, p.stepDownLevel, p.receivingPartnerId,
                p.firstAppointmentAt, p.matContinuity), e.patientId, e.clinicId);
        audit.record(AuditLog.Entry.success(created ? AuditAction.CREATE : AuditAction.UPDATE, "DischargePlan", p.id,
                e.patientId, e.clinicId));
        return new Planned(PlanView.of(p), created);
    }

    /** Discharges once per Idempotency-Key (If-Match on the episode), in the clinic's time zone by default. */
    @Transactional
    @RetryOnConflict
    public Response discharge(UUID id, DischargeRequest r, String ifMatch, String idempotencyKey,
                              Function<EpisodeView, Response> answer) {
        return idempotency.create(idempotencyKey, r, () -> {
            Episode e = require(id, LockModeType.PESSIMISTIC_WRITE);
            ETags.check(ifMatch, e.version, false);
            ZoneId zone = TimeZones.parse(r.timeZone() != null ? r.timeZone() : config.defaultTimeZone(), "timeZone");
            discharge(e, r.reasonCode(), r.dischargeDate(), r.summary(), r.stepDownLevel(), zone,
                    caller.requireStaffId());
            e.persistAndFlush();
            return answer.apply(EpisodeApi.view(e));
        });
    }

    /** The discharge plan of an episode of the caller's clinic; 404 while it has none; audited as a read. */
    @Transactional
    @RetryOnConflict
    public PlanView plan(UUID id) {
        Episode e = require(id, LockModeType.NONE);
        DischargePlan p = DischargePlan.<DischargePlan>find("episodeId", e.id).firstResultOptional()
                .orElseThrow(() -> ProblemException.notFound("Discharge plan", id));
        audit.record(AuditLog.Entry.success(AuditAction.READ, "DischargePlan", p.id, e.patientId, e.clinicId));
        return PlanView.of(p);
    }

    private Episode require(UUID id, LockModeType lock) {
        return Episode.<Episode>find("id = ?1 and clinicId = ?2", id, caller.requireClinicId()).withLock(lock)
                .firstResultOptional().orElseThrow(() -> ProblemException.notFound("Episode", id));
    }

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
    LevelTransition transition(Episode e, LevelOfCare to, LocalDate on, String reasonCode) {
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
    Discharge discharge(Episode e, int reasonCode, LocalDate date, String summary, LevelOfCare stepDown,
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
        for (Map.Entry<String, Integer> due : FollowUpSchedule.of(config.followUpDays()).entrySet()) {
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
}
