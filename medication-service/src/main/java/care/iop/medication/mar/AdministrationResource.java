package care.iop.medication.mar;

import care.iop.common.audit.AuditLog;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import care.iop.common.security.Roles;
import care.iop.common.transaction.RetryOnConflict;
import care.iop.events.audit.AuditAction;
import care.iop.medication.Patients;
import care.iop.medication.order.MedicationOrder;
import care.iop.medication.order.OrderApi;
import care.iop.medication.order.OrderHistory;
import care.iop.medication.patient.KnownPatient;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** Dose administration (nurses) and what it adds up to: the MAR and adherence. */
@Path("/api/v1/medications")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.PRESCRIBER, Roles.NURSE, Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR, Roles.CLINIC_ADMIN,
        Roles.CASE_MANAGER, Roles.EHR_INTEGRATION})
@Tag(name = "Dose administration")
@RetryOnConflict
public class AdministrationResource {

    public record AdministrationRequest(@NotNull Administration.Outcome outcome, Instant scheduledFor,
                                        Instant administeredAt,
                                        @DecimalMin(value = "0", inclusive = false) @DecimalMax("100000") BigDecimal dose,
                                        @Pattern(regexp = "mg|mcg|g|mL|tablet|film|patch|piece|spray|unit") String doseUnit,
                                        @Size(max = 40) @Pattern(regexp = "[A-Za-z0-9-]{1,40}") String lot,
                                        @Min(0) @Max(AdministrationService.MAX_TAKE_HOME_DOSES) Integer takeHomeDoses,
                                        @Pattern(regexp = OrderApi.CODE) String reasonCode) {
    }

    public record AdministrationView(UUID id, UUID orderId, Instant scheduledFor, Administration.Outcome outcome,
                                     Instant administeredAt, BigDecimal dose, String doseUnit, String lot,
                                     int takeHomeDoses, String reasonCode, UUID recordedBy, Instant recordedAt) {
        static AdministrationView of(Administration a) {
            return new AdministrationView(a.id, a.orderId, a.scheduledFor, a.outcome, a.administeredAt, a.dose,
                    a.doseUnit, a.lot, a.takeHomeDoses, a.reasonCode, a.recordedBy, a.recordedAt);
        }
    }

    public record Adherence(UUID orderId, String medicationId, long scheduled, long administered, long refused,
                            long held, long missed, BigDecimal adherencePercent, long takeHomeDoses) {
    }

    @Inject
    AdministrationService administrations;

    @Inject
    Patients patients;

    @Inject
    CallerContext caller;

    @Inject
    AuditLog audit;

    @POST
    @Path("orders/{id}/administrations")
    @Transactional
    @RolesAllowed(Roles.NURSE)
    @Operation(summary = "Record a dose: administered, refused or held (nurses)",
            description = "An injectable needs its lot number; take-home doses go with an administered dose of a "
                    + "MAT-program order. A dose given within a scheduled time's window answers that scheduled dose; "
                    + "a scheduled dose is recorded once (409).")
    public Response record(@PathParam("id") UUID orderId, @NotNull @Valid AdministrationRequest r) {
        MedicationOrder o = MedicationOrder.<MedicationOrder>find("id = ?1 and clinicId = ?2", orderId,
                        caller.requireClinicId()).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional()
                .orElseThrow(() -> ProblemException.notFound("Order", orderId));
        Administration a = administrations.record(o, new AdministrationService.Entry(r.outcome(), r.scheduledFor(),
                r.administeredAt(), r.dose(), r.doseUnit(), r.lot(), r.takeHomeDoses() == null ? 0 : r.takeHomeDoses(),
                r.reasonCode()));
        return Response.status(Response.Status.CREATED).entity(AdministrationView.of(a)).build();
    }

