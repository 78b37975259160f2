package care.iop.bench;

import care.iop.common.outbox.OutboxRelay;
import care.iop.common.outbox.OutboxStatements;
import care.iop.embedded.EmbeddedPostgres;
import care.iop.embedded.KafkaBroker;
import care.iop.testkit.EventCapture;
import care.iop.testkit.TestTopics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.flywaydb.core.Flyway;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The outbox benchmark of issue #2, in one run against one durable PostgreSQL (fsync on) and one broker:
 * physical references (commit rate of entity+outbox transactions with the relay off; raw producer rate for
 * 1 KiB records), then the outbox end to end: saturation rate, latency at a constant 500 events/s, and the
 * drain rate of a 10,000-event backlog built while the broker was down. Prints the figures.
 *
 * <p>Run: {@code ./mvnw -pl benchmarks -am install -DskipTests && ./mvnw -pl benchmarks exec:exec}
 */
public final class OutboxBenchmark {

    private static final int CLIENTS = 8;
    private static final Duration SATURATION_RUN = Duration.ofSeconds(15);
    private static final int CONSTANT_RATE = 500;
    private static final Duration CONSTANT_RUN = Duration.ofSeconds(20);
    private static final int BACKLOG = 10_000;
    private static final String PAYLOAD_PAD = "x".repeat(700); // ~1 KiB CloudEvent

    private final String url;
    private final KafkaBroker broker;
    private final Map<String, Long> committedAt = new ConcurrentHashMap<>();

    private OutboxBenchmark(String url, KafkaBroker broker) {
        this.url = url;
        this.broker = broker;
    }

    public static void main(String[] args) throws Exception {
        System.out.printf("outbox benchmark: %d cores, JDK %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        EmbeddedPostgres pg = EmbeddedPostgres.initAndStart(true);
        KafkaBroker broker = KafkaBroker.formatAndStart();
        try {
            // The broker creates only the platform's declared topics.
            TestTopics.createOn(broker.bootstrapServers(), "iop.bench.reference", "iop.bench.raw", "iop.bench.saturation",
                    "iop.bench.latency", "iop.bench.backlog");
            String url = pg.createDatabase("bench");
            // One account for everything: the benchmark measures the outbox, not the roles (app_role: the migrations'
            // grants to the application role are then skipped).
            Flyway.configure().dataSource(url, EmbeddedPostgres.SUPERUSER, "").locations("classpath:db/common")
                    .placeholders(java.util.Map.of("app_role", EmbeddedPostgres.SUPERUSER)).load().migrate();
            try (Connection c = DriverManager.getConnection(url, EmbeddedPostgres.SUPERUSER, "")) {
                c.createStatement().execute("""
                        CREATE TABLE bench_entity (id uuid PRIMARY KEY, clinic_id uuid NOT NULL, status text NOT NULL,
                          created_at timestamptz NOT NULL DEFAULT now())""");
            }
            new OutboxBenchmark(url, broker).run();
        } finally {
            broker.destroy();
            pg.destroy();
        }
    }

    private void run() throws Exception {
        double commitRate = commitRateRelayOff();
        System.out.printf("[reference] entity+outbox commits, relay off, %d clients: %.0f tx/s%n", CLIENTS, commitRate);
        truncate();
        double producerRate = rawProducerRate(100_000);
        System.out.printf("[reference] raw Kafka producer, 1 KiB records, acks=all, idempotent: %.0f records/s%n",
                producerRate);

        try (OutboxRelay relay = relay("bench-relay")) {
            Saturation s = saturation();
            System.out.printf("[outbox] saturation, %d clients: committed %.0f tx/s, consumed %.0f events/s "
                    + "(%.0f%% of the commit rate)%n", CLIENTS, s.commitRate, s.consumeRate,
                    100 * s.consumeRate / s.commitRate);
            truncate();
            Latency l = constantRate();
            System.out.printf("[outbox] constant %d events/s for %ds: commit->visible p50 %.1f ms, p99 %.1f ms, "
                    + "max %.1f ms; intended->visible p50 %.1f ms, p99 %.1f ms (%d events)%n", CONSTANT_RATE,
                    CONSTANT_RUN.toSeconds(), l.p50, l.p99, l.max, l.intendedP50, l.intendedP99, l.count);
            double drain = backlogDrain("iop.bench.backlog");
            System.out.printf("[outbox] backlog of %d built with the broker down drained at %.0f events/s "
                    + "(first to last event, batch %d)%n", BACKLOG, drain, OutboxRelay.Settings.defaults().batchSize());
        }
    }

    private OutboxRelay relay(String name) {
        return new OutboxRelay(this::connect, Map.of("bootstrap.servers", broker.bootstrapServers()),
                OutboxRelay.Settings.defaults().withName(name), new SimpleMeterRegistry()).start();
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, EmbeddedPostgres.SUPERUSER, "");
    }

