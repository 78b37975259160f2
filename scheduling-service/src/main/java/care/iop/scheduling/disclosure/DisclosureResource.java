package care.iop.scheduling.disclosure;

import care.iop.common.disclosure.Disclosures;
import care.iop.common.disclosure.Disclosures.Disclosure;
import care.iop.common.security.Roles;
import care.iop.common.transaction.RetryOnConflict;
import care.iop.events.intake.ConsentCategory;
import care.iop.events.scheduling.ComplianceStatus;
import care.iop.scheduling.compliance.ComplianceService;
import care.iop.scheduling.compliance.ComplianceWeek;
import care.iop.scheduling.enrollment.Enrollment;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** What scheduling discloses to a partner with the patient's consent: enrollments and weekly attendance. */
@Path("/api/v1/scheduling/disclosures/patients/{patientId}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Partner disclosures (42 CFR Part 2)")
@RolesAllowed(Roles.PARTNER)
@RetryOnConflict
public class DisclosureResource {

    /** Minimum necessary: the program track and its dates, no internal ids, no end reason or absences detail. */
    public record EnrollmentSummary(String trackCode, Enrollment.Status status, LocalDate startDate,
                                    LocalDate endDate) {
    }

    /** One week's hours against the track's target (Monday to Sunday, clinic time). */
    public record AttendanceWeek(String trackCode, LocalDate weekStart, BigDecimal scheduledHours,
                                 BigDecimal attendedHours, BigDecimal targetHours, ComplianceStatus status) {
    }

    public record EnrollmentAttendance(List<EnrollmentSummary> enrollments, List<AttendanceWeek> weeks) {
    }

    @Inject
    Disclosures disclosures;

    @GET
    @Path("enrollment-attendance")
    @Operation(summary = "Enrollments and weekly attendance compliance, if the patient consented to disclose them "
            + "to this partner", description = "403 without an active consent for enrollment-attendance naming the "
            + "partner; the answer carries the 42 CFR §2.32 notice. Weeks are newest first.")
    public Disclosure<EnrollmentAttendance> enrollmentAttendance(@PathParam("patientId") UUID patientId) {
        return disclosures.disclose(patientId, ConsentCategory.ENROLLMENT_ATTENDANCE, "EnrollmentAttendance",
                clinic -> {
                    List<Enrollment> enrollments = Enrollment.list(
                            "clinicId = ?1 and patientId = ?2 order by startDate desc, createdAt desc", clinic,
                            patientId);
                    Map<UUID, String> tracks = enrollments.stream()
                            .collect(Collectors.toMap(e -> e.id, e -> e.trackCode, (a, b) -> a));
                    List<AttendanceWeek> weeks = ComplianceWeek.<ComplianceWeek>list(
                                    "clinicId = ?1 and patientId = ?2 order by weekStart desc", clinic, patientId)
                            .stream().map(w -> new AttendanceWeek(tracks.get(w.enrollmentId), w.weekStart,
                                    ComplianceService.hours(w.scheduledMinutes),
                                    ComplianceService.hours(w.attendedMinutes),
                                    ComplianceService.hours(w.targetMinutes), w.status))
                            .toList();
                    return new EnrollmentAttendance(enrollments.stream().map(e -> new EnrollmentSummary(e.trackCode,
                            e.status, e.startDate, e.endDate)).toList(), weeks);
                });
    }
}
