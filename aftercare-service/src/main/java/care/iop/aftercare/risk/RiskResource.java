package care.iop.aftercare.risk;

import care.iop.aftercare.Patients;
import care.iop.common.audit.AuditLog;
import care.iop.common.http.ETags;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import care.iop.common.security.Roles;
import care.iop.common.transaction.RetryOnConflict;
import care.iop.events.aftercare.RiskFactor;
import care.iop.events.audit.AuditAction;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Relapse risk: a patient's score with its contributing factors, the rule table, and acknowledging flags. */
@Path("/api/v1/aftercare")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.CASE_MANAGER, Roles.CLINIC_ADMIN, Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR, Roles.PRESCRIBER,
        Roles.NURSE, Roles.EHR_INTEGRATION})
@Tag(name = "Relapse risk")
@RetryOnConflict
public class RiskResource {

    public record RiskView(UUID patientId, BigDecimal score, BigDecimal threshold, String ruleVersion,
                           int decayDays, List<RiskFactor> factors, FlagView openFlag) {
    }

    public record FlagView(UUID id, BigDecimal score, BigDecimal threshold, String ruleVersion, List<RiskFactor> factors,
                           Instant flaggedAt, RiskFlag.Status status, UUID acknowledgedBy, Instant acknowledgedAt,
                           String actionCode, long version) {
        static FlagView of(RiskFlag f) {
            return f == null ? null : new FlagView(f.id, f.score, f.threshold, f.ruleVersion, f.factors, f.flaggedAt,
                    f.status, f.acknowledgedBy, f.acknowledgedAt, f.actionCode, f.version);
        }
    }

    public record Acknowledgement(@NotNull @Pattern(regexp = "[a-z0-9][a-z0-9.-]{0,63}") String actionCode) {
    }

    @Inject
    RiskService risk;

    @Inject
    Patients patients;

    @Inject
    CallerContext caller;

    @Inject
    AuditLog audit;

    @GET
    @Path("risk-rules")
    @Operation(summary = "The relapse-risk rule table: factors, weights, decay window, threshold, version")
    public List<RiskRules.Factor> rules() {
        return risk.rules().factors();
    }

    @GET
    @Path("patients/{patientId}/relapse-risk")
    @Transactional
    @Operation(summary = "A patient's current relapse-risk score with each contributing factor and weight")
    public RiskView patientRisk(@PathParam("patientId") UUID patientId) {
        UUID clinic = patients.requireInClinic(patientId);
        RiskRules.Score score = risk.current(clinic, patientId);
        RiskFlag open = RiskFlag.<RiskFlag>find("clinicId = ?1 and patientId = ?2 and status = ?3", clinic, patientId,
                RiskFlag.Status.OPEN).firstResult();
        audit.record(AuditLog.Entry.success(AuditAction.READ, "RelapseRisk", null, patientId, clinic));
        return new RiskView(patientId, score.total(), risk.rules().threshold(), risk.rules().version(),
                (int) risk.rules().decay().toDays(), score.factors(), FlagView.of(open));
    }

    @POST
    @Path("risk-flags/{id}/acknowledge")
    @Transactional
    @RolesAllowed({Roles.CASE_MANAGER, Roles.CLINIC_ADMIN})
    @Operation(summary = "Acknowledge a flag with the action taken (case managers); it leaves the worklist",
            description = "Honours If-Match. A later crossing of the threshold flags the patient again.")
    public Response acknowledge(@PathParam("id") UUID id, @NotNull @Valid Acknowledgement a,
                                @HeaderParam(ETags.IF_MATCH) String ifMatch) {
        RiskFlag f = RiskFlag.<RiskFlag>find("id = ?1 and clinicId = ?2", id, caller.requireClinicId())
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional()
                .orElseThrow(() -> ProblemException.notFound("RiskFlag", id));
        ETags.check(ifMatch, f.version, false);
        if (f.status != RiskFlag.Status.OPEN) {
            throw ProblemException.illegalTransition("RiskFlag", f.status.value(), RiskFlag.Status.ACKNOWLEDGED.value());
        }
        f.status = RiskFlag.Status.ACKNOWLEDGED;
        f.acknowledgedBy = caller.requireStaffId();
        f.acknowledgedAt = Instant.now();
        f.actionCode = a.actionCode();
        f.persistAndFlush();
        audit.record(AuditLog.Entry.success(AuditAction.UPDATE, "RiskFlag", f.id, f.patientId, f.clinicId));
        return Response.ok(FlagView.of(f)).tag(ETags.of(f.version)).build();
    }
}
