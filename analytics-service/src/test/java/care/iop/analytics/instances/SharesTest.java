package care.iop.analytics.instances;

import care.iop.analytics.PatientFacts;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Whole answers only: every instance answered, every input partition answered exactly once. */
class SharesTest {

    private static final HostInfo A = new HostInfo("analytics-a", 8086);
    private static final HostInfo B = new HostInfo("analytics-b", 8086);
    private static final TopicPartition INTAKE_0 = new TopicPartition("iop.intake.v1", 0);
    private static final TopicPartition INTAKE_1 = new TopicPartition("iop.intake.v1", 1);
    private static final TopicPartition AFTERCARE_0 = new TopicPartition("iop.aftercare.v1", 0);
    private static final TopicPartition AFTERCARE_1 = new TopicPartition("iop.aftercare.v1", 1);
    private static final Set<TopicPartition> ALL = Set.of(INTAKE_0, INTAKE_1, AFTERCARE_0, AFTERCARE_1);

    private static PatientFacts patient(String admissionId) {
        return PatientFacts.empty().with(new PatientFacts.Admission(admissionId, "c1", "iop-adult",
                LocalDate.of(2026, 1, 5)));
    }

    private static Shares.Answered answered(HostInfo host, Set<TopicPartition> partitions, PatientFacts... patients) {
        return new Shares.Answered(host, InstanceFacts.of(partitions, List.of(patients)));
    }

    @Test
    void shares_covering_every_partition_once_are_put_together() {
        List<PatientFacts> all = Shares.merge(ALL, List.of(
                answered(A, Set.of(INTAKE_0, AFTERCARE_0), patient("a1"), patient("a2")),
                answered(B, Set.of(INTAKE_1, AFTERCARE_1), patient("b1"))));

        assertThat(all).extracting(p -> p.admissions().keySet().iterator().next()).containsExactly("a1", "a2", "b1");
    }

    @Test
    void one_instance_holding_every_partition_answers_alone() {
        assertThat(Shares.merge(ALL, List.of(answered(A, ALL, patient("a1"))))).hasSize(1);
    }

    @Test
    void an_instance_that_did_not_answer_makes_it_not_ready() {
        assertThatThrownBy(() -> Shares.merge(ALL, List.of(answered(A, Set.of(INTAKE_0, AFTERCARE_0), patient("a1")),
                new Shares.Unanswered(B, "ConnectException"))))
                .isInstanceOf(NotReady.class).hasMessageContaining("analytics-b").hasMessageContaining("did not answer")
                .extracting(e -> ((NotReady) e).status()).isEqualTo(503);
    }

    @Test
    void a_partition_nobody_answered_for_makes_it_not_ready() {
        assertThatThrownBy(() -> Shares.merge(ALL, List.of(answered(A, Set.of(INTAKE_0, AFTERCARE_0)),
                answered(B, Set.of(INTAKE_1)))))
                .isInstanceOf(NotReady.class).hasMessageContaining("1 of 4 input partitions not answered");
    }

    @Test
    void no_instance_at_all_is_not_ready() {
        assertThatThrownBy(() -> Shares.merge(ALL, List.of())).isInstanceOf(NotReady.class)
                .hasMessageContaining("4 of 4");
    }

    @Test
    void a_partition_answered_twice_would_count_its_patients_twice_and_is_refused() {
        assertThatThrownBy(() -> Shares.merge(ALL, List.of(answered(A, Set.of(INTAKE_0, AFTERCARE_0, INTAKE_1)),
                answered(B, Set.of(INTAKE_1, AFTERCARE_1)))))
                .isInstanceOf(NotReady.class).hasMessageContaining("answered twice");
    }

    @Test
    void a_partition_the_topics_do_not_have_is_refused() {
        TopicPartition added = new TopicPartition("iop.intake.v1", 2);
        assertThatThrownBy(() -> Shares.merge(ALL, List.of(answered(A, Set.of(INTAKE_0, AFTERCARE_0, added)),
                answered(B, Set.of(INTAKE_1, AFTERCARE_1)))))
                .isInstanceOf(NotReady.class).hasMessageContaining("do not have");
    }

    @Test
    void unknown_input_partitions_are_not_ready() {
        assertThatThrownBy(() -> Shares.merge(Set.of(), List.of(answered(A, ALL)))).isInstanceOf(NotReady.class);
    }
}
