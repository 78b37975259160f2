package care.iop.testkit;

import care.iop.embedded.Poll;
import care.iop.events.CloudEvent;
import care.iop.events.EventJson;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Reads what really reached the broker. Subscribes to topics from their current end (so earlier tests' events
 * are not seen), collects records in the background, and lets a test wait for the events it expects.
 *
 * <pre>{@code
 * try (EventCapture events = EventCapture.from(Topics.INTAKE)) {
 *     ... call the API ...
 *     CloudEvent e = events.await("care.iop.intake.patient.admitted.v1", patientId);
 * }
 * }</pre>
 */
public final class EventCapture implements AutoCloseable {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    /**
     * One record as read: key, value, headers, position, the parsed envelope (null if it did not parse) and
     * when it arrived ({@link System#nanoTime()}).
     */
    public record Captured(String topic, int partition, long offset, String key, String value,
                           Map<String, String> headers, CloudEvent event, long arrivedNanos) {
    }

    private final KafkaConsumer<String, String> consumer;
    private final List<Captured> records = new ArrayList<>(); // guarded by itself
    private final Thread poller;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    private EventCapture(String bootstrapServers, Collection<String> topics) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "event-capture-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
        // Assign explicitly and seek to the end now, so "from now on" is exact and no rebalance delay applies.
        ensureTopics(bootstrapServers, topics);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            partitionsOf(topic).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        poller = new Thread(this::poll, "event-capture");
        poller.setDaemon(true);
        poller.start();
    }

    /**
     * The topic's partitions, once the broker's metadata has them: a topic just created (or a broker just restarted)
     * can be unknown to it for a moment, and the consumer then answers an empty list rather than waiting.
     */
    private List<PartitionInfo> partitionsOf(String topic) {
        return Poll.until(Duration.ofSeconds(30), Duration.ofMillis(100), () -> Optional.of(
                        consumer.partitionsFor(topic, Duration.ofSeconds(30))).filter(found -> !found.isEmpty()))
                .orElseThrow(() -> new IllegalStateException("topic " + topic + " has no partitions after 30 s"));
    }

    /**
     * Creates the topics that do not exist yet the way a test's own topics are made ({@link TestTopics}), so there are
     * partitions to assign before anything is sent; existing ones (the declared topics) are left as they are.
     */
    private static void ensureTopics(String bootstrapServers, Collection<String> topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            String[] missing = topics.stream().filter(t -> !existing.contains(t)).toArray(String[]::new);
            if (missing.length > 0) {
                TestTopics.createOn(bootstrapServers, missing);
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not create topics " + topics, e);
        }
    }

    /** Captures from the shared test broker. */
    public static EventCapture from(String... topics) {
        return new EventCapture(TestInfrastructure.kafkaBootstrapServers(), List.of(topics));
    }

    public static EventCapture from(String bootstrapServers, Collection<String> topics) {
        return new EventCapture(bootstrapServers, topics);
    }

    private void poll() {
        try {
            while (running) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(20))) {
                    long arrived = System.nanoTime();
                    Map<String, String> headers = new java.util.LinkedHashMap<>();
                    r.headers().forEach(h -> headers.put(h.key(), h.value() == null ? null : new String(h.value())));
                    Captured captured = new Captured(r.topic(), r.partition(), r.offset(), r.key(), r.value(), headers,
                            parseOrNull(r.value()), arrived);
                    synchronized (records) {
                        records.add(captured);
                    }
                }
            }
        } catch (org.apache.kafka.common.errors.WakeupException closing) {
            // close() woke us up
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private static CloudEvent parseOrNull(String value) {
        try {
            return value == null ? null : EventJson.parse(value);
        } catch (RuntimeException notAnEnvelope) {
            return null;
        }
    }

    /** Everything captured so far, in arrival order. */
    public List<Captured> records() {
        throwIfFailed();
        synchronized (records) {
            return List.copyOf(records);
        }
    }

    public List<CloudEvent> events() {
        return records().stream().map(Captured::event).filter(e -> e != null).collect(Collectors.toList());
    }

    /** Waits for the first event of this type about this subject. */
    public CloudEvent await(String type, Object subject) {
        return awaitRecord(r -> r.event() != null && r.event().type().equals(type)
                && r.event().subject().equals(String.valueOf(subject)), DEFAULT_TIMEOUT).event();
    }

    public Captured awaitRecord(Predicate<Captured> match, Duration timeout) {
        List<Captured> found = awaitCount(match, 1, timeout);
        return found.get(0);
    }

    /** Waits until at least {@code count} captured records match, and returns all that match. */
    public List<Captured> awaitCount(Predicate<Captured> match, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Captured> found = records().stream().filter(match).collect(Collectors.toList());
            if (found.size() >= count) {
                return found;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " matching records within " + timeout + ", got "
                        + found.size() + "; captured types: "
                        + records().stream().map(r -> r.event() == null ? r.topic() + ":<raw>" : r.event().type()).toList());
            }
            sleep();
        }
    }

    /** Asserts that nothing matching arrives within the window (waits the whole window). */
    public void assertNone(Predicate<Captured> match, Duration window) {
        long deadline = System.nanoTime() + window.toNanos();
        while (System.nanoTime() < deadline) {
            if (records().stream().anyMatch(match)) {
                throw new AssertionError("unexpected record: " + records().stream().filter(match).findFirst().orElseThrow());
            }
            sleep();
        }
    }

    private void throwIfFailed() {
        if (failure != null) {
            throw new IllegalStateException("event capture failed", failure);
        }
    }

    private static void sleep() {
        Poll.sleep(50);
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            poller.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