    /** One business transaction: an entity row and its event row, committed together. */
    private String writeOne(Connection c, PreparedStatement entity, String topic) throws SQLException {
        UUID id = UUID.randomUUID();
        UUID key = UUID.randomUUID();
        entity.setObject(1, id);
        entity.setObject(2, key);
        entity.executeUpdate();
        String eventId = UUID.randomUUID().toString();
        OutboxStatements.insert(c, UUID.fromString(eventId), topic, key.toString(), "care.iop.bench.v1", """
                {"specversion":"1.0","id":"%s","source":"/iop/bench","type":"care.iop.bench.v1","subject":"%s",\
                "time":"2026-01-01T00:00:00Z","datacontenttype":"application/json","data":{"pad":"%s"}}"""
                .formatted(eventId, key, PAYLOAD_PAD));
        c.commit();
        return eventId;
    }

    private PreparedStatement entityInsert(Connection c) throws SQLException {
        c.setAutoCommit(false);
        return c.prepareStatement("INSERT INTO bench_entity (id, clinic_id, status) VALUES (?, ?, 'active')");
    }

    private double commitRateRelayOff() throws Exception {
        return writeFlat("iop.bench.reference", SATURATION_RUN, new AtomicLong()) / (double) SATURATION_RUN.toSeconds();
    }

