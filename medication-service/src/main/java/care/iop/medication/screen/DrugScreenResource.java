package care.iop.medication.screen;

import care.iop.common.audit.AuditLog;
import care.iop.common.http.ETags;
import care.iop.common.idempotency.Idempotency;
import care.iop.common.outbox.Outbox;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import care.iop.common.security.Roles;
import care.iop.common.transaction.RetryOnConflict;
import care.iop.events.audit.AuditAction;
import care.iop.events.medication.DrugScreenResulted;
import care.iop.events.medication.ScreenResult;
import care.iop.events.medication.SubstanceResult;
import care.iop.medication.MedicationData;
import care.iop.medication.Patients;
import care.iop.medication.order.MedicationOrder;
import care.iop.medication.patient.KnownPatient;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
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

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Drug screens: a prescriber orders, a nurse collects and results. A positive for something the patient is
 * prescribed is expected; any other positive is flagged unexpected.
 */
@Path("/api/v1/medications")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.PRESCRIBER, Roles.NURSE, Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR, Roles.CLINIC_ADMIN,
        Roles.CASE_MANAGER, Roles.EHR_INTEGRATION})
@Tag(name = "Drug screens")
@RetryOnConflict
public class DrugScreenResource {

    static final String SUBSTANCE = "[A-Z0-9]{2,10}";

    public record ScreenOrder(@NotNull @Pattern(regexp = "urine|oral-fluid") String specimen,
                              @NotEmpty @Size(max = 20) List<@NotNull @Pattern(regexp = SUBSTANCE) String> panel) {
    }

    public record Collection(Instant collectedAt) {
    }

    public record ResultEntry(@NotNull @Pattern(regexp = SUBSTANCE) String substanceCode, @NotNull ScreenResult result) {
    }

    public record Results(@NotEmpty @Size(max = 20) List<@NotNull @Valid ResultEntry> results) {
    }

    public record ScreenView(UUID id, UUID patientId, String specimen, List<String> panel, DrugScreen.Status status,
                             Instant orderedAt, Instant collectedAt, Instant resultedAt, Boolean unexpectedPositive,
                             List<SubstanceResult> results, long version) {
    }

    @Inject
    Patients patients;

    @Inject
    CallerContext caller;

    @Inject
    MedicationData data;

    @Inject
    Outbox outbox;

    @Inject
    AuditLog audit;

    @Inject
    Idempotency idempotency;

    @POST
    @Path("patients/{patientId}/drug-screens")
    @Transactional
    @RolesAllowed(Roles.PRESCRIBER)
    @Operation(summary = "Order a drug screen with its panel of substance codes (prescribers); accepts Idempotency-Key")
    public Response order(@PathParam("patientId") UUID patientId, @NotNull @Valid ScreenOrder request,
                          @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        return idempotency.create(idempotencyKey, request, () -> {
            KnownPatient patient = patients.require(patientId);
            DrugScreen s = new DrugScreen();
            s.id = UUID.randomUUID();
            s.clinicId = patient.clinicId;
            s.patientId = patientId;
            s.specimen = request.specimen();
            s.panel = new ArrayList<>(request.panel().stream().distinct().toList());
            s.status = DrugScreen.Status.ORDERED;
            s.orderedBy = caller.requireStaffId();
            s.orderedAt = Instant.now();
            s.persist();
            audit.record(AuditLog.Entry.success(AuditAction.CREATE, "DrugScreen", s.id, patientId, s.clinicId));
            return Response.status(Response.Status.CREATED).entity(view(s)).tag(ETags.of(s.version)).build();
        });
    }

    @POST
    @Path("drug-screens/{id}/collection")
    @Transactional
    @RolesAllowed(Roles.NURSE)
    @Operation(summary = "Record that the specimen was collected (nurses)")
    public Response collect(@PathParam("id") UUID id, @Valid Collection request) {
        DrugScreen s = require(id);
        if (s.status != DrugScreen.Status.ORDERED) {
            throw ProblemException.illegalTransition("DrugScreen", s.status.value(), DrugScreen.Status.COLLECTED.value());
        }
        Instant at = request != null && request.collectedAt() != null ? request.collectedAt() : Instant.now();
        if (at.isAfter(Instant.now().plus(5, ChronoUnit.MINUTES)) || at.isBefore(s.orderedAt.minus(1, ChronoUnit.DAYS))) {
            throw ProblemException.invalid("collectedAt", "must be between the order and now");
        }
        s.status = DrugScreen.Status.COLLECTED;
        s.collectedAt = at;
        s.collectedBy = caller.requireStaffId();
        s.persistAndFlush();
        audit.record(AuditLog.Entry.success(AuditAction.UPDATE, "DrugScreen", s.id, s.patientId, s.clinicId));
        return Response.ok(view(s)).tag(ETags.of(s.version)).build();
    }

