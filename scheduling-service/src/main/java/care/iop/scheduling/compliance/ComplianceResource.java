package care.iop.scheduling.compliance;

import care.iop.common.security.Roles;
import care.iop.events.scheduling.ComplianceStatus;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Weekly hours compliance per patient, and the staff worklist of patients slipping away. */
@Path("/api/v1/scheduling")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.SCHEDULER, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION, Roles.CLINICIAN,
        Roles.CLINICAL_SUPERVISOR, Roles.CASE_MANAGER})
@Tag(name = "Attendance compliance")
public class ComplianceResource {

    public record WeekView(UUID enrollmentId, LocalDate weekStart, ComplianceStatus status, BigDecimal scheduledHours,
                           BigDecimal attendedHours, BigDecimal targetHours, boolean closed) {
        static WeekView of(ComplianceWeek w) {
            return new WeekView(w.enrollmentId, w.weekStart, w.status, ComplianceService.hours(w.scheduledMinutes),
                    ComplianceService.hours(w.attendedMinutes), ComplianceService.hours(w.targetMinutes), w.closed);
        }
    }

    public record WorklistItem(UUID patientId, UUID enrollmentId, UUID trackId, List<String> reasons,
                               int consecutiveUnexcusedAbsences, List<WeekView> nonCompliantWeeks) {
    }

    @Inject
    ComplianceService compliance;

    @GET
    @Path("patients/{patientId}/compliance")
    @Operation(summary = "A patient's weekly hours against the track target, newest week first",
            description = "Scheduled and attended hours per week with status compliant, at-risk (scheduled below "
                    + "target) or non-compliant (attended below target). from/to are week dates; default the last 8 weeks.")
    public List<WeekView> patientCompliance(@PathParam("patientId") UUID patientId, @QueryParam("from") LocalDate from,
                                            @QueryParam("to") LocalDate to) {
        return compliance.patientWeeks(patientId, from, to).stream().map(WeekView::of).toList();
    }

    @GET
    @Path("worklist")
    @Operation(summary = "Patients to follow up: 2+ consecutive unexcused absences or a recent non-compliant week",
            description = "Running enrollments of the caller's clinic only.")
    public List<WorklistItem> worklist() {
        return compliance.worklist().stream().map(i -> new WorklistItem(i.enrollment().patientId, i.enrollment().id,
                i.enrollment().trackId, i.reasons(), i.enrollment().consecutiveUnexcused,
                i.nonCompliantWeeks().stream().map(WeekView::of).toList())).toList();
    }
}
