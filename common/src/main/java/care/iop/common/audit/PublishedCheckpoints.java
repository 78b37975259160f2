package care.iop.common.audit;

import care.iop.events.CloudEvent;
import care.iop.events.EventJson;
import care.iop.events.EventType;
import care.iop.events.Topics;
import care.iop.events.audit.AuditChainCheckpointed;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * Reads back the audit chain heads a service published to {@code iop.audit.v1}
 * ({@code care.iop.audit.chain.checkpointed.v1}), for {@link AuditVerifier}. The checkpoints are keyed by the service
 * ({@link AuditChainCheckpointed#subjectOf}), so only that key's partition is read, from its beginning (the topic's
 * retention bounds it) to its current end. No consumer group: nothing is committed.
 */
public final class PublishedCheckpoints {

    private PublishedCheckpoints() {
    }

    /** The last head published (the highest chain position); empty if none is on the topic. */
    public static Optional<AuditCheckpoints.Checkpoint> latest(String bootstrapServers, String service,
                                                               Duration timeout) {
        return all(bootstrapServers, service, timeout).stream()
                .max(Comparator.comparingLong(AuditCheckpoints.Checkpoint::chainIndex));
    }

    /** Every head the service published that is still on the topic, in the order published. */
    public static List<AuditCheckpoints.Checkpoint> all(String bootstrapServers, String service, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String key = AuditChainCheckpointed.subjectOf(service).toString();
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<AuditCheckpoints.Checkpoint> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            List<PartitionInfo> partitions = consumer.partitionsFor(Topics.AUDIT, remaining(deadline));
            if (partitions == null || partitions.isEmpty()) {
                return found;
            }
            // The producer's default partitioner, for a keyed record.
            int partition = Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions.size();
            TopicPartition tp = new TopicPartition(Topics.AUDIT, partition);
            consumer.assign(List.of(tp));
            long end = consumer.endOffsets(List.of(tp), remaining(deadline)).get(tp);
            consumer.seekToBeginning(List.of(tp));
            while (consumer.position(tp, remaining(deadline)) < end) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading " + Topics.AUDIT + " for " + service
                            + "'s chain heads took longer than " + timeout);
                }
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() < end && key.equals(r.key()) && r.value() != null) {
                        AuditCheckpoints.Checkpoint c = checkpoint(r.value(), service);
                        if (c != null) {
                            found.add(c);
                        }
                    }
                }
            }
        }
        return found;
    }

    private static AuditCheckpoints.Checkpoint checkpoint(String value, String service) {
        CloudEvent event;
        try {
            event = EventJson.parse(value);
        } catch (RuntimeException notAnEvent) {
            return null;
        }
        if (!EventType.AUDIT_CHAIN_CHECKPOINTED.type().equals(event.type())
                || !("/iop/" + service).equals(event.source())) {
            return null;
        }
        AuditChainCheckpointed data = EventJson.read(event.data(), AuditChainCheckpointed.class);
        return service.equals(data.service())
                ? new AuditCheckpoints.Checkpoint(data.chainIndex(), data.hash(), data.sealedAt()) : null;
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(1_000_000L, deadline - System.nanoTime()));
    }
}
