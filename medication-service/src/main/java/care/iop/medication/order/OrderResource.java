package care.iop.medication.order;

import care.iop.common.audit.AuditLog;
import care.iop.common.http.ETags;
import care.iop.common.http.WireEnums;
import care.iop.common.idempotency.Idempotency;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import care.iop.common.security.Roles;
import care.iop.common.transaction.RetryOnConflict;
import care.iop.events.audit.AuditAction;
import care.iop.medication.MedicationData;
import care.iop.medication.Patients;
import care.iop.medication.catalogue.Medication;
import care.iop.medication.order.OrderApi.AllergyRequest;
import care.iop.medication.order.OrderApi.AllergyView;
import care.iop.medication.order.OrderApi.DiscontinueRequest;
import care.iop.medication.order.OrderApi.DischargeDecision;
import care.iop.medication.order.OrderApi.FindingView;
import care.iop.medication.order.OrderApi.HistoryView;
import care.iop.medication.order.OrderApi.OrderRequest;
import care.iop.medication.order.OrderApi.OrderView;
import care.iop.medication.patient.KnownPatient;
import care.iop.medication.safety.Severity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
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
import java.util.List;
import java.util.UUID;

/** Medication orders, allergies, the catalogue, and the discharge-review worklist. */
@Path("/api/v1/medications")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.PRESCRIBER, Roles.NURSE, Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR, Roles.CLINIC_ADMIN,
        Roles.CASE_MANAGER, Roles.EHR_INTEGRATION})
@Tag(name = "Medication orders")
@RetryOnConflict
public class OrderResource {

    @Inject
    OrderService orders;

    @Inject
    Patients patients;

    @Inject
    MedicationData data;

    @Inject
    CallerContext caller;

    @Inject
    Idempotency idempotency;

    @Inject
    AuditLog audit;

    @GET
    @Path("catalogue")
    @Operation(summary = "The medication catalogue: RxNorm code, class, DEA schedule, MAT flag, routes")
    public List<Medication> catalogue() {
        return data.catalogue().all();
    }

    @POST
    @Path("patients/{patientId}/orders")
    @Transactional
    @RolesAllowed(Roles.PRESCRIBER)
    @Operation(summary = "Write a medication order (prescribers)",
            description = "Checked against the patient's active orders and allergies with the versioned rule table. "
                    + "A warning (duplicate therapy, opioid agonist with a benzodiazepine) needs an acknowledgement "
                    + "with a reason; a contraindication (naltrexone with an opioid agonist, an allergy) an override "
                    + "with a reason; otherwise 409 with the findings and nothing is written. Schedule II–IV orders "
                    + "need pdmpCheckedOn within the configured window (422). Accepts Idempotency-Key.")
    public Response prescribe(@PathParam("patientId") UUID patientId, @NotNull @Valid OrderRequest request,
                              @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        return idempotency.create(idempotencyKey, request, () -> {
            OrderService.Written written = orders.prescribe(patientId, request);
            return Response.status(Response.Status.CREATED).entity(view(written.order()))
                    .tag(ETags.of(written.order().version)).build();
        });
    }

    @GET
    @Path("patients/{patientId}/orders")
    @Transactional
    @Operation(summary = "A patient's orders (status active or discontinued; all by default)")
    public List<OrderView> list(@PathParam("patientId") UUID patientId, @QueryParam("status") String status) {
        KnownPatient patient = patients.require(patientId);
        MedicationOrder.Status wanted = WireEnums.parse(MedicationOrder.Status.class, status, "status");
        List<MedicationOrder> found = wanted == null
                ? MedicationOrder.list("clinicId = ?1 and patientId = ?2 order by createdAt", patient.clinicId, patientId)
                : MedicationOrder.list("clinicId = ?1 and patientId = ?2 and status = ?3 order by createdAt",
                patient.clinicId, patientId, wanted);
        audit.record(AuditLog.Entry.success(AuditAction.READ, "MedicationOrder", null, patientId, patient.clinicId));
        return found.stream().map(this::view).toList();
    }

    @GET
    @Path("orders/{id}")
    @Transactional
    @Operation(summary = "One order with its safety findings and history")
    public Response get(@PathParam("id") UUID id) {
        MedicationOrder o = require(id, LockModeType.NONE);
        audit.record(AuditLog.Entry.success(AuditAction.READ, "MedicationOrder", o.id, o.patientId, o.clinicId));
        return Response.ok(view(o)).tag(ETags.of(o.version)).build();
    }

    @POST
    @Path("orders/{id}/discontinue")
    @Transactional
    @RolesAllowed(Roles.PRESCRIBER)
    @Operation(summary = "Discontinue an order with a coded reason (prescribers); honours If-Match")
    public Response discontinue(@PathParam("id") UUID id, @NotNull @Valid DiscontinueRequest request,
                                @HeaderParam(ETags.IF_MATCH) String ifMatch) {
        MedicationOrder o = require(id, LockModeType.PESSIMISTIC_WRITE);
        ETags.check(ifMatch, o.version, false);
        orders.discontinue(o, request.reasonCode(), request.effectiveDate());
        o.persistAndFlush();
        return Response.ok(view(o)).tag(ETags.of(o.version)).build();
    }

