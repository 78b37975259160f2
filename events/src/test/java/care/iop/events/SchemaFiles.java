package care.iop.events;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Reads the schema files as plain JSON, for tests that inspect them. */
final class SchemaFiles {

    private SchemaFiles() {
    }

    static JsonNode read(String resource) {
        try (InputStream in = SchemaFiles.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing " + resource);
            }
            return EventJson.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The envelope schema and every type's data schema. */
    static List<String> allResources() {
        List<String> all = new ArrayList<>();
        all.add(EventSchemas.ENVELOPE_RESOURCE);
        for (EventType type : EventType.values()) {
            all.add(type.schemaResource());
        }
        return all;
    }
}
