package care.iop.scheduling.fhir;

import care.iop.events.scheduling.SessionKind;
import care.iop.scheduling.booking.Attendance;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

/**
 * The codes scheduling's FHIR faces say what a session is and what attendance was with. Each concept carries the
 * platform's own code (its wire value, under a {@code urn:iop:} system like the MRN's) and, where a standard concept
 * fits and could be confirmed, the SNOMED CT one. scheduling-service/README.md (FHIR) says where each code comes from.
 */
final class SessionCodes {

    static final String SNOMED = "http://snomed.info/sct";
    /** The platform's session kinds (events' SessionKind wire values). */
    static final String SESSION_KIND = "urn:iop:session-kind";
    /** The platform's attendance values (booking's Attendance wire values). */
    static final String ATTENDANCE = "urn:iop:attendance";
    /** Bookings' ids as business identifiers of their Appointment and Encounter. */
    static final String BOOKING = "urn:iop:booking";

    /** SNOMED CT 281399006 |Did not attend (finding)|: both kinds of absence. */
    static final String DID_NOT_ATTEND = "281399006";

    private SessionCodes() {
    }

    /** What kind of session: the platform's code, the SNOMED CT therapy where one fits, and a readable text. */
    static CodeableConcept sessionKind(SessionKind kind) {
        CodeableConcept concept = new CodeableConcept().setText(title(kind));
        String[] snomed = snomed(kind);
        if (snomed != null) {
            concept.addCoding(new Coding(SNOMED, snomed[0], snomed[1]));
        }
        concept.addCoding(new Coding(SESSION_KIND, kind.value(), title(kind)));
        return concept;
    }

    /**
     * SNOMED CT code and display of a kind, or null where no concept was confirmed (skills groups and medication
     * management carry the platform's code only). The codes are as listed in VSAC's eCQM value sets "Follow Up for
     * Adult Depression" (2.16.840.1.113883.3.526.3.1568) and "... Adolescent ..." (…1569), expansion of 2025-05-08.
     */
    static String[] snomed(SessionKind kind) {
        return switch (kind) {
            case GROUP_THERAPY -> new String[] {"76168009", "Group psychotherapy"};
            case INDIVIDUAL_THERAPY -> new String[] {"18512000", "Individual psychotherapy"};
            case FAMILY_THERAPY -> new String[] {"108313002", "Family psychotherapy procedure"};
            case PSYCHOEDUCATION -> new String[] {"410224008", "Mental health care education"};
            case SKILLS_GROUP, MEDICATION_MANAGEMENT -> null;
        };
    }

    static String title(SessionKind kind) {
        String words = kind.value().replace('-', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    /** What attendance was recorded; an absence also as SNOMED CT "Did not attend". */
    static CodeableConcept attendance(Attendance attendance) {
        CodeableConcept concept = new CodeableConcept().setText(attendanceText(attendance));
        if (!attendance.attended()) {
            concept.addCoding(new Coding(SNOMED, DID_NOT_ATTEND, "Did not attend"));
        }
        concept.addCoding(new Coding(ATTENDANCE, attendance.value(), attendanceText(attendance)));
        return concept;
    }

    static String attendanceText(Attendance attendance) {
        return switch (attendance) {
            case PRESENT -> "Present for the whole session";
            case LATE -> "Arrived late";
            case LEFT_EARLY -> "Left early";
            case ABSENT_EXCUSED -> "Did not attend (excused)";
            case ABSENT_UNEXCUSED -> "Did not attend (unexcused)";
        };
    }
}
