package care.iop.bench;

import care.iop.analytics.OutcomesTopology;
import care.iop.embedded.KafkaBroker;
import care.iop.events.EventJson;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Issue #21's replay benchmark: N schema-valid CloudEvents ({@link ReplayEvents}) on the topics the analytics
 * topology reads, then read back from offset 0 by a plain consumer (raw, and parsing every value with
 * {@link EventJson#parse}) and replayed by {@link OutcomesTopology} under a fresh application id, configured as
 * analytics-service configures it (cold, then again warm), then with one stream thread, and two floors of the same
 * Streams set-up ({@link FloorTopologies}: parse only; parse and one logged store write per event). Caught up = every
 * input partition's committed offset for that application id at its end offset. Prints the figures.
 *
 * <p>Run: {@code ./mvnw -B -o -pl benchmarks exec:exec -Dbench.main=care.iop.bench.AnalyticsReplayBenchmark
 * [-Dbench.events=1000000] [-Dbench.patients=20000]}
 */
public final class AnalyticsReplayBenchmark {

    private static final Duration CATCH_UP_LIMIT = Duration.ofMinutes(20);
    /**
     * INFO, as analytics-service logs (Quarkus' default). Without a logging configuration the log manager here
     * enables every level, and Kafka's per-record TRACE messages were formatted (then dropped): about one in six of
     * the stream thread's stack samples in the first run.
     */
    private static final java.util.logging.Logger ROOT_LOGGER = java.util.logging.Logger.getLogger("");

    private final KafkaBroker broker;
    private final List<TopicPartition> inputs;
    private final Map<TopicPartition, Long> ends;
    private final long events;

    private AnalyticsReplayBenchmark(KafkaBroker broker, List<TopicPartition> inputs, Map<TopicPartition, Long> ends,
                                     long events) {
        this.broker = broker;
        this.inputs = inputs;
        this.ends = ends;
        this.events = events;
    }

    public static void main(String[] args) throws Exception {
        ROOT_LOGGER.setLevel(java.util.logging.Level.INFO);
        int n = Integer.getInteger("bench.events", 1_000_000);
        int patients = Integer.getInteger("bench.patients", 20_000);
        System.out.printf("analytics replay benchmark: %d cores, JDK %s, max heap %d MiB; %,d events, %,d patients, "
                        + "2 clinics%n", Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20, n, patients);
        KafkaBroker broker = KafkaBroker.builder().heap("1g", "1g").quietLogging().configure();
        broker.start();
        try {
            long start = System.nanoTime();
            ReplayEvents.Produced produced = ReplayEvents.produce(broker.bootstrapServers(), n, patients);
            double produceSeconds = seconds(start);
            System.out.printf("[produce] %,d events (%s) in %.1f s: %,.0f events/s; %,d bytes of JSON, %.0f B/event; "
                            + "idempotent producer, acks=all, lz4, linger 20 ms, batch 256 KiB%n", n, produced.mix(),
                    produceSeconds, n / produceSeconds, produced.bytes(), produced.bytes() / (double) n);
            List<TopicPartition> inputs = inputPartitions(broker.bootstrapServers());
            Map<TopicPartition, Long> ends = endOffsets(broker.bootstrapServers(), inputs);
            long total = ends.values().stream().mapToLong(Long::longValue).sum();
            System.out.printf("[topics] %d topics x 3 partitions = %d input partitions, %,d records%n",
                    OutcomesTopology.TOPICS.size(), inputs.size(), total);
            new AnalyticsReplayBenchmark(broker, inputs, ends, total).run();
        } finally {
            broker.destroy();
        }
    }

    private void run() throws Exception {
        double raw = plainConsumer(false);
        System.out.printf("[plain consumer] raw read (String values, not parsed): %,.0f events/s%n", raw);
        double parsed = plainConsumer(true);
        System.out.printf("[plain consumer] read + EventJson.parse of every value: %,.0f events/s%n", parsed);

        String configured = "as analytics-service configures it (at-least-once, commit.interval.ms 1000, "
                + "2 stream threads, facts store not cached)";
        report(replay(configured + ", cold JVM", Map.of()), parsed, raw);
        report(replay(configured + ", warm JVM", Map.of()), parsed, raw);
        report(replay("config only: 1 stream thread", Map.of(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1)), parsed,
                raw);
        for (int threads : new int[] {1, 2}) {
            Map<String, Object> threadCount = Map.of(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
            report(replay("floor, " + threads + " stream thread(s): each event parsed (EventJson.parse), nothing kept",
                    threadCount, () -> FloorTopologies.parseOnly(OutcomesTopology.TOPICS)), parsed, raw);
            report(replay("floor, " + threads + " stream thread(s): each event parsed and one 128-byte value put by "
                    + "event id in a logged RocksDB store", threadCount,
                    () -> FloorTopologies.parseAndPut(OutcomesTopology.TOPICS)), parsed, raw);
        }
    }

    private void report(Replay r, double parsed, double raw) {
        double rate = events / r.caughtUpSeconds;
        System.out.printf("[streams] %s%n", r.label);
        System.out.printf("[streams]   all %,d events processed after %.1f s (%,.0f events/s); caught up (committed "
                        + "offsets at the end offsets) after %.1f s: %,.0f events/s = %.2fx the parsing consumer, "
                        + "%.2fx the raw consumer (goal >= 0.5x the plain consumer)%n", events, r.processedSeconds,
                events / r.processedSeconds, r.caughtUpSeconds, rate, rate / parsed, rate / raw);
        System.out.printf("[streams]   state directory %,.1f MiB; changelog records written: %s%n",
                r.stateBytes / 1048576.0, r.changelogRecords);
    }

    private double plainConsumer(boolean parse) {
        Map<String, Object> config = Map.of("bootstrap.servers", broker.bootstrapServers(),
                "key.deserializer", StringDeserializer.class, "value.deserializer", StringDeserializer.class,
                "enable.auto.commit", false, "group.id", "bench-plain-" + UUID.randomUUID());
        long start = System.nanoTime();
        long read = 0;
        long parsedIds = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.assign(inputs);
            consumer.seekToBeginning(inputs);
            while (!atEnd(consumer)) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<String, String> record : records) {
                    read++;
                    if (parse) {
                        parsedIds += EventJson.parse(record.value()).id().length();
                    }
                }
            }
        }
        double seconds = seconds(start);
        if (read != events || (parse && parsedIds == 0)) {
            throw new IllegalStateException("plain consumer read " + read + " of " + events);
        }
        return read / seconds;
    }

    private boolean atEnd(KafkaConsumer<String, String> consumer) {
        for (TopicPartition tp : inputs) {
            if (consumer.position(tp) < ends.get(tp)) {
                return false;
            }
        }
        return true;
    }

    private Replay replay(String label, Map<String, Object> overrides) throws Exception {
        return replay(label, overrides, OutcomesTopology::build);
    }

    private Replay replay(String label, Map<String, Object> overrides,
                          java.util.function.Supplier<org.apache.kafka.streams.Topology> topology) throws Exception {
        String applicationId = "bench-analytics-" + UUID.randomUUID();
        Path stateDir = Files.createTempDirectory("iop-bench-streams-");
        Properties props = new Properties();
        // As analytics-service's application.properties (and quarkus-kafka-streams) configure it.
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 1);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        props.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        props.put(StreamsConfig.consumerPrefix("session.timeout.ms"), 6000);
        props.put(StreamsConfig.consumerPrefix("heartbeat.interval.ms"), 2000);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2);
        props.putAll(overrides);
        long start = System.nanoTime();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (KafkaStreams streams = new KafkaStreams(topology.get(), props);
             Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            streams.setUncaughtExceptionHandler(e -> {
                failure.set(e);
                return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                        .SHUTDOWN_CLIENT;
            });
            streams.start();
            long deadline = start + CATCH_UP_LIMIT.toNanos();
            double processedSeconds = Double.NaN;
            while (true) {
                if (failure.get() != null) {
                    throw new IllegalStateException("the topology failed", failure.get());
                }
                if (Double.isNaN(processedSeconds) && processed(streams) >= events) {
                    processedSeconds = seconds(start);
                }
                if (committedAtEnd(admin, applicationId)) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("not caught up within " + CATCH_UP_LIMIT);
                }
                Thread.sleep(100);
            }
            double caughtUp = seconds(start);
            if (Double.isNaN(processedSeconds)) {
                processedSeconds = caughtUp;
            }
            String changelog = changelogRecords(admin, applicationId);
            streams.close(Duration.ofSeconds(30));
            long stateBytes = directorySize(stateDir);
            return new Replay(label, processedSeconds, caughtUp, stateBytes, changelog);
        } finally {
            deleteRecursively(stateDir);
        }
    }

    /** The stream thread's process-total (records handed to the topology), summed over threads. */
    private static double processed(KafkaStreams streams) {
        double sum = 0;
        for (Map.Entry<MetricName, ? extends Metric> m : streams.metrics().entrySet()) {
            if (m.getKey().name().equals("process-total") && m.getKey().group().equals("stream-thread-metrics")) {
                sum += ((Number) m.getValue().metricValue()).doubleValue();
            }
        }
        return sum;
    }

    private boolean committedAtEnd(Admin admin, String group) throws InterruptedException, ExecutionException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
        for (TopicPartition tp : inputs) {
            OffsetAndMetadata offset = committed.get(tp);
            if (offset == null || offset.offset() < ends.get(tp)) {
                return false;
            }
        }
        return true;
    }

    private static String changelogRecords(Admin admin, String applicationId) throws Exception {
        List<String> changelogs = admin.listTopics().names().get().stream()
                .filter(t -> t.startsWith(applicationId) && t.endsWith("-changelog")).sorted().toList();
        Map<String, Long> counts = new HashMap<>();
        for (String topic : changelogs) {
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
                    .partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            counts.put(topic.substring(applicationId.length() + 1), endOffsets(admin, partitions).values().stream()
                    .mapToLong(Long::longValue).sum());
        }
        return counts.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> String.format("%s %,d", e.getKey(), e.getValue())).collect(Collectors.joining(", "));
    }

    private static List<TopicPartition> inputPartitions(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            List<TopicPartition> partitions = new ArrayList<>();
            admin.describeTopics(OutcomesTopology.TOPICS).allTopicNames().get().forEach((topic, d) ->
                    d.partitions().forEach(p -> partitions.add(new TopicPartition(topic, p.partition()))));
            partitions.sort(Comparator.comparing(TopicPartition::toString));
            return partitions;
        }
    }

    private static Map<TopicPartition, Long> endOffsets(String bootstrap, List<TopicPartition> partitions)
            throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            return endOffsets(admin, partitions);
        }
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, List<TopicPartition> partitions)
            throws Exception {
        Map<TopicPartition, OffsetSpec> latest = partitions.stream()
                .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    private static long directorySize(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private record Replay(String label, double processedSeconds, double caughtUpSeconds, long stateBytes,
                          String changelogRecords) {
    }
}
