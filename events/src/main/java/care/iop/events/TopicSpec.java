package care.iop.events;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How one topic is to exist on the broker: its partitions, replication factor and topic-level configs (Kafka's own
 * names, e.g. {@code retention.ms}). {@link TopicDeclarations} holds the platform's.
 */
public record TopicSpec(String name, int partitions, int replicationFactor, Map<String, String> configs) {

    public TopicSpec {
        Objects.requireNonNull(name, "name");
        if (partitions < 1 || replicationFactor < 1) {
            throw new IllegalArgumentException(name + ": partitions and replication factor must be positive");
        }
        configs = Collections.unmodifiableMap(new TreeMap<>(configs));
    }

    public String config(String key) {
        return configs.get(key);
    }
}
