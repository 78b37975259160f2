package care.iop.embedded;

import care.iop.events.TopicSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Makes topics exist as declared, through the admin API: missing ones are created; existing ones (a kept data
 * directory, a topic made before its declaration) get the declared configs set and any other topic-level override
 * removed. Partition count and replication factor of an existing topic are not changed (more partitions would move
 * keys to other partitions): a difference is an error.
 */
public final class KafkaTopics {

    private static final long TIMEOUT_SECONDS = 30;

    private KafkaTopics() {
    }

    public static void ensure(String bootstrapServers, Collection<TopicSpec> topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            ensure(admin, topics);
        }
    }

    public static void ensure(Admin admin, Collection<TopicSpec> topics) {
        try {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            create(admin, topics.stream().filter(t -> !existing.contains(t.name())).toList());
            List<TopicSpec> present = topics.stream().filter(t -> existing.contains(t.name())).toList();
            if (!present.isEmpty()) {
                checkPartitions(admin, present);
                alignConfigs(admin, present);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the declared topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create the declared topics: " + e.getMessage(), e);
        }
    }

    private static void create(Admin admin, List<TopicSpec> missing)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (missing.isEmpty()) {
            return;
        }
        var results = admin.createTopics(missing.stream().map(t -> new NewTopic(t.name(), t.partitions(),
                (short) t.replicationFactor()).configs(t.configs())).toList()).values();
        for (var result : results.values()) {
            try {
                result.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
                // created at the same moment by another caller: its configs are aligned on the next ensure
            }
        }
    }

    private static void checkPartitions(Admin admin, List<TopicSpec> present)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, TopicDescription> described = admin.describeTopics(present.stream().map(TopicSpec::name).toList())
                .allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        for (TopicSpec spec : present) {
            TopicDescription d = described.get(spec.name());
            int partitions = d.partitions().size();
            int replicas = d.partitions().get(0).replicas().size();
            if (partitions != spec.partitions() || replicas != spec.replicationFactor()) {
                throw new IllegalStateException(spec.name() + " exists with " + partitions + " partitions and "
                        + replicas + " replicas; declared " + spec.partitions() + " and " + spec.replicationFactor()
                        + ". Changing them moves keys or data: an operator's decision, not a start-up step.");
            }
        }
    }

    private static void alignConfigs(Admin admin, List<TopicSpec> present)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<ConfigResource, TopicSpec> resources = new HashMap<>();
        present.forEach(t -> resources.put(new ConfigResource(ConfigResource.Type.TOPIC, t.name()), t));
        Map<ConfigResource, Config> actual = admin.describeConfigs(resources.keySet()).all()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<ConfigResource, Collection<AlterConfigOp>> changes = new HashMap<>();
        resources.forEach((resource, spec) -> {
            List<AlterConfigOp> ops = changes(spec, actual.get(resource));
            if (!ops.isEmpty()) {
                changes.put(resource, ops);
            }
        });
        if (!changes.isEmpty()) {
            admin.incrementalAlterConfigs(changes).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }

    private static List<AlterConfigOp> changes(TopicSpec spec, Config actual) {
        List<AlterConfigOp> ops = new ArrayList<>();
        spec.configs().forEach((key, value) -> {
            ConfigEntry entry = actual.get(key);
            if (entry == null || entry.source() != ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG
                    || !value.equals(entry.value())) {
                ops.add(new AlterConfigOp(new ConfigEntry(key, value), AlterConfigOp.OpType.SET));
            }
        });
        for (ConfigEntry entry : actual.entries()) {
            if (entry.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG && !spec.configs().containsKey(entry.name())) {
                ops.add(new AlterConfigOp(new ConfigEntry(entry.name(), null), AlterConfigOp.OpType.DELETE));
            }
        }
        return ops;
    }
}
