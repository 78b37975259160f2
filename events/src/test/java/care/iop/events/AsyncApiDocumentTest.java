package care.iop.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The AsyncAPI document: the shipped file is what {@link AsyncApiDocument} builds, it follows the AsyncAPI 3.0
 * rules a structural check can see (no copy of the AsyncAPI JSON Schema is on Maven Central for a test
 * dependency; with {@code -Dasyncapi.schema=<path to @asyncapi/specs schemas/3.0.0-without-$id.json>} the
 * document is also validated against it), and every sample event validates against its channel's message.
 */
class AsyncApiDocumentTest {

    private static final JsonNode DOC = shipped();
    private static final JsonSchemaFactory DRAFT_07 = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
    private static final SchemaValidatorsConfig CONFIG =
            SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

    @Test
    void the_jar_ships_the_document_the_generator_builds() {
        String version = DOC.path("info").path("version").asText();
        String expected = System.getProperty("iop.version");
        if (expected != null) {
            assertThat(version).isEqualTo(expected);
        }
        assertThat(version).isNotBlank();
        assertThat(text(AsyncApiDocument.RESOURCE)).isEqualTo(AsyncApiDocument.write(AsyncApiDocument.build(version)));
    }

    @Test
    void it_is_an_asyncapi_3_document_with_info_and_a_kafka_server() {
        assertThat(DOC.path("asyncapi").asText()).isEqualTo("3.0.0");
        assertThat(DOC.path("info").path("title").asText()).isNotBlank();
        assertThat(DOC.path("info").path("description").asText()).isNotBlank();
        assertThat(DOC.path("defaultContentType").asText()).isEqualTo("application/cloudevents+json");
        assertThat(DOC.path("servers").size()).isPositive();
        DOC.path("servers").forEach(server -> {
            assertThat(server.path("host").asText()).isNotBlank();
            assertThat(server.path("protocol").asText()).isEqualTo("kafka");
        });
    }

    @Test
    void every_topic_and_its_dead_letter_topic_is_a_channel_at_its_address() {
        Set<String> expected = new HashSet<>();
        for (String topic : Topics.all()) {
            expected.add(topic);
            expected.add(Topics.dlq(topic));
        }
        assertThat(names(DOC.path("channels"))).containsExactlyInAnyOrderElementsOf(expected);
        DOC.path("channels").fields().forEachRemaining(e -> {
            assertThat(e.getValue().path("address").asText()).as(e.getKey()).isEqualTo(e.getKey());
            assertThat(e.getValue().path("bindings").path("kafka").path("topic").asText()).isEqualTo(e.getKey());
        });
    }

    @Test
    void every_event_type_is_a_message_of_its_topic_only() {
        for (EventType type : EventType.values()) {
            for (String topic : Topics.all()) {
                JsonNode messages = DOC.path("channels").path(topic).path("messages");
                assertThat(messages.has(type.type())).as(type + " in " + topic).isEqualTo(type.topic().equals(topic));
            }
            JsonNode message = DOC.path("components").path("messages").path(type.type());
            assertThat(message.path("contentType").asText()).isEqualTo("application/cloudevents+json");
            assertThat(message.path("payload").path("properties").path("type").path("const").asText())
                    .isEqualTo(type.type());
            assertThat(message.path("bindings").path("kafka").path("key").path("format").asText()).isEqualTo("uuid");
        }
        long eventMessages = Topics.all().stream().mapToLong(t -> DOC.path("channels").path(t).path("messages").size())
                .sum();
        assertThat(eventMessages).isEqualTo(EventType.values().length);
    }

    @Test
    void the_embedded_data_schemas_are_the_schema_files() {
        for (EventType type : EventType.values()) {
            ObjectNode file = (ObjectNode) SchemaFiles.read(type.schemaResource());
            file.remove("$schema");
            assertThat(DOC.path("components").path("schemas").path(type.type())).as(type.type()).isEqualTo(file);
        }
        ObjectNode envelope = (ObjectNode) SchemaFiles.read(EventSchemas.ENVELOPE_RESOURCE);
        envelope.remove("$schema");
        assertThat(DOC.path("components").path("schemas").path("cloudevent")).isEqualTo(envelope);
    }

    @Test
    void every_reference_resolves() {
        List<String> refs = new ArrayList<>();
        collectRefs(DOC, refs);
        assertThat(refs).hasSizeGreaterThan(EventType.values().length * 3);
        for (String ref : refs) {
            assertThat(ref).startsWith("#/");
            assertThat(resolve(ref).isMissingNode()).as(ref).isFalse();
        }
    }

