package care.iop.common.openapi;

import care.iop.common.http.ETags;
import care.iop.common.idempotency.Idempotency;
import care.iop.common.problem.Problem;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The statuses every operation can answer, documented once for all: each operation gets the problem+json
 * ({@link Problem}) responses it does not declare itself — 400 when it takes parameters or a body; 401, 403, 429 and
 * 503 always; 404 when its path names a resource; 409 on writes; 412 when it takes {@code If-Match}, and 428 when
 * that header is {@code required} (the resource marks it so where {@link ETags#check} refuses a missing one); 422
 * where it honours {@code Idempotency-Key} (a key reused with another request). The {@code If-Match} and
 * {@code Idempotency-Key} headers are described, and every 201 documents its {@code Location} header.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class StandardResponses implements OASFilter {

    static final String PROBLEM = "Problem";
    static final String PROBLEM_REF = "#/components/schemas/" + PROBLEM;
    private static final Set<PathItem.HttpMethod> WRITES = Set.of(PathItem.HttpMethod.POST, PathItem.HttpMethod.PUT,
            PathItem.HttpMethod.PATCH, PathItem.HttpMethod.DELETE);

    /** What SmallRye writes for the statuses it adds itself (security, validation): replaced by ours. */
    private static final Set<String> GENERIC = Set.of("", "Not Authorized", "Not Allowed", "Bad Request", "Forbidden",
            "Unauthorized", "Not Found", "Conflict");

    static final String IDEMPOTENCY_KEY_DESCRIPTION = "Makes this request safe to retry. The first answer to a key is "
            + "kept (encrypted) for 24 hours and replayed — same status, body, Location and ETag, with "
            + "`" + Idempotency.REPLAYED_HEADER + ": true` — to a repeat of the same request by the same caller, so the "
            + "record is created once. The same key with a different body or on another endpoint is refused with 422; "
            + "a repeat while the first request is still running answers 409 (retry shortly). 1 to 255 visible ASCII "
            + "characters; a fresh UUID per logical request is a good key.";
    static final String IF_MATCH_DESCRIPTION = "The ETag you last read of this resource (strong comparison; `*` "
            + "matches any). A stale one is refused with 412: read the resource again.";
    static final String IF_MATCH_REQUIRED = " Required: a change without it is refused with 428.";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null
                || openAPI.getPaths().getPathItems().isEmpty()) {
            return;
        }
        for (Map.Entry<String, PathItem> path : openAPI.getPaths().getPathItems().entrySet()) {
            PathItem item = path.getValue();
            for (Map.Entry<PathItem.HttpMethod, Operation> op : item.getOperations().entrySet()) {
                document(path.getKey(), item, op.getKey(), op.getValue());
            }
        }
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        // Written here rather than derived from the class, whose extension members a scan cannot describe.
        openAPI.getComponents().addSchema(PROBLEM, problemSchema());
    }

    private static void document(String path, PathItem item, PathItem.HttpMethod method, Operation op) {
        List<Parameter> parameters = new ArrayList<>();
        if (item.getParameters() != null) {
            parameters.addAll(item.getParameters());
        }
        if (op.getParameters() != null) {
            parameters.addAll(op.getParameters());
        }
        Parameter ifMatch = header(parameters, ETags.IF_MATCH);
        Parameter idempotencyKey = header(parameters, Idempotency.HEADER);
        if (ifMatch != null) {
            boolean required = Boolean.TRUE.equals(ifMatch.getRequired());
            if (ifMatch.getDescription() == null || ifMatch.getDescription().isBlank()) {
                ifMatch.setDescription(IF_MATCH_DESCRIPTION + (required ? IF_MATCH_REQUIRED : ""));
            }
        }
        if (idempotencyKey != null) {
            if (idempotencyKey.getDescription() == null || idempotencyKey.getDescription().isBlank()) {
                idempotencyKey.setDescription(IDEMPOTENCY_KEY_DESCRIPTION);
            }
            if (idempotencyKey.getSchema() != null && idempotencyKey.getSchema().getRef() == null
                    && idempotencyKey.getSchema().getMaxLength() == null) {
                idempotencyKey.getSchema().minLength(1).maxLength(255);
            }
        }

        if (op.getResponses() == null) {
            op.setResponses(OASFactory.createAPIResponses());
        }
        APIResponses responses = op.getResponses();
        APIResponse created = responses.getAPIResponse("201");
        if (created != null && created.getRef() == null
                && (created.getHeaders() == null || !created.getHeaders().containsKey("Location"))) {
            created.addHeader("Location", OASFactory.createHeader().description("The URL of the created resource")
                    .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING).format("uri-reference")));
        }

        if (!parameters.isEmpty() || op.getRequestBody() != null) {
            add(responses, "400", "The request is invalid: a parameter, header or body field breaks a rule "
                    + "(`violations` names each); nothing was changed.", false);
        }
        add(responses, "401", "No valid bearer token.", false);
        add(responses, "403", "The caller's role, clinic, partner grant or the patient's consent does not allow this.",
                false);
        if (path.contains("{")) {
            add(responses, "404", "No such resource, or none the caller may see.", false);
        }
        if (WRITES.contains(method)) {
            add(responses, "409", "Conflicts with the current state (a duplicate, a record that no longer changes, "
                    + "a request with the same Idempotency-Key still running), or the step awaits another service's "
                    + "event (`urn:iop:problem:awaiting-event`, naming it in `awaitedEvent`): retry after "
                    + "`Retry-After` seconds.", true);
        }
        if (ifMatch != null) {
            add(responses, "412", "If-Match does not match the current ETag: read the resource again.", false);
            if (Boolean.TRUE.equals(ifMatch.getRequired())) {
                add(responses, "428", "If-Match is required here and was not sent.", false);
            }
        }
        if (idempotencyKey != null) {
            add(responses, "422", "The request is understood but refused by a rule, or its Idempotency-Key was "
                    + "already used for a different request.", false);
        }
        add(responses, "429", "Too many requests: retry after `Retry-After` seconds.", true);
        add(responses, "503", "A service or a dependency is unavailable for now: retry after `Retry-After` seconds.",
                true);
    }

    private static Parameter header(List<Parameter> parameters, String name) {
        return parameters.stream()
                .filter(p -> p.getIn() == Parameter.In.HEADER && name.equalsIgnoreCase(p.getName()))
                .findFirst().orElse(null);
    }

    /**
     * Adds the status unless the operation declares it with content of its own; a bare declaration (SmallRye's own
     * "Not Authorized", "Not Allowed", "Bad Request") gets the problem document, and its generic text is replaced.
     */
    private static void add(APIResponses responses, String status, String description, boolean retryAfter) {
        APIResponse response = responses.getAPIResponse(status);
        if (response != null && (response.getRef() != null || response.getContent() != null)) {
            return;
        }
        if (response == null) {
            response = OASFactory.createAPIResponse().description(description);
            responses.addAPIResponse(status, response);
        } else if (response.getDescription() == null || GENERIC.contains(response.getDescription())) {
            response.setDescription(description);
        }
        response.content(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, OASFactory.createMediaType()
                .schema(OASFactory.createSchema().ref(PROBLEM_REF))));
        if (retryAfter && (response.getHeaders() == null || !response.getHeaders().containsKey("Retry-After"))) {
            Header header = OASFactory.createHeader().description("Seconds to wait before retrying")
                    .schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER));
            response.addHeader("Retry-After", header);
        }
    }

    /**
     * The RFC 9457 document {@link Problem} writes; extension members (e.g. {@code awaitedEvent}) are allowed. Its
     * optional members are written nullable here, as {@link NullableOptionalProperties} would make them: the result
     * is the same whichever of the two build-stage filters runs first.
     */
    static Schema problemSchema() {
        Schema violation = OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("One invalid input: the JSON path or parameter name, and what is wrong with it")
                .addProperty("field", type(Schema.SchemaType.STRING)).addProperty("message", type(Schema.SchemaType.STRING))
                .required(List.of("field", "message"));
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("RFC 9457 problem details (application/problem+json). Extension members carry more: "
                        + "e.g. `conflictingId` on a duplicate, `awaitedEvent` on `urn:iop:problem:awaiting-event`.")
                .addProperty("type", type(Schema.SchemaType.STRING)
                        .description("urn:iop:problem:<slug>, e.g. urn:iop:problem:not-found"))
                .addProperty("title", type(Schema.SchemaType.STRING))
                .addProperty("status", type(Schema.SchemaType.INTEGER).format("int32"))
                .addProperty("detail", nullable(Schema.SchemaType.STRING))
                .addProperty("instance", nullable(Schema.SchemaType.STRING))
                .addProperty("requestId", nullable(Schema.SchemaType.STRING))
                .addProperty("violations", nullable(Schema.SchemaType.ARRAY).items(violation))
                .required(List.of("type", "title", "status"));
    }

    private static Schema type(Schema.SchemaType type) {
        return OASFactory.createSchema().addType(type);
    }

    private static Schema nullable(Schema.SchemaType type) {
        return OASFactory.createSchema().addType(type).addType(Schema.SchemaType.NULL);
    }
}
