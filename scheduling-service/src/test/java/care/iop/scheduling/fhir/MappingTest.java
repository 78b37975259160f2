package care.iop.scheduling.fhir;

import care.iop.events.scheduling.EnrollmentEndReason;
import care.iop.events.scheduling.Modality;
import care.iop.events.scheduling.SessionKind;
import care.iop.scheduling.booking.Attendance;
import care.iop.scheduling.booking.BookingStatus;
import care.iop.scheduling.booking.Visit;
import care.iop.scheduling.enrollment.Enrollment;
import care.iop.scheduling.enrollment.EnrollmentSummary;
import care.iop.scheduling.session.SessionStatus;
import care.iop.testkit.fhir.UsCoreValidator;
import io.quarkus.test.junit.QuarkusTest;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decisions of EncounterMapping, AppointmentMapping and EpisodeOfCareMapping over records made here (no HTTP, no
 * database), each mapped resource validated against US Core 6.1.0 (Encounter) or base R4 (Appointment,
 * EpisodeOfCare): 0 errors. A {@code @QuarkusTest} only so that HAPI's validator loads in the same class loader as
 * the other tests' (a plain test running it after a Quarkus test in the same JVM fails with a linkage error on the
 * XML classes).
 */
@QuarkusTest
class MappingTest {

    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final Instant START = LocalDateTime.of(2025, 3, 3, 9, 0).atZone(NEW_YORK).toInstant();
    static final Instant END = START.plusSeconds(180 * 60);
    static final UUID FACILITATOR = UUID.randomUUID();
    static final UUID CO_FACILITATOR = UUID.randomUUID();

