package care.iop.e2e.failure;

import care.iop.devstack.Service;
import care.iop.e2e.Platform;
import care.iop.e2e.ReliabilityReport;
import care.iop.events.EventType;
import care.iop.events.Topics;
import care.iop.testkit.EventCapture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static care.iop.e2e.failure.Api.expect;
import static care.iop.e2e.failure.Fixtures.AFTERCARE;
import static care.iop.e2e.failure.Fixtures.MEDICATIONS;
import static care.iop.e2e.failure.Fixtures.SCHEDULING;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #10, poison events: on each topic some service consumes (intake, scheduling, medication, aftercare) a malformed
 * record is written straight to the broker, keyed like the patient's real events so the next valid event sits behind
 * it in the same partition. Every consumer of the topic parks the poison on {@code <topic>.dlq} — the record as it
 * was, with a {@code dead-letter-reason} — and then applies the valid event that follows.
 */
class PoisonEventE2ETest {

    static final String SECTION = "Poison events";
    static final Duration WAIT = Duration.ofSeconds(60);

    private final LocalDate today = LocalDate.now(Fixtures.ZONE);
    private final Map<String, String> figures = new LinkedHashMap<>();
    private final List<Object[]> poisons = new ArrayList<>();

    @Test
    void a_malformed_record_on_each_consumed_topic_is_dead_lettered_with_a_reason_and_the_next_event_is_applied() {
        Fixtures.awaitGatewayHealthy(WAIT);
        Fixtures.Track track = Fixtures.track("PE");
        // C: in the program for a month, booked into two past group sessions; D: to be discharged; P: to be admitted.
        String c = Fixtures.admittedCohort(track, 1, today.minusDays(30)).get(0);
        String d = Fixtures.admittedCohort(track, 1, today.minusDays(30)).get(0);
        String absentSession = expect(201, Fixtures.groupSession(track, today.minusDays(3), "09:00"), "session").id();
        String presentSession = expect(201, Fixtures.groupSession(track, today.minusDays(2), "09:00"), "session").id();
        String p = expect(201, Fixtures.register("Poison"), "register").id();
        expect(201, Fixtures.assess(p), "assess");

        try (EventCapture capture = Consumers.captureEverything();
             KafkaProducer<String, String> producer = producer()) {
            List<String> failures = new ArrayList<>();

            // intake: not JSON at all, then P's admission (scheduling, notes, medication and aftercare all apply it).
            check(failures, capture, producer, Topics.INTAKE, p, "{this is not json", "not JSON", () -> {
                expect(201, Fixtures.admit(p, track.code(), today), "admit");
                Fixtures.awaitKnownEverywhere(List.of(p), WAIT);
            });

            // scheduling: an envelope whose subject is no uuid, then C misses one session (aftercare counts it) and
            // attends another (notes expects a progress note for it).
            check(failures, capture, producer, Topics.SCHEDULING, c,
                    envelope(EventType.SESSION_MISSED, "not-a-uuid", "{}"), "must be uuids", () -> {
                        expect(200, Api.post("clinician.a", SCHEDULING + "/sessions/" + absentSession + "/attendance",
                                Map.of("entries", List.of(Map.of("patientId", c, "attendance", "absent-unexcused")))),
                                "absent");
                        expect(200, Api.post("clinician.a", SCHEDULING + "/sessions/" + presentSession + "/attendance",
                                Map.of("entries", List.of(Map.of("patientId", c, "attendance", "present")))), "present");
                        String missed = awaitEvent(capture, EventType.SESSION_MISSED, c);
                        awaitRow(Service.AFTERCARE, "SELECT count(*) FROM risk_signal WHERE source_id = ?", missed);
                        awaitRow(Service.NOTES, "SELECT count(*) FROM attended_session WHERE session_id = ?::uuid "
                                + "AND patient_id = ?::uuid", presentSession, c);
                    });

            // medication: a drug-screen.resulted whose data breaks its schema, then a real one with an unexpected
            // positive (aftercare raises C's relapse risk).
            check(failures, capture, producer, Topics.MEDICATION, c,
                    envelope(EventType.DRUG_SCREEN_RESULTED, c, "{\"screenId\":42}"), "does not match its schema", () -> {
                        String screen = expect(201, Api.post("prescriber.a", MEDICATIONS + "/patients/" + c + "/drug-screens",
                                Map.of("specimen", "urine", "panel", List.of("FEN"))), "order").id();
                        expect(200, Api.post("nurse.a", MEDICATIONS + "/drug-screens/" + screen + "/collection", Map.of()),
                                "collect");
                        expect(200, Api.post("nurse.a", MEDICATIONS + "/drug-screens/" + screen + "/results",
                                Map.of("results", List.of(Map.of("substanceCode", "FEN", "result", "positive")))), "result");
                        String resulted = awaitEvent(capture, EventType.DRUG_SCREEN_RESULTED, c);
                        awaitRow(Service.AFTERCARE, "SELECT count(*) FROM risk_signal WHERE source_id = ?", resulted);
                    });

            // aftercare: a CloudEvent without its id, then D's discharge (scheduling ends the enrollment, medication
            // records it) and a readmission request (intake opens a referral).
            check(failures, capture, producer, Topics.AFTERCARE, d,
                    "{\"specversion\":\"1.0\",\"type\":\"" + EventType.PATIENT_DISCHARGED.type()
                            + "\",\"subject\":\"" + d + "\",\"clinicid\":\"" + Platform.CLINIC_A + "\",\"data\":{}}",
                    "not a CloudEvent", () -> {
                        String episode = Fixtures.episodeOf(d);
                        expect(201, Api.post("casemanager.a", AFTERCARE + "/episodes/" + episode + "/discharge",
                                Map.of("reasonCode", 1, "dischargeDate", today.toString(), "summary", "Completed.",
                                        "timeZone", Fixtures.ZONE.getId())), "discharge");
                        awaitRow(Service.SCHEDULING, "SELECT count(*) FROM enrollment WHERE patient_id = ?::uuid AND "
                                + "status = 'ENDED'", d);
                        awaitRow(Service.MEDICATION, "SELECT count(*) FROM known_patient WHERE patient_id = ?::uuid AND "
                                + "discharged_on IS NOT NULL", d);
                        expect(201, Api.post("casemanager.a", AFTERCARE + "/patients/" + d + "/readmission-requests",
                                Map.of("reasonCode", "relapse")), "readmission");
                        awaitRow(Service.INTAKE, "SELECT count(*) FROM referral WHERE patient_id = ?::uuid AND "
                                + "source = 'AFTERCARE'", d);
                    });

            // Each consumer moved on: its group's committed offset passes the poison (a restart does not read it again).
            long t0 = System.nanoTime();
            for (Object[] poison : poisons) {
                String topic = (String) poison[0];
                RecordMetadata sent = (RecordMetadata) poison[1];
                for (Consumers.Consumer consumer : Consumers.of(topic)) {
                    Consumers.awaitCommittedPast(consumer.name(), topic, sent.partition(), sent.offset(),
                            Duration.ofSeconds(30));
                }
            }
            System.out.printf("[poison] every consumer group committed past its poisons (waited %.1f s)%n",
                    (System.nanoTime() - t0) / 1e9);
            figures.put("consumer groups committed past every poison", "yes");
            figures.forEach((k, v) -> ReliabilityReport.record(SECTION, k, v));
            assertThat(failures).isEmpty();
        }
    }

