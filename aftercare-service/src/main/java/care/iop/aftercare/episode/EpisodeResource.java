package care.iop.aftercare.episode;

import care.iop.aftercare.AftercareConfig;
import care.iop.aftercare.discharge.Discharge;
import care.iop.aftercare.discharge.DischargePlan;
import care.iop.common.audit.AuditLog;
import care.iop.common.http.ETags;
import care.iop.common.idempotency.Idempotency;
import care.iop.common.outbox.Outbox;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import care.iop.common.security.Roles;
import care.iop.common.time.TimeZones;
import care.iop.common.transaction.RetryOnConflict;
import care.iop.events.LevelOfCare;
import care.iop.events.aftercare.DischargePlanned;
import care.iop.events.aftercare.MatContinuity;
import care.iop.events.audit.AuditAction;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Episodes of care: level-of-care transitions, the discharge plan and the discharge. */
@Path("/api/v1/aftercare")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.CASE_MANAGER, Roles.CLINIC_ADMIN, Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR, Roles.PRESCRIBER,
        Roles.NURSE, Roles.EHR_INTEGRATION})
@Tag(name = "Episodes and discharge")
@RetryOnConflict
public class EpisodeResource {

    static final String CODE = "[a-z0-9][a-z0-9.-]{0,63}";

    public record TransitionRequest(@NotNull LevelOfCare toLevel, @NotNull LocalDate onDate,
                                    @NotNull @Pattern(regexp = CODE) String reasonCode) {
    }

    public record PlanRequest(@NotNull LocalDate targetDate, @NotNull LevelOfCare stepDownLevel,
                              UUID receivingPartnerId, Instant firstAppointmentAt, MatContinuity matContinuity,
                              @Size(max = 500) String housing, @Size(max = 500) String workSchool,
                              @Size(max = 10) List<@NotBlank @Size(max = 100) String> supportGroups,
                              Boolean alumniGroup) {
    }

    public record DischargeRequest(@NotNull @Min(1) @Max(7) Integer reasonCode, @NotNull LocalDate dischargeDate,
                                   @NotBlank @Size(max = 20_000) String summary, LevelOfCare stepDownLevel,
                                   @Size(max = 64) String timeZone) {
    }

    public record TransitionView(LevelOfCare fromLevel, LevelOfCare toLevel, LocalDate onDate, String reasonCode) {
    }

    public record PlanView(UUID id, LocalDate targetDate, LevelOfCare stepDownLevel, UUID receivingPartnerId,
                           Instant firstAppointmentAt, MatContinuity matContinuity, String housing, String workSchool,
                           List<String> supportGroups, boolean alumniGroup, long version) {
        static PlanView of(DischargePlan p) {
            return p == null ? null : new PlanView(p.id, p.targetDate, p.stepDownLevel, p.receivingPartnerId,
                    p.firstAppointmentAt, p.matContinuity, p.housing, p.workSchool, List.copyOf(p.supportGroups),
                    p.alumniGroup, p.version);
        }
    }

    public record DischargeView(UUID id, int reasonCode, LocalDate dischargeDate, int lengthOfStayDays,
                                LevelOfCare stepDownLevel, String summary) {
        static DischargeView of(Discharge d) {
            return d == null ? null : new DischargeView(d.id, d.reasonCode, d.dischargeDate, d.lengthOfStayDays,
                    d.stepDownLevel, d.summary);
        }
    }

    public record EpisodeView(UUID id, UUID patientId, UUID admissionId, LocalDate openedOn, LocalDate closedOn,
                              Episode.Status status, LevelOfCare currentLevel, List<TransitionView> transitions,
                              PlanView dischargePlan, DischargeView discharge, long version) {
    }

    @Inject
    EpisodeService episodes;

    @Inject
    CallerContext caller;

    @Inject
    Outbox outbox;

    @Inject
    AuditLog audit;

    @Inject
    Idempotency idempotency;

    @Inject
    AftercareConfig config;

    @GET
    @Path("patients/{patientId}/episodes")
    @Transactional
    @Operation(summary = "A patient's episodes of care with transitions, discharge plan and discharge")
    public List<EpisodeView> list(@PathParam("patientId") UUID patientId) {
        UUID clinic = caller.requireClinicId();
        List<Episode> found = Episode.list("clinicId = ?1 and patientId = ?2 order by openedOn, createdAt", clinic,
                patientId);
        if (found.isEmpty()) {
            throw ProblemException.notFound("Patient", patientId);
        }
        audit.record(AuditLog.Entry.success(AuditAction.READ, "Episode", null, patientId, clinic));
        return found.stream().map(EpisodeResource::view).toList();
    }