    static Visit visit(SessionKind kind, Modality modality, BookingStatus status, Attendance attendance,
                       Integer minutes) {
        return new Visit(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), kind, modality,
                List.of(FACILITATOR, CO_FACILITATOR), NEW_YORK, START, END, SessionStatus.FULFILLED, status,
                attendance, minutes, null, START.minusSeconds(86400 * 7), attendance == null ? null : END, 3);
    }

    static List<String> codes(CodeableConcept concept) {
        return concept.getCoding().stream().map(c -> c.getSystem() + "|" + c.getCode()).toList();
    }

    @Test
    void attended_sessions_are_finished_encounters_whose_period_is_the_minutes_attended() {
        Encounter present = EncounterMapping.toFhir(visit(SessionKind.GROUP_THERAPY, Modality.IN_PERSON,
                BookingStatus.FULFILLED, Attendance.PRESENT, 180));
        assertThat(present.getStatus()).isEqualTo(Encounter.EncounterStatus.FINISHED);
        assertThat(present.getClass_().getCode()).isEqualTo("AMB");
        assertThat(present.getPeriod().getStartElement().getValueAsString()).isEqualTo("2025-03-03T09:00:00-05:00");
        assertThat(present.getPeriod().getEndElement().getValueAsString()).isEqualTo("2025-03-03T12:00:00-05:00");
        assertThat(present.getLength().getValue().intValue()).isEqualTo(180);
        assertThat(codes(present.getTypeFirstRep())).containsExactly("http://snomed.info/sct|76168009",
                "urn:iop:session-kind|group-therapy");
        assertThat(present.getParticipant()).extracting(p -> p.getTypeFirstRep().getCodingFirstRep().getCode())
                .containsExactly("PPRF", "SPRF");
        assertThat(present.getParticipantFirstRep().getIndividual().getReference())
                .isEqualTo("Practitioner/" + FACILITATOR);
        UsCoreValidator.get().assertValid(present);

        Encounter late = EncounterMapping.toFhir(visit(SessionKind.GROUP_THERAPY, Modality.IN_PERSON,
                BookingStatus.FULFILLED, Attendance.LATE, 150));
        assertThat(late.getStatus()).isEqualTo(Encounter.EncounterStatus.FINISHED);
        assertThat(late.getPeriod().getStartElement().getValueAsString()).isEqualTo("2025-03-03T09:30:00-05:00");
        assertThat(late.getPeriod().getEndElement().getValueAsString()).isEqualTo("2025-03-03T12:00:00-05:00");

        Encounter leftEarly = EncounterMapping.toFhir(visit(SessionKind.GROUP_THERAPY, Modality.IN_PERSON,
                BookingStatus.FULFILLED, Attendance.LEFT_EARLY, 120));
        assertThat(leftEarly.getPeriod().getStartElement().getValueAsString()).isEqualTo("2025-03-03T09:00:00-05:00");
        assertThat(leftEarly.getPeriod().getEndElement().getValueAsString()).isEqualTo("2025-03-03T11:00:00-05:00");
        assertThat(codes((CodeableConcept) leftEarly.getExtensionByUrl(EncounterMapping.ATTENDANCE_EXTENSION)
                .getValue())).containsExactly("urn:iop:attendance|left-early");
        UsCoreValidator.get().assertValid(leftEarly);
    }

    @Test
    void a_missed_session_is_a_cancelled_encounter_saying_did_not_attend_with_the_time_it_was_held() {
        for (Attendance absence : List.of(Attendance.ABSENT_EXCUSED, Attendance.ABSENT_UNEXCUSED)) {
            Encounter missed = EncounterMapping.toFhir(visit(SessionKind.FAMILY_THERAPY, Modality.IN_PERSON,
                    BookingStatus.NOSHOW, absence, 0));
            assertThat(missed.getStatus()).isEqualTo(Encounter.EncounterStatus.CANCELLED);
            assertThat(missed.hasLength()).isFalse();
            assertThat(missed.getPeriod().getStartElement().getValueAsString())
                    .isEqualTo("2025-03-03T09:00:00-05:00");
            assertThat(codes((CodeableConcept) missed.getExtensionByUrl(EncounterMapping.ATTENDANCE_EXTENSION)
                    .getValue())).containsExactly("http://snomed.info/sct|281399006",
                    "urn:iop:attendance|" + absence.value());
            assertThat(missed.getAppointmentFirstRep().getReference()).isEqualTo("Appointment/" + missed.getIdPart());
            UsCoreValidator.get().assertValid(missed);
        }
    }

    @Test
    void telehealth_is_the_virtual_class() {
        Encounter virtual = EncounterMapping.toFhir(visit(SessionKind.INDIVIDUAL_THERAPY, Modality.TELEHEALTH,
                BookingStatus.FULFILLED, Attendance.PRESENT, 180));
        assertThat(virtual.getClass_().getSystem()).isEqualTo("http://terminology.hl7.org/CodeSystem/v3-ActCode");
        assertThat(virtual.getClass_().getCode()).isEqualTo("VR");
        UsCoreValidator.get().assertValid(virtual);
    }

    @Test
    void every_session_kind_has_its_own_code_and_a_text_and_validates() {
        for (SessionKind kind : SessionKind.values()) {
            CodeableConcept concept = SessionCodes.sessionKind(kind);
            assertThat(codes(concept)).contains("urn:iop:session-kind|" + kind.value());
            assertThat(concept.getText()).isNotBlank();
            UsCoreValidator.get().assertValid(EncounterMapping.toFhir(visit(kind, Modality.IN_PERSON,
                    BookingStatus.FULFILLED, Attendance.PRESENT, 180)));
        }
        assertThat(SessionCodes.snomed(SessionKind.INDIVIDUAL_THERAPY)[0]).isEqualTo("18512000");
        assertThat(SessionCodes.snomed(SessionKind.FAMILY_THERAPY)[0]).isEqualTo("108313002");
    }

    @Test
    void bookings_are_appointments_with_the_bookings_own_status() {
        assertThat(List.of(BookingStatus.values()).stream()
                .map(s -> AppointmentMapping.toFhir(visit(SessionKind.GROUP_THERAPY, Modality.IN_PERSON, s,
                        s == BookingStatus.NOSHOW ? Attendance.ABSENT_UNEXCUSED : null, null)).getStatus().toCode())
                .toList()).containsExactly("booked", "waitlist", "checked-in", "fulfilled", "noshow", "cancelled");
        Appointment noShow = AppointmentMapping.toFhir(visit(SessionKind.INDIVIDUAL_THERAPY, Modality.IN_PERSON,
                BookingStatus.NOSHOW, Attendance.ABSENT_UNEXCUSED, 0));
        assertThat(noShow.hasCancelationReason()).as("R4's app-4 refuses a reason on noshow").isFalse();
        Appointment waiting = AppointmentMapping.toFhir(visit(SessionKind.GROUP_THERAPY, Modality.IN_PERSON,
                BookingStatus.WAITLIST, null, null));
        assertThat(waiting.getParticipantFirstRep().getStatus()).isEqualTo(Appointment.ParticipationStatus.TENTATIVE);
        assertThat(waiting.hasCancelationReason()).isFalse();
        assertThat(waiting.getMinutesDuration()).isEqualTo(180);
        assertThat(waiting.getStartElement().getValueAsString()).isEqualTo("2025-03-03T09:00:00-05:00");
        UsCoreValidator.get().assertValid(noShow);
        UsCoreValidator.get().assertValid(waiting);
    }

    @Test
    void enrollments_are_episodes_of_care_with_the_track_as_type() {
        UUID id = UUID.randomUUID();
        EpisodeOfCare active = EpisodeOfCareMapping.toFhir(new EnrollmentSummary(id, UUID.randomUUID(),
                UUID.randomUUID(), "AEIOP", "Adult evening IOP", LocalDate.of(2025, 3, 3), null,
                Enrollment.Status.ACTIVE, null, 2));
        assertThat(active.getIdPart()).isEqualTo("enrollment-" + id);
        assertThat(active.getStatus()).isEqualTo(EpisodeOfCare.EpisodeOfCareStatus.ACTIVE);
        assertThat(active.getTypeFirstRep().getText()).isEqualTo("Adult evening IOP");
        assertThat(active.getType().get(1).getCodingFirstRep().getCode()).isEqualTo("da");
        assertThat(active.getPeriod().getStartElement().getValueAsString()).isEqualTo("2025-03-03");
        assertThat(active.getPeriod().hasEnd()).isFalse();
        UsCoreValidator.get().assertValid(active);

        EpisodeOfCare ended = EpisodeOfCareMapping.toFhir(new EnrollmentSummary(id, UUID.randomUUID(),
                UUID.randomUUID(), "AEIOP", "Adult evening IOP", LocalDate.of(2025, 3, 3), LocalDate.of(2025, 5, 30),
                Enrollment.Status.ENDED, EnrollmentEndReason.DISCHARGED, 5));
        assertThat(ended.getStatus()).isEqualTo(EpisodeOfCare.EpisodeOfCareStatus.FINISHED);
        assertThat(ended.getPeriod().getEndElement().getValueAsString()).isEqualTo("2025-05-30");
        UsCoreValidator.get().assertValid(ended);

        EpisodeOfCare pending = EpisodeOfCareMapping.toFhir(new EnrollmentSummary(id, UUID.randomUUID(), null,
                "NEWTRACK", null, LocalDate.of(2025, 3, 3), null, Enrollment.Status.PENDING_TRACK, null, 0));
        assertThat(pending.getStatus()).isEqualTo(EpisodeOfCare.EpisodeOfCareStatus.PLANNED);
        assertThat(pending.getTypeFirstRep().getText()).isEqualTo("NEWTRACK");
        UsCoreValidator.get().assertValid(pending);
        assertThat(EpisodeOfCareMapping.status(Enrollment.Status.WAITING_FOR_COHORT))
                .isEqualTo(EpisodeOfCare.EpisodeOfCareStatus.WAITLIST);
    }

    @Test
    void the_validator_reports_what_it_could_not_check_but_no_errors() {
        Encounter missed = EncounterMapping.toFhir(visit(SessionKind.GROUP_THERAPY, Modality.TELEHEALTH,
                BookingStatus.NOSHOW, Attendance.ABSENT_UNEXCUSED, 0));
        List<String> messages = UsCoreValidator.get().messages(missed);
        messages.forEach(m -> System.out.println("[validator] Encounter: " + m));
        assertThat(messages).noneMatch(m -> m.startsWith("ERROR") || m.startsWith("FATAL"));
    }
}
