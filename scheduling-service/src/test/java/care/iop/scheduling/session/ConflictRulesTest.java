package care.iop.scheduling.session;

import care.iop.scheduling.SqlEnums;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ConflictRulesTest {

    static final Instant NINE = Instant.parse("2030-03-04T09:00:00Z");
    static final Instant TEN = Instant.parse("2030-03-04T10:00:00Z");
    static final Instant ELEVEN = Instant.parse("2030-03-04T11:00:00Z");
    static final Instant NINE_THIRTY = Instant.parse("2030-03-04T09:30:00Z");
    static final Instant TEN_THIRTY = Instant.parse("2030-03-04T10:30:00Z");

    @Test
    void back_to_back_sessions_do_not_overlap() {
        assertThat(ConflictRules.overlaps(NINE, TEN, TEN, ELEVEN)).isFalse();
        assertThat(ConflictRules.overlaps(TEN, ELEVEN, NINE, TEN)).isFalse();
    }

    @Test
    void any_shared_minute_overlaps_either_way_round() {
        assertThat(ConflictRules.overlaps(NINE, TEN, NINE_THIRTY, TEN_THIRTY)).isTrue();
        assertThat(ConflictRules.overlaps(NINE_THIRTY, TEN_THIRTY, NINE, TEN)).isTrue();
        assertThat(ConflictRules.overlaps(NINE, ELEVEN, NINE_THIRTY, TEN)).isTrue();
        assertThat(ConflictRules.overlaps(NINE_THIRTY, TEN, NINE, ELEVEN)).isTrue();
        assertThat(ConflictRules.overlaps(NINE, TEN, NINE, TEN)).isTrue();
    }

    @Test
    void a_session_never_clashes_with_itself() {
        UUID self = UUID.randomUUID();
        assertThat(ConflictRules.clashes(self, NINE, TEN, self, SessionStatus.BOOKED, NINE, TEN)).isFalse();
        assertThat(ConflictRules.clashes(self, NINE, TEN, UUID.randomUUID(), SessionStatus.BOOKED, NINE, TEN))
                .isTrue();
    }

    @Test
    void cancelled_and_erroneous_sessions_free_their_time_held_and_fulfilled_ones_do_not() {
        UUID self = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        assertThat(ConflictRules.clashes(self, NINE, TEN, other, SessionStatus.BOOKED, NINE_THIRTY, TEN_THIRTY)).isTrue();
        assertThat(ConflictRules.clashes(self, NINE, TEN, other, SessionStatus.FULFILLED, NINE_THIRTY, TEN_THIRTY))
                .isTrue();
        assertThat(ConflictRules.clashes(self, NINE, TEN, other, SessionStatus.CANCELLED, NINE_THIRTY, TEN_THIRTY))
                .isFalse();
        assertThat(ConflictRules.clashes(self, NINE, TEN, other, SessionStatus.ENTERED_IN_ERROR, NINE_THIRTY,
                TEN_THIRTY)).isFalse();
    }

    @Test
    void the_queries_state_the_same_rule() {
        assertThat(ConflictRules.overlapsSql("starts_at", "ends_at")).isEqualTo("starts_at < :end and ends_at > :start");
        assertThat(SqlEnums.names(ConflictRules.SESSION_TAKES_TIME)).containsExactly("BOOKED", "FULFILLED");
    }
}
