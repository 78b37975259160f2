package care.iop.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Validates events against the JSON Schemas (draft 2020-12) of the envelope and of each type's data. Errors are
 * strings starting with the JSON path of the offending value, e.g. {@code $.data.total: ...}.
 */
public final class EventSchemas {

    public static final String ENVELOPE_RESOURCE = "/care/iop/events/schemas/cloudevent.json";

    // Formats are asserted too, though the schemas also carry patterns for validators that only annotate them.
    private static final SchemaValidatorsConfig CONFIG =
            SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).pathType(PathType.LEGACY).build();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final JsonSchema ENVELOPE = load(ENVELOPE_RESOURCE);
    private static final Map<String, JsonSchema> DATA = Arrays.stream(EventType.values())
            .collect(Collectors.toUnmodifiableMap(EventType::type, t -> load(t.schemaResource())));

    private EventSchemas() {
    }

    /** Errors of {@code data} against the schema of {@code type}; empty when valid. */
    public static List<String> validateData(String type, JsonNode data) {
        JsonSchema schema = type == null ? null : DATA.get(type);
        if (schema == null) {
            return List.of("$: unknown event type " + type);
        }
        return errors(schema, data);
    }

    /** Errors of the envelope alone (its {@code data} need only be an object); empty when valid. */
    public static List<String> validateEnvelope(JsonNode envelope) {
        return errors(ENVELOPE, envelope);
    }

    /** Errors of the envelope and of its data against its type's schema; empty when valid. */
    public static List<String> validate(JsonNode envelope) {
        List<String> errors = new ArrayList<>(validateEnvelope(envelope));
        JsonNode type = envelope == null ? null : envelope.get("type");
        JsonNode data = envelope == null ? null : envelope.get("data");
        if (type != null && type.isTextual()) {
            if (!DATA.containsKey(type.asText())) {
                errors.add("$.type: unknown event type " + type.asText());
            } else if (data != null && data.isObject()) {
                validateData(type.asText(), data).forEach(e -> errors.add("$.data" + e.substring(1)));
            }
        }
        return errors;
    }

    /** Test helper: fails with every schema error unless {@code json} is a valid event. */
    public static void assertValid(String json) {
        JsonNode envelope;
        try {
            envelope = EventJson.parseTree(json);
        } catch (IllegalArgumentException e) {
            throw new AssertionError("event is not JSON: " + e.getMessage(), e);
        }
        assertValid(envelope);
    }

    /** Test helper: fails with every schema error unless {@code envelope} is a valid event. */
    public static void assertValid(JsonNode envelope) {
        List<String> errors = validate(envelope);
        if (!errors.isEmpty()) {
            String type = envelope != null && envelope.hasNonNull("type") ? envelope.get("type").asText() : "event";
            throw new AssertionError(type + " does not match its schema:\n  " + String.join("\n  ", errors));
        }
    }

    private static List<String> errors(JsonSchema schema, JsonNode node) {
        if (node == null) {
            return List.of("$: missing");
        }
        return schema.validate(node).stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    private static JsonSchema load(String resource) {
        try (InputStream in = EventSchemas.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing JSON Schema " + resource);
            }
            return FACTORY.getSchema(in, CONFIG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
