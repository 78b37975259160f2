package care.iop.common.outbox;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes outbox rows to Kafka.
 *
 * <p>One relay per database is active at a time: it holds a session-level advisory lock on its own connection,
 * so when its process dies the lock goes with the connection and a standby relay takes over within
 * {@code standbyRetry}. (Several relays sharing rows with {@code FOR UPDATE SKIP LOCKED} could publish one
 * key's events out of order.) The active relay publishes unsent rows in id order with an idempotent producer,
 * marks what the broker acknowledged as sent, waits on {@code LISTEN outbox_event} so a commit is published at
 * once (polling is only the fallback), and backs off while the broker is unreachable: rows wait, none are lost.
 * A crash between publishing and marking can publish a row twice; consumers dedupe on the event id.
 */
public final class OutboxRelay implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int PRODUCER_RESET_AFTER = 5;

    /** What the relay needs; {@link #defaults()} are the production values. */
    public record Settings(String name, int batchSize, Duration pollInterval, Duration standbyRetry,
                           Duration minBackoff, Duration maxBackoff, Duration retention, Duration pruneEvery) {
        public static Settings defaults() {
            return new Settings("outbox-relay", 2_000, Duration.ofSeconds(1), Duration.ofSeconds(1),
                    Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofDays(7), Duration.ofHours(1));
        }

        public Settings withName(String newName) {
            return new Settings(newName, batchSize, pollInterval, standbyRetry, minBackoff, maxBackoff, retention,
                    pruneEvery);
        }
    }

    /** Opens a new, dedicated, auto-commit connection to the service's database. */
    @FunctionalInterface
    public interface ConnectionFactory {
        Connection open() throws SQLException;
    }

    private final ConnectionFactory connections;
    private final Map<String, Object> producerConfig;
    private Producer<String, String> producer;
    private int failedCycles;
    private final Settings settings;
    private final Timer publishLatency;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private final Thread worker;
    private volatile boolean running = true;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private volatile boolean leader;
    private volatile Instant lastSuccess = Instant.now();
    private Connection connection;
    private Instant nextPrune = Instant.now();

    public OutboxRelay(ConnectionFactory connections, Map<String, Object> producerConfig, Settings settings,
                       MeterRegistry metrics) {
        this.connections = connections;
        this.settings = settings;
        this.producerConfig = producerSettings(producerConfig, settings.name());
        this.producer = new KafkaProducer<>(this.producerConfig);
        this.publishLatency = Timer.builder("iop.outbox.publish.latency")
                .description("Time from an outbox row's commit to the broker's acknowledgement")
                .publishPercentiles(0.5, 0.99).register(metrics);
        metrics.gauge("iop.outbox.pending", pending);
        this.worker = new Thread(this::run, settings.name());
        this.worker.setDaemon(true);
    }

    /** Producer settings for ordered, exactly-once-per-session delivery that waits out broker outages. */
    public static Map<String, Object> producerSettings(Map<String, Object> base, String clientId) {
        Map<String, Object> config = new HashMap<>(base);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // One request in flight: after a broker restart, a retried batch (NOT_LEADER_OR_FOLLOWER) with later batches
        // already sent drew OutOfOrderSequence refusals until the delivery timeout, and the relay then published
        // again rows the broker had appended (docs/reliability.md, Kafka outage). With one in flight the broker never
        // sees a batch before the one ahead of it is settled.
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return config;
    }

    public OutboxRelay start() {
        worker.start();
        return this;
    }

    public boolean isAlive() {
        return worker.isAlive();
    }

    public boolean isLeader() {
        return leader;
    }

    public long pendingCount() {
        return pending.get();
    }

    public long publishedCount() {
        return published.get();
    }

    /** When the relay last completed a cycle without error (for health checks). */
    public Instant lastSuccess() {
        return lastSuccess;
    }

    private void run() {
        Duration backoff = settings.minBackoff();
        while (running) {
            try {
                if (!ensureLeader()) {
                    pause(settings.standbyRetry());
                    continue;
                }
                boolean brokerFailed = publishBatch();
                if (brokerFailed && ++failedCycles % PRODUCER_RESET_AFTER == 0) {
                    resetProducer(); // a producer in a fatal state fails every send: start a fresh one
                }
                if (brokerFailed) {
                    backoff = pauseAndGrow(backoff);
                    continue;
                }
                backoff = settings.minBackoff();
                failedCycles = 0;
                lastSuccess = Instant.now();
                pruneIfDue();
            } catch (SQLException e) {
                LOG.warnf("outbox relay %s lost its database connection (SQLState %s); retrying in %s",
                        settings.name(), e.getSQLState(), backoff);
                dropConnection();
                backoff = pauseAndGrow(backoff);
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                LOG.errorf("outbox relay %s failed: %s", settings.name(),
                        care.iop.common.problem.SafeTrace.of(e));
                backoff = pauseAndGrow(backoff);
            }
        }
        dropConnection();
    }

    private boolean ensureLeader() throws SQLException {
        if (connection == null || connection.isClosed()) {
            leader = false;
            connection = connections.open();
            connection.setAutoCommit(true);
        }
        if (!leader && OutboxStatements.tryLeadership(connection)) {
            try (Statement s = connection.createStatement()) {
                s.execute("LISTEN " + OutboxStatements.CHANNEL);
            }
            leader = true;
            LOG.infof("outbox relay %s is now the active relay", settings.name());
        }
        return leader;
    }

    /** Publishes one batch; returns true when the broker failed (rows stay unsent). */
    private boolean publishBatch() throws SQLException {
        List<OutboxStatements.Row> rows = OutboxStatements.unsent(connection, settings.batchSize());
        if (rows.isEmpty()) {
            pending.set(0);
            awaitNotification();
            return false;
        }
        // Publish in id order and mark only the prefix the broker acknowledged: a row after a failed one is
        // published again later rather than marked, so one key's events can never overtake each other.
        List<Future<RecordMetadata>> sends = new ArrayList<>(rows.size());
        for (OutboxStatements.Row row : rows) {
            Future<RecordMetadata> send;
            try {
                send = producer.send(record(row));
            } catch (RuntimeException e) {
                break;
            }
            sends.add(send);
            if (send.isDone() && failed(send)) {
                break; // e.g. no metadata while the broker is down: stop rather than wait max.block.ms per row
            }
        }
        producer.flush();
        List<Long> acknowledged = new ArrayList<>(sends.size());
        Instant now = Instant.now();
        for (int i = 0; i < sends.size() && !failed(sends.get(i)); i++) {
            acknowledged.add(rows.get(i).id());
            publishLatency.record(Duration.between(rows.get(i).createdAt(), now));
        }
        boolean failed = acknowledged.size() < rows.size();
        OutboxStatements.markSent(connection, acknowledged);
        published.addAndGet(acknowledged.size());
        pending.set(failed || rows.size() == settings.batchSize() ? OutboxStatements.pendingCount(connection) : 0);
        if (failed) {
            LOG.warnf("outbox relay %s: broker unavailable, %d of %d events published; retrying",
                    settings.name(), acknowledged.size(), rows.size());
        }
        return failed;
    }

    /** Whether a completed (flushed) send failed. */
    private static boolean failed(Future<RecordMetadata> send) {
        try {
            send.get();
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private ProducerRecord<String, String> record(OutboxStatements.Row row) {
        ProducerRecord<String, String> record = new ProducerRecord<>(row.topic(), row.key(), row.payload());
        record.headers().add("content-type", "application/cloudevents+json".getBytes(StandardCharsets.UTF_8));
        return record;
    }

    /** Blocks until a commit notifies the channel, or the poll interval passes. */
    private void awaitNotification() throws SQLException {
        connection.unwrap(PGConnection.class).getNotifications((int) settings.pollInterval().toMillis());
    }

    private void pruneIfDue() throws SQLException {
        if (Instant.now().isAfter(nextPrune)) {
            int pruned = OutboxStatements.pruneSent(connection, settings.retention(), 5_000);
            if (pruned > 0) {
                LOG.infof("outbox relay %s pruned %d sent events older than %s", settings.name(), pruned,
                        settings.retention());
            }
            nextPrune = Instant.now().plus(settings.pruneEvery());
        }
    }

    private void resetProducer() {
        LOG.warnf("outbox relay %s: %d failed cycles in a row, starting a new producer", settings.name(), failedCycles);
        producer.close(Duration.ZERO);
        producer = new KafkaProducer<>(producerConfig);
    }

    private void dropConnection() {
        leader = false;
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // already broken
            }
            connection = null;
        }
    }

    /** Sleeps, but returns at once when the relay is closed. */
    private void pause(Duration duration) {
        try {
            stopping.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Waits the current backoff and returns the next one (doubled, capped). */
    private Duration pauseAndGrow(Duration backoff) {
        pause(backoff);
        Duration doubled = backoff.multipliedBy(2);
        return doubled.compareTo(settings.maxBackoff()) <= 0 ? doubled : settings.maxBackoff();
    }

    /**
     * Stops after the batch in progress (which is finished and marked, so nothing is published twice) and
     * closes the producer; leadership passes to a standby.
     */
    @Override
    public void close() {
        running = false;
        stopping.countDown();
        try {
            worker.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
