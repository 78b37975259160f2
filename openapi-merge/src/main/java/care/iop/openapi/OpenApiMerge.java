package care.iop.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One OpenAPI document for the whole platform, merged from each area's own document (the services' and the
 * gateway's). Schema names are prefixed with their area ({@code scheduling_SessionView}) and tags with the area's
 * name, because the areas chose their names independently; a path two areas document is the first area's (areas in
 * name order). An area whose document could not be read is listed under {@code x-iop-unavailable}.
 * <p>
 * The gateway serves this live at {@code /openapi}; the api-client module runs {@link #main} at build time over the
 * documents the services stored when they were built, and generates the Java client from the result — the same
 * code, so the two documents are equal when the code and its documents are.
 */
public final class OpenApiMerge {

    static final List<String> OPERATIONS = List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCHEMA_REF = "#/components/schemas/";

    private OpenApiMerge() {
    }

    /**
     * The platform's document.
     *
     * @param documents each area's document by area name; a null document marks the area unavailable
     */
    public static ObjectNode merge(Map<String, JsonNode> documents) {
        ObjectNode merged = JSON.createObjectNode();
        merged.put("openapi", "3.1.0");
        merged.putObject("info").put("title", "IOP Platform API").put("version", "v1")
                .put("description", "Every endpoint of the platform, reached through this gateway.");
        merged.putArray("servers").addObject().put("url", "/");
        merged.putObject("paths");
        merged.putArray("tags");
        merged.putObject("components").putObject("schemas");
        ArrayNode unavailable = JSON.createArrayNode();
        SortedMap<String, JsonNode> areas = new TreeMap<>(documents);
        areas.forEach((area, document) -> {
            if (document == null) {
                unavailable.add(area);
            } else {
                add(merged, area, document);
            }
        });
        if (!unavailable.isEmpty()) {
            merged.set("x-iop-unavailable", unavailable);
        }
        return merged;
    }

    /** Adds one area's document, its schema names and tags made unique by the area. */
    private static void add(ObjectNode merged, String area, JsonNode document) {
        JsonNode doc = prefixRefs(document.deepCopy(), area);
        ObjectNode paths = (ObjectNode) merged.get("paths");
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.path("paths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            for (String op : OPERATIONS) {
                JsonNode operation = path.getValue().get(op);
                if (operation instanceof ObjectNode o && o.get("tags") instanceof ArrayNode tags) {
                    ArrayNode renamed = o.putArray("tags");
                    tags.forEach(t -> renamed.add(area + ": " + t.asText()));
                }
            }
            if (!paths.has(path.getKey())) {
                paths.set(path.getKey(), path.getValue());
            }
        }
        ArrayNode tags = (ArrayNode) merged.get("tags");
        doc.path("tags").forEach(t -> {
            ObjectNode tag = ((ObjectNode) t).deepCopy();
            tag.put("name", area + ": " + tag.path("name").asText());
            tags.add(tag);
        });
        ObjectNode components = (ObjectNode) merged.get("components");
        ObjectNode schemas = (ObjectNode) components.get("schemas");
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.path("components").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> section = it.next();
            if (!section.getValue().isObject()) {
                continue;
            }
            if (section.getKey().equals("schemas")) {
                section.getValue().fields().forEachRemaining(e -> schemas.set(area + "_" + e.getKey(), e.getValue()));
            } else {
                ObjectNode target = components.has(section.getKey()) ? (ObjectNode) components.get(section.getKey())
                        : components.putObject(section.getKey());
                section.getValue().fields().forEachRemaining(e -> target.set(e.getKey(), e.getValue()));
            }
        }
    }

    /** Every reference to a schema ({@code $ref}, a discriminator's mapping) names the area's prefixed schema. */
    private static JsonNode prefixRefs(JsonNode node, String area) {
        if (node instanceof ObjectNode object) {
            object.fields().forEachRemaining(e -> e.setValue(prefixRefs(e.getValue(), area)));
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, prefixRefs(array.get(i), area));
            }
        } else if (node.isTextual() && node.asText().startsWith(SCHEMA_REF)) {
            return TextNode.valueOf(SCHEMA_REF + area + "_" + node.asText().substring(SCHEMA_REF.length()));
        }
        return node;
    }

    /**
     * Build time: {@code OpenApiMerge <output.json> <area>=<document.json> ...} writes the merged document. Every
     * document must exist: a build never publishes a partial document.
     */
    public static void main(String... args) throws IOException {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: OpenApiMerge <output.json> <area>=<document.json>...");
        }
        Map<String, JsonNode> documents = new TreeMap<>();
        List<String> missing = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String[] areaAndFile = args[i].split("=", 2);
            Path file = Path.of(areaAndFile[1]);
            if (!Files.isRegularFile(file)) {
                missing.add(areaAndFile[0] + " (" + file + ")");
                continue;
            }
            documents.put(areaAndFile[0], JSON.readTree(file.toFile()));
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("no stored OpenAPI document for " + missing
                    + ": build those modules first (quarkus.smallrye-openapi.store-schema-directory)");
        }
        Path output = Path.of(args[0]);
        Files.createDirectories(output.toAbsolutePath().getParent());
        JSON.writerWithDefaultPrettyPrinter().writeValue(output.toFile(), merge(documents));
    }
}
