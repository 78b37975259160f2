package care.iop.scheduling.billing;

import care.iop.events.scheduling.Modality;
import care.iop.events.scheduling.SessionKind;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class AttendedPiecesTest {

    private static final UUID PATIENT = UUID.fromString("00000000-0000-4000-8000-000000000001");
    private static final UUID SESSION = UUID.fromString("00000000-0000-4000-8000-000000000002");
    private static final Instant NINE_AM = Instant.parse("2026-04-13T13:00:00Z"); // 09:00 in New York

    @Test
    void an_attended_booking_is_a_piece_from_the_session_start_for_the_minutes_attended() {
        AttendedService piece = AttendedPieces.piece(PATIENT, SESSION, SessionKind.GROUP_THERAPY, Modality.IN_PERSON,
                NINE_AM, 150).orElseThrow();
        assertThat(piece.start()).isEqualTo(NINE_AM);
        assertThat(piece.end()).isEqualTo(Instant.parse("2026-04-13T15:30:00Z"));
        assertThat(piece.kind()).isEqualTo(ServiceKind.GROUP_THERAPY);
        assertThat(piece.telehealth()).isFalse();
        assertThat(piece.serviceId()).isEqualTo(SESSION.toString());
        assertThat(ServiceMinutes.byDay(List.of(piece), ZoneId.of("America/New_York")).get(0).countableMinutes())
                .isEqualTo(150);
    }

    @Test
    void a_telehealth_session_makes_a_telehealth_piece() {
        assertThat(AttendedPieces.piece(PATIENT, SESSION, SessionKind.INDIVIDUAL_THERAPY, Modality.TELEHEALTH,
                NINE_AM, 50).orElseThrow().telehealth()).isTrue();
    }

    @Test
    void no_minutes_or_a_skills_group_is_no_piece() {
        assertThat(AttendedPieces.piece(PATIENT, SESSION, SessionKind.GROUP_THERAPY, Modality.IN_PERSON, NINE_AM, 0))
                .isEmpty();
        assertThat(AttendedPieces.piece(PATIENT, SESSION, SessionKind.SKILLS_GROUP, Modality.IN_PERSON, NINE_AM,
                90)).isEmpty();
    }

    @Test
    void every_other_session_kind_has_its_billing_kind() {
        assertThat(AttendedPieces.kind(SessionKind.PSYCHOEDUCATION)).contains(ServiceKind.PSYCHOEDUCATION);
        assertThat(AttendedPieces.kind(SessionKind.FAMILY_THERAPY)).contains(ServiceKind.FAMILY_THERAPY);
        assertThat(AttendedPieces.kind(SessionKind.MEDICATION_MANAGEMENT))
                .contains(ServiceKind.MEDICATION_MANAGEMENT);
    }
}
