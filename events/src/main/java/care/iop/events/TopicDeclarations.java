package care.iop.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every topic of the platform, declared once: the embedded broker (devstack, tests) creates these when it starts, and
 * compose's {@code kafka-topics} service runs the same settings (a devstack test compares them). Brokers run with
 * {@code auto.create.topics.enable=false}, so a topic not declared here does not exist. docs/events.md explains
 * the choices ("Topics and retention").
 */
public final class TopicDeclarations {

    /** What the services' consumers and the tests assume: three partitions, keyed by subject. */
    public static final int PARTITIONS = 3;
    /** Dead letters are for operators; the original record stays on its (never-deleted) source topic. */
    public static final Duration DEAD_LETTER_RETENTION = Duration.ofDays(30);

    public static final String CLEANUP_POLICY = "cleanup.policy";
    public static final String RETENTION_MS = "retention.ms";
    public static final String RETENTION_BYTES = "retention.bytes";
    public static final String MIN_INSYNC_REPLICAS = "min.insync.replicas";
    /** {@code retention.ms} and {@code retention.bytes} value meaning "no limit". */
    public static final String FOREVER = "-1";

    /**
     * Copies per partition and how many must have a write before it counts ({@code acks=all}, as the outbox relay
     * produces).
     */
    public record Replication(int factor, int minInsyncReplicas) {

        /** The devstack's, the tests' and compose's one broker. */
        public static final Replication SINGLE_BROKER = new Replication(1, 1);
        /** Three brokers: a write survives the loss of one broker, and one broker may be down for maintenance. */
        public static final Replication PRODUCTION = new Replication(3, 2);

        public Replication {
            if (minInsyncReplicas < 1 || minInsyncReplicas > factor) {
                throw new IllegalArgumentException("min.insync.replicas must be between 1 and the replication factor");
            }
        }
    }

    private TopicDeclarations() {
    }

    /** The platform's topics on a single broker. */
    public static List<TopicSpec> all() {
        return all(Replication.SINGLE_BROKER);
    }

    /** Each of {@link Topics#all()} (the domain topics and the audit topic), each followed by its dead-letter topic. */
    public static List<TopicSpec> all(Replication replication) {
        List<TopicSpec> topics = new ArrayList<>();
        for (String topic : Topics.all()) {
            topics.add(history(topic, replication));
            topics.add(deadLetters(Topics.dlq(topic), replication));
        }
        return List.copyOf(topics);
    }

    /**
     * Kept forever, never compacted: analytics rebuilds every measure by replaying from offset 0, and compaction
     * would keep only a patient's last event. The audit topic too (HIPAA's six years is a floor, see the docs).
     */
    private static TopicSpec history(String name, Replication replication) {
        return new TopicSpec(name, PARTITIONS, replication.factor(), Map.of(
                CLEANUP_POLICY, "delete",
                RETENTION_MS, FOREVER,
                RETENTION_BYTES, FOREVER,
                MIN_INSYNC_REPLICAS, String.valueOf(replication.minInsyncReplicas())));
    }

    private static TopicSpec deadLetters(String name, Replication replication) {
        return new TopicSpec(name, PARTITIONS, replication.factor(), Map.of(
                CLEANUP_POLICY, "delete",
                RETENTION_MS, String.valueOf(DEAD_LETTER_RETENTION.toMillis()),
                RETENTION_BYTES, FOREVER,
                MIN_INSYNC_REPLICAS, String.valueOf(replication.minInsyncReplicas())));
    }
}
