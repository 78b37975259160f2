package care.iop.scheduling.fhir;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import care.iop.common.fhir.Part2Labels;
import care.iop.events.scheduling.Modality;
import care.iop.scheduling.booking.Attendance;
import care.iop.scheduling.booking.Visit;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Duration;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.TimeZone;

/**
 * A booking with its attendance recorded as a US Core Encounter: the session the patient came to (for some or all of
 * it) or missed. The Encounter's id is the booking's, like the Appointment it fulfils.
 *
 * <ul>
 *   <li>status: {@code finished} when the patient came, also late or leaving early; {@code cancelled} ("ended before
 *   it began") when they did not. R4's Encounter has no status reason, so the no-show is said three ways: the
 *   attendance extension (SNOMED CT 281399006 "Did not attend" and the platform's attendance code, excused or not),
 *   the Appointment it points to (status {@code noshow}), and no {@code length}.</li>
 *   <li>class: {@code AMB} in person, {@code VR} (virtual) for telehealth (v3 ActCode).</li>
 *   <li>type: the session kind ({@link SessionCodes#sessionKind}).</li>
 *   <li>period: the minutes attended — the whole session when present, its last minutes when late, its first when
 *   leaving early; for a missed session the time it was held, so date searches find it on its day. {@code length}
 *   is the minutes attended.</li>
 *   <li>participant: the session's facilitators as Practitioner references (staff ids), the first as primary
 *   performer, the others as secondary performers.</li>
 * </ul>
 */
final class EncounterMapping {

    static final String PROFILE = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-encounter";
    /** The attendance recorded, as a CodeableConcept; the platform's own extension. */
    static final String ATTENDANCE_EXTENSION = "urn:iop:fhir:extension:attendance";
    static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    static final String PARTICIPATION_TYPE = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
    static final String UCUM = "http://unitsofmeasure.org";

    private EncounterMapping() {
    }

    static Encounter toFhir(Visit v) {
        if (!v.recorded()) {
            throw new IllegalArgumentException("Only a booking with attendance recorded is an Encounter");
        }
        String version = Long.toString(v.version());
        Encounter e = new Encounter();
        e.setId(new IdType("Encounter", v.bookingId().toString(), version));
        e.getMeta().setVersionId(version).addProfile(PROFILE);
        Part2Labels.label(e);
        e.addIdentifier().setSystem(SessionCodes.BOOKING).setValue(v.bookingId().toString());
        e.setStatus(status(v.attendance()));
        e.setClass_(classOf(v.modality()));
        e.addType(SessionCodes.sessionKind(v.kind()));
        e.setSubject(new Reference("Patient/" + v.patientId()));
        e.addEpisodeOfCare(new Reference("EpisodeOfCare/" + EpisodeOfCareMapping.ID_PREFIX + v.enrollmentId()));
        for (int i = 0; i < v.facilitatorIds().size(); i++) {
            e.addParticipant().addType(participantType(i == 0))
                    .setIndividual(new Reference("Practitioner/" + v.facilitatorIds().get(i)));
        }
        e.addAppointment(new Reference("Appointment/" + v.bookingId()));
        Instant[] period = period(v);
        e.setPeriod(new Period().setStartElement(dateTime(period[0], v.zone()))
                .setEndElement(dateTime(period[1], v.zone())));
        if (v.attendance().attended()) {
            e.setLength((Duration) new Duration().setValue(v.minutesAttended()).setUnit("min").setSystem(UCUM)
                    .setCode("min"));
        }
        e.addExtension(ATTENDANCE_EXTENSION, SessionCodes.attendance(v.attendance()));
        return e;
    }

    static Encounter.EncounterStatus status(Attendance attendance) {
        return attendance.attended() ? Encounter.EncounterStatus.FINISHED : Encounter.EncounterStatus.CANCELLED;
    }

    static Coding classOf(Modality modality) {
        return modality == Modality.TELEHEALTH ? new Coding(ACT_CODE, "VR", "virtual")
                : new Coding(ACT_CODE, "AMB", "ambulatory");
    }

    /** [start, end] of the minutes attended (the session's time for an absence). */
    static Instant[] period(Visit v) {
        Attendance a = v.attendance();
        int minutes = v.minutesAttended() == null ? 0 : v.minutesAttended();
        return switch (a) {
            case PRESENT, ABSENT_EXCUSED, ABSENT_UNEXCUSED -> new Instant[] {v.startsAt(), v.endsAt()};
            case LATE -> new Instant[] {v.endsAt().minusSeconds(60L * minutes), v.endsAt()};
            case LEFT_EARLY -> new Instant[] {v.startsAt(), v.startsAt().plusSeconds(60L * minutes)};
        };
    }

    static CodeableConcept participantType(boolean primary) {
        return new CodeableConcept(primary ? new Coding(PARTICIPATION_TYPE, "PPRF", "primary performer")
                : new Coding(PARTICIPATION_TYPE, "SPRF", "secondary performer"));
    }

    /** A moment as the session's own local time, with its offset. */
    static DateTimeType dateTime(Instant instant, ZoneId zone) {
        return new DateTimeType(Date.from(instant), TemporalPrecisionEnum.SECOND, TimeZone.getTimeZone(zone));
    }
}
