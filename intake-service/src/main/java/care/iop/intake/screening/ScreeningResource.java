package care.iop.intake.screening;

import care.iop.common.audit.AuditLog;
import care.iop.common.http.ETags;
import care.iop.common.http.WireEnums;
import care.iop.common.idempotency.Idempotency;
import care.iop.common.outbox.Outbox;
import care.iop.common.problem.Problem;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import care.iop.common.security.ClinicScope;
import care.iop.common.security.Roles;
import care.iop.common.transaction.RetryOnConflict;
import care.iop.events.audit.AuditAction;
import care.iop.events.intake.ScreeningCompleted;
import care.iop.events.intake.ScreeningInstrument;
import care.iop.intake.patient.Patient;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/** Screening instruments: scored and banded on the server; safety flags wait for a clinician's acknowledgement. */
@Path("/api/v1/intake")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Screenings")
@RetryOnConflict
public class ScreeningResource {

    static final String RESOURCE = "Screening";

    public record ScreeningRequest(@NotNull ScreeningInstrument instrument, @NotNull List<Integer> answers,
                                   CssrsRecency cssrsRecency) {
    }

    public record Acknowledgement(@NotNull @Pattern(regexp = "[a-z0-9][a-z0-9.-]{0,63}") String action) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ScreeningView(UUID id, UUID patientId, ScreeningInstrument instrument, String loinc, int total,
                                String band, List<String> flags, Integer changeFromBaseline,
                                boolean requiresAcknowledgement, String acknowledgedBy, Instant acknowledgedAt,
                                String acknowledgementAction, Instant completedAt, long version) {
    }

    @Inject
    ClinicScope clinicScope;

    @Inject
    CallerContext caller;

    @Inject
    Outbox outbox;

    @Inject
    AuditLog audit;

    @Inject
    Idempotency idempotency;

    @POST
    @Path("patients/{patientId}/screenings")
    @Transactional
    @RolesAllowed({Roles.INTAKE_COORDINATOR, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION, Roles.CLINICIAN,
            Roles.CLINICAL_SUPERVISOR})
    @Operation(summary = "Record a completed screening instrument",
            description = "PHQ-9, GAD-7, AUDIT, DAST-10 or C-SSRS item answers; the server validates, scores, bands "
                    + "and flags. Accepts Idempotency-Key.")
    public Response record(@PathParam("patientId") UUID patientId, @NotNull @Valid ScreeningRequest request,
                           @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        return idempotency.create(idempotencyKey, request, () -> {
            Patient patient = clinicScope.require(Patient.class, patientId);
            ScreeningResult result;
            try {
                result = ScreeningScorer.score(request.instrument(), request.answers(), request.cssrsRecency());
            } catch (InvalidAnswersException e) {
                throw ProblemException.invalid(e.violations().stream()
                        .map(v -> new Problem.Violation(v.field(), v.message())).toList());
            }
            Screening s = new Screening();
            s.id = UUID.randomUUID();
            s.clinicId = patient.clinicId;
            s.patientId = patient.id;
            s.instrument = request.instrument();
            s.answers = request.answers().stream().map(String::valueOf).collect(Collectors.joining(","));
            s.total = result.total();
            s.band = result.band();
            s.flags = String.join(",", result.flags());
            s.requiresAck = result.requiresAcknowledgement();
            s.completedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            Integer change = baseline(patient.id, s.instrument).map(b -> ScreeningScorer.changeFromBaseline(b.total, s.total))
                    .orElse(null);
            s.persistAndFlush();
            outbox.publish(new ScreeningCompleted(s.id, s.instrument, result.loinc(), s.total, s.band, result.flags(),
                    change, s.completedAt), patient.id, patient.clinicId);
            audit.record(AuditLog.Entry.success(AuditAction.CREATE, RESOURCE, s.id, patient.id, patient.clinicId));
            return Response.status(Response.Status.CREATED).entity(view(s, change)).tag(ETags.of(s.version)).build();
        });
    }

