package care.iop.medication.reconciliation;

import care.iop.common.audit.AuditLog;
import care.iop.common.idempotency.Idempotency;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import care.iop.common.security.Roles;
import care.iop.common.transaction.RetryOnConflict;
import care.iop.events.audit.AuditAction;
import care.iop.medication.MedicationData;
import care.iop.medication.Patients;
import care.iop.medication.order.OrderApi;
import care.iop.medication.patient.KnownPatient;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
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
import java.util.List;
import java.util.UUID;

/** Admission medication reconciliation: the home medication list with a prescriber's decision on each. */
@Path("/api/v1/medications")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.PRESCRIBER, Roles.NURSE, Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR, Roles.CLINIC_ADMIN,
        Roles.CASE_MANAGER, Roles.EHR_INTEGRATION})
@Tag(name = "Medication reconciliation")
@RetryOnConflict
public class ReconciliationResource {

    public record HomeMedication(@NotBlank @Size(max = 200) String medication,
                                 @Pattern(regexp = OrderApi.CODE) String catalogueId, @Size(max = 200) String doseText,
                                 @NotNull ReconciliationItem.Decision decision, @Size(max = 1000) String note) {
    }

    public record ReconciliationRequest(@NotEmpty @Size(max = 60) List<@NotNull @Valid HomeMedication> items) {
    }

    public record ReconciliationView(UUID id, UUID patientId, UUID completedBy, Instant completedAt,
                                     List<HomeMedication> items) {
    }

    @Inject
    Patients patients;

    @Inject
    CallerContext caller;

    @Inject
    MedicationData data;

    @Inject
    AuditLog audit;

    @Inject
    Idempotency idempotency;

    @POST
    @Path("patients/{patientId}/reconciliations")
    @Transactional
    @RolesAllowed(Roles.PRESCRIBER)
    @Operation(summary = "Complete a medication reconciliation (prescribers): continue, stop or change each home medication",
            description = "Accepts Idempotency-Key. Continued or changed medications are ordered separately.")
    public Response complete(@PathParam("patientId") UUID patientId, @NotNull @Valid ReconciliationRequest request,
                             @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        return idempotency.create(idempotencyKey, request, () -> {
            KnownPatient patient = patients.require(patientId);
            for (int i = 0; i < request.items().size(); i++) {
                String id = request.items().get(i).catalogueId();
                if (id != null && data.catalogue().find(id).isEmpty()) {
                    throw ProblemException.invalid("items[" + i + "].catalogueId", "is not in the catalogue");
                }
            }
            Reconciliation r = new Reconciliation();
            r.id = UUID.randomUUID();
            r.clinicId = patient.clinicId;
            r.patientId = patientId;
            r.completedBy = caller.requireStaffId();
            r.completedAt = Instant.now();
            r.persist();
            for (HomeMedication m : request.items()) {
                ReconciliationItem item = new ReconciliationItem();
                item.id = UUID.randomUUID();
                item.reconciliationId = r.id;
                item.medication = m.medication();
                item.catalogueId = m.catalogueId();
                item.doseText = m.doseText();
                item.decision = m.decision();
                item.note = m.note();
                item.persist();
            }
            audit.record(AuditLog.Entry.success(AuditAction.CREATE, "Reconciliation", r.id, patientId, r.clinicId));
            return Response.status(Response.Status.CREATED).entity(view(r)).build();
        });
    }

    @GET
    @Path("patients/{patientId}/reconciliations")
    @Transactional
    @Operation(summary = "A patient's reconciliations, newest first")
    public List<ReconciliationView> list(@PathParam("patientId") UUID patientId) {
        KnownPatient patient = patients.require(patientId);
        audit.record(AuditLog.Entry.success(AuditAction.READ, "Reconciliation", null, patientId, patient.clinicId));
        return Reconciliation.<Reconciliation>list("clinicId = ?1 and patientId = ?2 order by completedAt desc",
                patient.clinicId, patientId).stream().map(ReconciliationResource::view).toList();
    }

    private static ReconciliationView view(Reconciliation r) {
        List<HomeMedication> items = ReconciliationItem.<ReconciliationItem>list("reconciliationId", r.id).stream()
                .map(i -> new HomeMedication(i.medication, i.catalogueId, i.doseText, i.decision, i.note)).toList();
        return new ReconciliationView(r.id, r.patientId, r.completedBy, r.completedAt, items);
    }
}