    /** CLIENTS threads writing as fast as they can for the duration; returns transactions committed. */
    private long writeFlat(String topic, Duration duration, AtomicLong count) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        long end = System.nanoTime() + duration.toNanos();
        List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            futures.add(pool.submit(() -> {
                try (Connection c = connect(); PreparedStatement entity = entityInsert(c)) {
                    while (System.nanoTime() < end) {
                        committedAt.put(writeOne(c, entity, topic), System.nanoTime());
                        count.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (var f : futures) {
            f.get();
        }
        pool.shutdown();
        return count.get();
    }

    private double rawProducerRate(int records) throws Exception {
        Map<String, Object> config = OutboxRelay.producerSettings(Map.of("bootstrap.servers", broker.bootstrapServers()),
                "bench-raw");
        String value = "y".repeat(1024);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            producer.send(new ProducerRecord<>("iop.bench.raw", "warm", value)).get();
            long start = System.nanoTime();
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>("iop.bench.raw", UUID.randomUUID().toString(), value));
            }
            producer.flush();
            return records / ((System.nanoTime() - start) / 1e9);
        }
    }

    private record Saturation(double commitRate, double consumeRate) {
    }

    private Saturation saturation() throws Exception {
        String topic = "iop.bench.saturation";
        committedAt.clear();
        try (Receiver receiver = new Receiver(topic)) {
            AtomicLong committed = new AtomicLong();
            long start = System.nanoTime();
            writeFlat(topic, SATURATION_RUN, committed);
            double commitSeconds = (System.nanoTime() - start) / 1e9;
            receiver.awaitCount(committed.get(), Duration.ofSeconds(120));
            double consumeSeconds = (receiver.lastArrival.get() - start) / 1e9;
            return new Saturation(committed.get() / commitSeconds, committed.get() / consumeSeconds);
        }
    }

    private record Latency(double p50, double p99, double max, double intendedP50, double intendedP99, int count) {
    }

    /** A constant arrival rate: each transaction has an intended start; late starts count against latency. */
    private Latency constantRate() throws Exception {
        String topic = "iop.bench.latency";
        committedAt.clear();
        Map<String, Long> intendedAt = new ConcurrentHashMap<>();
        int total = (int) (CONSTANT_RATE * CONSTANT_RUN.toSeconds());
        long interval = TimeUnit.SECONDS.toNanos(1) / CONSTANT_RATE;
        try (Receiver receiver = new Receiver(topic)) {
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
            AtomicLong next = new AtomicLong();
            CountDownLatch done = new CountDownLatch(CLIENTS);
            for (int t = 0; t < CLIENTS; t++) {
                pool.submit(() -> {
                    try (Connection c = connect(); PreparedStatement entity = entityInsert(c)) {
                        long i;
                        while ((i = next.getAndIncrement()) < total) {
                            long intended = start + i * interval;
                            long wait = intended - System.nanoTime();
                            if (wait > 0) {
                                TimeUnit.NANOSECONDS.sleep(wait);
                            }
                            String id = writeOne(c, entity, topic);
                            committedAt.put(id, System.nanoTime());
                            intendedAt.put(id, intended);
                        }
                    } finally {
                        done.countDown();
                    }
                    return null;
                });
            }
            done.await();
            pool.shutdown();
            receiver.awaitCount(total, Duration.ofSeconds(60));
            double[] fromCommit = new double[total];
            double[] fromIntended = new double[total];
            int n = 0;
            for (var e : receiver.arrivals().entrySet()) {
                Long committed = committedAt.get(e.getKey());
                if (committed != null && n < total) {
                    fromCommit[n] = Math.max(0, e.getValue() - committed) / 1e6;
                    fromIntended[n] = (e.getValue() - intendedAt.get(e.getKey())) / 1e6;
                    n++;
                }
            }
            Arrays.sort(fromCommit, 0, n);
            Arrays.sort(fromIntended, 0, n);
            return new Latency(pct(fromCommit, n, 0.5), pct(fromCommit, n, 0.99), fromCommit[n - 1],
                    pct(fromIntended, n, 0.5), pct(fromIntended, n, 0.99), n);
        }
    }

    private double backlogDrain(String topic) throws Exception {
        try (Receiver receiver = new Receiver(topic)) {
            broker.stop();
            try (Connection c = connect(); PreparedStatement entity = entityInsert(c)) {
                for (int i = 0; i < BACKLOG; i++) {
                    writeOne(c, entity, topic);
                }
            }
            long restart = System.nanoTime();
            broker.start();
            long ready = System.nanoTime();
            receiver.awaitCount(BACKLOG, Duration.ofSeconds(180));
            long first = receiver.firstArrival();
            double fromReady = (receiver.lastArrival.get() - ready) / 1e9;
            double draining = (receiver.lastArrival.get() - first) / 1e9;
            System.out.printf("  broker restart %.1f s; first event %.2f s after the broker was ready (relay backoff "
                    + "<= 5 s); %.0f events/s counted from broker ready%n", (ready - restart) / 1e9,
                    (first - ready) / 1e9, BACKLOG / fromReady);
            return BACKLOG / draining;
        }
    }

    private static double pct(double[] sorted, int n, double p) {
        return sorted[Math.min(n - 1, (int) Math.ceil(p * n) - 1)];
    }

    private void truncate() throws SQLException {
        try (Connection c = connect(); var s = c.createStatement()) {
            s.execute("TRUNCATE bench_entity");
            s.execute("DELETE FROM outbox_event");
            s.execute("VACUUM ANALYZE outbox_event");
        }
    }

    /** Receives a topic through the testkit's event capture, by event id. */
    private final class Receiver implements AutoCloseable {
        private final EventCapture capture;
        final AtomicLong lastArrival = new AtomicLong();

        Receiver(String topic) {
            capture = EventCapture.from(broker.bootstrapServers(), List.of(topic));
        }

        void awaitCount(long count, Duration timeout) {
            List<EventCapture.Captured> all = capture.awaitCount(r -> true, (int) count, timeout);
            lastArrival.set(all.stream().mapToLong(EventCapture.Captured::arrivedNanos).max().orElse(0));
        }

        long firstArrival() {
            return capture.records().stream().mapToLong(EventCapture.Captured::arrivedNanos).min().orElse(0);
        }

        /** Arrival time of each event id (the first arrival, should one come twice). */
        Map<String, Long> arrivals() {
            Map<String, Long> byId = new java.util.HashMap<>();
            capture.records().forEach(r -> byId.putIfAbsent(r.event().id(), r.arrivedNanos()));
            return byId;
        }

        @Override
        public void close() {
            capture.close();
        }
    }
}
