package care.iop.portal.session;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdleTimeoutTest {

    static final Instant T0 = Instant.parse("2026-03-10T09:00:00Z");
    final IdleTimeout idle = new IdleTimeout(Duration.ofMinutes(15), Duration.ofMinutes(2), "secret");

    @Test
    void a_session_ends_only_after_the_limit_and_warns_two_minutes_before() {
        assertThat(idle.expired(T0, T0.plus(Duration.ofMinutes(15)))).isFalse();
        assertThat(idle.expired(T0, T0.plus(Duration.ofMinutes(15)).plusSeconds(1))).isTrue();
        assertThat(idle.warnAfter()).isEqualTo(Duration.ofMinutes(13));
    }

    @Test
    void the_stamp_reads_back_for_its_user_only_and_cannot_be_edited() {
        String stamp = idle.stamp("user-1", T0);
        assertThat(idle.lastSeen("user-1", stamp)).contains(T0);
        assertThat(idle.lastSeen("user-2", stamp)).isEmpty();
        String later = (T0.getEpochSecond() + 3600) + stamp.substring(stamp.indexOf('.'));
        assertThat(idle.lastSeen("user-1", later)).isEmpty();
        assertThat(new IdleTimeout(Duration.ofMinutes(15), Duration.ofMinutes(2), "other").lastSeen("user-1", stamp))
                .isEmpty();
        assertThat(idle.lastSeen("user-1", null)).isEmpty();
        assertThat(idle.lastSeen("user-1", "garbage")).isEmpty();
        assertThat(idle.lastSeen("user-1", ".abc")).isEmpty();
    }

    @Test
    void the_warning_must_come_before_the_limit() {
        assertThatThrownBy(() -> new IdleTimeout(Duration.ofMinutes(2), Duration.ofMinutes(2), "s"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
