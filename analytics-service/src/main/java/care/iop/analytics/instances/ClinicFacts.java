package care.iop.analytics.instances;

import care.iop.analytics.PatientFacts;
import care.iop.events.EventJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * One patient's facts narrowed to one clinic, so an instance hands another only what the asked clinic's measures
 * read. Every kind of fact is kept in a map of records carrying {@code clinicId}; the narrowing walks those maps
 * generically rather than naming them, so a kind of fact added to {@link PatientFacts} is narrowed too.
 */
public final class ClinicFacts {

    private static final ObjectMapper MAPPER = EventJson.mapper();

    private ClinicFacts() {
    }

    /** The patient's facts at {@code clinicId} only; empty when the patient has none there. */
    public static Optional<PatientFacts> only(PatientFacts facts, String clinicId) {
        ObjectNode tree = MAPPER.valueToTree(facts);
        boolean any = false;
        for (JsonNode kind : tree) {
            if (!kind.isObject()) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = kind.fields(); it.hasNext(); ) {
                JsonNode fact = it.next().getValue();
                if (!fact.has("clinicId")) {
                    continue;
                }
                if (clinicId.equals(fact.get("clinicId").asText())) {
                    any = true;
                } else {
                    it.remove();
                }
            }
        }
        if (!any) {
            return Optional.empty();
        }
        try {
            return Optional.of(MAPPER.treeToValue(tree, PatientFacts.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot narrow a patient's facts", e);
        }
    }
}
