package care.iop.analytics.instances;

import care.iop.analytics.OutcomesTopology;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;

/** Wires the plain classes to the Kafka Streams client and configuration that quarkus-kafka-streams makes. */
@ApplicationScoped
public class InstancesProducer {

    @Produces
    @Singleton
    LocalFacts localFacts(KafkaStreams streams, StreamsConfig config, InputPartitions inputPartitions) {
        String group = config.getString(StreamsConfig.APPLICATION_ID_CONFIG);
        return new LocalFacts(streams, new CatchUp(inputPartitions::endOffsets,
                () -> inputPartitions.committedOffsets(group)));
    }

    @Produces
    @Singleton
    InputPartitions inputPartitions(StreamsConfig config) {
        return new InputPartitions(Admin.create(config.getAdminConfigs("analytics-instances")),
                OutcomesTopology.TOPICS);
    }

    void close(@Disposes InputPartitions partitions) {
        partitions.close();
    }

    @Produces
    @Singleton
    ClusterFacts clusterFacts(KafkaStreams streams, StreamsConfig config, LocalFacts local,
                              InputPartitions inputPartitions) {
        return new ClusterFacts(streams, self(config), local,
                new RemoteFacts(RemoteFacts.httpClient(RemoteFacts.CONNECT_TIMEOUT), RemoteFacts.READ_TIMEOUT),
                inputPartitions);
    }

    /** This instance as the streams metadata names it: its application.server, or "unavailable" when unset. */
    static HostInfo self(StreamsConfig config) {
        String server = config.getString(StreamsConfig.APPLICATION_SERVER_CONFIG);
        return server == null || server.isBlank() ? HostInfo.unavailable() : HostInfo.buildFromEndpoint(server);
    }
}
