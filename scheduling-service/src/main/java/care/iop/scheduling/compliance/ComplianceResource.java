package care.iop.scheduling.compliance;

import care.iop.common.audit.AuditLog;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import care.iop.common.security.Roles;
import care.iop.common.transaction.RetryOnConflict;
import care.iop.events.audit.AuditAction;
import care.iop.events.scheduling.ComplianceStatus;
import care.iop.scheduling.enrollment.Enrollment;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Weekly hours compliance per patient, and the staff worklist of patients slipping away. */
@Path("/api/v1/scheduling")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.SCHEDULER, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION, Roles.CLINICIAN,
        Roles.CLINICAL_SUPERVISOR, Roles.CASE_MANAGER})
@Tag(name = "Attendance compliance")
@RetryOnConflict
public class ComplianceResource {

    /** Consecutive unexcused absences that put a patient on the worklist. */
    static final int MISSED_STREAK = 2;
    /** Non-compliant weeks this recent (weeks before the current one) put a patient on the worklist. */
    static final int RECENT_WEEKS = 2;

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
    CallerContext caller;

    @Inject
    AuditLog audit;

    @GET
    @Path("patients/{patientId}/compliance")
    @Transactional
    @Operation(summary = "A patient's weekly hours against the track target, newest week first",
            description = "Scheduled and attended hours per week with status compliant, at-risk (scheduled below "
                    + "target) or non-compliant (attended below target). from/to are week dates; default the last 8 weeks.")
    public List<WeekView> patientCompliance(@PathParam("patientId") UUID patientId, @QueryParam("from") LocalDate from,
                                            @QueryParam("to") LocalDate to) {
        UUID clinic = caller.requireClinicId();
        if (Enrollment.count("clinicId = ?1 and patientId = ?2", clinic, patientId) == 0) {
            throw ProblemException.notFound("Patient", patientId);
        }
        LocalDate last = ComplianceService.weekStart(to != null ? to : LocalDate.now().plusWeeks(1));
        LocalDate first = ComplianceService.weekStart(from != null ? from : last.minusWeeks(8));
        if (first.isAfter(last) || first.plusWeeks(53).isBefore(last)) {
            throw ProblemException.invalid("from", "must be on or before to and at most a year earlier");
        }
        audit.record(AuditLog.Entry.success(AuditAction.READ, "AttendanceCompliance", patientId, patientId, clinic));
        return ComplianceWeek.<ComplianceWeek>list("clinicId = ?1 and patientId = ?2 and weekStart between ?3 and ?4 "
                + "order by weekStart desc", clinic, patientId, first, last).stream().map(WeekView::of).toList();
    }

    @GET
    @Path("worklist")
    @Transactional
    @Operation(summary = "Patients to follow up: 2+ consecutive unexcused absences or a recent non-compliant week",
            description = "Running enrollments of the caller's clinic only.")
    public List<WorklistItem> worklist() {
        UUID clinic = caller.requireClinicId();
        LocalDate since = ComplianceService.weekStart(LocalDate.now()).minusWeeks(RECENT_WEEKS);
        Map<UUID, List<WeekView>> weeks = new LinkedHashMap<>();
        ComplianceWeek.<ComplianceWeek>list("clinicId = ?1 and status = ?2 and weekStart >= ?3 order by weekStart",
                        clinic, ComplianceStatus.NON_COMPLIANT, since)
                .forEach(w -> weeks.computeIfAbsent(w.enrollmentId, k -> new ArrayList<>()).add(WeekView.of(w)));
        List<Enrollment> running = Enrollment.list("clinicId = ?1 and status = ?2 and (consecutiveUnexcused >= ?3 "
                + "or id in ?4) order by patientId", clinic, Enrollment.Status.ACTIVE, MISSED_STREAK,
                weeks.isEmpty() ? List.of(new UUID(0, 0)) : List.copyOf(weeks.keySet()));
        List<WorklistItem> items = running.stream().map(e -> {
            List<String> reasons = new ArrayList<>();
            if (e.consecutiveUnexcused >= MISSED_STREAK) {
                reasons.add("consecutive-unexcused-absences");
            }
            List<WeekView> bad = weeks.getOrDefault(e.id, List.of());
            if (!bad.isEmpty()) {
                reasons.add("non-compliant-week");
            }
            return new WorklistItem(e.patientId, e.id, e.trackId, reasons, e.consecutiveUnexcused, bad);
        }).toList();
        audit.recordAll(items.stream().map(i -> AuditLog.Entry.success(AuditAction.READ, "AttendanceCompliance",
                i.enrollmentId(), i.patientId(), clinic)).toList());
        return items;
    }
}
