package care.iop.aftercare.followup;

import care.iop.aftercare.Patients;
import care.iop.aftercare.episode.Episode;
import care.iop.aftercare.risk.RiskFlag;
import care.iop.common.audit.AuditLog;
import care.iop.common.http.ETags;
import care.iop.common.idempotency.Idempotency;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import care.iop.common.security.Roles;
import care.iop.common.transaction.RetryOnConflict;
import care.iop.events.LevelOfCare;
import care.iop.events.aftercare.FollowUpOutcome;
import care.iop.events.aftercare.RecoveryStatus;
import care.iop.events.audit.AuditAction;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/** Follow-ups after discharge, the case managers' worklist, and readmission requests. */
@Path("/api/v1/aftercare")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.CASE_MANAGER, Roles.CLINIC_ADMIN, Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR, Roles.PRESCRIBER,
        Roles.NURSE, Roles.EHR_INTEGRATION})
@Tag(name = "Follow-ups")
@RetryOnConflict
public class FollowUpResource {

    static final String CODE = "[a-z0-9][a-z0-9.-]{0,63}";

    public record Readmission(@NotNull @Pattern(regexp = CODE) String reasonCode, LevelOfCare requestedLevel) {
    }

    public record OutcomeRequest(@NotNull FollowUpOutcome outcome, @NotNull RecoveryStatus recoveryStatus,
                                 @Min(0) @Max(27) Integer phq9Total, Boolean ietInitiated,
                                 @Min(0) @Max(100) Integer ietEngagementVisits, @Valid Readmission requestReadmission) {
    }

    public record FollowUpView(UUID id, UUID patientId, UUID episodeId, String kind, LocalDate dueDate,
                               String timeZone, FollowUp.Status status, boolean overdue, FollowUpOutcome outcome,
                               RecoveryStatus recoveryStatus, Integer phq9Total, Boolean ietInitiated,
                               Integer ietEngagementVisits, Instant completedAt, long version) {
        static FollowUpView of(FollowUp f) {
            boolean overdue = f.status != FollowUp.Status.COMPLETED
                    && f.dueDate.isBefore(LocalDate.now(ZoneId.of(f.timeZone)));
            return new FollowUpView(f.id, f.patientId, f.episodeId, f.kind, f.dueDate, f.timeZone, f.status, overdue,
                    f.outcome, f.recoveryStatus, f.phq9Total, f.ietInitiated, f.ietEngagementVisits, f.completedAt,
                    f.version);
        }
    }

    public record FlagItem(UUID flagId, UUID patientId, BigDecimal score, Instant flaggedAt) {
    }

    public record Worklist(List<FollowUpView> followUps, List<FlagItem> riskFlags) {
    }

    public record ReadmissionView(UUID id, UUID patientId, UUID followUpId, String reasonCode,
                                  LevelOfCare requestedLevel, Instant requestedAt) {
        static ReadmissionView of(ReadmissionRequest r) {
            return new ReadmissionView(r.id, r.patientId, r.followUpId, r.reasonCode, r.requestedLevel, r.requestedAt);
        }
    }

    @Inject
    FollowUpService followUps;

    @Inject
    CallerContext caller;

    @Inject
    AuditLog audit;

    @Inject
    Idempotency idempotency;

    @Inject
    Patients patients;

    @GET
    @Path("worklist")
    @Transactional
    @RolesAllowed({Roles.CASE_MANAGER, Roles.CLINIC_ADMIN, Roles.CLINICAL_SUPERVISOR})
    @Operation(summary = "Follow-ups due or overdue, and open relapse-risk flags, oldest first")
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

    @GET
    @Path("patients/{patientId}/follow-ups")
    @Transactional
    @Operation(summary = "A patient's follow-ups")
    public List<FollowUpView> list(@PathParam("patientId") UUID patientId) {
        UUID clinic = patients.requireInClinic(patientId);
        audit.record(AuditLog.Entry.success(AuditAction.READ, "FollowUp", null, patientId, clinic));
        return FollowUp.<FollowUp>list("clinicId = ?1 and patientId = ?2 order by dueDate, kind", clinic, patientId)
                .stream().map(FollowUpView::of).toList();
    }

    @POST
    @Path("follow-ups/{id}/outcome")
    @Transactional
    @RolesAllowed({Roles.CASE_MANAGER, Roles.CLINIC_ADMIN})
    @Operation(summary = "Record a follow-up's outcome (case managers)",
            description = "Reached, not reached or declined; recovery status; optional PHQ-9 total; at the IET checks "
                    + "whether treatment was initiated (14 days) and how many further services (34 days). Finding the "
                    + "patient using, or not reaching them, counts towards relapse risk. requestReadmission asks "
                    + "intake to take the patient back. Honours If-Match.")
    public Response complete(@PathParam("id") UUID id, @NotNull @Valid OutcomeRequest r,
                             @HeaderParam(ETags.IF_MATCH) String ifMatch) {
        FollowUp f = FollowUp.<FollowUp>find("id = ?1 and clinicId = ?2", id, caller.requireClinicId())
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional()
                .orElseThrow(() -> ProblemException.notFound("FollowUp", id));
        ETags.check(ifMatch, f.version, false);
        followUps.complete(f, new FollowUpService.Result(r.outcome(), r.recoveryStatus(), r.phq9Total(),
                r.ietInitiated(), r.ietEngagementVisits()));
        if (r.requestReadmission() != null) {
            followUps.requestReadmission(f.clinicId, f.patientId, f.id, r.requestReadmission().reasonCode(),
                    r.requestReadmission().requestedLevel());
        }
        f.persistAndFlush();
        return Response.ok(FollowUpView.of(f)).tag(ETags.of(f.version)).build();
    }

    @POST
    @Path("patients/{patientId}/readmission-requests")
    @Transactional
    @RolesAllowed({Roles.CASE_MANAGER, Roles.CLINIC_ADMIN})
    @Operation(summary = "Ask intake to readmit a discharged patient (intake opens an aftercare referral)",
            description = "Accepts Idempotency-Key.")
    public Response readmit(@PathParam("patientId") UUID patientId, @NotNull @Valid Readmission r,
                            @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        return idempotency.create(idempotencyKey, r, () -> {
            UUID clinic = patients.requireInClinic(patientId);
            if (Episode.count("clinicId = ?1 and patientId = ?2 and status = ?3", clinic, patientId,
                    Episode.Status.OPEN) > 0) {
                throw ProblemException.conflict("The patient is in care here; readmission is for discharged patients");
            }
            ReadmissionRequest request = followUps.requestReadmission(clinic, patientId, null, r.reasonCode(),
                    r.requestedLevel());
            return Response.status(Response.Status.CREATED).entity(ReadmissionView.of(request)).build();
        });
    }
}