    @POST
    @Path("orders/{id}/discharge-review")
    @Transactional
    @RolesAllowed(Roles.PRESCRIBER)
    @Operation(summary = "Decide an active order after the patient's discharge: continued (handed over) or discontinued")
    public Response decide(@PathParam("id") UUID id, @NotNull @Valid DischargeDecision request,
                           @HeaderParam(ETags.IF_MATCH) String ifMatch) {
        MedicationOrder o = require(id, LockModeType.PESSIMISTIC_WRITE);
        ETags.check(ifMatch, o.version, false);
        orders.decideAfterDischarge(o, request.decision(), request.reasonCode());
        o.persistAndFlush();
        return Response.ok(view(o)).tag(ETags.of(o.version)).build();
    }

    @GET
    @Path("discharge-review")
    @Transactional
    @RolesAllowed({Roles.PRESCRIBER, Roles.NURSE, Roles.CLINIC_ADMIN, Roles.CASE_MANAGER})
    @Operation(summary = "Active orders of discharged patients waiting for a prescriber's decision (never stopped silently)")
    public List<OrderView> dischargeReview() {
        UUID clinic = caller.requireClinicId();
        List<MedicationOrder> pending = MedicationOrder.list("clinicId = ?1 and dischargeReview = ?2 order by createdAt",
                clinic, MedicationOrder.DischargeReview.PENDING);
        audit.recordAll(pending.stream().map(o -> AuditLog.Entry.success(AuditAction.READ, "MedicationOrder", o.id,
                o.patientId, clinic)).toList());
        return pending.stream().map(this::view).toList();
    }

    @POST
    @Path("patients/{patientId}/allergies")
    @Transactional
    @RolesAllowed({Roles.PRESCRIBER, Roles.NURSE})
    @Operation(summary = "Record a medication allergy: a catalogue medication id or a whole class",
            description = "Later orders of that medication or class are contraindicated (override with a reason).")
    public Response addAllergy(@PathParam("patientId") UUID patientId, @NotNull @Valid AllergyRequest request) {
        KnownPatient patient = patients.require(patientId);
        boolean known = data.catalogue().find(request.substance()).isPresent() || data.catalogue().all().stream()
                .anyMatch(m -> m.medicationClass().equals(request.substance()));
        if (!known) {
            throw ProblemException.invalid("substance", "is neither a catalogue medication nor a medication class");
        }
        patients.lock(patientId);
        if (Allergy.count("clinicId = ?1 and patientId = ?2 and substance = ?3", patient.clinicId, patientId,
                request.substance()) > 0) {
            throw ProblemException.conflict("This allergy is recorded already");
        }
        Allergy a = new Allergy();
        a.id = UUID.randomUUID();
        a.clinicId = patient.clinicId;
        a.patientId = patientId;
        a.substance = request.substance();
        a.reaction = request.reaction();
        a.severity = request.severity();
        a.recordedBy = caller.requireStaffId();
        a.recordedAt = Instant.now();
        a.persist();
        audit.record(AuditLog.Entry.success(AuditAction.CREATE, "Allergy", a.id, patientId, patient.clinicId));
        return Response.status(Response.Status.CREATED).entity(view(a)).build();
    }

    @GET
    @Path("patients/{patientId}/allergies")
    @Transactional
    @Operation(summary = "A patient's medication allergies")
    public List<AllergyView> allergies(@PathParam("patientId") UUID patientId) {
        KnownPatient patient = patients.require(patientId);
        audit.record(AuditLog.Entry.success(AuditAction.READ, "Allergy", null, patientId, patient.clinicId));
        return Allergy.<Allergy>list("clinicId = ?1 and patientId = ?2 order by recordedAt", patient.clinicId,
                patientId).stream().map(OrderResource::view).toList();
    }

    private MedicationOrder require(UUID id, LockModeType lock) {
        return MedicationOrder.<MedicationOrder>find("id = ?1 and clinicId = ?2", id, caller.requireClinicId())
                .withLock(lock).firstResultOptional().orElseThrow(() -> ProblemException.notFound("Order", id));
    }

    private OrderView view(MedicationOrder o) {
        List<FindingView> findings = SafetyFindingRecord.<SafetyFindingRecord>list("orderId", o.id).stream()
                .map(f -> new FindingView(f.rule, Severity.valueOf(f.severity.toUpperCase()), f.conflictingOrderId,
                        null, f.resolution, f.reasonCode)).toList();
        List<HistoryView> history = OrderHistory.<OrderHistory>list("orderId = ?1 order by at", o.id).stream()
                .map(h -> new HistoryView(h.action, h.at, h.actor, h.reasonCode)).toList();
        return new OrderView(o.id, o.patientId, o.catalogueId, o.rxnorm, o.medicationClass, o.deaSchedule, o.mat,
                o.matProgram, o.dose, o.doseUnit, o.route, o.frequency, o.startDate, o.endDate, o.discontinuedOn,
                o.indication,
                o.prescriberId, o.pdmpCheckedOn, o.status, o.times(), o.administrationZone, o.windowMinutes,
                o.dischargeReview, findings, history, o.version);
    }

    private static AllergyView view(Allergy a) {
        return new AllergyView(a.id, a.substance, a.reaction, a.severity, a.recordedAt);
    }
}
