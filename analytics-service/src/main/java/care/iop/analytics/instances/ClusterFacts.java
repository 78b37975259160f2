package care.iop.analytics.instances;

import care.iop.analytics.StoredFacts;
import care.iop.analytics.PatientFacts;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A clinic's facts from every instance of the application (Kafka Streams interactive queries across instances):
 * the streams metadata names each instance holding active partitions of the facts store by its
 * {@code application.server}; this instance's share is read locally, the others' over HTTP at once, and
 * {@link Shares#merge} refuses anything but a whole answer.
 */
public class ClusterFacts {

    private final KafkaStreams streams;
    private final HostInfo self;
    private final LocalFacts local;
    private final RemoteFacts remote;
    private final Supplier<Set<TopicPartition>> inputPartitions;

    public ClusterFacts(KafkaStreams streams, HostInfo self, LocalFacts local, RemoteFacts remote,
                        Supplier<Set<TopicPartition>> inputPartitions) {
        this.streams = streams;
        this.self = self;
        this.local = local;
        this.remote = remote;
        this.inputPartitions = inputPartitions;
    }

    /** {@code authorization} is the caller's header, passed on to the other instances (null when there are none). */
    public List<PatientFacts> of(String clinicId, String authorization) {
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING) {
            throw new NotReady("the event stream is " + state.name().toLowerCase());
        }
        Set<TopicPartition> expected = inputPartitions.get();
        List<CompletableFuture<Shares.Share>> asked = new ArrayList<>();
        boolean selfHolds = false;
        for (StreamsMetadata instance : streams.streamsMetadataForStore(StoredFacts.STORE)) {
            if (instance.topicPartitions().isEmpty()) {
                continue; // standby replicas only: nothing it would answer
            }
            if (instance.hostInfo().equals(self)) {
                selfHolds = true;
            } else {
                asked.add(remote.ask(instance.hostInfo(), clinicId, authorization));
            }
        }
        List<Shares.Share> shares = new ArrayList<>();
        if (selfHolds) {
            shares.add(new Shares.Answered(self, local.of(clinicId)));
        }
        asked.forEach(share -> shares.add(share.join()));
        return Shares.merge(expected, shares);
    }
}
