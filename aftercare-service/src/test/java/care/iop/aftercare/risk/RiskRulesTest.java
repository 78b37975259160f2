package care.iop.aftercare.risk;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RiskRulesTest {

    private final RiskRules rules = RiskRules.load();
    private final Instant now = Instant.parse("2026-11-26T12:00:00Z");

    private RiskRules.Signal signal(String factor, Duration ago) {
        return new RiskRules.Signal(factor, now.minus(ago));
    }

    @Test
    void signals_inside_the_decay_window_add_their_weights_and_older_or_future_ones_do_not() {
        var score = rules.score(List.of(signal("session-missed-unexcused", Duration.ofDays(1)),
                signal("session-missed-unexcused", Duration.ofDays(29)),
                signal("session-missed-unexcused", Duration.ofDays(31)),
                signal("unexpected-positive-screen", Duration.ofHours(2)),
                signal("dose-missed", Duration.ofDays(-1)),
                signal("not-a-factor", Duration.ofDays(1))), now);
        assertThat(score.total()).isEqualByComparingTo("9");
        assertThat(score.factors()).extracting(f -> f.code() + "x" + f.occurrences())
                .containsExactly("session-missed-unexcusedx2", "unexpected-positive-screenx1");
    }

    @Test
    void crossing_means_from_below_to_at_or_above_the_threshold() {
        var nine = rules.score(List.of(signal("unexpected-positive-screen", Duration.ofDays(1)),
                signal("session-missed-unexcused", Duration.ofDays(1)),
                signal("session-missed-excused", Duration.ofDays(1)),
                signal("session-missed-excused", Duration.ofDays(2)),
                signal("attendance-at-risk", Duration.ofDays(2))), now);
        var ten = rules.score(List.of(signal("unexpected-positive-screen", Duration.ofDays(1)),
                signal("phq9-worsened", Duration.ofDays(1)), signal("attendance-at-risk", Duration.ofDays(1))), now);
        assertThat(nine.total()).isEqualByComparingTo("9");
        assertThat(ten.total()).isEqualByComparingTo("10");
        assertThat(rules.crossed(nine, ten)).isTrue();
        assertThat(rules.crossed(ten, ten)).isFalse();
        assertThat(rules.crossed(ten, nine)).isFalse();
    }

    @Test
    void a_table_with_duplicate_factors_or_no_threshold_does_not_load() {
        String duplicate = """
                {"version":"x","description":"d","threshold":5,"decayDays":30,"factors":[
                {"code":"a","weight":1,"description":"d"},{"code":"a","weight":2,"description":"d"}]}""";
        assertThatThrownBy(() -> RiskRules.load(new ByteArrayInputStream(duplicate.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IllegalStateException.class);
        String noThreshold = """
                {"version":"x","description":"d","decayDays":30,"factors":[{"code":"a","weight":1,"description":"d"}]}""";
        assertThatThrownBy(() -> RiskRules.load(new ByteArrayInputStream(noThreshold.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IllegalStateException.class);
    }
}
