package care.iop.analytics.instances;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Every partition of the input topics, asked of the broker each time (partitions can be added while the service
 * runs): what the instances' shares must cover for a whole answer; and their end offsets, which an instance's tasks
 * must have reached before its share is whole ({@link CatchUp}).
 */
public class InputPartitions implements Supplier<Set<TopicPartition>>, AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final Admin admin;
    private final List<String> topics;

    public InputPartitions(Admin admin, List<String> topics) {
        this.admin = admin;
        this.topics = List.copyOf(topics);
    }

    @Override
    public Set<TopicPartition> get() {
        Map<String, TopicDescription> described = answer(admin.describeTopics(topics).allTopicNames(),
                "the input topics' description");
        Set<TopicPartition> partitions = new HashSet<>();
        described.forEach((topic, description) -> description.partitions()
                .forEach(p -> partitions.add(new TopicPartition(topic, p.partition()))));
        return partitions;
    }

    /** The broker's end offsets of {@code partitions} now (what a consumer reading to the end would reach). */
    public Map<TopicPartition, Long> endOffsets(Set<TopicPartition> partitions) {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = new HashMap<>();
        answer(admin.listOffsets(latest).all(), "the input's end offsets")
                .forEach((p, info) -> ends.put(p, info.offset()));
        return ends;
    }

    /** The offsets consumer group {@code groupId} has committed on the input topics now (none: an empty map). */
    public Map<TopicPartition, Long> committedOffsets(String groupId) {
        Map<TopicPartition, Long> committed = new HashMap<>();
        answer(admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata(),
                "the group's committed offsets").forEach((p, offset) -> {
                    if (offset != null) {
                        committed.put(p, offset.offset());
                    }
                });
        return committed;
    }

    /** The broker's answer within the timeout; otherwise the share is not ready. */
    private static <T> T answer(KafkaFuture<T> asked, String what) {
        try {
            return asked.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotReady("interrupted while asking " + what);
        } catch (ExecutionException | TimeoutException e) {
            throw new NotReady(what + " could not be asked of the broker");
        }
    }

    @Override
    public void close() {
        admin.close(TIMEOUT);
    }
}
