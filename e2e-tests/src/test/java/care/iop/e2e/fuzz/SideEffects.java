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
 * CloudEvent's {@code requestid}) in each service's database, and records on the platform's Kafka topics.
 */
final class SideEffects {

    /** Request id → where it left a trace ("intake audit_log", "scheduling outbox", "kafka iop.intake.v1"). */
    final Map<String, List<String>> traces = new HashMap<>();
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
                        "SELECT request_id FROM audit_log WHERE request_id LIKE ?")) {
                    ps.setString(1, prefix + "%");
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            found.auditRows++;
                            found.trace(rs.getString(1), db.getKey() + " audit_log");
                        }
                    }
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT payload::jsonb ->> 'requestid' FROM outbox_event WHERE payload::jsonb ->> 'requestid' LIKE ?")) {
                    ps.setString(1, prefix + "%");
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            found.outboxRows++;
                            found.trace(rs.getString(1), db.getKey() + " outbox_event");
                        }
                    }
                }
            }
        }
        if (kafkaBootstrap != null) {
            found.readKafka(kafkaBootstrap, prefix);
        }
        return found;
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

    private void trace(String requestId, String where) {
        traces.computeIfAbsent(requestId, k -> new ArrayList<>()).add(where);
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
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline && partitions.stream()
                    .anyMatch(tp -> consumer.position(tp, Duration.ofSeconds(10)) < end.get(tp))) {
                for (ConsumerRecord<String, String> rec : consumer.poll(Duration.ofMillis(500))) {
                    String requestId = requestId(rec.value());
                    if (requestId != null && requestId.startsWith(prefix)) {
                        kafkaRecords++;
                        trace(requestId, "kafka " + rec.topic());
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

    private static String requestId(String value) {
        if (value == null || !value.contains("requestid")) {
            return null;
        }
        try {
            JsonNode event = Mutations.MAPPER.readTree(value);
            return event.path("requestid").asText(null);
        } catch (Exception notJson) {
            return null;
        }
    }
}
