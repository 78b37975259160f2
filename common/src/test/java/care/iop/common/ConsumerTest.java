package care.iop.common;

import care.iop.common.testapp.TestConsumer;
import care.iop.events.Topics;
import care.iop.testkit.EventCapture;
import care.iop.testkit.TestInfrastructure;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static care.iop.common.Api.WIDGETS;
import static care.iop.common.Api.as;
import static care.iop.common.Api.clinician;
import static care.iop.common.Api.widget;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
class ConsumerTest {

    private final UUID clinic = UUID.randomUUID();

    @Inject
    EntityManager em;

    @Test
    void a_redelivered_event_is_applied_once() throws Exception {
        UUID patient = UUID.randomUUID();
        String record;
        try (EventCapture events = EventCapture.from(Topics.INTAKE)) {
            as(clinician(clinic)).body(widget(patient, "CON-001")).post(WIDGETS).then().statusCode(201);
            record = events.awaitRecord(r -> patient.toString().equals(r.key()), EventCapture.DEFAULT_TIMEOUT).value();
        }
        awaitEffects(patient, 1);
        send(Topics.INTAKE, patient.toString(), record);
        send(Topics.INTAKE, patient.toString(), record);
        UUID marker = UUID.randomUUID(); // applied after the redeliveries (same partition order is not needed:
        as(clinician(clinic)).body(widget(marker, "CON-002")).post(WIDGETS).then().statusCode(201); // we wait on it)
        awaitEffects(marker, 1);
        Thread.sleep(500);
        assertThat(effects(patient)).isEqualTo(1);
    }

    @Test
    void a_poison_record_goes_to_the_dlq_with_its_reason_and_the_next_event_is_applied() {
        UUID poisonKey = UUID.randomUUID();
        UUID patient = UUID.randomUUID();
        try (EventCapture dlq = EventCapture.from(Topics.dlq(Topics.INTAKE))) {
            send(Topics.INTAKE, poisonKey.toString(), "{not an event");
            as(clinician(clinic)).body(widget(patient, "CON-003")).post(WIDGETS).then().statusCode(201);
            EventCapture.Captured dead = dlq.awaitRecord(r -> poisonKey.toString().equals(r.key()),
                    EventCapture.DEFAULT_TIMEOUT);
            assertThat(dead.value()).isEqualTo("{not an event");
            assertThat(dead.headers().get("dead-letter-reason")).contains("not JSON");
        }
        awaitEffects(patient, 1);
    }

    @Test
    void a_failing_handler_is_retried_then_dead_lettered_and_consumption_goes_on() {
        UUID failing = UUID.randomUUID();
        UUID next = UUID.randomUUID();
        int attemptsBefore = TestConsumer.ATTEMPTS_ON_FAILING_EVENT.get();
        try (EventCapture dlq = EventCapture.from(Topics.dlq(Topics.INTAKE))) {
            as(clinician(clinic)).body(widget(failing, "CON-027")).post(WIDGETS).then().statusCode(201);
            as(clinician(clinic)).body(widget(next, "CON-004")).post(WIDGETS).then().statusCode(201);
            EventCapture.Captured dead = dlq.awaitRecord(r -> failing.toString().equals(r.key()),
                    EventCapture.DEFAULT_TIMEOUT);
            assertThat(dead.headers().get("dead-letter-reason")).contains("failed 4 times", "IllegalStateException")
                    .doesNotContain("handler failure for a test");
        }
        assertThat(TestConsumer.ATTEMPTS_ON_FAILING_EVENT.get() - attemptsBefore).isEqualTo(4);
        awaitEffects(next, 1);
        assertThat(effects(failing)).isZero();
    }

    private void awaitEffects(UUID subject, long expected) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> effects(subject) == expected);
    }

    private long effects(UUID subject) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em
                .createNativeQuery("select count(*) from consumer_effect where subject = ?1")
                .setParameter(1, subject).getSingleResult()).longValue());
    }

    private static void send(String topic, String key, String value) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", TestInfrastructure.kafkaBootstrapServers(),
                "key.serializer", StringSerializer.class, "value.serializer", StringSerializer.class))) {
            producer.send(new ProducerRecord<>(topic, key, value));
            producer.flush();
        }
    }
}
