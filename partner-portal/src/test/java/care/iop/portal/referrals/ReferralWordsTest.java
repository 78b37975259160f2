package care.iop.portal.referrals;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReferralWordsTest {

    @Test
    void every_status_of_the_pipeline_has_words_and_a_meaning() {
        for (String status : List.of("received", "screening", "assessment-scheduled", "assessed", "admitted",
                "waitlisted", "declined", "referred-out")) {
            assertThat(ReferralWords.status(status)).isNotBlank().doesNotContain("-");
            assertThat(ReferralWords.meaning(status)).isNotBlank();
        }
    }

    @Test
    void decision_codes_read_as_words_known_or_not() {
        assertThat(ReferralWords.decision("outside-service-area")).isEqualTo("Lives outside the clinic's service area");
        assertThat(ReferralWords.decision("no-show-at-assessment")).isEqualTo("No show at assessment");
        assertThat(ReferralWords.decision(null)).isEmpty();
    }

    @Test
    void every_reason_the_form_offers_is_a_code_intake_accepts() {
        assertThat(ReferralWords.REASONS.keySet()).allMatch(code -> code.matches("[a-z0-9][a-z0-9.-]{0,63}"));
    }
}
