package care.iop.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenApiMergeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode doc(String path, String schema) throws Exception {
        return JSON.readTree("""
                {"openapi": "3.1.0", "tags": [{"name": "Things"}],
                 "paths": {"%s": {"get": {"tags": ["Things"], "responses": {"200": {"description": "ok",
                     "content": {"application/json": {"schema": {"$ref": "#/components/schemas/%s"}}}}}}}},
                 "components": {"schemas": {"%s": {"type": "object", "discriminator": {"propertyName": "kind",
                     "mapping": {"a": "#/components/schemas/%s"}}}},
                                "securitySchemes": {"SecurityScheme": {"type": "http", "scheme": "bearer"}}}}
                """.formatted(path, schema, schema, schema));
    }

    @Test
    void areas_keep_their_names_apart_and_an_unreadable_area_is_listed() throws Exception {
        Map<String, JsonNode> documents = new HashMap<>();
        documents.put("scheduling", doc("/api/v1/scheduling/things", "Thing"));
        documents.put("intake", doc("/api/v1/intake/things", "Thing"));
        documents.put("notes", null);

        ObjectNode merged = OpenApiMerge.merge(documents);

        assertThat(merged.at("/components/schemas").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("intake_Thing", "scheduling_Thing");
        assertThat(merged.at("/paths/~1api~1v1~1intake~1things/get/responses/200/content/application~1json/schema/$ref")
                .asText()).isEqualTo("#/components/schemas/intake_Thing");
        assertThat(merged.at("/components/schemas/scheduling_Thing/discriminator/mapping/a").asText())
                .isEqualTo("#/components/schemas/scheduling_Thing");
        assertThat(merged.at("/paths/~1api~1v1~1scheduling~1things/get/tags/0").asText()).isEqualTo("scheduling: Things");
        assertThat(merged.at("/tags/0/name").asText()).isEqualTo("intake: Things");
        assertThat(merged.at("/components/securitySchemes/SecurityScheme/scheme").asText()).isEqualTo("bearer");
        assertThat(merged.get("x-iop-unavailable").toString()).isEqualTo("[\"notes\"]");
        assertThat(documents.get("intake").at("/paths/~1api~1v1~1intake~1things/get/tags/0").asText())
                .as("the input is not changed").isEqualTo("Things");
    }

    @Test
    void at_build_time_every_area_document_must_exist(@TempDir Path dir) throws Exception {
        Path intake = dir.resolve("intake.json");
        Files.writeString(intake, doc("/a", "A").toString());
        Path out = dir.resolve("out/merged.json");

        OpenApiMerge.main(out.toString(), "intake=" + intake);
        assertThat(JSON.readTree(out.toFile())).isEqualTo(OpenApiMerge.merge(Map.of("intake", doc("/a", "A"))));

        assertThatThrownBy(() -> OpenApiMerge.main(out.toString(), "intake=" + intake, "notes=" + dir.resolve("no.json")))
                .hasMessageContaining("notes");
    }
}
