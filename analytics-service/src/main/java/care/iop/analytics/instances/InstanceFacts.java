package care.iop.analytics.instances;

import care.iop.analytics.PatientFacts;
import care.iop.events.EventJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one instance answers for a clinic: the input partitions it was the active owner of while it read, and the
 * facts of that clinic kept for those partitions' patients (no patient ids: a patient lives in one partition, so
 * the shares of different partitions never hold the same patient). Written as JSON with the events' mapper, which
 * also writes the state store.
 */
public record InstanceFacts(List<Partition> partitions, List<PatientFacts> patients) {

    private static final ObjectMapper MAPPER = EventJson.mapper();

    public InstanceFacts {
        partitions = List.copyOf(partitions);
        patients = List.copyOf(patients);
    }

    public static InstanceFacts of(Collection<TopicPartition> partitions, List<PatientFacts> patients) {
        return new InstanceFacts(partitions.stream().map(p -> new Partition(p.topic(), p.partition()))
                .sorted(java.util.Comparator.comparing(Partition::topic).thenComparingInt(Partition::number))
                .toList(), patients);
    }

    public Set<TopicPartition> topicPartitions() {
        return partitions.stream().map(p -> new TopicPartition(p.topic(), p.number())).collect(Collectors.toSet());
    }

    public String toJson() {
        try {
            return MAPPER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an instance's facts", e);
        }
    }

    public static InstanceFacts fromJson(String json) throws IOException {
        return MAPPER.readValue(json, InstanceFacts.class);
    }

    /** One partition of an input topic. */
    public record Partition(String topic, int number) {
    }
}
