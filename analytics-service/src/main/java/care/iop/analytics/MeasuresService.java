package care.iop.analytics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Answers from this instance's state stores (interactive queries). One instance holds every partition, so the
 * answer is complete; with several instances each holds a share, and this would have to ask the others
 * ({@code KafkaStreams.streamsMetadataForStore} + an internal endpoint) and merge — not built yet.
 */
@ApplicationScoped
public class MeasuresService {

    @Inject
    KafkaStreams streams;

    public MeasuresAnswer measures(UUID clinicId, PeriodKind kind, LocalDate from, LocalDate to, String track) {
        return Measures.answer(patients(), clinicId, kind, from, to, track);
    }

    private List<PatientFacts> patients() {
        ReadOnlyKeyValueStore<String, PatientFacts> store;
        try {
            if (streams.state() != KafkaStreams.State.RUNNING) {
                throw AnalyticsProblem.unavailable("The measures are not ready yet (the event stream is loading)");
            }
            store = streams.store(StoreQueryParameters.fromNameAndType(OutcomesTopology.PATIENTS,
                    QueryableStoreTypes.keyValueStore()));
        } catch (InvalidStateStoreException e) {
            throw AnalyticsProblem.unavailable("The measures are not ready yet (the event stream is loading)");
        }
        List<PatientFacts> all = new ArrayList<>();
        try (KeyValueIterator<String, PatientFacts> it = store.all()) {
            it.forEachRemaining(kv -> all.add(kv.value));
        }
        return all;
    }
}