    @GET
    @Path("episodes/{id}")
    @Transactional
    @Operation(summary = "One episode")
    public Response get(@PathParam("id") UUID id) {
        Episode e = require(id, LockModeType.NONE);
        audit.record(AuditLog.Entry.success(AuditAction.READ, "Episode", e.id, e.patientId, e.clinicId));
        return Response.ok(view(e)).tag(ETags.of(e.version)).build();
    }

    @POST
    @Path("episodes/{id}/transitions")
    @Transactional
    @RolesAllowed({Roles.CASE_MANAGER, Roles.CLINIC_ADMIN})
    @Operation(summary = "Record a level-of-care transition (e.g. the step-down from residential that preceded IOP)",
            description = "Accepts Idempotency-Key: a retry after a lost answer records the transition once.")
    public Response transition(@PathParam("id") UUID id, @NotNull @Valid TransitionRequest r,
                               @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        return idempotency.create(idempotencyKey, r, () -> {
            Episode e = require(id, LockModeType.PESSIMISTIC_WRITE);
            episodes.transition(e, r.toLevel(), r.onDate(), r.reasonCode());
            e.persistAndFlush();
            return Response.status(Response.Status.CREATED).entity(view(e)).tag(ETags.of(e.version)).build();
        });
    }

    @PUT
    @Path("episodes/{id}/discharge-plan")
    @Transactional
    @RolesAllowed({Roles.CASE_MANAGER, Roles.CLINIC_ADMIN})
    @Operation(summary = "Write or revise the discharge plan (case managers); honours If-Match on revisions",
            description = "Target date, step-down level, receiving partner, first appointment after discharge (for "
                    + "HEDIS IET), who continues MAT, housing, work or school, support and alumni groups. Emits "
                    + "discharge.planned.")
    public Response plan(@PathParam("id") UUID id, @NotNull @Valid PlanRequest r,
                         @HeaderParam(ETags.IF_MATCH) String ifMatch) {
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
        return Response.status(created ? Response.Status.CREATED : Response.Status.OK).entity(PlanView.of(p))
                .tag(ETags.of(p.version)).build();
    }

    @POST
    @Path("episodes/{id}/discharge")
    @Transactional
    @RolesAllowed({Roles.CASE_MANAGER, Roles.CLINIC_ADMIN})
    @Operation(summary = "Discharge: TEDS-D reason 1–7, date and summary (case managers)",
            description = "Closes the episode, computes the length of stay, emits patient.discharged (never the "
                    + "summary; scheduling ends the enrollment, medication reviews the orders) and schedules the "
                    + "follow-ups in the clinic's time zone. Honours If-Match on the episode. Accepts Idempotency-Key.")
    public Response discharge(@PathParam("id") UUID id, @NotNull @Valid DischargeRequest r,
                              @HeaderParam(ETags.IF_MATCH) String ifMatch,
                              @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        return idempotency.create(idempotencyKey, r, () -> {
            Episode e = require(id, LockModeType.PESSIMISTIC_WRITE);
            ETags.check(ifMatch, e.version, false);
            ZoneId zone = TimeZones.parse(r.timeZone() != null ? r.timeZone() : config.defaultTimeZone(), "timeZone");
            episodes.discharge(e, r.reasonCode(), r.dischargeDate(), r.summary(), r.stepDownLevel(), zone,
                    caller.requireStaffId());
            e.persistAndFlush();
            return Response.status(Response.Status.CREATED).entity(view(e)).tag(ETags.of(e.version)).build();
        });
    }

    private Episode require(UUID id, LockModeType lock) {
        return Episode.<Episode>find("id = ?1 and clinicId = ?2", id, caller.requireClinicId()).withLock(lock)
                .firstResultOptional().orElseThrow(() -> ProblemException.notFound("Episode", id));
    }

    static EpisodeView view(Episode e) {
        List<TransitionView> transitions = LevelTransition.<LevelTransition>list("episodeId = ?1 order by onDate, "
                + "recordedAt", e.id).stream().map(t -> new TransitionView(t.fromLevel, t.toLevel, t.onDate,
                t.reasonCode)).toList();
        return new EpisodeView(e.id, e.patientId, e.admissionId, e.openedOn, e.closedOn, e.status, e.currentLevel,
                transitions, PlanView.of(DischargePlan.<DischargePlan>find("episodeId", e.id).firstResult()),
                DischargeView.of(Discharge.<Discharge>find("episodeId", e.id).firstResult()), e.version);
    }
}
