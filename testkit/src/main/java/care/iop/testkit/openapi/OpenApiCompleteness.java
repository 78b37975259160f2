package care.iop.testkit.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * "Every operation documents what it answers": every success ({@code 2xx}) response of every operation that declares
 * content must describe that content with a <em>named</em> schema — a {@code $ref} to {@code #/components/schemas/…},
 * an array of such, or a {@code oneOf}/{@code anyOf}/{@code allOf} of such ({@code {"type": "null"}} members of a
 * nullable union are ignored). A binary download ({@code type: string, format: binary} under a non-JSON media type)
 * is named by its media type and passes. An empty schema {@code {}}, a missing schema, or an inline object fails, and
 * so does an operation without any {@code 2xx} response. A {@code 2xx} without content (a {@code 204}) passes.
 *
 * <pre>{@code
 * String doc = given().get("/q/openapi?format=json").then().statusCode(200).extract().asString();
 * OpenApiCompleteness.assertComplete(doc);
 * }</pre>
 */
public final class OpenApiCompleteness {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    private static final String SCHEMA_REF = "#/components/schemas/";
    private static final String RESPONSE_REF = "#/components/responses/";

    private OpenApiCompleteness() {
    }

    /** Fails (AssertionError) listing every {@code METHOD path status: reason} that is not documented with a named schema. */
    public static void assertComplete(String openApiJson) {
        assertComplete(parse(openApiJson));
    }

    /** Fails (AssertionError) listing every {@code METHOD path status: reason} that is not documented with a named schema. */
    public static void assertComplete(JsonNode openApi) {
        List<String> problems = problems(openApi);
        if (!problems.isEmpty()) {
            throw new AssertionError(problems.size() + " operation response(s) without a named success schema:\n  "
                    + String.join("\n  ", problems));
        }
    }

    /** The offending responses, one {@code METHOD path status: reason} per entry; empty when complete. */
    public static List<String> problems(String openApiJson) {
        return problems(parse(openApiJson));
    }

    /** The offending responses, one {@code METHOD path status: reason} per entry; empty when complete. */
    public static List<String> problems(JsonNode openApi) {
        List<String> problems = new ArrayList<>();
        JsonNode paths = openApi.path("paths");
        for (Iterator<Map.Entry<String, JsonNode>> p = paths.fields(); p.hasNext(); ) {
            Map.Entry<String, JsonNode> path = p.next();
            for (Iterator<Map.Entry<String, JsonNode>> o = path.getValue().fields(); o.hasNext(); ) {
                Map.Entry<String, JsonNode> operation = o.next();
                if (METHODS.contains(operation.getKey())) {
                    check(openApi, operation.getKey().toUpperCase() + " " + path.getKey(), operation.getValue(), problems);
                }
            }
        }
        return problems;
    }

    private static void check(JsonNode root, String operation, JsonNode op, List<String> problems) {
        boolean anySuccess = false;
        for (Iterator<Map.Entry<String, JsonNode>> r = op.path("responses").fields(); r.hasNext(); ) {
            Map.Entry<String, JsonNode> response = r.next();
            if (!response.getKey().startsWith("2")) {
                continue;
            }
            anySuccess = true;
            JsonNode body = resolve(root, response.getValue(), RESPONSE_REF);
            for (Iterator<Map.Entry<String, JsonNode>> c = body.path("content").fields(); c.hasNext(); ) {
                Map.Entry<String, JsonNode> media = c.next();
                String where = operation + " " + response.getKey() + " " + media.getKey();
                JsonNode schema = media.getValue().get("schema");
                if (schema == null || schema.isEmpty()) {
                    problems.add(where + ": no schema (empty or missing)");
                } else if (!named(root, schema) && !binary(media.getKey(), schema)) {
                    problems.add(where + ": schema is not a named component: " + schema);
                }
            }
        }
        if (!anySuccess) {
            problems.add(operation + ": no 2xx response documented");
        }
    }

    private static boolean named(JsonNode root, JsonNode schema) {
        JsonNode ref = schema.get("$ref");
        if (ref != null) {
            return ref.asText().startsWith(SCHEMA_REF)
                    && !root.path("components").path("schemas").path(ref.asText().substring(SCHEMA_REF.length())).isMissingNode();
        }
        if (isArray(schema) && schema.has("items")) {
            return named(root, schema.get("items"));
        }
        for (String union : List.of("oneOf", "anyOf", "allOf")) {
            JsonNode members = schema.get(union);
            if (members != null && members.isArray()) {
                boolean anyNamed = false;
                for (JsonNode member : members) {
                    if (isNull(member)) {
                        continue;
                    }
                    if (!named(root, member)) {
                        return false;
                    }
                    anyNamed = true;
                }
                return anyNamed;
            }
        }
        return false;
    }

    private static boolean isArray(JsonNode schema) {
        JsonNode type = schema.get("type");
        if (type == null) {
            return false;
        }
        if (type.isTextual()) {
            return type.asText().equals("array");
        }
        for (JsonNode t : type) {
            if (t.asText().equals("array")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isNull(JsonNode schema) {
        JsonNode type = schema.get("type");
        return type != null && type.isTextual() && type.asText().equals("null") && schema.size() == 1;
    }

    private static boolean binary(String mediaType, JsonNode schema) {
        return !mediaType.contains("json") && "string".equals(schema.path("type").asText())
                && "binary".equals(schema.path("format").asText());
    }

    private static JsonNode resolve(JsonNode root, JsonNode node, String prefix) {
        JsonNode ref = node.get("$ref");
        if (ref != null && ref.asText().startsWith(prefix)) {
            return root.path("components").path("responses").path(ref.asText().substring(prefix.length()));
        }
        return node;
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not an OpenAPI JSON document", e);
        }
    }
}
