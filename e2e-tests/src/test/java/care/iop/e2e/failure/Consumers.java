package care.iop.e2e.failure;

import care.iop.devstack.Service;
import care.iop.e2e.Platform;
import care.iop.events.EventType;
import care.iop.events.Topics;
import care.iop.testkit.EventCapture;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.GroupState;
import org.awaitility.Awaitility;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Who consumes what (each service's {@code @Incoming} channels and the event types its handlers apply), as the
 * services' code says: the consumer name is the one written to {@code processed_event}.
 */
final class Consumers {

    record Consumer(String name, Service service, Set<String> topics, Set<String> types) {
    }

    static final List<Consumer> ALL = List.of(
            new Consumer("scheduling-service", Service.SCHEDULING,
                    Set.of(Topics.INTAKE, Topics.AFTERCARE, Topics.CLINICAL_NOTES),
                    types(EventType.PATIENT_ADMITTED, EventType.COVERAGE_AUTHORIZED_V2, EventType.PATIENT_DISCHARGED,
                            EventType.TREATMENT_PLAN_CREATED, EventType.TREATMENT_PLAN_REVIEWED)),
            new Consumer("clinical-notes-service", Service.NOTES, Set.of(Topics.INTAKE, Topics.SCHEDULING),
                    types(EventType.PATIENT_ADMITTED, EventType.SESSION_ATTENDED)),
            new Consumer("medication-service", Service.MEDICATION, Set.of(Topics.INTAKE, Topics.AFTERCARE),
                    types(EventType.PATIENT_ADMITTED, EventType.PATIENT_DISCHARGED)),
            new Consumer("aftercare-service", Service.AFTERCARE, Set.of(Topics.INTAKE, Topics.SCHEDULING, Topics.MEDICATION),
                    types(EventType.PATIENT_ADMITTED, EventType.SCREENING_COMPLETED, EventType.SESSION_MISSED,
                            EventType.ATTENDANCE_COMPLIANCE_CHANGED, EventType.DOSE_MISSED,
                            EventType.DRUG_SCREEN_RESULTED)),
            new Consumer("intake-service", Service.INTAKE, Set.of(Topics.AFTERCARE),
                    types(EventType.READMISSION_REQUESTED, EventType.PATIENT_DISCHARGED)));

    /** The topics some service consumes (and so has a dead-letter topic). */
    static final List<String> CONSUMED_TOPICS = List.of(Topics.INTAKE, Topics.SCHEDULING, Topics.MEDICATION,
            Topics.AFTERCARE);

    private Consumers() {
    }

    static List<Consumer> of(String topic) {
        return ALL.stream().filter(c -> c.topics().contains(topic)).toList();
    }

    /** Every topic and every dead-letter topic. */
    static List<String> allTopicsAndDeadLetters() {
        List<String> topics = new ArrayList<>(Topics.all());
        CONSUMED_TOPICS.stream().map(Topics::dlq).forEach(topics::add);
        return topics;
    }

    static EventCapture captureEverything() {
        return EventCapture.from(Platform.stack().kafkaBootstrap(), allTopicsAndDeadLetters());
    }

    /**
     * For each consumer, the events among {@code written} it must have applied (the types it handles on the topics it
     * reads) that its {@code processed_event} does not hold yet.
     */
    static Map<String, Set<String>> notYetApplied(Collection<Databases.OutboxRow> written) {
        return ALL.stream().collect(Collectors.toMap(Consumer::name, c -> {
            Set<String> due = written.stream().filter(r -> c.topics().contains(r.topic()) && c.types().contains(r.type()))
                    .map(Databases.OutboxRow::eventId).collect(Collectors.toSet());
            Set<String> missing = new java.util.HashSet<>(due);
            missing.removeAll(Databases.processed(c.service(), c.name(), due));
            return missing;
        }));
    }

    /**
     * Waits until each service's consumer group is stable with exactly its own channels as members (a consumer killed
     * without leaving stays a member until its session times out, and holds its partitions until then); returns how
     * long that took.
     */
    static Duration awaitGroupsStable(Duration atMost) {
        long t0 = System.nanoTime();
        try (Admin admin = admin()) {
            Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
                Map<String, ConsumerGroupDescription> groups = admin.describeConsumerGroups(
                        ALL.stream().map(Consumer::name).toList()).all().get(5, TimeUnit.SECONDS);
                return ALL.stream().allMatch(c -> groups.get(c.name()).groupState() == GroupState.STABLE
                        && groups.get(c.name()).members().size() == c.topics().size());
            });
        }
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Platform.stack().kafkaBootstrap(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000));
    }

    /** The end offset of every partition of the consumed topics now, keyed {@code topic:partition}. */
    static Map<String, Long> endOffsets() {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            admin.describeTopics(CONSUMED_TOPICS).allTopicNames().get(10, TimeUnit.SECONDS).values().forEach(d ->
                    d.partitions().forEach(p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
            return admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).entrySet().stream().collect(Collectors.toMap(
                    e -> e.getKey().topic() + ":" + e.getKey().partition(), e -> e.getValue().offset()));
        } catch (Exception e) {
            throw new IllegalStateException("could not read the end offsets", e);
        }
    }

    /**
     * Whether a dead-lettered record was first written after the offsets were taken (an older poison that a restarted
     * consumer reads again, because its last offsets were not committed yet, is dead-lettered again: at least once).
     */
    static boolean deadLetteredSince(EventCapture.Captured deadLetter, Map<String, Long> endOffsets) {
        String key = deadLetter.headers().get("dead-letter-topic") + ":" + deadLetter.headers().get("dead-letter-partition");
        String offset = deadLetter.headers().get("dead-letter-offset");
        return offset == null || Long.parseLong(offset.trim()) >= endOffsets.getOrDefault(key, 0L);
    }

    /** Waits until a consumer group has committed past an offset of a partition; returns how long it took. */
    static Duration awaitCommittedPast(String group, String topic, int partition, long offset, Duration atMost) {
        long t0 = System.nanoTime();
        TopicPartition tp = new TopicPartition(topic, partition);
        try (Admin admin = admin()) {
            Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
                var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                        .get(5, TimeUnit.SECONDS).get(tp);
                return committed != null && committed.offset() > offset;
            });
        }
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    private static Set<String> types(EventType... types) {
        return java.util.Arrays.stream(types).map(EventType::type).collect(Collectors.toSet());
    }
}
