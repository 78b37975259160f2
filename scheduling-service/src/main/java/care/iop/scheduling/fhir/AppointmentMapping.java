package care.iop.scheduling.fhir;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import care.iop.common.fhir.Part2Labels;
import care.iop.scheduling.booking.BookingStatus;
import care.iop.scheduling.booking.Visit;
import care.iop.scheduling.session.SessionStatus;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Appointment.AppointmentStatus;
import org.hl7.fhir.r4.model.Appointment.ParticipantRequired;
import org.hl7.fhir.r4.model.Appointment.ParticipationStatus;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Reference;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.TimeZone;

/**
 * A booking as a plain R4 Appointment (US Core has no Appointment profile): one patient's place in one session —
 * an individual or family visit, or a seat in a group. The id is the booking's.
 *
 * <ul>
 *   <li>status: the booking's, whose values are named after FHIR's (booked, waitlist, checked-in, fulfilled, noshow,
 *   cancelled); {@code entered-in-error} when the session was.</li>
 *   <li>cancelationReason: the reason code a cancelled booking was cancelled with. Not on a no-show: R4's invariant
 *   app-4 tests for status {@code 'no-show'}, a code that does not exist ({@code noshow} does), so a no-show with a
 *   reason fails validation; the Encounter carries the attendance instead.</li>
 *   <li>serviceType: the session kind; start, end, minutesDuration: the session's time.</li>
 *   <li>participant: the patient (accepted; tentative on the waitlist — a cancellation is the
 *   appointment's status, since the booking does not say who cancelled) and the facilitators
 *   as Practitioner references (accepted), the first as primary performer.</li>
 * </ul>
 */
final class AppointmentMapping {

    /** The reason codes bookings are cancelled with (a caller's code, or session-cancelled, enrollment-ended). */
    static final String CANCELLATION_REASON = "urn:iop:cancellation-reason";

    private AppointmentMapping() {
    }

    static Appointment toFhir(Visit v) {
        String version = Long.toString(v.version());
        Appointment a = new Appointment();
        a.setId(new IdType("Appointment", v.bookingId().toString(), version));
        a.getMeta().setVersionId(version);
        Part2Labels.label(a);
        a.addIdentifier().setSystem(SessionCodes.BOOKING).setValue(v.bookingId().toString());
        AppointmentStatus status = status(v);
        a.setStatus(status);
        if (status == AppointmentStatus.CANCELLED && v.statusReason() != null) {
            a.setCancelationReason(new CodeableConcept(new Coding(CANCELLATION_REASON, v.statusReason(), null))
                    .setText(v.statusReason()));
        }
        a.addServiceType(SessionCodes.sessionKind(v.kind()));
        a.setDescription(SessionCodes.title(v.kind()));
        a.setStartElement(instant(v.startsAt(), v.zone()));
        a.setEndElement(instant(v.endsAt(), v.zone()));
        a.setMinutesDuration((int) Duration.between(v.startsAt(), v.endsAt()).toMinutes());
        if (v.createdAt() != null) {
            a.setCreated(Date.from(v.createdAt()));
        }
        a.addParticipant().setActor(new Reference("Patient/" + v.patientId()))
                .setRequired(ParticipantRequired.REQUIRED).setStatus(patientStatus(v.status()));
        for (int i = 0; i < v.facilitatorIds().size(); i++) {
            a.addParticipant().addType(EncounterMapping.participantType(i == 0))
                    .setActor(new Reference("Practitioner/" + v.facilitatorIds().get(i)))
                    .setRequired(ParticipantRequired.REQUIRED).setStatus(ParticipationStatus.ACCEPTED);
        }
        return a;
    }

    static AppointmentStatus status(Visit v) {
        if (v.sessionStatus() == SessionStatus.ENTERED_IN_ERROR) {
            return AppointmentStatus.ENTEREDINERROR;
        }
        return switch (v.status()) {
            case BOOKED -> AppointmentStatus.BOOKED;
            case WAITLIST -> AppointmentStatus.WAITLIST;
            case CHECKED_IN -> AppointmentStatus.CHECKEDIN;
            case FULFILLED -> AppointmentStatus.FULFILLED;
            case NOSHOW -> AppointmentStatus.NOSHOW;
            case CANCELLED -> AppointmentStatus.CANCELLED;
        };
    }

    static ParticipationStatus patientStatus(BookingStatus status) {
        return switch (status) {
            case WAITLIST -> ParticipationStatus.TENTATIVE;
            default -> ParticipationStatus.ACCEPTED;
        };
    }

    static InstantType instant(Instant instant, ZoneId zone) {
        return new InstantType(Date.from(instant), TemporalPrecisionEnum.SECOND, TimeZone.getTimeZone(zone));
    }
}
