package care.iop.aftercare.plan;

import care.iop.aftercare.Patients;
import care.iop.common.audit.AuditLog;
import care.iop.common.http.ETags;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import care.iop.common.security.Roles;
import care.iop.common.transaction.RetryOnConflict;
import care.iop.events.audit.AuditAction;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
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

/** The relapse-prevention plan: versioned, and printable for the patient to take home. */
@Path("/api/v1/aftercare")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.CASE_MANAGER, Roles.CLINIC_ADMIN, Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR, Roles.PRESCRIBER,
        Roles.NURSE, Roles.EHR_INTEGRATION})
@Tag(name = "Relapse-prevention plans")
@RetryOnConflict
public class RelapsePreventionPlanResource {

    public record PlanView(int version, PlanContent content, UUID createdBy, Instant createdAt) {
        static PlanView of(RelapsePreventionPlan p) {
            return new PlanView(p.planVersion, p.content, p.createdBy, p.createdAt);
        }
    }

    @Inject
    Patients patients;

    @Inject
    CallerContext caller;

    @Inject
    AuditLog audit;

    @PUT
    @Path("patients/{patientId}/relapse-prevention-plan")
    @Transactional
    @RolesAllowed({Roles.CASE_MANAGER, Roles.CLINIC_ADMIN})
    @Operation(summary = "Save a new version of the patient's relapse-prevention plan",
            description = "Triggers, warning signs, coping strategies, people to call, crisis plan, accountability "
                    + "partners. Every version is kept. Revising needs If-Match with the current version's ETag (428 "
                    + "without, 412 when stale).")
    public Response save(@PathParam("patientId") UUID patientId, @NotNull @Valid PlanContent content,
                         @HeaderParam(ETags.IF_MATCH) String ifMatch) {
        UUID clinic = patients.requireInClinic(patientId);
        RelapsePreventionPlan current = current(clinic, patientId);
        if (current != null) {
            ETags.check(ifMatch, current.planVersion, true);
        }
        RelapsePreventionPlan p = new RelapsePreventionPlan();
        p.id = UUID.randomUUID();
        p.clinicId = clinic;
        p.patientId = patientId;
        p.planVersion = current == null ? 1 : current.planVersion + 1;
        p.content = content;
        p.createdBy = caller.requireStaffId();
        p.createdAt = Instant.now();
        p.persistAndFlush();
        audit.record(AuditLog.Entry.success(current == null ? AuditAction.CREATE : AuditAction.UPDATE,
                "RelapsePreventionPlan", p.id, patientId, clinic));
        return Response.status(current == null ? Response.Status.CREATED : Response.Status.OK).entity(PlanView.of(p))
                .tag(ETags.of(p.planVersion)).build();
    }

    @GET
    @Path("patients/{patientId}/relapse-prevention-plan")
    @Transactional
    @Operation(summary = "The current relapse-prevention plan")
    public Response get(@PathParam("patientId") UUID patientId) {
        UUID clinic = patients.requireInClinic(patientId);
        RelapsePreventionPlan p = require(clinic, patientId);
        audit.record(AuditLog.Entry.success(AuditAction.READ, "RelapsePreventionPlan", p.id, patientId, clinic));
        return Response.ok(PlanView.of(p)).tag(ETags.of(p.planVersion)).build();
    }

    @GET
    @Path("patients/{patientId}/relapse-prevention-plan/versions")
    @Transactional
    @Operation(summary = "Every version of the plan, oldest first")
    public List<PlanView> versions(@PathParam("patientId") UUID patientId) {
        UUID clinic = patients.requireInClinic(patientId);
        audit.record(AuditLog.Entry.success(AuditAction.READ, "RelapsePreventionPlan", null, patientId, clinic));
        return RelapsePreventionPlan.<RelapsePreventionPlan>list("clinicId = ?1 and patientId = ?2 order by planVersion",
                clinic, patientId).stream().map(PlanView::of).toList();
    }

    @GET
    @Path("patients/{patientId}/relapse-prevention-plan/print")
    @Produces(MediaType.TEXT_HTML)
    @Transactional
    @Operation(summary = "The current plan as a printable page to share with the patient (audited as an export)")
    public String print(@PathParam("patientId") UUID patientId) {
        UUID clinic = patients.requireInClinic(patientId);
        RelapsePreventionPlan p = require(clinic, patientId);
        audit.record(AuditLog.Entry.success(AuditAction.EXPORT, "RelapsePreventionPlan", p.id, patientId, clinic));
        return PrintablePlan.html(p);
    }

    private static RelapsePreventionPlan current(UUID clinic, UUID patientId) {
        return RelapsePreventionPlan.<RelapsePreventionPlan>find("clinicId = ?1 and patientId = ?2 order by "
                + "planVersion desc", clinic, patientId).firstResult();
    }

    private static RelapsePreventionPlan require(UUID clinic, UUID patientId) {
        RelapsePreventionPlan p = current(clinic, patientId);
        if (p == null) {
            throw ProblemException.notFound("Relapse-prevention plan of patient", patientId);
        }
        return p;
    }
}
