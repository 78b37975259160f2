package care.iop.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** A real Kafka broker for a Quarkus test run (the shared embedded KRaft broker, or {@code IOP_TEST_KAFKA}). */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", TestInfrastructure.kafkaBootstrapServers());
    }

    @Override
    public void stop() {
        // The broker outlives a single Quarkus application; it stops when the JVM exits.
    }
}
