package care.iop.e2e.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every answer must be: a 4xx an RFC 9457 problem document of a documented type with the request's id; a 2xx of
 * a documented media type whose body matches the operation's documented response schema (JSON Schema 2020-12, with
 * format assertions, {@code $ref}s resolved inside the document).
 */
final class Checks {

    /** docs/problems.md: every problem type and its status. */
    static final Map<String, Integer> PROBLEM_TYPES = Map.ofEntries(
            Map.entry("urn:iop:problem:validation-failed", 400),
            Map.entry("urn:iop:problem:malformed-json", 400),
            Map.entry("urn:iop:problem:bad-request", 400),
            Map.entry("urn:iop:problem:unauthorized", 401),
            Map.entry("urn:iop:problem:forbidden", 403),
            Map.entry("urn:iop:problem:not-found", 404),
            Map.entry("urn:iop:problem:method-not-allowed", 405),
            Map.entry("urn:iop:problem:not-acceptable", 406),
            Map.entry("urn:iop:problem:conflict", 409),
            Map.entry("urn:iop:problem:safety-check", 409),
            Map.entry("urn:iop:problem:illegal-state-transition", 409),
            Map.entry("urn:iop:problem:awaiting-event", 409),
            Map.entry("urn:iop:problem:precondition-failed", 412),
            Map.entry("urn:iop:problem:payload-too-large", 413),
            Map.entry("urn:iop:problem:uri-too-long", 414),
            Map.entry("urn:iop:problem:unsupported-media-type", 415),
            Map.entry("urn:iop:problem:unprocessable", 422),
            Map.entry("urn:iop:problem:unknown-staff", 422),
            Map.entry("urn:iop:problem:precondition-required", 428),
            Map.entry("urn:iop:problem:too-many-requests", 429),
            Map.entry("urn:iop:problem:service-unavailable", 503),
            Map.entry("urn:iop:problem:gateway-timeout", 504),
            Map.entry("urn:iop:problem:internal-error", 500));

    private static final SchemaValidatorsConfig CONFIG =
            SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).pathType(PathType.JSON_POINTER).build();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    private final OpenApi api;
    private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();

    Checks(OpenApi api) {
        this.api = api;
    }

    /** Why a 4xx answer is not a proper problem document, or empty if it is. */
    static List<String> problem(int status, String contentType, JsonNode body, String requestId, String method) {
        List<String> wrong = new ArrayList<>();
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/problem+json")) {
            wrong.add("content type " + contentType + " is not application/problem+json");
        }
        if (method.equals("HEAD")) {
            return wrong;
        }
        if (body == null || !body.isObject()) {
            wrong.add("body is not a JSON object");
            return wrong;
        }
        String type = body.path("type").asText(null);
        if (type == null || !body.path("type").isTextual()) {
            wrong.add("no type");
        } else if (!PROBLEM_TYPES.containsKey(type)) {
            wrong.add("type " + type + " is not documented in docs/problems.md");
        } else if (PROBLEM_TYPES.get(type) != status) {
            wrong.add("type " + type + " is documented with status " + PROBLEM_TYPES.get(type) + ", answered " + status);
        }
        if (!body.path("title").isTextual() || body.path("title").asText().isBlank()) {
            wrong.add("no title");
        }
        if (!body.path("status").isInt() || body.path("status").asInt() != status) {
            wrong.add("status " + body.path("status") + " is not the HTTP status " + status);
        }
        if (!body.path("detail").isTextual()) {
            wrong.add("no detail");
        }
        if (!body.path("instance").isTextual()) {
            wrong.add("no instance");
        }
        if (!requestId.equals(body.path("requestId").asText(null))) {
            wrong.add("requestId " + body.path("requestId") + " is not the request's X-Request-Id");
        }
        if (body.has("violations")) {
            JsonNode v = body.get("violations");
            if (!v.isArray()) {
                wrong.add("violations is not an array");
            } else {
                for (JsonNode x : v) {
                    if (!x.path("field").isTextual() || !x.path("message").isTextual()) {
                        wrong.add("a violation without field and message: " + x);
                        break;
                    }
                }
            }
        }
        return wrong;
    }

    /** The documented schema for a 2xx answer: by status, else the only/first documented 2xx. */
    record Documented(String status, boolean statusDocumented, Map<String, JsonNode> media) {
    }

    static Optional<Documented> documented(OpenApi.Operation op, int status) {
        String s = Integer.toString(status);
        if (op.success().containsKey(s)) {
            return Optional.of(new Documented(s, true, op.success().get(s)));
        }
        if (op.success().containsKey("2XX")) {
            return Optional.of(new Documented("2XX", true, op.success().get("2XX")));
        }
        return op.success().entrySet().stream().findFirst()
                .map(e -> new Documented(e.getKey(), false, e.getValue()));
    }

    /** Schema violations of a 2xx JSON body (empty when it matches). */
    Set<ValidationMessage> validate(OpenApi.Operation op, String status, String mediaType, JsonNode schema,
                                    JsonNode body) {
        JsonSchema s = compiled.computeIfAbsent(op.key() + " " + status + " " + mediaType,
                k -> FACTORY.getSchema(api.standalone(schema), CONFIG));
        return s.validate(body);
    }
}
