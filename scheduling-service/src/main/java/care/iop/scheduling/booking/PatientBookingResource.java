package care.iop.scheduling.booking;

import care.iop.common.security.Roles;
import care.iop.events.scheduling.SessionKind;
import care.iop.scheduling.session.SessionStatus;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One patient's bookings across sessions, with attendance once recorded. HTTP only: {@link BookingService}. */
@Path("/api/v1/scheduling/patients/{patientId}/bookings")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Bookings and attendance")
public class PatientBookingResource {

    /** A booking with the facts of its session that say what it was (no facilitators, no room). */
    public record PatientBookingView(UUID id, UUID sessionId, UUID enrollmentId, SessionKind kind,
                                     Instant startsAt, Instant endsAt, SessionStatus sessionStatus,
                                     BookingStatus status, Attendance attendance, Integer minutesAttended,
                                     Instant recordedAt) {
        static PatientBookingView of(Visit v) {
            return new PatientBookingView(v.bookingId(), v.sessionId(), v.enrollmentId(), v.kind(), v.startsAt(),
                    v.endsAt(), v.sessionStatus(), v.status(), v.attendance(), v.minutesAttended(), v.recordedAt());
        }
    }

    @Inject
    BookingService bookings;

    @GET
    @RolesAllowed({Roles.SCHEDULER, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION, Roles.CLINICIAN,
            Roles.CLINICAL_SUPERVISOR})
    @Operation(summary = "A patient's bookings in session order, with attendance once recorded",
            description = "Every booking of the patient in the caller's clinic (waitlisted and cancelled too), each "
                    + "audited as read. 404 for a patient the clinic does not know.")
    public List<PatientBookingView> ofPatient(@PathParam("patientId") UUID patientId) {
        return bookings.ofPatient(patientId).stream().map(PatientBookingView::of).toList();
    }
}
