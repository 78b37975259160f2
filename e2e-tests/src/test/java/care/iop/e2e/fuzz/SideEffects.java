package care.iop.e2e.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * What the fuzzed requests left behind, found by their request ids (every request carries a unique
 * {@code X-Request-Id} with the run's prefix): audit rows ({@code audit_log.request_id}) and outbox rows (the
 * CloudEvent's {@code requestid}) in each service's database, and records on the platform's Kafka topics; and
 * whether a refused request left exactly what it may ({@link #judge}).
 */
final class SideEffects {

    static final String AUDIT_TOPIC = "iop.audit.v1";
    static final String AUDIT_EVENT = "care.iop.audit.record.appended.v1";

    /**
     * One trace: an audit row ({@code kind} audit_log, {@code type} its outcome, {@code auditId} its id), an outbox
     * row ({@code type} the event type, {@code auditId} the audit id an audit event names) or a Kafka record.
     */
    record Trace(String kind, String area, String topic, String type, String eventId, String auditId) {
        boolean isAuditEvent() {
            return AUDIT_TOPIC.equals(topic) && AUDIT_EVENT.equals(type);
        }

        @Override
        public String toString() {
            return switch (kind) {
                case "audit_log" -> area + " audit_log " + type;
                case "outbox_event" -> area + " outbox_event " + topic + " " + type;
                default -> "kafka " + topic + " " + type;
            };
        }
    }

    /** What a refused request may leave behind. */
    enum Expected {
        /** Nothing: a 401 (counted per address and minute, not per request), a refusal the gateway made itself. */
        NOTHING,
        /** Its own refusal trace: one denied/failure audit row, its outbox row and its {@code iop.audit.v1} record. */
        ONE_REFUSAL,
        /** A gateway view's refusal: its parts' services audit what they were asked; audit traces only, any number. */
        AUDIT_ONLY
    }

    /** How a refused request's traces compare with what it may leave: {@code extra} and {@code missing} say why. */
    record Verdict(String extra, String missing) {
        static final Verdict FINE = new Verdict(null, null);
    }

    /** Request id → what it left (audit rows, outbox rows, Kafka records). */
    final Map<String, List<Trace>> traces = new HashMap<>();
    /** Whether Kafka was read (without it, a refusal's audit event cannot be looked for there). */
    boolean kafkaRead;
    long auditRows;
    long outboxRows;
    long kafkaRecords;
    /** Records of this run's requests on a dead-letter topic: an event some consumer could not apply. */
    final List<String> deadLettered = new ArrayList<>();

    /** Reads the traces of the requests whose ids start with {@code prefix}. */
    static SideEffects find(Map<String, String> jdbcUrls, String user, String password, String kafkaBootstrap,
                            String prefix) throws SQLException {
        SideEffects found = new SideEffects();
        for (Map.Entry<String, String> db : jdbcUrls.entrySet()) {
            try (Connection c = DriverManager.getConnection(db.getValue(), user, password)) {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT request_id, outcome, id::text FROM audit_log WHERE request_id LIKE ?")) {
                    ps.setString(1, prefix + "%");
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            found.auditRows++;
                            found.trace(rs.getString(1), new Trace("audit_log", db.getKey(), null, rs.getString(2),
                                    null, rs.getString(3)));
                        }
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("""
                        SELECT payload::jsonb ->> 'requestid', topic, event_type, event_id::text,
                               payload::jsonb -> 'data' ->> 'auditId'
                        FROM outbox_event WHERE payload::jsonb ->> 'requestid' LIKE ?""")) {
                    ps.setString(1, prefix + "%");
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            found.outboxRows++;
                            found.trace(rs.getString(1), new Trace("outbox_event", db.getKey(), rs.getString(2),
                                    rs.getString(3), rs.getString(4), rs.getString(5)));
                        }
                    }
                }
            }
        }
        if (kafkaBootstrap != null) {
            found.readKafka(kafkaBootstrap, prefix);
            found.kafkaRead = true;
        }
        return found;
    }

    /**
     * What a refused request may leave: a service's 4xx (but 401) or 500 its own refusal trace; a 401, a refusal
     * the gateway made itself (no {@code Content-Security-Policy}: only services add one) and a 502-504 nothing; a
     * gateway view's refusal only the audit traces of its parts.
     */
    static Expected expected(int status, boolean answeredByService, boolean gatewayView) {
        if (gatewayView) {
            return Expected.AUDIT_ONLY;
        }
        boolean recorded = (status >= 400 && status < 500 && status != 401) || status == 500;
        return answeredByService && recorded ? Expected.ONE_REFUSAL : Expected.NOTHING;
    }

    /** Whether the traces of a refused request are what it may leave (see {@link Expected}). */
    Verdict judge(String requestId, int status, Expected expected) {
        List<Trace> found = traces.getOrDefault(requestId, List.of());
        return switch (expected) {
            case NOTHING -> found.isEmpty() ? Verdict.FINE : new Verdict("traces " + found, null);
            case AUDIT_ONLY -> {
                List<Trace> other = found.stream()
                        .filter(t -> !t.kind().equals("audit_log") && !t.isAuditEvent()).toList();
                yield other.isEmpty() ? Verdict.FINE : new Verdict("traces other than audit " + other, null);
            }
            case ONE_REFUSAL -> oneRefusal(status, found);
        };
    }

    private Verdict oneRefusal(int status, List<Trace> found) {
        List<Trace> rows = found.stream().filter(t -> t.kind().equals("audit_log")).toList();
        if (rows.isEmpty()) {
            List<Trace> other = found.stream().filter(t -> !t.isAuditEvent()).toList();
            return new Verdict(other.isEmpty() ? null : "traces " + other,
                    "refusal not audited (no audit row" + (found.isEmpty() ? ")" : ", found " + found + ")"));
        }
        String outcome = status == 403 || status == 404 ? "denied" : "failure";
        Trace row = rows.get(0);
        List<String> extra = new ArrayList<>();
        if (rows.size() > 1) {
            extra.add(rows.size() + " audit rows " + rows);
        } else if (!row.type().equals(outcome)) {
            extra.add("audit outcome " + row.type() + " where " + status + " is " + outcome);
        }
        List<Trace> events = found.stream().filter(t -> t.kind().equals("outbox_event")).toList();
        List<Trace> own = events.stream().filter(t -> t.isAuditEvent() && t.area().equals(row.area())
                && row.auditId().equalsIgnoreCase(String.valueOf(t.auditId()))).toList();
        List<Trace> otherEvents = events.stream().filter(t -> !own.contains(t)).toList();
        if (!otherEvents.isEmpty()) {
            extra.add("outbox rows " + otherEvents);
        }
        // Kafka may hold one event more than once (at-least-once delivery): the same event id is the same event.
        String eventId = own.isEmpty() ? null : own.get(0).eventId();
        List<Trace> records = found.stream().filter(t -> t.kind().equals("kafka")).toList();
        List<Trace> otherRecords = records.stream()
                .filter(t -> !t.isAuditEvent() || eventId == null || !eventId.equals(t.eventId())).toList();
        if (!otherRecords.isEmpty()) {
            extra.add("Kafka records " + otherRecords);
        }
        String missing = null;
        if (own.isEmpty()) {
            missing = "its audit row has no " + AUDIT_EVENT + " outbox row";
        } else if (own.size() > 1) {
            extra.add(own.size() + " audit outbox rows");
        } else if (kafkaRead && records.size() == otherRecords.size()) {
            missing = "its audit event is not on " + AUDIT_TOPIC;
        }
        return new Verdict(extra.isEmpty() ? null : String.join("; ", extra), missing);
    }

    /** Waits until every service's relay has published its outbox (so that Kafka holds what the outbox held). */
    static void awaitOutboxesDrained(Map<String, String> jdbcUrls, String user, String password, Duration atMost)
            throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        for (String url : jdbcUrls.values()) {
            try (Connection c = DriverManager.getConnection(url, user, password)) {
                while (true) {
                    try (ResultSet rs = c.createStatement()
                            .executeQuery("SELECT count(*) FROM outbox_event WHERE sent_at IS NULL")) {
                        rs.next();
                        if (rs.getLong(1) == 0 || System.nanoTime() > deadline) {
                            break;
                        }
                    }
                    Thread.sleep(250);
                }
            }
        }
    }

    private void trace(String requestId, Trace t) {
        traces.computeIfAbsent(requestId, k -> new ArrayList<>()).add(t);
    }

    private void readKafka(String bootstrap, String prefix) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "fuzz-side-effects-" + UUID.randomUUID());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (Map.Entry<String, List<PartitionInfo>> t : consumer.listTopics(Duration.ofSeconds(20)).entrySet()) {
                if (t.getKey().startsWith("iop.")) {
                    t.getValue().forEach(pi -> partitions.add(new TopicPartition(pi.topic(), pi.partition())));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(20));
            // every audited request (refused ones too) is on iop.audit.v1: a few tens of thousands of records
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (System.nanoTime() < deadline && partitions.stream()
                    .anyMatch(tp -> consumer.position(tp, Duration.ofSeconds(10)) < end.get(tp))) {
                for (ConsumerRecord<String, String> rec : consumer.poll(Duration.ofMillis(500))) {
                    JsonNode event = event(rec.value());
                    String requestId = event == null ? null : event.path("requestid").asText(null);
                    if (requestId != null && requestId.startsWith(prefix)) {
                        kafkaRecords++;
                        trace(requestId, new Trace("kafka", null, rec.topic(), event.path("type").asText(null),
                                event.path("id").asText(null), event.path("data").path("auditId").asText(null)));
                        if (rec.topic().endsWith(".dlq")) {
                            deadLettered.add(requestId + " on " + rec.topic() + ": " + reason(rec));
                        }
                    }
                }
            }
        }
    }

    private static String reason(ConsumerRecord<String, String> rec) {
        StringBuilder b = new StringBuilder();
        rec.headers().forEach(h -> {
            if (h.key().contains("reason") || h.key().contains("exception")) {
                b.append(h.key()).append('=').append(new String(h.value(), java.nio.charset.StandardCharsets.UTF_8))
                        .append(' ');
            }
        });
        String v = rec.value() == null ? "" : rec.value();
        return b + (v.length() > 300 ? v.substring(0, 300) + "…" : v);
    }

    private static JsonNode event(String value) {
        if (value == null || !value.contains("requestid")) {
            return null;
        }
        try {
            return Mutations.MAPPER.readTree(value);
        } catch (Exception notJson) {
            return null;
        }
    }
}
