package care.iop.e2e.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The operations of an OpenAPI 3.1 document (the gateway's merged {@code /openapi}), with {@code $ref}s resolvable. */
final class OpenApi {

    static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

    final JsonNode doc;
    final List<Operation> operations = new ArrayList<>();

    record Param(String name, String in, JsonNode schema, boolean required) {
    }

    /**
     * @param roles    the roles the document lists in the operation's {@code security} (SmallRye OpenAPI copies
     *                 {@code @RolesAllowed} there); empty when the document says nothing
     * @param success  documented 2xx responses: status → media type → schema (an empty object when undocumented)
     */
    record Operation(int index, String method, String path, String area, List<Param> params, JsonNode requestSchema,
                     String requestMediaType, boolean bodyRequired, List<String> roles,
                     Map<String, Map<String, JsonNode>> success) {

        String key() {
            return method.toUpperCase(Locale.ROOT) + " " + path;
        }

        List<Param> params(String in) {
            return params.stream().filter(p -> p.in().equals(in)).toList();
        }

        boolean hasHeader(String name) {
            return params.stream().anyMatch(p -> p.in().equals("header") && p.name().equalsIgnoreCase(name));
        }

        boolean hasBody() {
            return requestSchema != null;
        }

        /** One of the gateway's own composite views (journey, partner disclosure), not a service's operation. */
        boolean gatewayView() {
            return area.equals("gateway");
        }
    }

    OpenApi(JsonNode doc) {
        this.doc = doc;
        List<String> paths = new ArrayList<>();
        doc.path("paths").fieldNames().forEachRemaining(paths::add);
        paths.sort(null);
        for (String path : paths) {
            JsonNode item = doc.path("paths").path(path);
            List<String> methods = new ArrayList<>();
            item.fieldNames().forEachRemaining(m -> {
                if (METHODS.contains(m)) {
                    methods.add(m);
                }
            });
            methods.sort(null);
            for (String method : methods) {
                operations.add(operation(operations.size(), method, path, item, item.path(method)));
            }
        }
    }

    private Operation operation(int index, String method, String path, JsonNode item, JsonNode op) {
        Map<String, Param> params = new LinkedHashMap<>();
        for (JsonNode list : List.of(item.path("parameters"), op.path("parameters"))) {
            for (JsonNode p : list) {
                JsonNode param = resolve(p);
                params.put(param.path("in").asText() + ":" + param.path("name").asText(),
                        new Param(param.path("name").asText(), param.path("in").asText(), param.path("schema"),
                                param.path("required").asBoolean(false)));
            }
        }
        JsonNode body = resolve(op.path("requestBody"));
        JsonNode requestSchema = null;
        String mediaType = null;
        if (body.has("content")) {
            Iterator<Map.Entry<String, JsonNode>> content = body.path("content").properties().iterator();
            if (content.hasNext()) {
                Map.Entry<String, JsonNode> first = content.next();
                mediaType = first.getKey();
                requestSchema = first.getValue().path("schema");
            }
        }
        List<String> roles = new ArrayList<>();
        for (JsonNode requirement : op.path("security")) {
            requirement.properties().forEach(e -> e.getValue().forEach(r -> roles.add(r.asText())));
        }
        Map<String, Map<String, JsonNode>> success = new LinkedHashMap<>();
        op.path("responses").properties().forEach(e -> {
            if (e.getKey().startsWith("2")) {
                Map<String, JsonNode> media = new LinkedHashMap<>();
                resolve(e.getValue()).path("content").properties()
                        .forEach(c -> media.put(c.getKey(), c.getValue().path("schema")));
                success.put(e.getKey(), media);
            }
        });
        String[] segments = path.split("/");
        // The gateway's own views are documented in its own document, merged with tags "gateway: …".
        boolean gatewayView = op.path("tags").path(0).asText().startsWith("gateway: ");
        String area = gatewayView ? "gateway" : segments.length > 3 ? segments[3] : "";
        return new Operation(index, method, path, area, List.copyOf(params.values()), requestSchema, mediaType,
                body.path("required").asBoolean(false), List.copyOf(roles), success);
    }

    /** Follows {@code $ref}s (local ones: {@code #/components/...}) to the node they name. */
    JsonNode resolve(JsonNode node) {
        int hops = 0;
        while (node != null && node.has("$ref") && hops++ < 20) {
            String ref = node.get("$ref").asText();
            if (!ref.startsWith("#/")) {
                throw new IllegalArgumentException("non-local $ref " + ref);
            }
            node = doc.at(ref.substring(1));
        }
        return node;
    }

    /**
     * Like {@link #resolve}, and through {@code anyOf}/{@code oneOf} to the first alternative that is not just
     * {@code {"type": "null"}} (how an optional property is documented as nullable).
     */
    JsonNode resolveValue(JsonNode node) {
        JsonNode s = resolve(node);
        for (int hops = 0; s != null && hops < 5; hops++) {
            JsonNode alternatives = s.has("anyOf") ? s.get("anyOf") : s.has("oneOf") ? s.get("oneOf") : null;
            if (alternatives == null || !alternatives.isArray()) {
                return s;
            }
            JsonNode chosen = null;
            for (JsonNode alt : alternatives) {
                JsonNode a = resolve(alt);
                if (!"null".equals(a.path("type").asText(null))) {
                    chosen = a;
                    break;
                }
            }
            if (chosen == null) {
                return s;
            }
            s = chosen;
        }
        return s;
    }

    /**
     * A stand-alone JSON Schema (2020-12) for a schema of this document: the schema itself with the document's
     * {@code components} carried along, so that {@code #/components/schemas/...} references resolve inside it.
     */
    ObjectNode standalone(JsonNode schema) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        if (schema != null && schema.isObject()) {
            out.setAll((ObjectNode) schema.deepCopy());
        }
        out.set("components", doc.path("components").deepCopy());
        return out;
    }

    /** True when a schema says nothing (so that any body would pass it). */
    static boolean isEmptySchema(JsonNode schema) {
        return schema == null || schema.isMissingNode() || (schema.isObject() && schema.isEmpty());
    }
}