    /**
     * Sends the poison keyed by {@code key} to {@code topic}, runs {@code next} (which makes and checks the valid
     * event that follows), then checks that every consumer of the topic dead-lettered the poison with a reason.
     */
    private void check(List<String> failures, EventCapture capture, KafkaProducer<String, String> producer, String topic,
                       String key, String poison, String reason, Runnable next) {
        long t0 = System.nanoTime();
        RecordMetadata sent;
        try {
            sent = producer.send(new ProducerRecord<>(topic, key, poison)).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not send the poison to " + topic, e);
        }
        next.run();
        int consumers = Consumers.of(topic).size();
        List<EventCapture.Captured> parked = capture.awaitCount(r -> r.topic().equals(Topics.dlq(topic))
                && key.equals(r.key()) && poison.equals(r.value()), consumers, WAIT);
        List<String> reasons = parked.stream().map(r -> r.headers().get("dead-letter-reason")).toList();
        poisons.add(new Object[]{topic, sent});
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("[poison] %s: %d of %d consumers (%s) dead-lettered it (reasons %s); the next event applied; "
                        + "%.1f s%n", topic, parked.size(), consumers,
                Consumers.of(topic).stream().map(Consumers.Consumer::name).toList(), reasons, seconds);
        figures.put(topic + ": dead-lettered by / consumers; next event applied", parked.size() + " / " + consumers
                + "; yes");
        if (parked.size() != consumers) {
            failures.add(topic + ": dead-lettered " + parked.size() + " times for " + consumers + " consumers");
        }
        reasons.stream().filter(r -> r == null || !r.contains(reason))
                .forEach(r -> failures.add(topic + ": reason " + r + " does not say '" + reason + "'"));
        // Nothing else of this key was dead-lettered: the valid events went through.
        capture.records().stream().filter(r -> r.topic().equals(Topics.dlq(topic)) && key.equals(r.key())
                && !poison.equals(r.value())).forEach(r -> failures.add(topic + ": a valid event was dead-lettered: "
                + r.headers().get("dead-letter-reason")));
    }

    private static String envelope(EventType type, String subject, String data) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"source\":\"/iop/poison\",\"type\":\""
                + type.type() + "\",\"subject\":\"" + subject + "\",\"time\":\"" + Instant.now()
                + "\",\"datacontenttype\":\"application/json\",\"clinicid\":\"" + Platform.CLINIC_A + "\",\"data\":"
                + data + "}";
    }

    private static String awaitEvent(EventCapture capture, EventType type, String patient) {
        return capture.awaitRecord(r -> r.event() != null && r.event().type().equals(type.type())
                && patient.equals(r.key()) && !r.event().source().equals("/iop/poison"), WAIT).event().id();
    }

    private static void awaitRow(Service service, String sql, Object... params) {
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(300))
                .until(() -> Databases.number(service, sql, params) > 0);
    }

    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Platform.stack().kafkaBootstrap(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
    }
}
