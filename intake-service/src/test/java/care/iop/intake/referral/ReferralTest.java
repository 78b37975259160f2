package care.iop.intake.referral;

import care.iop.common.problem.ProblemException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A referral records every status it takes: received when made, then each move (plain, no database). */
class ReferralTest {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    @Test
    void a_new_referral_is_received_and_its_history_starts_there() {
        Referral r = Referral.received(UUID.randomUUID(), T0);
        assertThat(r.status).isEqualTo(ReferralStatus.RECEIVED);
        assertThat(r.receivedAt).isEqualTo(T0);
        assertThat(r.statusChangedAt).isEqualTo(T0);
        assertThat(r.history()).singleElement().satisfies(c -> {
            assertThat(c.status).isEqualTo(ReferralStatus.RECEIVED);
            assertThat(c.changedAt).isEqualTo(T0);
            assertThat(c.reasonCode).isNull();
            assertThat(c.referral).isSameAs(r);
        });
    }

    @Test
    void every_move_is_recorded_with_its_time_and_the_decisions_reason() {
        Referral r = Referral.received(UUID.randomUUID(), T0);
        r.moveTo(ReferralStatus.SCREENING, T0.plusSeconds(60));
        r.moveTo(ReferralStatus.ASSESSMENT_SCHEDULED, T0.plusSeconds(120));
        r.moveTo(ReferralStatus.DECLINED, "not-eligible", T0.plusSeconds(180));
        assertThat(r.status).isEqualTo(ReferralStatus.DECLINED);
        assertThat(r.statusChangedAt).isEqualTo(T0.plusSeconds(180));
        assertThat(r.history()).extracting(c -> c.status).containsExactly(ReferralStatus.RECEIVED,
                ReferralStatus.SCREENING, ReferralStatus.ASSESSMENT_SCHEDULED, ReferralStatus.DECLINED);
        assertThat(r.history()).extracting(c -> c.reasonCode).containsExactly(null, null, null, "not-eligible");
        assertThat(r.history()).extracting(c -> c.changedAt).containsExactly(T0, T0.plusSeconds(60),
                T0.plusSeconds(120), T0.plusSeconds(180));
    }

    @Test
    void a_refused_move_changes_and_records_nothing() {
        Referral r = Referral.received(UUID.randomUUID(), T0);
        assertThatThrownBy(() -> r.moveTo(ReferralStatus.ADMITTED, T0.plusSeconds(60)))
                .isInstanceOf(ProblemException.class);
        assertThat(r.status).isEqualTo(ReferralStatus.RECEIVED);
        assertThat(r.statusChangedAt).isEqualTo(T0);
        assertThat(r.history()).hasSize(1);
    }

    @Test
    void a_clock_that_stepped_back_still_records_the_move_after_the_one_before() {
        Referral r = Referral.received(UUID.randomUUID(), T0);
        r.moveTo(ReferralStatus.SCREENING, T0.minusSeconds(5));
        r.moveTo(ReferralStatus.DECLINED, "duplicate", T0.plusNanos(1_000));
        assertThat(r.history()).extracting(c -> c.changedAt).containsExactly(T0, T0.plusNanos(1_000),
                T0.plusNanos(2_000));
        assertThat(r.history()).extracting(c -> c.status).containsExactly(ReferralStatus.RECEIVED,
                ReferralStatus.SCREENING, ReferralStatus.DECLINED);
    }

    @Test
    void a_backfilled_history_at_one_instant_lists_received_first() {
        Referral r = new Referral();
        r.status = ReferralStatus.SCREENING;
        r.history.add(new ReferralStatusChange(r, ReferralStatus.SCREENING, null, T0));
        r.history.add(new ReferralStatusChange(r, ReferralStatus.RECEIVED, null, T0));
        assertThat(r.history()).extracting(c -> c.status).containsExactly(ReferralStatus.RECEIVED,
                ReferralStatus.SCREENING);
    }
}
