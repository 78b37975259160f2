package care.iop.analytics.instances;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** When an instance's share stops being part of the history: its tasks measured against the input's end as first seen. */
class CatchUpTest {

    private static final TopicPartition INTAKE_0 = new TopicPartition("iop.intake.v1", 0);
    private static final TopicPartition AFTERCARE_0 = new TopicPartition("iop.aftercare.v1", 0);
    private static final TopicPartition INTAKE_1 = new TopicPartition("iop.intake.v1", 1);
    private static final TaskMetadata TASK_0 = task(0, INTAKE_0, AFTERCARE_0);
    private static final TaskMetadata TASK_1 = task(1, INTAKE_1);

    private final Map<TopicPartition, Long> ends = new HashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private final AtomicInteger committedAsked = new AtomicInteger();
    private final CatchUp catchUp = new CatchUp(partitions -> {
        Map<TopicPartition, Long> asked = new HashMap<>(ends);
        asked.keySet().retainAll(partitions);
        return asked;
    }, () -> {
        committedAsked.incrementAndGet();
        return Map.copyOf(committed);
    });

    @Test
    void a_task_replaying_from_the_start_is_behind_by_what_it_has_not_committed_of_the_end_first_seen() {
        ends.putAll(Map.of(INTAKE_0, 100L, AFTERCARE_0, 50L));

        assertThat(catchUp.behind(List.of(TASK_0))).isEqualTo(150);

        committed.putAll(Map.of(INTAKE_0, 100L, AFTERCARE_0, 20L));
        ends.put(INTAKE_0, 400L); // events arriving meanwhile do not move the mark
        assertThat(catchUp.behind(List.of(TASK_0))).isEqualTo(30);

        committed.put(AFTERCARE_0, 50L);
        assertThat(catchUp.behind(List.of(TASK_0))).isZero();
    }

    @Test
    void a_task_that_caught_up_stays_caught_up_behind_new_events_and_the_group_is_not_asked_again() {
        ends.putAll(Map.of(INTAKE_0, 10L, AFTERCARE_0, 10L));
        committed.putAll(Map.of(INTAKE_0, 10L, AFTERCARE_0, 10L));
        assertThat(catchUp.behind(List.of(TASK_0))).isZero();
        int asked = committedAsked.get();

        ends.putAll(Map.of(INTAKE_0, 90L, AFTERCARE_0, 90L));

        assertThat(catchUp.behind(List.of(TASK_0))).isZero();
        assertThat(committedAsked.get()).isEqualTo(asked);
    }

    @Test
    void only_the_tasks_still_behind_count_and_nothing_committed_counts_from_the_beginning() {
        ends.putAll(Map.of(INTAKE_0, 10L, AFTERCARE_0, 0L, INTAKE_1, 25L));
        committed.putAll(Map.of(INTAKE_0, 10L, INTAKE_1, -1L));

        assertThat(catchUp.behind(List.of(TASK_0, TASK_1))).isEqualTo(25);
    }

    @Test
    void a_task_that_leaves_and_comes_back_is_measured_again_against_the_end_when_it_came_back() {
        ends.put(INTAKE_1, 5L);
        committed.put(INTAKE_1, 5L);
        assertThat(catchUp.behind(List.of(TASK_1))).isZero();

        assertThat(catchUp.behind(List.of())).isZero(); // moved to another instance
        ends.put(INTAKE_1, 500L);
        committed.put(INTAKE_1, 400L);

        assertThat(catchUp.behind(List.of(TASK_1))).isEqualTo(100);
    }

    private static TaskMetadata task(int partition, TopicPartition... partitions) {
        return new TaskMetadata() {
            @Override
            public TaskId taskId() {
                return new TaskId(0, partition);
            }

            @Override
            public Set<TopicPartition> topicPartitions() {
                return Set.of(partitions);
            }

            @Override
            public Map<TopicPartition, Long> committedOffsets() {
                return Map.of();
            }

            @Override
            public Map<TopicPartition, Long> endOffsets() {
                return Map.of();
            }

            @Override
            public Optional<Long> timeCurrentIdlingStarted() {
                return Optional.empty();
            }
        };
    }
}