    @Test
    void operations_send_or_receive_messages_of_their_own_channel_and_every_channel_is_received() {
        Set<String> received = new HashSet<>();
        DOC.path("operations").fields().forEachRemaining(e -> {
            JsonNode operation = e.getValue();
            assertThat(operation.path("action").asText()).as(e.getKey()).isIn("send", "receive");
            String channel = operation.path("channel").path("$ref").asText();
            assertThat(channel).startsWith("#/channels/");
            assertThat(resolve(channel).path("address").isTextual()).isTrue();
            assertThat(operation.path("messages").size()).isPositive();
            operation.path("messages").forEach(m -> {
                String ref = m.path("$ref").asText();
                assertThat(ref).as(e.getKey()).startsWith(channel + "/messages/");
                assertThat(resolve(ref).isMissingNode()).isFalse();
                if (operation.path("action").asText().equals("receive")) {
                    received.add(ref);
                }
            });
        });
        DOC.path("channels").fields().forEachRemaining(c -> c.getValue().path("messages").fieldNames()
                .forEachRemaining(m -> assertThat(received).contains("#/channels/" + c.getKey() + "/messages/" + m)));
        for (String topic : Topics.all()) {
            assertThat(DOC.path("operations").path("send." + topic).path("action").asText()).isEqualTo("send");
        }
    }

    @Test
    void component_keys_follow_the_spec_pattern() {
        DOC.path("components").fields().forEachRemaining(kind -> names(kind.getValue())
                .forEach(key -> assertThat(key).as(kind.getKey()).matches("^[a-zA-Z0-9.\\-_]+$")));
    }

    @Test
    void every_sample_event_validates_against_its_channels_message_payload() {
        for (EventType type : EventType.values()) {
            JsonNode event = EventJson.parseTree(EventJson.write(Samples.event(type)));
            assertThat(payloadErrors(type.topic(), type.type(), event)).as(type.type()).isEmpty();
        }
    }

    @Test
    void a_message_payload_rejects_another_types_event_and_bad_data() {
        JsonNode admitted = EventJson.parseTree(EventJson.write(Samples.event(EventType.PATIENT_ADMITTED)));
        assertThat(payloadErrors(Topics.INTAKE, EventType.PATIENT_WAITLISTED.type(), admitted))
                .anyMatch(m -> m.contains("type")).anyMatch(m -> m.contains("data"));

        ObjectNode bad = admitted.deepCopy();
        ((ObjectNode) bad.get("data")).put("levelOfCare", "2");
        assertThat(payloadErrors(Topics.INTAKE, EventType.PATIENT_ADMITTED.type(), bad))
                .anyMatch(m -> m.contains("levelOfCare"));

        ObjectNode bare = admitted.deepCopy();
        bare.remove("specversion");
        assertThat(payloadErrors(Topics.INTAKE, EventType.PATIENT_ADMITTED.type(), bare))
                .anyMatch(m -> m.contains("specversion"));
    }

    /** Runs only with -Dasyncapi.schema=...; see the class comment. */
    @Test
    void it_validates_against_the_asyncapi_3_0_0_json_schema_when_one_is_given() throws IOException {
        String path = System.getProperty("asyncapi.schema");
        assumeTrue(path != null && !path.isBlank(), "no -Dasyncapi.schema given");
        JsonNode metaSchema = EventJson.mapper().readTree(Files.readString(Path.of(path)));
        JsonSchema schema = DRAFT_07.getSchema(metaSchema, CONFIG);

        assertThat(schema.validate(DOC)).isEmpty();
        ObjectNode broken = DOC.deepCopy();
        broken.put("asyncapi", "2.6.0");
        ((ObjectNode) broken.get("operations").get("receive." + Topics.INTAKE)).put("action", "subscribe");
        assertThat(schema.validate(broken)).isNotEmpty();
    }

    private static List<String> payloadErrors(String topic, String messageKey, JsonNode event) {
        JsonNode channelMessage = DOC.path("channels").path(topic).path("messages").path(messageKey);
        assertThat(channelMessage.isMissingNode()).as(topic + " / " + messageKey).isFalse();
        String payload = channelMessage.path("$ref").asText() + "/payload";
        ObjectNode root = EventJson.mapper().createObjectNode();
        root.put("$schema", "http://json-schema.org/draft-07/schema#");
        root.put("$ref", payload);
        root.set("components", DOC.get("components"));
        JsonSchema schema = DRAFT_07.getSchema(root, CONFIG);
        return schema.validate(event).stream().map(ValidationMessage::getMessage).toList();
    }

    private static JsonNode resolve(String ref) {
        return DOC.at(ref.substring(1));
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> e = fields.next();
                if (e.getKey().equals("$ref")) {
                    refs.add(e.getValue().asText());
                } else {
                    collectRefs(e.getValue(), refs);
                }
            }
        } else if (node.isArray()) {
            node.forEach(n -> collectRefs(n, refs));
        }
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode shipped() {
        return EventJson.parseTree(text(AsyncApiDocument.RESOURCE));
    }

    private static String text(String resource) {
        try (InputStream in = AsyncApiDocumentTest.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the classpath: the build generates it at "
                        + "process-classes (exec-maven-plugin)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
