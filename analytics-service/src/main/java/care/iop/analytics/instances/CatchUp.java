package care.iop.analytics.instances;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.processor.TaskId;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Whether this instance's active tasks have caught up with the input. A task is measured against the input's end
 * offsets as the broker gave them when this instance first saw the task active (its mark): until the offsets the
 * group has committed for its partitions reach the mark, its store holds only part of the history — a new application id replaying from
 * offset 0, or a group that was stopped while events accumulated — and its share would be a partial answer. Once a
 * task has reached its mark it stays caught up while it stays here (a second's lag behind new events is the normal
 * state of a stream, not a partial history); a task that leaves and comes back is measured again.
 */
public class CatchUp {

    private final Function<Set<TopicPartition>, Map<TopicPartition, Long>> endOffsets;
    private final Supplier<Map<TopicPartition, Long>> committedOffsets;
    private final Map<TaskId, Map<TopicPartition, Long>> marks = new ConcurrentHashMap<>();
    private final Set<TaskId> caughtUp = ConcurrentHashMap.newKeySet();

    /**
     * @param endOffsets       the broker's end offsets of the given partitions now
     * @param committedOffsets the offsets the application's consumer group has committed now (by any instance: a
     *                         task taken over from another instance counts what that one committed; Kafka Streams'
     *                         own task metadata only knows what this instance committed)
     */
    public CatchUp(Function<Set<TopicPartition>, Map<TopicPartition, Long>> endOffsets,
                   Supplier<Map<TopicPartition, Long>> committedOffsets) {
        this.endOffsets = endOffsets;
        this.committedOffsets = committedOffsets;
    }

    /** Events the active tasks still have to replay to reach their marks; 0 when every one has caught up. */
    public long behind(Collection<TaskMetadata> activeTasks) {
        Set<TaskId> active = activeTasks.stream().map(TaskMetadata::taskId).collect(Collectors.toSet());
        marks.keySet().retainAll(active);
        caughtUp.retainAll(active);
        if (caughtUp.containsAll(active)) {
            return 0;
        }
        Map<TopicPartition, Long> committed = committedOffsets.get();
        long behind = 0;
        for (TaskMetadata task : activeTasks) {
            behind += behind(task, committed);
        }
        return behind;
    }

    private long behind(TaskMetadata task, Map<TopicPartition, Long> committed) {
        if (caughtUp.contains(task.taskId())) {
            return 0;
        }
        Map<TopicPartition, Long> mark = marks.computeIfAbsent(task.taskId(),
                id -> Map.copyOf(endOffsets.apply(task.topicPartitions())));
        long behind = 0;
        for (Map.Entry<TopicPartition, Long> end : mark.entrySet()) {
            // A committed offset is the next one to process; none committed yet counts from the beginning.
            behind += Math.max(0, end.getValue() - Math.max(0, committed.getOrDefault(end.getKey(), 0L)));
        }
        if (behind == 0) {
            caughtUp.add(task.taskId());
        }
        return behind;
    }
}
