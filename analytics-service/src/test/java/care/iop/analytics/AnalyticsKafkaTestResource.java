package care.iop.analytics;

import care.iop.testkit.KafkaTestResource;
import care.iop.testkit.TestInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * testkit's broker, with the input topics created before the topology starts (Kafka Streams waits for them), a
 * fresh application id (so no offsets of an earlier run are reused) and a fresh state directory.
 */
public class AnalyticsKafkaTestResource extends KafkaTestResource {

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        createInputTopics();
        try {
            config.put("kafka-streams.state.dir", Files.createTempDirectory("analytics-state").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        config.put("quarkus.kafka-streams.application-id", "analytics-test-" + UUID.randomUUID());
        return config;
    }

    /** The input topics on testkit's broker, with the broker's default partition count, if they are not there yet. */
    static void createInputTopics() {
        String bootstrap = TestInfrastructure.kafkaBootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = OutcomesTopology.TOPICS.stream().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, Optional.empty(), Optional.empty())).toList();
            admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not create the analytics input topics", e);
        }
    }
}
