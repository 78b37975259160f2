package care.iop.analytics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.apache.kafka.streams.Topology;

/** Hands the topology to quarkus-kafka-streams, which runs it. */
@ApplicationScoped
public class TopologyProducer {

    @Produces
    public Topology topology() {
        return OutcomesTopology.build();
    }
}
