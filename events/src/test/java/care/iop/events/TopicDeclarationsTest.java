package care.iop.events;

import care.iop.events.TopicDeclarations.Replication;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicDeclarationsTest {

    private static final Map<String, TopicSpec> DECLARED = TopicDeclarations.all().stream()
            .collect(Collectors.toMap(TopicSpec::name, Function.identity()));

    @Test
    void every_topic_and_its_dead_letter_topic_is_declared_once_and_nothing_else() {
        List<String> expected = Topics.all().stream().flatMap(t -> List.of(t, Topics.dlq(t)).stream()).toList();
        assertThat(TopicDeclarations.all()).extracting(TopicSpec::name).containsExactlyElementsOf(expected);
        assertThat(DECLARED).hasSize(12);
    }

    @Test
    void every_event_type_s_topic_is_declared() {
        for (EventType type : EventType.values()) {
            assertThat(DECLARED).as(type.type()).containsKey(type.topic());
        }
    }

    @Test
    void the_domain_and_audit_topics_keep_every_record_forever_uncompacted() {
        for (String topic : Topics.all()) {
            TopicSpec spec = DECLARED.get(topic);
            assertThat(spec.configs()).as(topic).containsEntry("retention.ms", "-1").containsEntry("retention.bytes", "-1")
                    .containsEntry("cleanup.policy", "delete");
        }
    }

    @Test
    void dead_letters_are_kept_thirty_days() {
        for (String topic : Topics.all()) {
            TopicSpec spec = DECLARED.get(Topics.dlq(topic));
            assertThat(spec.config("retention.ms")).as(spec.name())
                    .isEqualTo(String.valueOf(Duration.ofDays(30).toMillis())).isEqualTo("2592000000");
            assertThat(spec.config("cleanup.policy")).isEqualTo("delete");
        }
    }

    @Test
    void three_partitions_one_replica_on_the_single_broker_and_three_with_two_in_sync_in_production() {
        assertThat(TopicDeclarations.all()).allSatisfy(spec -> {
            assertThat(spec.partitions()).isEqualTo(3);
            assertThat(spec.replicationFactor()).isEqualTo(1);
            assertThat(spec.config("min.insync.replicas")).isEqualTo("1");
        });
        assertThat(TopicDeclarations.all(Replication.PRODUCTION)).allSatisfy(spec -> {
            assertThat(spec.partitions()).isEqualTo(3);
            assertThat(spec.replicationFactor()).isEqualTo(3);
            assertThat(spec.config("min.insync.replicas")).isEqualTo("2");
        });
        assertThat(TopicDeclarations.all(Replication.PRODUCTION)).extracting(TopicSpec::name)
                .containsExactlyElementsOf(TopicDeclarations.all().stream().map(TopicSpec::name).toList());
    }

    @Test
    void a_replication_that_could_never_accept_a_write_is_refused() {
        assertThatThrownBy(() -> new Replication(1, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Replication(3, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
