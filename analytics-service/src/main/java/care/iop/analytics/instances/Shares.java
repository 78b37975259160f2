package care.iop.analytics.instances;

import care.iop.analytics.PatientFacts;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.state.HostInfo;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Puts the instances' shares together, or refuses: the answer is whole only if every instance answered and the
 * partitions they answered for cover every input partition exactly once (a partition answered twice, or by nobody,
 * means the group moved while we asked). Plain rule, no Kafka client.
 */
public final class Shares {

    private Shares() {
    }

    /** What asking one instance gave. */
    public sealed interface Share permits Answered, Unanswered {
        HostInfo host();
    }

    public record Answered(HostInfo host, InstanceFacts facts) implements Share {
    }

    public record Unanswered(HostInfo host, String why) implements Share {
    }

    /** Every patient's facts from all shares, or {@link NotReady} when they do not cover the partitions once. */
    public static List<PatientFacts> merge(Set<TopicPartition> inputPartitions, List<? extends Share> shares) {
        if (inputPartitions.isEmpty()) {
            throw new NotReady("the input topics' partitions are not known");
        }
        Set<TopicPartition> covered = new HashSet<>();
        List<PatientFacts> patients = new ArrayList<>();
        for (Share share : shares) {
            if (share instanceof Unanswered no) {
                throw new NotReady("instance " + no.host() + " did not answer: " + no.why());
            }
            InstanceFacts facts = ((Answered) share).facts();
            for (TopicPartition partition : facts.topicPartitions()) {
                if (!covered.add(partition)) {
                    throw new NotReady("partition " + partition + " was answered twice (rebalancing)");
                }
            }
            patients.addAll(facts.patients());
        }
        Set<TopicPartition> missing = new HashSet<>(inputPartitions);
        missing.removeAll(covered);
        if (!missing.isEmpty()) {
            throw new NotReady(missing.size() + " of " + inputPartitions.size() + " input partitions not answered");
        }
        Set<TopicPartition> unknown = new HashSet<>(covered);
        unknown.removeAll(inputPartitions);
        if (!unknown.isEmpty()) {
            throw new NotReady("partitions answered that the input topics do not have: " + unknown);
        }
        return patients;
    }
}
