package care.iop.e2e.analytics;

import care.iop.devstack.DevStack;
import care.iop.devstack.Service;
import care.iop.e2e.Platform;
import care.iop.e2e.ReliabilityReport;
import care.iop.e2e.failure.Fixtures;
import care.iop.events.CloudEvent;
import care.iop.events.EventJson;
import care.iop.events.EventType;
import care.iop.events.Topics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #21, proof against the real broker: the analytics service's answers, through the gateway, equal an
 * independent count — of a generated cohort of 300 patients made through the public APIs (admissions, discharges
 * with their TEDS-D reasons, readmissions), and of every admission and discharge on the topics for the whole clinic
 * (the other tests' journeys included). Then scale and failure: a second instance shares the partitions and the
 * answer is the same from either; it is killed with SIGKILL while the cohort grows, the first takes its partitions
 * over and answers the grown cohort's numbers; a third instance with a consumer group of its own replays every topic
 * from offset 0 and reaches the same answer.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AnalyticsE2ETest {

    static final String SECTION = "Analytics: measures from the stream (issue #21)";
    static final String MEASURES = "/api/v1/analytics/clinics/" + Platform.CLINIC_A + "/measures";
    /** The service's default Kafka Streams application id (analytics-service's application.properties). */
    static final String APPLICATION_ID = "analytics-service-2";
    static final int COHORT = 300;
    static final int GROWTH = 30;
    static final Duration SETTLE = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Fixtures.Track track;
    private static Cohort cohort;
    private static LocalDate base;
    private static LocalDate today;

    @BeforeAll
    static void cohort() throws Exception {
        Platform.stack();
        today = LocalDate.now(Fixtures.ZONE);
        base = today.minusDays(150);
        track = Fixtures.track("AN");
        long t0 = System.nanoTime();
        cohort = Cohort.make(track, COHORT, base, today);
        double seconds = (System.nanoTime() - t0) / 1e9;
        long discharged = cohort.stays.stream().filter(s -> s.discharged() != null).count();
        long patients = cohort.stays.stream().map(Cohort.Stay::patientId).distinct().count();
        System.out.printf("[analytics] cohort of %d patients: %d stays, %d discharged, %d readmitted, made in %.1f s%n",
                patients, cohort.stays.size(), discharged, cohort.stays.size() - patients, seconds);
        ReliabilityReport.record(SECTION, "cohort through the public APIs: patients / stays / discharged / readmitted",
                patients + " / " + cohort.stays.size() + " / " + discharged + " / " + (cohort.stays.size() - patients));
    }

    @Test
    @Order(1)
    void the_cohorts_measures_equal_the_tests_own_count_for_every_role_allowed_and_no_other() {
        Map<String, Map<String, Object>> expected = expected();
        double seconds = awaitAnswer("the gateway", () -> answer(Platform.as("admin.a")), expected);
        ReliabilityReport.record(SECTION, "cohort's monthly measures equal the test's count, within (s)",
                String.format(Locale.ROOT, "%.1f", seconds));
        assertThat(expected.values().stream().filter(m -> !m.get("admissions").equals("<11")).count())
                .as("months whose admissions are shown, not suppressed (the comparison is not of \"<11\"s)")
                .isGreaterThanOrEqualTo(3);

        for (String user : List.of("supervisor.a", "auditor.a")) {
            assertThat(ExpectedMeasures.answered(answer(Platform.as(user)))).as(user).isEqualTo(expected);
        }
        for (String user : List.of("clinician.a", "coordinator.a", "casemanager.a", "admin.b", "supervisor.b",
                "partner.p")) {
            Response refused = Platform.as(user).queryParams(query()).get(MEASURES);
            assertThat(refused.statusCode()).as(user + " asking for clinic A's measures").isEqualTo(403);
            assertThat(refused.contentType()).startsWith("application/problem+json");
        }
        assertThat(RestAssured.given().queryParams(query()).get(MEASURES).statusCode()).as("no token").isEqualTo(401);

        Response csv = Platform.as("admin.a").accept("text/csv").queryParams(query()).get(MEASURES);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.asString().lines().count()).as("CSV: a header and one line per month")
                .isEqualTo(1 + expected.size());
    }

    @Test
    @Order(2)
    void the_whole_clinics_admissions_and_discharges_equal_a_count_of_the_topics_from_offset_zero() {
        Map<String, Map<String, Object>>[] counted = new Map[1];
        long t0 = System.nanoTime();
        // Whatever is still in flight from the cohort reaches the topics and the service: read both until they agree.
        Awaitility.await().atMost(SETTLE).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            counted[0] = countTopics();
            YearMonth first = YearMonth.parse(counted[0].keySet().iterator().next());
            Map<String, String> q = Map.of("period", "month", "from", first.atDay(1).toString(),
                    "to", today.toString());
            JsonNode answer = JSON.readTree(Platform.as("admin.a").queryParams(q).get(MEASURES).then()
                    .statusCode(200).extract().asString());
            Map<String, Map<String, Object>> answered = new LinkedHashMap<>();
            for (JsonNode p : answer.path("periods")) {
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("admissions", p.path("admissions").asText());
                f.put("discharges", p.path("discharges").asText());
                p.path("dischargesByReason").forEach(r -> f.put("reason " + r.path("reason").asInt(),
                        r.path("count").asText()));
                answered.put(p.path("label").asText(), f);
            }
            assertThat(answered).isEqualTo(counted[0]);
        });
        long admissions = counted[0].values().stream().mapToLong(m -> numberOrZero(m.get("admissions"))).sum();
        ReliabilityReport.record(SECTION, "whole clinic A: months / admissions (shown) equal the topics' count",
                counted[0].size() + " / " + admissions + " (in " + String.format(Locale.ROOT, "%.1f",
                        (System.nanoTime() - t0) / 1e9) + " s)");
    }

    @Test
    @Order(3)
    void a_second_instance_shares_the_partitions_takes_over_when_killed_and_a_third_replays_from_scratch()
            throws Exception {
        DevStack stack = Platform.stack();
        Map<String, Map<String, Object>> expected = expected();
        awaitAnswer("one instance", () -> answer(Platform.as("admin.a")), expected);

        DevStack.Instance second = stack.startInstance(Service.ANALYTICS);
        try {
            Map<String, Integer> shares = awaitInstances(APPLICATION_ID, 2);
            System.out.printf("[analytics] two instances: input partitions per instance %s%n", shares);
            assertThat(shares.values()).as("each instance holds a share of the partitions").allMatch(n -> n > 0);
            double both = awaitAnswer("both instances, through the gateway",
                    () -> answer(Platform.as("admin.a")), expected);
            awaitAnswer("the second instance, asked directly", () -> answer(direct(second)), expected);
            ReliabilityReport.record(SECTION, "two instances: partitions per instance; same answer from either",
                    shares.values() + "; within " + String.format(Locale.ROOT, "%.1f s", both));

            // The cohort grows while the second instance is killed in the middle of it.
            int before = cohort.stays.size();
            CompletableFuture<Void> growth = CompletableFuture.runAsync(() -> {
                try {
                    cohort.add(COHORT, COHORT + GROWTH, base, today);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> growth.isDone()
                    || cohort.stays.size() >= before + GROWTH / 3);
            assertThat(growth).as("the growth is still going when the instance is killed").isNotDone();
            second.kill();
            long killedAt = System.nanoTime();
            growth.get(3, TimeUnit.MINUTES);
            Map<String, Map<String, Object>> grownExpected = expected();
            assertThat(grownExpected).as("the growth changed the answer").isNotEqualTo(expected);
            double takeover = awaitAnswer("the first instance after the second was killed",
                    () -> answer(Platform.as("admin.a")), grownExpected);
            double sinceKill = (System.nanoTime() - killedAt) / 1e9;
            ReliabilityReport.record(SECTION, "second instance killed mid-stream: the first answers the grown cohort "
                    + "(+" + GROWTH + " patients) within (s after the kill)", String.format(Locale.ROOT, "%.1f", sinceKill));
            System.out.printf("[analytics] killed mid-stream; the first instance answered the grown cohort %.1f s after "
                    + "the kill (%.1f s after the growth ended)%n", sinceKill, takeover);

            String replayGroup = "analytics-replay-" + UUID.randomUUID().toString().substring(0, 8);
            long t0 = System.nanoTime();
            DevStack.Instance third = stack.startInstance(Service.ANALYTICS,
                    Map.of("IOP_ANALYTICS_APPLICATION_ID", replayGroup));
            try {
                double replay = awaitWholeOrRefused(third, grownExpected);
                double fromStart = (System.nanoTime() - t0) / 1e9;
                assertThat(answer(direct(third))).as("the replayed answer, whole, equals the first instance's")
                        .isEqualTo(answer(Platform.as("admin.a")));
                ReliabilityReport.record(SECTION, "a third instance (own consumer group) replays every topic and "
                        + "answers the same, within (s from its start)", String.format(Locale.ROOT, "%.1f", fromStart));
                System.out.printf("[analytics] replay from offset 0: same answer %.1f s after start (%.1f s after "
                        + "ready)%n", fromStart, replay);
            } finally {
                third.stop();
            }
        } finally {
            if (second.isAlive()) {
                second.stop();
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------- helpers

    private static Map<String, Map<String, Object>> expected() {
        return ExpectedMeasures.monthly(cohort.stays, YearMonth.from(base), YearMonth.from(today));
    }

    private static Map<String, String> query() {
        return Map.of("period", "month", "from", base.toString(), "to", today.toString(), "track", track.code());
    }

    private static JsonNode answer(io.restassured.specification.RequestSpecification as) {
        Response r = as.queryParams(query()).get(MEASURES);
        if (r.statusCode() != 200) {
            throw new AssertionError("measures answered " + r.statusCode() + ": " + r.asString());
        }
        try {
            return JSON.readTree(r.asString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static io.restassured.specification.RequestSpecification direct(DevStack.Instance instance) {
        return RestAssured.given().baseUri(instance.url()).header("Authorization", Platform.bearer("admin.a"));
    }

    /**
     * Polls an instance replaying from offset 0 until it answers the expected measures; until then every answer must
     * be a refusal (503), never a partial count. Returns the seconds it took.
     */
    private static double awaitWholeOrRefused(DevStack.Instance instance, Map<String, Map<String, Object>> expected)
            throws InterruptedException {
        long t0 = System.nanoTime();
        int refused = 0;
        while (true) {
            Response r = direct(instance).queryParams(query()).get(MEASURES);
            if (r.statusCode() == 503) {
                refused++;
            } else {
                assertThat(r.statusCode()).as("the replaying instance's answer: " + r.asString()).isEqualTo(200);
                try {
                    assertThat(ExpectedMeasures.answered(JSON.readTree(r.asString())))
                            .as("while it replays: refused or whole, never part of the history").isEqualTo(expected);
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
                System.out.printf("[analytics] the replaying instance refused %d answers (503) before its first, "
                        + "whole one%n", refused);
                return (System.nanoTime() - t0) / 1e9;
            }
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("replay within " + SETTLE).isLessThan(SETTLE);
            Thread.sleep(100);
        }
    }

    /** Polls until the answer's compared fields equal the expected ones; returns the seconds it took. */
    private static double awaitAnswer(String from, Supplier<JsonNode> ask, Map<String, Map<String, Object>> expected) {
        long t0 = System.nanoTime();
        Object[] last = {null};
        try {
            Awaitility.await().atMost(SETTLE).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
                Map<String, Map<String, Object>> answered = ExpectedMeasures.answered(ask.get());
                last[0] = answered;
                return answered.equals(expected);
            });
        } catch (ConditionTimeoutException e) {
            assertThat(last[0]).as("the measures answered by " + from + " (last answer vs the test's count)")
                    .isEqualTo(expected);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /**
     * Waits until the Streams group's members come from {@code instances} instances, each with input partitions
     * assigned; input partitions per instance. An instance has a member per stream thread, its client id
     * {@code <application id>-<process id>-StreamThread-<n>-consumer}, so members are counted by that prefix.
     */
    private static Map<String, Integer> awaitInstances(String group, int instances) {
        Map<String, Integer> shares = new HashMap<>();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                Platform.stack().kafkaBootstrap()))) {
            Awaitility.await().atMost(SETTLE).pollInterval(Duration.ofMillis(500)).until(() -> {
                ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all()
                        .get(10, TimeUnit.SECONDS).get(group);
                shares.clear();
                d.members().forEach(m -> shares.merge(m.clientId().replaceFirst("-StreamThread-\\d+-consumer$", ""),
                        (int) m.assignment().topicPartitions().stream()
                                .filter(p -> !p.topic().contains("-changelog")).count(), Integer::sum));
                return shares.size() == instances && shares.values().stream().allMatch(n -> n > 0);
            });
        }
        return Map.copyOf(shares);
    }

    /**
     * Clinic A's admissions and discharges per month, counted from every record of the intake and aftercare topics
     * read from offset 0 (once per admission id and discharge id), shown as the answer shows them.
     */
    private static Map<String, Map<String, Object>> countTopics() {
        Map<String, LocalDate> admissions = new HashMap<>();
        Map<String, LocalDate> discharges = new HashMap<>();
        Map<String, Integer> reasons = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Platform.stack().kafkaBootstrap(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(Topics.INTAKE, Topics.AFTERCARE)) {
                consumer.partitionsFor(topic, Duration.ofSeconds(10))
                        .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Set<TopicPartition> done = new HashSet<>();
            while (done.size() < partitions.size()) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    read(r.value(), admissions, discharges, reasons);
                }
                partitions.stream().filter(p -> consumer.position(p) >= end.get(p)).forEach(done::add);
            }
        }
        YearMonth first = admissions.values().stream().map(YearMonth::from).min(YearMonth::compareTo).orElseThrow();
        Map<String, Map<String, Object>> months = new LinkedHashMap<>();
        for (YearMonth m = first; !m.isAfter(YearMonth.from(today)); m = m.plusMonths(1)) {
            YearMonth month = m;
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("admissions", shown(admissions.values().stream().filter(d -> YearMonth.from(d).equals(month)).count()));
            f.put("discharges", shown(discharges.values().stream().filter(d -> YearMonth.from(d).equals(month)).count()));
            for (int reason = 1; reason <= 7; reason++) {
                int r = reason;
                f.put("reason " + r, shown(discharges.entrySet().stream().filter(e -> YearMonth.from(e.getValue())
                        .equals(month) && reasons.get(e.getKey()) == r).count()));
            }
            months.put(m.toString(), f);
        }
        return months;
    }

    private static void read(String value, Map<String, LocalDate> admissions, Map<String, LocalDate> discharges,
                             Map<String, Integer> reasons) {
        CloudEvent e;
        try {
            e = EventJson.parse(value);
        } catch (RuntimeException notAnEvent) {
            return; // the poison tests' records
        }
        if (!Platform.CLINIC_A.toString().equals(e.clinicid())) {
            return;
        }
        if (e.type().equals(EventType.PATIENT_ADMITTED.type())) {
            admissions.put(e.data().path("admissionId").asText(), LocalDate.parse(e.data().path("admissionDate").asText()));
        } else if (e.type().equals(EventType.PATIENT_DISCHARGED.type())) {
            String id = e.data().path("dischargeId").asText();
            discharges.put(id, LocalDate.parse(e.data().path("dischargeDate").asText()));
            reasons.put(id, e.data().path("reasonCode").asInt());
        }
    }

    private static String shown(long n) {
        return n >= 1 && n <= 10 ? "<11" : Long.toString(n);
    }

    private static long numberOrZero(Object shown) {
        return shown.toString().startsWith("<") ? 0 : Long.parseLong(shown.toString());
    }
}
