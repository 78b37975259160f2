package care.iop.common.openapi;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Collections;

/**
 * The API documents say what the JSON really holds: a property that is not {@code required} may be {@code null}.
 * The services write absent optional values as JSON {@code null} ({@code "nextCursor": null}, a drug screen's
 * {@code "resultedAt": null}) and accept them so in requests, but SmallRye OpenAPI documents such properties as
 * plain {@code "type": "string"}, which in OpenAPI 3.1 (JSON Schema 2020-12) forbids null — so a client generated
 * from the document, or any schema validation, rejected ordinary answers (found by the API fuzzer, issue #10).
 * Each optional property becomes {@code "type": [..., "null"]}, or {@code anyOf: [{$ref}, {"type": "null"}]} when
 * it is a reference or an enumeration. Required properties are left as they are.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class NullableOptionalProperties implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Set<Schema> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        if (openAPI.getComponents() != null && openAPI.getComponents().getSchemas() != null) {
            openAPI.getComponents().getSchemas().values().forEach(s -> visit(s, seen));
        }
        if (openAPI.getPaths() != null && openAPI.getPaths().getPathItems() != null) {
            for (PathItem item : openAPI.getPaths().getPathItems().values()) {
                for (Operation op : item.getOperations().values()) {
                    if (op.getRequestBody() != null) {
                        visit(op.getRequestBody().getContent(), seen);
                    }
                    if (op.getResponses() != null && op.getResponses().getAPIResponses() != null) {
                        op.getResponses().getAPIResponses().values().forEach(r -> visit(r.getContent(), seen));
                    }
                }
            }
        }
    }

    private static void visit(Content content, Set<Schema> seen) {
        if (content != null && content.getMediaTypes() != null) {
            for (MediaType media : content.getMediaTypes().values()) {
                visit(media.getSchema(), seen);
            }
        }
    }

    private static void visit(Schema schema, Set<Schema> seen) {
        if (schema == null || !seen.add(schema)) {
            return;
        }
        Map<String, Schema> properties = schema.getProperties();
        if (properties != null) {
            List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
            Map<String, Schema> rewritten = new LinkedHashMap<>();
            properties.forEach((name, property) -> {
                visit(property, seen);
                rewritten.put(name, required.contains(name) ? property : nullable(property, seen));
            });
            schema.setProperties(rewritten);
        }
        visit(schema.getItems(), seen);
        visit(schema.getAdditionalPropertiesSchema(), seen);
        for (List<Schema> group : List.of(nullToEmpty(schema.getAllOf()), nullToEmpty(schema.getAnyOf()),
                nullToEmpty(schema.getOneOf()))) {
            group.forEach(s -> visit(s, seen));
        }
    }

    /** The property's schema, also allowing null (unchanged if it already does, or says nothing about the type). */
    static Schema nullable(Schema property, Set<Schema> seen) {
        if (property == null) {
            return null;
        }
        if (property.getRef() != null || property.getEnumeration() != null) {
            Schema wrapper = OASFactory.createSchema().addAnyOf(property)
                    .addAnyOf(OASFactory.createSchema().addType(Schema.SchemaType.NULL));
            seen.add(wrapper);
            return wrapper;
        }
        List<Schema.SchemaType> types = property.getType();
        if (types == null || types.isEmpty() || types.contains(Schema.SchemaType.NULL)) {
            if (property.getAnyOf() != null && property.getAnyOf().stream().noneMatch(NullableOptionalProperties::isNull)) {
                property.addAnyOf(OASFactory.createSchema().addType(Schema.SchemaType.NULL));
            }
            return property;
        }
        property.setType(new ArrayList<>(types));
        property.addType(Schema.SchemaType.NULL);
        return property;
    }

    private static boolean isNull(Schema s) {
        return s.getType() != null && s.getType().equals(List.of(Schema.SchemaType.NULL));
    }

    private static List<Schema> nullToEmpty(List<Schema> list) {
        return list == null ? List.of() : list;
    }
}
