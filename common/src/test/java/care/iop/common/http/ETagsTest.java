package care.iop.common.http;

import care.iop.common.problem.ProblemException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ETagsTest {

    @Test
    void a_missing_header_passes_unless_required() {
        assertThatCode(() -> ETags.check(null, 3, false)).doesNotThrowAnyException();
        assertThatThrownBy(() -> ETags.check(" ", 3, true))
                .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.status()).isEqualTo(428));
    }

    @Test
    void strong_match_star_and_lists_pass() {
        assertThatCode(() -> ETags.check("\"3\"", 3, true)).doesNotThrowAnyException();
        assertThatCode(() -> ETags.check("*", 3, true)).doesNotThrowAnyException();
        assertThatCode(() -> ETags.check("\"1\", \"3\"", 3, true)).doesNotThrowAnyException();
    }

    @Test
    void stale_weak_or_unquoted_tags_fail_with_412() {
        for (String header : new String[]{"\"2\"", "W/\"3\"", "3", "\"\""}) {
            assertThatThrownBy(() -> ETags.check(header, 3, false)).as(header)
                    .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.status()).isEqualTo(412));
        }
    }

    @Test
    void the_tag_is_the_version() {
        assertThat(ETags.of(7).toString()).isEqualTo("\"7\"");
    }
}
