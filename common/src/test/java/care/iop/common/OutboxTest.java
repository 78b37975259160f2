package care.iop.common;

import care.iop.common.outbox.Outbox;
import care.iop.common.testapp.WidgetEvents;
import care.iop.embedded.KafkaBroker;
import care.iop.events.EventSchemas;
import care.iop.events.Topics;
import care.iop.testkit.EventCapture;
import care.iop.testkit.TestInfrastructure;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static care.iop.common.Api.WIDGETS;
import static care.iop.common.Api.as;
import static care.iop.common.Api.clinician;
import static care.iop.common.Api.widget;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@QuarkusTest
class OutboxTest {

    private final UUID clinic = UUID.randomUUID();

    @Inject
    Outbox outbox;

    @Inject
    EntityManager em;

    @Test
    void a_write_and_its_event_commit_together() {
        UUID patient = UUID.randomUUID();
        try (EventCapture events = EventCapture.from(Topics.INTAKE)) {
            String id = as(clinician(clinic)).body(widget(patient, "OBX-001")).post(WIDGETS).then().statusCode(201)
                    .extract().path("id");
            EventCapture.Captured record = events.awaitRecord(r -> patient.toString().equals(r.key()),
                    EventCapture.DEFAULT_TIMEOUT);
            EventSchemas.assertValid(record.value());
            assertThat(record.headers()).containsEntry("content-type", "application/cloudevents+json");
            assertThat(record.event().subject()).isEqualTo(patient.toString());
            assertThat(record.event().clinicid()).isEqualTo(clinic.toString());
            assertThat(record.event().source()).isEqualTo("/iop/common-test");
            assertThat(record.event().data().toString()).contains(id);
        }
    }

    @Test
    void a_rolled_back_transaction_publishes_nothing() {
        UUID patient = UUID.randomUUID();
        try (EventCapture events = EventCapture.from(Topics.INTAKE)) {
            as(clinician(clinic)).body(widget(patient, "OBX-002")).post(WIDGETS + "/rollback").then().statusCode(500);
            assertThat(count("select count(*) from widget where patient_id = ?1", patient)).isZero();
            assertThat(count("select count(*) from outbox_event where partition_key = ?1", patient.toString())).isZero();
            // Let a later event prove the relay is live, then check the rolled-back one never came.
            UUID later = UUID.randomUUID();
            as(clinician(clinic)).body(widget(later, "OBX-003")).post(WIDGETS).then().statusCode(201);
            events.awaitRecord(r -> later.toString().equals(r.key()), EventCapture.DEFAULT_TIMEOUT);
            events.assertNone(r -> patient.toString().equals(r.key()), Duration.ofSeconds(1));
        }
    }

    @Test
    void events_written_while_the_broker_is_down_all_arrive_once_in_order_per_key() {
        KafkaBroker broker = TestInfrastructure.embeddedKafka().orElse(null);
        assumeTrue(broker != null, "needs the embedded broker (IOP_TEST_KAFKA is set)");
        int keys = 50;
        int perKey = 20;
        List<UUID> subjects = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
            subjects.add(UUID.randomUUID());
        }
        Set<String> ours = new HashSet<>();
        subjects.forEach(s -> ours.add(s.toString()));
        try (EventCapture events = EventCapture.from(Topics.INTAKE)) {
            broker.stop();
            try {
                for (int i = 0; i < perKey; i++) {
                    for (UUID subject : subjects) {
                        int sequence = i;
                        QuarkusTransaction.requiringNew().run(() ->
                                outbox.publish(WidgetEvents.numbered(subject, sequence), subject, clinic));
                    }
                }
                assertThat(count("select count(*) from outbox_event where sent_at is null and partition_key in ("
                        + String.join(",", subjects.stream().map(s -> "'" + s + "'").toList()) + ")", null))
                        .isEqualTo((long) keys * perKey);
            } finally {
                broker.start();
            }
            List<EventCapture.Captured> received = events.awaitCount(r -> ours.contains(r.key()), keys * perKey,
                    Duration.ofSeconds(90));
            events.assertNone(r -> false, Duration.ofSeconds(2)); // let any duplicate arrive before counting
            received = events.records().stream().filter(r -> ours.contains(r.key())).toList();

            assertThat(received).hasSize(keys * perKey);
            assertThat(received.stream().map(r -> r.event().id()).distinct().count()).isEqualTo(keys * perKey);
            Map<String, List<Integer>> sequenceByKey = new HashMap<>();
            for (EventCapture.Captured r : received) {
                sequenceByKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(WidgetEvents.number(r.event()));
            }
            List<Integer> expected = java.util.stream.IntStream.range(0, perKey).boxed().toList();
            sequenceByKey.forEach((key, sequence) -> assertThat(sequence).as("order of key " + key).isEqualTo(expected));
        }
    }

    private long count(String sql, Object parameter) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var query = em.createNativeQuery(sql);
            if (parameter != null) {
                query.setParameter(1, parameter);
            }
            return ((Number) query.getSingleResult()).longValue();
        });
    }
}
