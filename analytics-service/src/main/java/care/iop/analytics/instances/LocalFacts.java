package care.iop.analytics.instances;

import care.iop.analytics.StoredFacts;
import care.iop.analytics.PatientFacts;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * This instance's share: the clinic's facts from the partitions it is the active, running owner of (never a
 * standby's or a restoring copy, nor a task still replaying the history: {@link CatchUp}), with those partitions.
 * The partitions are read before and after the store; if they differ, or the client left RUNNING, the group moved
 * meanwhile and the share is refused.
 */
public class LocalFacts {

    private final KafkaStreams streams;
    private final CatchUp catchUp;

    public LocalFacts(KafkaStreams streams, CatchUp catchUp) {
        this.streams = streams;
        this.catchUp = catchUp;
    }

    public InstanceFacts of(String clinicId) {
        Set<TopicPartition> before = runningActivePartitions();
        List<PatientFacts> patients;
        try {
            // Without enableStaleStores(): only active tasks' stores, and only once they are running.
            ReadOnlyKeyValueStore<String, byte[]> store = streams.store(StoreQueryParameters
                    .fromNameAndType(StoredFacts.STORE, QueryableStoreTypes.keyValueStore()));
            try (KeyValueIterator<String, byte[]> it = store.prefixScan(StoredFacts.clinicPrefix(clinicId),
                    new StringSerializer())) {
                patients = StoredFacts.patients(it);
            }
        } catch (InvalidStateStoreException e) {
            throw new NotReady("this instance's store is not queryable now (rebalancing)");
        }
        if (!before.equals(runningActivePartitions())) {
            throw new NotReady("this instance's partitions changed while it read (rebalancing)");
        }
        return InstanceFacts.of(before, patients);
    }

    private Set<TopicPartition> runningActivePartitions() {
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING) {
            throw new NotReady("the event stream is " + state.name().toLowerCase());
        }
        Set<TopicPartition> partitions = new HashSet<>();
        List<TaskMetadata> tasks = new ArrayList<>();
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            tasks.addAll(thread.activeTasks());
        }
        tasks.forEach(task -> partitions.addAll(task.topicPartitions()));
        long behind = catchUp.behind(tasks);
        if (behind > 0) {
            throw new NotReady("this instance is still replaying the event stream (" + behind + " events to go)");
        }
        return partitions;
    }
}
