package care.iop.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The AsyncAPI 3.0 document of the event contract, built from {@link Topics}, {@link EventType} and the JSON
 * Schema files: one channel per topic (and per dead-letter topic), one message per event type whose payload is
 * the CloudEvents envelope with {@code data} pointing at the type's schema, a receive operation per topic for
 * consumers and a send operation per producer. The build writes it to {@link #RESOURCE} in this jar
 * ({@code main}, run by exec-maven-plugin at {@code process-classes}); {@code AsyncApiDocumentTest} checks that
 * the shipped file is what this class builds.
 */
public final class AsyncApiDocument {

    /** Classpath location of the generated document inside the iop-events jar. */
    public static final String RESOURCE = "/iop-asyncapi.json";
    public static final String ASYNCAPI_VERSION = "3.0.0";
    /** Kafka bindings version of the channel and message bindings. */
    public static final String KAFKA_BINDING_VERSION = "0.5.0";
    static final String ENVELOPE_SCHEMA = "cloudevent";
    static final String DEAD_LETTER_MESSAGE = "dead-letter";

    /** The producer of each topic. */
    private static final Map<String, String> PRODUCERS = Map.of(
            Topics.INTAKE, "intake-service",
            Topics.SCHEDULING, "scheduling-service",
            Topics.CLINICAL_NOTES, "clinical-notes-service",
            Topics.MEDICATION, "medication-service",
            Topics.AFTERCARE, "aftercare-service",
            Topics.AUDIT, "every service");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AsyncApiDocument() {
    }

    /** Writes the document: {@code args[0]} the output file, {@code args[1]} the project version. */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: AsyncApiDocument <output file> <version>");
        }
        Path out = Path.of(args[0]);
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.writeString(out, write(build(args[1])), StandardCharsets.UTF_8);
    }

    /** The document as indented JSON with a final newline, exactly as shipped. */
    public static String write(JsonNode document) {
        try {
            return EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(document) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The producer of {@code topic}, as named in the document. */
    public static String producer(String topic) {
        String producer = PRODUCERS.get(topic);
        if (producer == null) {
            throw new IllegalStateException("no producer declared for topic " + topic);
        }
        return producer;
    }

    public static ObjectNode build(String version) {
        ObjectNode doc = NODES.objectNode();
        doc.put("asyncapi", ASYNCAPI_VERSION);
        doc.put("id", "urn:care:iop:events");
        ObjectNode info = doc.putObject("info");
        info.put("title", "IOP platform events");
        info.put("version", version);
        info.put("description", "Every event the IOP platform publishes to Kafka: one topic per producing service, "
                + "each record a CloudEvents 1.0 event in structured JSON content mode (Kafka header content-type: "
                + "application/cloudevents+json), keyed by the event's subject (the patient id for every event about "
                + "one patient). The data of each type is a closed JSON Schema (draft 2020-12 files in the "
                + "care.iop:iop-events jar under care/iop/events/schemas/, embedded here). Delivery is at least "
                + "once and in order per key: consumers deduplicate by the event id. Data carries ids, codes and "
                + "dates only, never direct identifiers or free text; it is still pseudonymous patient data "
                + "(HIPAA, 42 CFR Part 2). The catalogue with every field is docs/events.md.");
        doc.put("defaultContentType", CloudEvent.CONTENT_TYPE);

        ObjectNode devstack = doc.putObject("servers").putObject("devstack");
        devstack.put("host", "localhost:9092");
        devstack.put("protocol", "kafka");
        devstack.put("description", "The local development stack's broker (./iop up; bootstrap servers are "
                + "IOP_KAFKA in a deployment). An example: each installation names its own brokers.");

        ObjectNode components = NODES.objectNode();
        ObjectNode schemas = components.putObject("schemas");
        schemas.set(ENVELOPE_SCHEMA, embedded(EventSchemas.ENVELOPE_RESOURCE));
        ObjectNode messages = components.putObject("messages");

        ObjectNode channels = doc.putObject("channels");
        ObjectNode operations = doc.putObject("operations");
        for (String topic : Topics.all()) {
            ObjectNode channel = channels.putObject(topic);
            channel.put("address", topic);
            channel.put("title", topic);
            channel.put("description", "Events published by " + producer(topic) + ". Record key: the event's "
                    + "subject. Record value: a CloudEvents 1.0 event in structured JSON content mode.");
            ObjectNode channelMessages = channel.putObject("messages");
            channel.putObject("bindings").set("kafka", kafkaChannel(topic));

            ArrayNode operationMessages = NODES.arrayNode();
            for (EventType type : EventType.values()) {
                if (!type.topic().equals(topic)) {
                    continue;
                }
                ObjectNode dataSchema = embedded(type.schemaResource());
                schemas.set(type.type(), dataSchema);
                messages.set(type.type(), message(type, dataSchema));
                channelMessages.set(type.type(), ref("#/components/messages/" + type.type()));
                operationMessages.add(ref("#/channels/" + topic + "/messages/" + type.type()));
            }

            ObjectNode receive = operations.putObject("receive." + topic);
            receive.put("action", "receive");
            receive.set("channel", ref("#/channels/" + topic));
            receive.put("title", "Consume " + topic);
            receive.put("summary", "Read the events of " + producer(topic) + ": validate, deduplicate by id, apply.");
            receive.set("messages", operationMessages.deepCopy());

            ObjectNode send = operations.putObject("send." + topic);
            send.put("action", "send");
            send.set("channel", ref("#/channels/" + topic));
            send.put("title", "Publish " + topic);
            send.put("summary", "Published by " + producer(topic) + " through its transactional outbox, "
                    + "one key's events in commit order.");
            send.set("messages", operationMessages);
        }

        messages.set(DEAD_LETTER_MESSAGE, deadLetterMessage());
        for (String topic : Topics.all()) {
            String dlq = Topics.dlq(topic);
            ObjectNode channel = channels.putObject(dlq);
            channel.put("address", dlq);
            channel.put("title", dlq);
            channel.put("description", "Dead letters of " + topic + ": records a consumer could not apply after "
                    + "retries (not JSON, failing their schema, or failing again and again), with the reason in "
                    + "the headers. Read for diagnosis; no consumer of the platform applies them.");
            channel.putObject("messages").set(DEAD_LETTER_MESSAGE, ref("#/components/messages/" + DEAD_LETTER_MESSAGE));
            channel.putObject("bindings").set("kafka", kafkaChannel(dlq));

            ObjectNode receive = operations.putObject("receive." + dlq);
            receive.put("action", "receive");
            receive.set("channel", ref("#/channels/" + dlq));
            receive.put("title", "Inspect " + dlq);
            receive.putArray("messages").add(ref("#/channels/" + dlq + "/messages/" + DEAD_LETTER_MESSAGE));
        }

        doc.set("components", components);
        return doc;
    }

    private static ObjectNode message(EventType type, ObjectNode dataSchema) {
        ObjectNode message = NODES.objectNode();
        message.put("name", type.dataClass().getSimpleName());
        message.put("title", type.type());
        message.put("summary", type.dataClass().getSimpleName() + " on " + type.topic());
        if (dataSchema.hasNonNull("description")) {
            message.put("description", dataSchema.get("description").asText());
        }
        message.put("contentType", CloudEvent.CONTENT_TYPE);
        message.set("headers", headers());

        ObjectNode payload = message.putObject("payload");
        payload.put("description", "CloudEvents 1.0 envelope of " + type.type() + "; data per its schema.");
        payload.putArray("allOf").add(ref("#/components/schemas/" + ENVELOPE_SCHEMA));
        ObjectNode properties = payload.putObject("properties");
        properties.putObject("type").put("const", type.type());
        properties.set("data", ref("#/components/schemas/" + type.type()));

        ObjectNode kafka = message.putObject("bindings").putObject("kafka");
        ObjectNode key = kafka.putObject("key");
        key.put("type", "string");
        key.put("format", "uuid");
        key.put("description", "The envelope's subject (see the message description and docs/events.md, "
                + "Keys and subject).");
        kafka.put("bindingVersion", KAFKA_BINDING_VERSION);
        return message;
    }

    private static ObjectNode deadLetterMessage() {
        ObjectNode message = NODES.objectNode();
        message.put("name", "DeadLetter");
        message.put("title", "Dead letter");
        message.put("description", "The original record's key and value, unchanged (the value need not be a valid "
                + "event), with the failure in the headers.");
        ObjectNode headers = message.putObject("headers");
        headers.put("type", "object");
        ObjectNode properties = headers.putObject("properties");
        properties.putObject("dead-letter-reason").put("type", "string")
                .put("description", "Why the record was rejected (no event data).");
        properties.putObject("dead-letter-topic").put("type", "string")
                .put("description", "The topic the record came from.");
        properties.putObject("dead-letter-partition").put("type", "string");
        properties.putObject("dead-letter-offset").put("type", "string");
        message.putObject("payload").put("description", "The original record value, as it was read.");
        return message;
    }

    private static ObjectNode headers() {
        ObjectNode headers = NODES.objectNode();
        headers.put("type", "object");
        headers.putArray("required").add("content-type");
        ObjectNode contentType = headers.putObject("properties").putObject("content-type");
        contentType.put("const", CloudEvent.CONTENT_TYPE);
        contentType.put("description", "CloudEvents structured content mode.");
        return headers;
    }

    private static ObjectNode kafkaChannel(String topic) {
        ObjectNode kafka = NODES.objectNode();
        kafka.put("topic", topic);
        kafka.put("bindingVersion", KAFKA_BINDING_VERSION);
        return kafka;
    }

    private static ObjectNode ref(String pointer) {
        return NODES.objectNode().put("$ref", pointer);
    }

    /** A schema file as an AsyncAPI Schema Object: its keywords are the draft-07 subset, so only $schema goes. */
    private static ObjectNode embedded(String resource) {
        try (InputStream in = AsyncApiDocument.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing JSON Schema " + resource);
            }
            ObjectNode schema = (ObjectNode) EventJson.mapper().readTree(in);
            schema.remove("$schema");
            return schema;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
