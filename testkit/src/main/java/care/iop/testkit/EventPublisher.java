package care.iop.testkit;

import care.iop.events.CloudEvent;
import care.iop.events.EventData;
import care.iop.events.EventJson;
import care.iop.events.EventSchemas;
import care.iop.events.EventType;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

/** Plays another service: puts schema-valid CloudEvents on the real broker, as that service's outbox would. */
public final class EventPublisher {

    private EventPublisher() {
    }

    /** An event as {@code source} would publish it, keyed by {@code subject}, for {@code clinicId}. */
    public static CloudEvent event(String source, EventData data, UUID subject, UUID clinicId) {
        EventType type = EventType.forDataClass(data.getClass());
        return new CloudEvent("1.0", UUID.randomUUID().toString(), "/iop/" + source, type.type(), subject.toString(),
                Instant.now().truncatedTo(ChronoUnit.MICROS), "application/json",
                clinicId == null ? null : clinicId.toString(), "test-" + UUID.randomUUID(), EventJson.toJsonNode(data));
    }

    /** Sends each event (validated first) to its type's topic and waits for the broker's acknowledgement. */
    public static void send(CloudEvent... events) {
        try (var producer = new KafkaProducer<String, String>(Map.of("bootstrap.servers",
                TestInfrastructure.kafkaBootstrapServers(), "key.serializer", StringSerializer.class,
                "value.serializer", StringSerializer.class, "enable.idempotence", true, "acks", "all"))) {
            for (CloudEvent event : events) {
                String json = EventJson.write(event);
                EventSchemas.assertValid(json);
                String topic = EventType.forType(event.type()).orElseThrow().topic();
                producer.send(new ProducerRecord<>(topic, event.subject(), json)).get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the broker refused an event", e.getCause());
        }
    }

    /** Sends a raw record (a poison pill, say) to a topic. */
    public static void sendRaw(String topic, String key, String value) {
        try (var producer = new KafkaProducer<String, String>(Map.of("bootstrap.servers",
                TestInfrastructure.kafkaBootstrapServers(), "key.serializer", StringSerializer.class,
                "value.serializer", StringSerializer.class))) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the broker refused a record", e.getCause());
        }
    }
}
