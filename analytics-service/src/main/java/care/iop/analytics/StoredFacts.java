package care.iop.analytics;

import care.iop.analytics.PatientFacts.Fact;
import care.iop.events.EventJson;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the facts store keeps facts: one entry per fact, keyed {@code clinic|patient|kind|fact id}, its value the
 * fact's JSON. An event then costs one small read and at most one small write whatever the patient's history
 * (a whole-patient value would be read and written again on every event), and a clinic's facts are one prefix
 * scan.
 */
public final class StoredFacts {

    public static final String STORE = "analytics-facts";
    private static final String SEPARATOR = "|";
    private static final ObjectMapper MAPPER = EventJson.mapper();

    /** Readers and writers made once per kind (each event reads and writes one fact). */
    private static final ClassValue<ObjectReader> READERS = new ClassValue<>() {
        @Override
        protected ObjectReader computeValue(Class<?> type) {
            return MAPPER.readerFor(type);
        }
    };
    private static final ClassValue<ObjectWriter> WRITERS = new ClassValue<>() {
        @Override
        protected ObjectWriter computeValue(Class<?> type) {
            return MAPPER.writerFor(type);
        }
    };

    private StoredFacts() {
    }

    /** Whether an id can be part of a key (it must not hold the separator). */
    static boolean keyable(String id) {
        return id != null && !id.isEmpty() && !id.contains(SEPARATOR);
    }

    static String key(String patientId, FactKind<?> kind, String factId, String clinicId) {
        return clinicId + SEPARATOR + patientId + SEPARATOR + kind.code() + SEPARATOR + factId;
    }

    /** The prefix of every key of the clinic's facts. */
    public static String clinicPrefix(String clinicId) {
        return clinicId + SEPARATOR;
    }

    static byte[] write(Fact fact) {
        try {
            return WRITERS.get(fact.getClass()).writeValueAsBytes(fact);
        } catch (IOException e) {
            throw new SerializationException("cannot write a " + fact.getClass().getSimpleName(), e);
        }
    }

    static <T extends Fact> T read(FactKind<T> kind, byte[] value) {
        try {
            return READERS.get(kind.type()).readValue(value);
        } catch (IOException e) {
            throw new SerializationException("cannot read a " + kind.type().getSimpleName(), e);
        }
    }

    /** The entries' facts gathered by patient (one {@link PatientFacts} per patient, in key order). */
    public static List<PatientFacts> patients(KeyValueIterator<String, byte[]> entries) {
        Map<String, List<Fact>> byPatient = new LinkedHashMap<>();
        entries.forEachRemaining((KeyValue<String, byte[]> entry) -> {
            String[] parts = entry.key.split("\\|", 4);
            FactKind<?> kind = FactKind.byCode(parts[2])
                    .orElseThrow(() -> new SerializationException("unknown kind of fact " + parts[2]));
            byPatient.computeIfAbsent(parts[1], p -> new ArrayList<>()).add(read(kind, entry.value));
        });
        return byPatient.values().stream().map(PatientFacts::of).toList();
    }
}
