package care.iop.embedded;

import care.iop.events.TopicDeclarations;
import care.iop.events.TopicSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The broker starts with the declared topics, as declared, and creates no other. */
class DeclaredTopicsTest {

    private static KafkaBroker broker;
    private static Admin admin;

    @BeforeAll
    static void start() {
        broker = KafkaBroker.formatAndStart();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    @AfterAll
    static void stop() {
        admin.close();
        broker.destroy();
    }

    @Test
    void every_declared_topic_exists_with_its_partitions_replicas_and_configs() throws Exception {
        assertMatchesDeclarations(TopicDeclarations.all());
    }

    @Test
    void producing_to_an_undeclared_topic_fails_instead_of_creating_it() throws Exception {
        String undeclared = "iop.undeclared.v1";
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 3_000,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(undeclared, "k", "v")).get(10, TimeUnit.SECONDS))
                    .hasMessageContaining("not present in metadata");
        }
        assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS)).doesNotContain(undeclared);
    }

    @Test
    void a_restart_sets_changed_configs_back_and_removes_undeclared_overrides() throws Exception {
        String topic = TopicDeclarations.all().get(0).name();
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        admin.incrementalAlterConfigs(Map.of(resource, List.of(
                new AlterConfigOp(new ConfigEntry("retention.ms", "1000"), AlterConfigOp.OpType.SET),
                new AlterConfigOp(new ConfigEntry("segment.ms", "60000"), AlterConfigOp.OpType.SET))))
                .all().get(10, TimeUnit.SECONDS);
        assertThat(config(topic).get("retention.ms").value()).isEqualTo("1000");

        broker.stop();
        broker.start();

        assertThat(config(topic).get("segment.ms").source()).isNotEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
        assertMatchesDeclarations(TopicDeclarations.all());
    }

    @Test
    void a_declared_topic_with_other_partitions_is_an_error_not_a_silent_change() {
        TopicSpec declared = TopicDeclarations.all().get(0);
        TopicSpec other = new TopicSpec(declared.name(), declared.partitions() + 1, 1, declared.configs());
        assertThatThrownBy(() -> KafkaTopics.ensure(admin, List.of(other)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(declared.name())
                .hasMessageContaining("3 partitions");
    }

    private static void assertMatchesDeclarations(Collection<TopicSpec> declared) throws Exception {
        List<String> names = declared.stream().map(TopicSpec::name).toList();
        Map<String, TopicDescription> topics = admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS);
        for (TopicSpec spec : declared) {
            TopicDescription topic = topics.get(spec.name());
            assertThat(topic.partitions()).as(spec.name()).hasSize(spec.partitions());
            assertThat(topic.partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(spec.replicationFactor()));
            Config config = config(spec.name());
            spec.configs().forEach((key, value) -> {
                assertThat(config.get(key).value()).as(spec.name() + " " + key).isEqualTo(value);
                assertThat(config.get(key).source()).as(spec.name() + " " + key)
                        .isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
            });
        }
    }

    private static Config config(String topic) throws ExecutionException, InterruptedException,
            java.util.concurrent.TimeoutException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get(10, TimeUnit.SECONDS).get(resource);
    }
}
