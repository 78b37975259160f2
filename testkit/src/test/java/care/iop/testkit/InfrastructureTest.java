package care.iop.testkit;

import care.iop.embedded.EmbeddedPostgres;
import care.iop.embedded.KafkaBroker;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The embedded servers are real, survive a restart with their data, and work as root (CI runs as root). */
class InfrastructureTest {

    @Test
    void postgres_serves_sql_and_keeps_data_across_a_restart() throws Exception {
        EmbeddedPostgres pg = TestInfrastructure.embeddedPostgres().orElse(null);
        assumeTrue(pg != null);
        String url = pg.createDatabase("infra_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8));
        try (Connection c = DriverManager.getConnection(url, EmbeddedPostgres.SUPERUSER, "")) {
            c.createStatement().execute("create table t (v int); insert into t values (42)");
        }
        pg.stop();
        pg.start();
        try (Connection c = DriverManager.getConnection(url, EmbeddedPostgres.SUPERUSER, "");
             ResultSet rs = c.createStatement().executeQuery("select v, version() from t")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(42);
            assertThat(rs.getString(2)).startsWith("PostgreSQL 17");
        }
    }

    @Test
    void kafka_delivers_and_comes_back_after_a_stop() throws Exception {
        KafkaBroker broker = TestInfrastructure.embeddedKafka().orElse(null);
        assumeTrue(broker != null);
        String topic = "iop.testkit." + UUID.randomUUID();
        TestTopics.create(topic);
        try (EventCapture capture = EventCapture.from(topic)) {
            send(broker, topic, "before");
            broker.stop();
            assertThat(broker.isRunning()).isFalse();
            broker.start();
            send(broker, topic, "after");
            assertThat(capture.awaitCount(r -> true, 2, EventCapture.DEFAULT_TIMEOUT))
                    .extracting(EventCapture.Captured::value).containsExactly("before", "after");
        }
    }

    private static void send(KafkaBroker broker, String topic, String value) throws Exception {
        try (var producer = new KafkaProducer<String, String>(Map.of("bootstrap.servers", broker.bootstrapServers(),
                "key.serializer", StringSerializer.class, "value.serializer", StringSerializer.class))) {
            producer.send(new ProducerRecord<>(topic, "k", value)).get();
        }
    }
}