    @GET
    @Path("patients/{patientId}/administrations")
    @Transactional
    @Operation(summary = "A patient's medication administration record between two dates (default the last 7 days)")
    public List<AdministrationView> mar(@PathParam("patientId") UUID patientId, @QueryParam("from") LocalDate from,
                                        @QueryParam("to") LocalDate to) {
        KnownPatient patient = patients.require(patientId);
        Instant[] range = range(from, to);
        audit.record(AuditLog.Entry.success(AuditAction.READ, "Administration", null, patientId, patient.clinicId));
        return Administration.<Administration>list("clinicId = ?1 and patientId = ?2 and "
                        + "coalesce(scheduledFor, recordedAt) >= ?3 and coalesce(scheduledFor, recordedAt) < ?4 "
                        + "order by coalesce(scheduledFor, recordedAt)", patient.clinicId, patientId, range[0], range[1])
                .stream().map(AdministrationView::of).toList();
    }

    @GET
    @Path("patients/{patientId}/adherence")
    @Transactional
    @Operation(summary = "Adherence per order over a window: scheduled doses against administered, refused, held, missed",
            description = "Counts scheduled doses whose time has come; default the last 30 days.")
    public List<Adherence> adherence(@PathParam("patientId") UUID patientId, @QueryParam("from") LocalDate from,
                                     @QueryParam("to") LocalDate to) {
        KnownPatient patient = patients.require(patientId);
        Instant[] range = range(from != null ? from : LocalDate.now(ZoneOffset.UTC).minusDays(29), to);
        Instant until = range[1].isAfter(Instant.now()) ? Instant.now() : range[1];
        List<MedicationOrder> orders = MedicationOrder.list("clinicId = ?1 and patientId = ?2 and "
                + "administrationTimes is not null order by createdAt", patient.clinicId, patientId);
        audit.record(AuditLog.Entry.success(AuditAction.READ, "Administration", null, patientId, patient.clinicId));
        return orders.stream().map(o -> {
            // Only doses that were this order's to give: from its writing (an early dose within the window
            // counts) until it was stopped.
            Instant start = later(range[0], o.createdAt.minus(AdministrationService.window(o)));
            Instant end = OrderHistory.<OrderHistory>find("orderId = ?1 and action = 'discontinued'", o.id)
                    .firstResultOptional().map(h -> earlier(until, h.at)).orElse(until);
            List<Instant> slots = AdministrationService.slots(o, start.minusSeconds(1), end);
            Map<Administration.Outcome, Long> counts = Administration.<Administration>list(
                            "orderId = ?1 and scheduledFor >= ?2 and scheduledFor <= ?3", o.id, start, end).stream()
                    .collect(Collectors.groupingBy(a -> a.outcome, Collectors.counting()));
            long administered = counts.getOrDefault(Administration.Outcome.ADMINISTERED, 0L);
            long takeHome = Administration.<Administration>list("orderId = ?1 and recordedAt >= ?2 and recordedAt < ?3",
                    o.id, range[0], range[1]).stream().mapToLong(a -> a.takeHomeDoses).sum();
            BigDecimal percent = slots.isEmpty() ? null : BigDecimal.valueOf(administered * 100)
                    .divide(BigDecimal.valueOf(slots.size()), 1, RoundingMode.HALF_UP);
            return new Adherence(o.id, o.catalogueId, slots.size(), administered,
                    counts.getOrDefault(Administration.Outcome.REFUSED, 0L),
                    counts.getOrDefault(Administration.Outcome.HELD, 0L),
                    counts.getOrDefault(Administration.Outcome.MISSED, 0L), percent, takeHome);
        }).toList();
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /** [from 00:00 UTC, day after to 00:00 UTC); defaults to the last 7 days. */
    private static Instant[] range(LocalDate from, LocalDate to) {
        LocalDate last = to != null ? to : LocalDate.now(ZoneOffset.UTC);
        LocalDate first = from != null ? from : last.minusDays(6);
        if (first.isAfter(last) || first.plusDays(366).isBefore(last)) {
            throw ProblemException.invalid("from", "must be on or before to and at most a year earlier");
        }
        return new Instant[] {first.atStartOfDay(ZoneOffset.UTC).toInstant(),
                last.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()};
    }
}
