package care.iop.testkit;

import care.iop.embedded.KafkaTopics;
import care.iop.events.TopicDeclarations;
import care.iop.events.TopicSpec;

import java.util.Arrays;
import java.util.Map;

/**
 * Topics a test or benchmark makes up for itself (the broker creates only the declared ones and refuses to
 * auto-create others): created, idempotently, with the declared partition count, one replica and the broker's default
 * configs.
 */
public final class TestTopics {

    private TestTopics() {
    }

    /** On the tests' broker ({@link TestInfrastructure#kafkaBootstrapServers()}). */
    public static void create(String... names) {
        createOn(TestInfrastructure.kafkaBootstrapServers(), names);
    }

    public static void createOn(String bootstrapServers, String... names) {
        KafkaTopics.ensure(bootstrapServers, Arrays.stream(names)
                .map(name -> new TopicSpec(name, TopicDeclarations.PARTITIONS, 1, Map.of())).toList());
    }
}
