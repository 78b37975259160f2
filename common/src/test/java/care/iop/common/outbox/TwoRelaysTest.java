package care.iop.common.outbox;

import care.iop.embedded.EmbeddedPostgres;
import care.iop.testkit.EventCapture;
import care.iop.testkit.TestInfrastructure;
import care.iop.testkit.TestTopics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Two relay instances on one outbox, with writers running and the active relay stopped half way: every event
 * arrives exactly once and each key's events arrive in commit order.
 */
class TwoRelaysTest {

    private static final int KEYS = 30;
    private static final int PER_KEY = 20;

    @Test
    void failover_between_two_relays_loses_and_duplicates_nothing() throws Exception {
        OutboxRelay.ConnectionFactory connections = freshOutboxDatabase();
        String topic = "iop.test.relay." + UUID.randomUUID();
        TestTopics.create(topic);
        Map<String, Object> kafka = Map.of("bootstrap.servers", TestInfrastructure.kafkaBootstrapServers());
        OutboxRelay.Settings settings = OutboxRelay.Settings.defaults();

        List<UUID> keys = IntStream.range(0, KEYS).mapToObj(i -> UUID.randomUUID()).toList();
        insert(connections, topic, keys, 0, 1); // a first event per key, waiting before any relay runs
        try (EventCapture events = EventCapture.from(TestInfrastructure.kafkaBootstrapServers(), List.of(topic));
             OutboxRelay a = new OutboxRelay(connections, kafka, settings.withName("relay-a"), new SimpleMeterRegistry()).start();
             OutboxRelay b = new OutboxRelay(connections, kafka, settings.withName("relay-b"), new SimpleMeterRegistry()).start()) {
            ExecutorService writers = Executors.newFixedThreadPool(3);
            try {
                List<Future<?>> done = new ArrayList<>();
                // Three writers, each owning a third of the keys, commit one event per transaction.
                for (int w = 0; w < 3; w++) {
                    List<UUID> mine = keys.subList(w * KEYS / 3, (w + 1) * KEYS / 3);
                    done.add(writers.submit(() -> insert(connections, topic, mine, 1, PER_KEY)));
                }
                events.awaitCount(r -> true, KEYS, Duration.ofSeconds(30));
                OutboxRelay active = a.isLeader() ? a : b;
                active.close(); // fail over while writers are still writing
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                writers.shutdownNow();
            }
            List<EventCapture.Captured> received = events.awaitCount(r -> true, KEYS * PER_KEY, Duration.ofSeconds(60));
            events.assertNone(r -> false, Duration.ofSeconds(2));
            received = events.records();

            assertThat(received).hasSize(KEYS * PER_KEY);
            assertThat(received.stream().map(r -> r.event().id()).distinct().count()).isEqualTo(KEYS * PER_KEY);
            Map<String, List<Integer>> order = new HashMap<>();
            received.forEach(r -> order.computeIfAbsent(r.key(), k -> new ArrayList<>())
                    .add(r.event().data().get("sequence").asInt()));
            List<Integer> expected = IntStream.range(0, PER_KEY).boxed().toList();
            order.forEach((key, seq) -> assertThat(seq).as("order of " + key).isEqualTo(expected));
            assertThat(a.isLeader() || b.isLeader()).isTrue();
        }
    }

    @Test
    void sent_rows_are_pruned_after_the_retention_and_unsent_rows_never() throws Exception {
        OutboxRelay.ConnectionFactory connections = freshOutboxDatabase();
        String topic = "iop.test.prune." + UUID.randomUUID();
        TestTopics.create(topic);
        List<UUID> keys = IntStream.range(0, 5).mapToObj(i -> UUID.randomUUID()).toList();
        insert(connections, topic, keys, 0, 2);
        OutboxRelay.Settings settings = new OutboxRelay.Settings("relay-prune", 500, Duration.ofMillis(200),
                Duration.ofMillis(200), Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofMillis(1),
                Duration.ofMillis(100));
        var metrics = new SimpleMeterRegistry();
        try (EventCapture events = EventCapture.from(TestInfrastructure.kafkaBootstrapServers(), List.of(topic));
             OutboxRelay relay = new OutboxRelay(connections, Map.of("bootstrap.servers",
                     TestInfrastructure.kafkaBootstrapServers()), settings, metrics).start()) {
            events.awaitCount(r -> true, 10, Duration.ofSeconds(30));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> rows(connections) == 0);
            assertThat(relay.publishedCount()).isEqualTo(10);
            assertThat(metrics.get("iop.outbox.publish.latency").timer().count()).isEqualTo(10);
            assertThat(metrics.get("iop.outbox.pending").gauge().value()).isZero();
        }
        // Without a relay nothing is sent, so nothing may be pruned either.
        insert(connections, topic, keys, 2, 3);
        assertThat(rows(connections)).isEqualTo(5);
    }

    /** A new database on the embedded server with the common migrations (outbox table) applied. */
    private static OutboxRelay.ConnectionFactory freshOutboxDatabase() {
        EmbeddedPostgres pg = TestInfrastructure.embeddedPostgres().orElse(null);
        assumeTrue(pg != null, "needs the embedded PostgreSQL");
        String url = pg.createDatabase("outbox_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10));
        Flyway.configure().dataSource(url, EmbeddedPostgres.SUPERUSER, "").locations("classpath:db/common")
                .placeholders(java.util.Map.of("app_role", EmbeddedPostgres.SUPERUSER)).load().migrate();
        return () -> DriverManager.getConnection(url, EmbeddedPostgres.SUPERUSER, "");
    }

    private static long rows(OutboxRelay.ConnectionFactory connections) throws SQLException {
        try (Connection c = connections.open(); var rs = c.createStatement().executeQuery("select count(*) from outbox_event")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** One transaction per event, sequence numbers from..to-1 for each key. */
    private static Void insert(OutboxRelay.ConnectionFactory connections, String topic, List<UUID> keys, int from,
                               int to) throws SQLException {
        try (Connection c = connections.open()) {
            c.setAutoCommit(false);
            for (int i = from; i < to; i++) {
                for (UUID key : keys) {
                    UUID id = UUID.randomUUID();
                    String payload = """
                            {"specversion":"1.0","id":"%s","source":"/iop/test","type":"care.iop.test.relay.v1",\
                            "subject":"%s","time":"2026-01-01T00:00:00Z","datacontenttype":"application/json",\
                            "data":{"sequence":%d}}""".formatted(id, key, i);
                    OutboxStatements.insert(c, id, topic, key.toString(), "care.iop.test.relay.v1", payload);
                    c.commit();
                }
            }
        }
        return null;
    }
}