    @POST
    @Path("drug-screens/{id}/results")
    @Transactional
    @RolesAllowed(Roles.NURSE)
    @Operation(summary = "Record the results, one per panel substance (nurses)",
            description = "Positives for substances the patient's medications at collection time explain (e.g. BUP on buprenorphine) "
                    + "are expected; any other positive flags the screen unexpected. drug-screen.resulted carries "
                    + "substance codes and flags only.")
    public Response result(@PathParam("id") UUID id, @NotNull @Valid Results request) {
        DrugScreen s = require(id);
        if (s.status != DrugScreen.Status.COLLECTED) {
            throw ProblemException.illegalTransition("DrugScreen", s.status.value(), DrugScreen.Status.RESULTED.value());
        }
        Set<String> given = new HashSet<>();
        for (int i = 0; i < request.results().size(); i++) {
            String code = request.results().get(i).substanceCode();
            if (!s.panel.contains(code)) {
                throw ProblemException.invalid("results[" + i + "].substanceCode", "is not on this screen's panel");
            }
            if (!given.add(code)) {
                throw ProblemException.invalid("results[" + i + "].substanceCode", "appears twice");
            }
        }
        if (!given.containsAll(s.panel)) {
            throw ProblemException.invalid("results", "every panel substance needs a result; missing: "
                    + s.panel.stream().filter(c -> !given.contains(c)).collect(Collectors.joining(", ")));
        }
        Set<String> explained = explainedPositives(s.clinicId, s.patientId, s.collectedAt);
        List<SubstanceResult> results = new ArrayList<>();
        for (ResultEntry entry : request.results()) {
            boolean expected = entry.result() == ScreenResult.NEGATIVE || explained.contains(entry.substanceCode());
            DrugScreenResult r = new DrugScreenResult();
            r.screenId = s.id;
            r.substanceCode = entry.substanceCode();
            r.result = entry.result();
            r.expected = expected;
            r.persist();
            results.add(new SubstanceResult(entry.substanceCode(), entry.result(), expected));
        }
        s.status = DrugScreen.Status.RESULTED;
        s.resultedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        s.resultedBy = caller.requireStaffId();
        s.unexpectedPositive = results.stream().anyMatch(r -> r.result() == ScreenResult.POSITIVE && !r.expected());
        s.persistAndFlush();
        outbox.publish(new DrugScreenResulted(s.id, s.resultedAt, results, s.unexpectedPositive), s.patientId,
                s.clinicId);
        audit.record(AuditLog.Entry.success(AuditAction.UPDATE, "DrugScreen", s.id, s.patientId, s.clinicId));
        return Response.ok(view(s)).tag(ETags.of(s.version)).build();
    }

    @GET
    @Path("drug-screens/{id}")
    @Transactional
    @Operation(summary = "One drug screen with its results")
    public Response get(@PathParam("id") UUID id) {
        DrugScreen s = require(id);
        audit.record(AuditLog.Entry.success(AuditAction.READ, "DrugScreen", s.id, s.patientId, s.clinicId));
        return Response.ok(view(s)).tag(ETags.of(s.version)).build();
    }

    @GET
    @Path("patients/{patientId}/drug-screens")
    @Transactional
    @Operation(summary = "A patient's drug screens, newest first")
    public List<ScreenView> list(@PathParam("patientId") UUID patientId) {
        KnownPatient patient = patients.require(patientId);
        audit.record(AuditLog.Entry.success(AuditAction.READ, "DrugScreen", null, patientId, patient.clinicId));
        return DrugScreen.<DrugScreen>list("clinicId = ?1 and patientId = ?2 order by orderedAt desc", patient.clinicId,
                patientId).stream().map(this::view).toList();
    }

    /**
     * Substances the patient's medications explain in a specimen collected at {@code collectedAt}, on the orders'
     * clinical dates (start, end, discontinuation effective date) and never on when their rows were written: see
     * {@link ScreenExpectation}. Dates are UTC days, as order dates are checked elsewhere in this service.
     */
    private Set<String> explainedPositives(UUID clinicId, UUID patientId, Instant collectedAt) {
        LocalDate collected = LocalDate.ofInstant(collectedAt, ZoneOffset.UTC);
        List<ScreenExpectation.Course> courses = MedicationOrder.<MedicationOrder>list(
                        "clinicId = ?1 and patientId = ?2 and startDate <= ?3", clinicId, patientId, collected).stream()
                .flatMap(o -> data.catalogue().find(o.catalogueId).stream()
                        .map(m -> new ScreenExpectation.Course(Set.copyOf(m.screensAs()), o.startDate, o.endDate,
                                o.discontinuedOn)))
                .toList();
        return ScreenExpectation.explained(courses, collected);
    }

    private DrugScreen require(UUID id) {
        return DrugScreen.<DrugScreen>find("id = ?1 and clinicId = ?2", id, caller.requireClinicId())
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional()
                .orElseThrow(() -> ProblemException.notFound("DrugScreen", id));
    }

    private ScreenView view(DrugScreen s) {
        List<SubstanceResult> results = DrugScreenResult.<DrugScreenResult>list("screenId = ?1 order by substanceCode",
                s.id).stream().map(r -> new SubstanceResult(r.substanceCode, r.result, r.expected)).toList();
        return new ScreenView(s.id, s.patientId, s.specimen, List.copyOf(s.panel), s.status, s.orderedAt,
                s.collectedAt, s.resultedAt, s.unexpectedPositive, results, s.version);
    }
}