    @GET
    @Path("patients/{patientId}/screenings")
    @Transactional
    @RolesAllowed({Roles.INTAKE_COORDINATOR, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION, Roles.CLINICIAN,
            Roles.CLINICAL_SUPERVISOR, Roles.PRESCRIBER, Roles.CASE_MANAGER})
    @Operation(summary = "A patient's screening history, oldest first, with change from the first (baseline) score")
    public List<ScreeningView> history(@PathParam("patientId") UUID patientId,
                                       @QueryParam("instrument") String instrumentName) {
        Patient patient = clinicScope.require(Patient.class, patientId);
        ScreeningInstrument instrument = WireEnums.parse(ScreeningInstrument.class, instrumentName, "instrument");
        List<Screening> rows = instrument == null
                ? Screening.list("patientId = ?1 order by completedAt", patient.id)
                : Screening.list("patientId = ?1 and instrument = ?2 order by completedAt", patient.id, instrument);
        audit.record(AuditLog.Entry.success(AuditAction.READ, RESOURCE, null, patient.id, patient.clinicId));
        var baselines = new java.util.EnumMap<ScreeningInstrument, Integer>(ScreeningInstrument.class);
        return rows.stream().map(s -> {
            Integer baseline = baselines.putIfAbsent(s.instrument, s.total);
            return view(s, baseline == null ? null : s.total - baseline);
        }).toList();
    }

    @POST
    @Path("screenings/{id}/acknowledgement")
    @Transactional
    @RolesAllowed({Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR, Roles.CLINIC_ADMIN})
    @Operation(summary = "A clinician acknowledges a safety flag and records the action taken")
    public Response acknowledge(@PathParam("id") UUID id, @NotNull @Valid Acknowledgement acknowledgement) {
        Screening s = clinicScope.require(Screening.class, id);
        if (!s.requiresAck) {
            throw ProblemException.conflict("This screening raised no flag that needs acknowledgement");
        }
        if (s.acknowledgedAt != null) {
            throw ProblemException.conflict("This safety flag was already acknowledged");
        }
        s.acknowledgedBy = caller.subject();
        s.acknowledgedAt = Instant.now();
        s.acknowledgementAction = acknowledgement.action();
        s.persistAndFlush();
        audit.record(AuditLog.Entry.success(AuditAction.UPDATE, RESOURCE, s.id, s.patientId, s.clinicId));
        return Response.ok(view(s, null)).tag(ETags.of(s.version)).build();
    }

    @GET
    @Path("screenings/unacknowledged-safety-flags")
    @Transactional
    @RolesAllowed({Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR, Roles.CLINIC_ADMIN, Roles.INTAKE_COORDINATOR})
    @Operation(summary = "Worklist: safety flags of the clinic not yet acknowledged, oldest first",
            description = "Screenings that raised safety-action-required (C-SSRS high risk, or a PHQ-9 with item 9 "
                    + "above 0 whatever its total) until a clinician acknowledges them with the action taken.")
    public List<ScreeningView> unacknowledged() {
        UUID clinic = caller.requireClinicId();
        List<Screening> rows = Screening.list("clinicId = ?1 and requiresAck = true and acknowledgedAt is null "
                + "order by completedAt", clinic);
        audit.recordAll(rows.stream()
                .map(s -> AuditLog.Entry.success(AuditAction.READ, RESOURCE, s.id, s.patientId, clinic)).toList());
        return rows.stream().map(s -> view(s, null)).toList();
    }

    private static java.util.Optional<Screening> baseline(UUID patientId, ScreeningInstrument instrument) {
        return Screening.<Screening>find("patientId = ?1 and instrument = ?2 order by completedAt", patientId, instrument)
                .firstResultOptional();
    }

    private static ScreeningView view(Screening s, Integer change) {
        List<String> flags = s.flags.isEmpty() ? List.of() : Arrays.asList(s.flags.split(","));
        return new ScreeningView(s.id, s.patientId, s.instrument, ScreeningScorer.loinc(s.instrument), s.total, s.band,
                flags, change, s.requiresAck, s.acknowledgedBy, s.acknowledgedAt, s.acknowledgementAction,
                s.completedAt, s.version);
    }
}
