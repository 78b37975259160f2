package care.iop.analytics.instances;

import care.iop.analytics.PatientFacts;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** What one instance hands another: the partitions it answered for and the clinic's facts, in JSON both read. */
class InstanceFactsTest {

    private static final LocalDate DAY = LocalDate.of(2026, 1, 5);

    @Test
    void a_share_reads_back_as_written() throws Exception {
        PatientFacts facts = PatientFacts.empty()
                .with(new PatientFacts.Admission("adm-1", "c1", "iop-adult", DAY))
                .with(new PatientFacts.Attendance("s-1", "c1", true, false, DAY.plusDays(1)));
        InstanceFacts share = InstanceFacts.of(Set.of(new TopicPartition("iop.intake.v1", 2),
                new TopicPartition("iop.aftercare.v1", 0)), List.of(facts));

        InstanceFacts read = InstanceFacts.fromJson(share.toJson());

        assertThat(read).isEqualTo(share);
        assertThat(read.topicPartitions()).containsExactlyInAnyOrder(new TopicPartition("iop.intake.v1", 2),
                new TopicPartition("iop.aftercare.v1", 0));
        assertThat(share.toJson()).contains("\"date\":\"2026-01-05\"");
    }
}
