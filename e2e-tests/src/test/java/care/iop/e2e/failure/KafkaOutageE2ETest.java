package care.iop.e2e.failure;

import care.iop.devstack.DevStack;
import care.iop.devstack.Service;
import care.iop.e2e.Keycloak;
import care.iop.e2e.Platform;
import care.iop.e2e.ReliabilityReport;
import care.iop.events.EventType;
import care.iop.testkit.EventCapture;
import com.fasterxml.jackson.databind.JsonNode;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static care.iop.e2e.failure.Api.expect;
import static care.iop.e2e.failure.Fixtures.AFTERCARE;
import static care.iop.e2e.failure.Fixtures.INTAKE;
import static care.iop.e2e.failure.Fixtures.MEDICATIONS;
import static care.iop.e2e.failure.Fixtures.NOTES;
import static care.iop.e2e.failure.Fixtures.SCHEDULING;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #10, outage: the Kafka broker is stopped partway through a burst of writes spread over every service (patient
 * registrations and admissions in intake, rooms and sessions and attendance in scheduling, progress notes, drug
 * screens, level-of-care transitions) and started again while the writes go on. Afterwards:
 * <ul>
 *   <li>the set of events on the topics is exactly the set of outbox rows the services committed (by event id, read
 *       from each service's database): nothing missing, nothing that no outbox holds;</li>
 *   <li>every consumer applied every event it handles exactly once: one enrollment (scheduling), one episode
 *       (aftercare), one plan-due entry (notes) and one known patient (medication) per admission, one live booking
 *       per patient and session, one relapse-risk signal per missed session, non-compliant week or unexpected
 *       positive screen — and nothing was dead-lettered;</li>
 *   <li>every write got its 2xx (no 5xx at all: the broker is not on the request path).</li>
 * </ul>
 */
class KafkaOutageE2ETest {

    static final String SECTION = "Outage: Kafka stopped during burst";
    static final int WRITES = Integer.getInteger("iop.failure.writes", 10_000);
    static final int THREADS = Integer.getInteger("iop.failure.threads", 8);
    static final int COHORT = 6;
    static final int PAST_SESSIONS = 30;

    private final DevStack stack = Platform.stack();
    private final LocalDate today = LocalDate.now(Fixtures.ZONE);
    private final Tally tally = new Tally();
    private final AtomicInteger writesDone = new AtomicInteger();
    private final List<String> burstPatients = Collections.synchronizedList(new ArrayList<>());
    private final List<String> burstAdmissions = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong writtenDuringOutage = new AtomicLong();
    private volatile boolean kafkaDown;

    private Fixtures.Track track;
    private List<String> cohort;
    private Map<String, String> episodes;
    private List<String> futureSessions;

    @Test
    void kafka_stopped_during_a_burst_of_writes_loses_nothing_and_duplicates_no_effect() throws Exception {
        long t0 = System.nanoTime();
        Fixtures.awaitGatewayHealthy(Duration.ofSeconds(60));
        setUp();
        System.out.printf("[kafka-outage] set-up (track, %d admitted patients, %d future sessions) in %.1f s%n", COHORT,
                futureSessions.size(), secondsSince(t0));

        awaitOutboxesDrained(Duration.ofSeconds(90));
        Set<String> riskSourcesBefore = new HashSet<>(Databases.strings(Service.AFTERCARE, "SELECT source_id FROM risk_signal"));
        long flagsBefore = cohortFlags();
        try (EventCapture capture = Consumers.captureEverything()) {
            Map<Service, Long> marks = Databases.outboxMarks();
            List<Op> ops = plan();
            int planned = ops.stream().mapToInt(Op::writes).sum();
            int stopAt = planned / 4;
            int startAt = planned * 3 / 5;

            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            ExecutorService control = Executors.newSingleThreadExecutor();
            long burstStart = System.nanoTime();
            Outage outage = new Outage();
            try {
                ops.forEach(op -> pool.submit(() -> op.body().accept(this)));
                pool.shutdown();
                CompletableFuture<Void> controller = CompletableFuture.runAsync(
                        () -> runOutage(outage, pool, stopAt, startAt), control);
                assertThat(pool.awaitTermination(15, TimeUnit.MINUTES)).as("the burst finished").isTrue();
                double burstSeconds = secondsSince(burstStart);
                controller.get(5, TimeUnit.MINUTES);
                System.out.printf("[kafka-outage] burst: %d writes (%d requests) in %.1f s (%.0f/s); Kafka down %.1f s "
                                + "(stopped after %d writes, started after %d), %d writes committed while it was down%n",
                        writesDone.get(), tally.requests.sum(), burstSeconds, writesDone.get() / burstSeconds,
                        outage.downSeconds(), outage.writesAtStop, outage.writesAtStart, writtenDuringOutage.get());
                ReliabilityReport.record(SECTION, "writes (requests) in the burst", tally.requests.sum());
                ReliabilityReport.record(SECTION, "burst duration (s)", String.format(Locale.ROOT, "%.1f", burstSeconds));
                ReliabilityReport.record(SECTION, "Kafka down (s)", String.format(Locale.ROOT, "%.1f", outage.downSeconds()));
                ReliabilityReport.record(SECTION, "writes committed while Kafka was down", writtenDuringOutage.get());
            } finally {
                pool.shutdownNow();
                control.shutdownNow();
                if (!stack.faults().isKafkaRunning()) {
                    stack.faults().startKafkaBroker();
                }
            }

            // Every committed event reaches the broker, and each consumer applies what it handles.
            long drainStart = System.nanoTime();
            awaitOutboxesDrained(Duration.ofSeconds(180));
            List<Databases.OutboxRow> written = Databases.outboxSince(marks);
            Set<String> writtenIds = written.stream().map(Databases.OutboxRow::eventId).collect(Collectors.toSet());
            Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() ->
                    capturedIds(capture).containsAll(writtenIds));
            Awaitility.await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    Consumers.notYetApplied(written).values().stream().allMatch(Set::isEmpty));
            double drainSeconds = secondsSince(drainStart);

            List<EventCapture.Captured> records = capture.records();
            List<EventCapture.Captured> events = records.stream().filter(r -> !r.topic().endsWith(".dlq")).toList();
            Map<String, Long> deliveries = events.stream().filter(r -> r.event() != null)
                    .collect(Collectors.groupingBy(r -> r.event().id(), Collectors.counting()));
            long unparsed = events.stream().filter(r -> r.event() == null).count();
            Set<String> missing = new HashSet<>(writtenIds);
            missing.removeAll(deliveries.keySet());
            Set<String> notOurs = new HashSet<>(deliveries.keySet());
            notOurs.removeAll(writtenIds);
            // Published in the moment between starting the capture and reading the marks: written just before.
            Set<String> phantom = new HashSet<>(notOurs);
            phantom.removeAll(Databases.knownEventIds(notOurs));
            long duplicated = deliveries.values().stream().mapToLong(n -> n - 1).sum();
            long consumedOfWritten = deliveries.keySet().stream().filter(writtenIds::contains).count();
            List<EventCapture.Captured> deadLetters = records.stream().filter(r -> r.topic().endsWith(".dlq")).toList();
            Map<String, Long> byTopic = written.stream().collect(Collectors.groupingBy(Databases.OutboxRow::topic,
                    java.util.TreeMap::new, Collectors.counting()));

            System.out.printf("[kafka-outage] events written (outbox rows) %d %s; consumed %d distinct (%d records); "
                            + "duplicated %d; missing %d; in no outbox %d; unparseable %d; dead-lettered %d; "
                            + "all applied %.1f s after the burst%n",
                    written.size(), byTopic, consumedOfWritten, events.size(), duplicated, missing.size(), phantom.size(),
                    unparsed, deadLetters.size(), drainSeconds);
            ReliabilityReport.record(SECTION, "events written (outbox rows)", written.size());
            ReliabilityReport.record(SECTION, "events consumed (distinct ids on the topics)", consumedOfWritten);
            ReliabilityReport.record(SECTION, "events duplicated (extra deliveries)", duplicated);
            ReliabilityReport.record(SECTION, "events missing", missing.size());
            ReliabilityReport.record(SECTION, "events in no outbox", phantom.size());
            ReliabilityReport.record(SECTION, "records dead-lettered", deadLetters.size());
            ReliabilityReport.record(SECTION, "503s seen (clean / without Retry-After)",
                    tally.clean503.sum() + " / " + tally.unclean503.sum());
            ReliabilityReport.record(SECTION, "5xx other than 503", tally.other5xx.sum());
            ReliabilityReport.record(SECTION, "requests retried", tally.retries.sum());
            ReliabilityReport.record(SECTION, "backlog at restart / published within (s)", outage.backlog + " / "
                    + String.format(Locale.ROOT, "%.1f", outage.backlogSeconds));
            ReliabilityReport.record(SECTION, "everything applied after the burst within (s)",
                    String.format(Locale.ROOT, "%.1f", drainSeconds));
            double groupsSeconds = outage.groupsStable == null ? -1
                    : outage.groupsStable.get(3, TimeUnit.MINUTES).toNanos() / 1e9;
            System.out.printf("[kafka-outage] every consumer group stable again %.1f s after Kafka was back%n", groupsSeconds);
            ReliabilityReport.record(SECTION, "consumer groups stable again after the restart (s)",
                    String.format(Locale.ROOT, "%.1f", groupsSeconds));

            // The outage happened: the broker refused connections while it was down, writes were committed meanwhile,
            // and their events waited in the outboxes until it was back, then were all published.
            assertThat(outage.refusedWhileDown).as("Kafka's port refused connections during the outage (%s)",
                    outage.probes).isTrue();
            assertThat(outage.downSeconds()).as("Kafka was down (s)").isGreaterThanOrEqualTo(10.0);
            assertThat(writtenDuringOutage.get()).as("writes committed while Kafka was down").isPositive();
            assertThat(outage.backlog).as("events waiting in the outboxes when Kafka came back").isPositive();
            assertThat(outage.backlogSeconds).as("the backlog was published after the restart").isPositive();
            assertThat(outage.groupsStable).as("the consumer groups were watched after the restart").isNotNull();
            assertThat(tally.other5xx.sum()).as("5xx other than 503: %s", tally.examples()).isZero();
            assertThat(tally.unclean503.sum()).as("503 without a problem document or Retry-After: %s",
                    tally.examples()).isZero();
            assertThat(tally.unexpected.sum()).as("writes that did not succeed: %s (statuses %s)", tally.examples(),
                    tally.byStatus()).isZero();
            assertThat(consumedOfWritten).as("events consumed of those written").isEqualTo(written.size());
            assertThat(duplicated).as("extra deliveries of an event (the relay published one twice)").isZero();
            assertThat(missing).as("committed events that never reached the broker").isEmpty();
            assertThat(phantom).as("events on the topics that no outbox holds").isEmpty();
            assertThat(unparsed).as("records that are not CloudEvents").isZero();
            assertThat(deadLetters).as("dead-lettered records (a duplicate applied twice fails on a unique key)")
                    .extracting(r -> r.topic() + " " + r.headers().get("dead-letter-reason")).isEmpty();
            assertEffectsExactlyOnce(written, writtenIds, riskSourcesBefore, flagsBefore);
        }
    }

    // ------------------------------------------------------------------------------------------------ the burst

    /** One unit of work of the burst: {@code writes} requests, run by one pool thread. */
    private record Op(String kind, int writes, Consumer<KafkaOutageE2ETest> body) {
    }

    private void setUp() {
        track = Fixtures.track("KO");
        futureSessions = new ArrayList<>();
        for (int d : new int[]{7, 8}) {
            futureSessions.add(expect(201, Fixtures.groupSession(track, today.plusDays(d), "09:00"), "future session").id());
        }
        cohort = Fixtures.admittedCohort(track, COHORT, today.minusDays(60));
        episodes = new HashMap<>();
        cohort.forEach(p -> episodes.put(p, Fixtures.episodeOf(p)));
    }

    private List<Op> plan() {
        Random random = new Random(10);
        List<Op> ops = new ArrayList<>();
        int admissions = Math.max(6, WRITES * 18 / 1000 / 3);
        int pastSessions = Math.min(PAST_SESSIONS, Math.max(3, WRITES / 300));
        int fullScreens = Math.max(3, WRITES * 18 / 1000 / 3);
        for (int i = 0; i < admissions; i++) {
            ops.add(new Op("admission", 3, KafkaOutageE2ETest::admission));
        }
        for (int i = 0; i < pastSessions; i++) {
            LocalDate day = today.minusDays(2 + i);
            ops.add(new Op("past session and roster", 2, t -> t.pastSessionAllAbsent(day)));
        }
        for (int i = 0; i < fullScreens; i++) {
            String patient = cohort.get(random.nextInt(COHORT));
            ops.add(new Op("drug screen resulted", 3, t -> t.drugScreenResulted(patient)));
        }
        int fixed = ops.stream().mapToInt(Op::writes).sum();
        int rest = WRITES - fixed;
        int telehealth = rest * 22 / 100;
        int rooms = rest * 5 / 100;
        int screenOrders = rest * 10 / 100;
        int notes = rest * 16 / 100;
        int transitions = rest * 10 / 100;
        int registrations = rest - telehealth - rooms - screenOrders - notes - transitions;
        for (int i = 0; i < telehealth; i++) {
            ops.add(new Op("telehealth session", 1, KafkaOutageE2ETest::telehealthSession));
        }
        for (int i = 0; i < rooms; i++) {
            ops.add(new Op("room", 1, KafkaOutageE2ETest::room));
        }
        for (int i = 0; i < screenOrders; i++) {
            String patient = cohort.get(random.nextInt(COHORT));
            ops.add(new Op("drug screen ordered", 1, t -> t.drugScreenOrdered(patient)));
        }
        for (int i = 0; i < notes; i++) {
            String patient = cohort.get(random.nextInt(COHORT));
            ops.add(new Op("progress note draft", 1, t -> t.noteDraft(patient)));
        }
        for (int i = 0; i < transitions; i++) {
            String patient = cohort.get(random.nextInt(COHORT));
            ops.add(new Op("level transition", 1, t -> t.transition(patient)));
        }
        for (int i = 0; i < registrations; i++) {
            ops.add(new Op("registration", 1, KafkaOutageE2ETest::registration));
        }
        Collections.shuffle(ops, random);
        System.out.printf("[kafka-outage] plan: %d writes: %s%n", ops.stream().mapToInt(Op::writes).sum(),
                ops.stream().collect(Collectors.groupingBy(Op::kind, java.util.TreeMap::new,
                        Collectors.summingInt(Op::writes))));
        return ops;
    }

    private Api.Answer write(String what, int expected, java.util.function.Supplier<Api.Answer> call) {
        Api.Answer a = tally.write(what, expected, 5, call);
        writesDone.incrementAndGet();
        if (kafkaDown && a.is2xx()) {
            writtenDuringOutage.incrementAndGet();
        }
        return a;
    }

    private static Map<String, String> key() {
        return Map.of("Idempotency-Key", UUID.randomUUID().toString());
    }

    private void registration() {
        Map<String, String> key = key();
        write("registration", 201, () -> Api.post("coordinator.a", INTAKE + "/patients", Fixtures.patientBody("Burst"), key));
    }

    private void admission() {
        Map<String, String> key = key();
        Map<String, Object> body = Fixtures.patientBody("Admit");
        Api.Answer registered = write("admission: register", 201,
                () -> Api.post("coordinator.a", INTAKE + "/patients", body, key));
        if (!registered.is2xx()) {
            return;
        }
        String patient = registered.id();
        if (!write("admission: assess", 201, () -> Fixtures.assess(patient)).is2xx()) {
            return;
        }
        Api.Answer admitted = write("admission: admit", 201, () -> Fixtures.admit(patient, track.code(), today));
        if (admitted.is2xx()) {
            burstPatients.add(patient);
            burstAdmissions.add(admitted.id());
        }
    }

    private void pastSessionAllAbsent(LocalDate day) {
        Api.Answer session = write("past group session", 201, () -> Fixtures.groupSession(track, day, "09:00"));
        if (!session.is2xx()) {
            return;
        }
        List<Map<String, Object>> entries = cohort.stream()
                .map(p -> Map.<String, Object>of("patientId", p, "attendance", "absent-unexcused")).toList();
        write("roster: all absent", 200, () -> Api.post("clinician.a",
                SCHEDULING + "/sessions/" + session.id() + "/attendance", Map.of("entries", entries)));
    }

    private void telehealthSession() {
        Random r = new Random();
        Map<String, Object> session = new HashMap<>();
        session.put("kind", "individual-therapy");
        session.put("date", today.plusDays(1 + r.nextInt(300)).toString());
        session.put("startTime", String.format(Locale.ROOT, "%02d:%02d", 8 + r.nextInt(10), 5 * r.nextInt(12)));
        session.put("durationMinutes", 50);
        session.put("timeZone", Fixtures.ZONE.getId());
        session.put("modality", "telehealth");
        session.put("joinUrl", "https://meet.example.org/" + UUID.randomUUID());
        session.put("facilitatorIds", List.of(Keycloak.staffMember(Platform.CLINIC_A, "clinician")));
        session.put("capacity", 1);
        Map<String, String> key = key();
        write("telehealth session", 201, () -> Api.post("scheduler.a", SCHEDULING + "/sessions", session, key));
    }

    private void room() {
        Map<String, String> key = key();
        Map<String, Object> room = Map.of("name", "Burst room " + UUID.randomUUID(), "capacity", 8);
        write("room", 201, () -> Api.post("scheduler.a", SCHEDULING + "/rooms", room, key));
    }

    private Api.Answer orderScreen(String patient) {
        Map<String, String> key = key();
        return write("drug screen order", 201, () -> Api.post("prescriber.a",
                MEDICATIONS + "/patients/" + patient + "/drug-screens",
                Map.of("specimen", "urine", "panel", List.of("FEN", "THC")), key));
    }

    private void drugScreenOrdered(String patient) {
        orderScreen(patient);
    }

    private void drugScreenResulted(String patient) {
        Api.Answer ordered = orderScreen(patient);
        if (!ordered.is2xx()) {
            return;
        }
        String screen = ordered.id();
        if (!write("drug screen collection", 200, () -> Api.post("nurse.a",
                MEDICATIONS + "/drug-screens/" + screen + "/collection", Map.of())).is2xx()) {
            return;
        }
        write("drug screen results", 200, () -> Api.post("nurse.a", MEDICATIONS + "/drug-screens/" + screen + "/results",
                Map.of("results", List.of(Map.of("substanceCode", "FEN", "result", "positive"),
                        Map.of("substanceCode", "THC", "result", "negative")))));
    }

    private void noteDraft(String patient) {
        Map<String, Object> note = new HashMap<>();
        note.put("kind", "progress");
        note.put("format", "soap");
        note.put("serviceDate", today.minusDays(1).toString());
        note.put("sections", Map.of("subjective", "Reports steady days.", "objective", "Engaged.",
                "assessment", "Stable.", "plan", "Continue."));
        note.put("interventions", List.of("cbt"));
        Map<String, String> key = key();
        write("progress note draft", 201, () -> Api.post("clinician.a", NOTES + "/patients/" + patient + "/notes", note, key));
    }

    private void transition(String patient) {
        write("level transition", 201, () -> Api.post("casemanager.a",
                AFTERCARE + "/episodes/" + episodes.get(patient) + "/transitions",
                Map.of("toLevel", "2.1", "onDate", today.toString(), "reasonCode", "weekly-review")));
    }

    // ------------------------------------------------------------------------------------------------ the outage

    private static final class Outage {
        volatile long stoppedAt;
        volatile long startedAt;
        volatile int writesAtStop;
        volatile int writesAtStart;
        volatile long backlog;
        volatile double backlogSeconds;
        volatile CompletableFuture<Duration> groupsStable;
        /** Whether every connection attempt to the broker's port while it was down was refused. */
        volatile boolean refusedWhileDown;
        volatile String probes = "not probed";

        double downSeconds() {
            return stoppedAt == 0 || startedAt == 0 ? 0 : (startedAt - stoppedAt) / 1e9;
        }
    }

    private void runOutage(Outage outage, ExecutorService pool, int stopAt, int startAt) {
        while (writesDone.get() < stopAt && !pool.isTerminated()) {
            Tally.sleep(50);
        }
        outage.writesAtStop = writesDone.get();
        stack.faults().stopKafkaBroker();
        outage.stoppedAt = System.nanoTime();
        kafkaDown = true;
        boolean refusedAtStop = brokerRefuses();
        System.out.printf("[kafka-outage] Kafka stopped after %d writes%n", outage.writesAtStop);
        long minimumDown = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while ((writesDone.get() < startAt || System.nanoTime() < minimumDown) && !pool.isTerminated()) {
            Tally.sleep(50);
        }
        boolean refusedAtEnd = brokerRefuses();
        outage.refusedWhileDown = refusedAtStop && refusedAtEnd;
        outage.probes = "refused after the stop: " + refusedAtStop + ", before the start: " + refusedAtEnd;
        Map<Service, Long> backlogMarks = Databases.outboxMarks();
        outage.backlog = Databases.unsent();
        outage.writesAtStart = writesDone.get();
        kafkaDown = false;
        stack.faults().startKafkaBroker();
        outage.startedAt = System.nanoTime();
        outage.groupsStable = CompletableFuture.supplyAsync(() -> Consumers.awaitGroupsStable(Duration.ofSeconds(120)));
        System.out.printf("[kafka-outage] Kafka started again after %d writes, %d events waiting in the outboxes%n",
                outage.writesAtStart, outage.backlog);
        // The backlog (rows committed up to the restart) is published while the burst goes on.
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            long left = 0;
            for (Service s : Databases.WITH_OUTBOX) {
                left += Databases.number(s, "SELECT count(*) FROM outbox_event WHERE id <= ? AND sent_at IS NULL",
                        backlogMarks.get(s));
            }
            if (left == 0) {
                outage.backlogSeconds = (System.nanoTime() - outage.startedAt) / 1e9;
                System.out.printf("[kafka-outage] backlog of %d events published %.1f s after Kafka was back%n",
                        outage.backlog, outage.backlogSeconds);
                return;
            }
            Tally.sleep(200);
        }
    }

    /** Whether a TCP connection to the broker's (first) bootstrap address is refused now. */
    private boolean brokerRefuses() {
        String first = stack.kafkaBootstrap().split(",")[0].trim();
        int colon = first.lastIndexOf(':');
        return Fixtures.refuses(first.substring(0, colon), Integer.parseInt(first.substring(colon + 1)));
    }

    // ------------------------------------------------------------------------------------------------ checks

    private long cohortFlags() {
        return Databases.number(Service.AFTERCARE, "SELECT count(*) FROM risk_flag WHERE patient_id::text = ANY (?)",
                (Object) cohort.toArray(String[]::new));
    }

    private void assertEffectsExactlyOnce(List<Databases.OutboxRow> written, Set<String> writtenIds,
                                          Set<String> riskSourcesBefore, long flagsBefore) {
        String[] admissions = burstAdmissions.toArray(String[]::new);
        String[] patients = burstPatients.toArray(String[]::new);
        int n = admissions.length;
        long enrollments = Databases.number(Service.SCHEDULING,
                "SELECT count(*) FROM enrollment WHERE admission_id::text = ANY (?)", (Object) admissions);
        long episodes = Databases.number(Service.AFTERCARE,
                "SELECT count(*) FROM episode WHERE admission_id::text = ANY (?)", (Object) admissions);
        long plansDue = Databases.number(Service.NOTES,
                "SELECT count(*) FROM plan_due WHERE admission_id::text = ANY (?)", (Object) admissions);
        long knownToMedication = Databases.number(Service.MEDICATION,
                "SELECT count(*) FROM known_patient WHERE patient_id::text = ANY (?)", (Object) patients);
        List<String> doubleBookings = Databases.pairs(Service.SCHEDULING, "SELECT session_id, patient_id FROM booking "
                + "WHERE status <> 'CANCELLED' GROUP BY session_id, patient_id HAVING count(*) > 1");
        long futureBookings = Databases.number(Service.SCHEDULING, "SELECT count(*) FROM booking WHERE status <> "
                + "'CANCELLED' AND session_id::text = ANY (?) AND patient_id::text = ANY (?)",
                futureSessions.toArray(String[]::new), patients);

        // Relapse-risk signals: exactly one per event that counts, and none from anywhere else.
        Set<String> expectedSignals = written.stream().filter(r -> !isComplianceEvent(r))
                .filter(KafkaOutageE2ETest::countsTowardsRisk).map(Databases.OutboxRow::eventId)
                .collect(Collectors.toCollection(HashSet::new));
        // A judged attendance week is one signal, named after the week, as its last judgement says (a week judged
        // again replaces its signal; judged compliant, it has none).
        Map<String, Databases.OutboxRow> lastJudgement = new java.util.LinkedHashMap<>();
        written.stream().filter(KafkaOutageE2ETest::isComplianceEvent)
                .sorted(java.util.Comparator.comparingLong(Databases.OutboxRow::id))
                .forEach(r -> lastJudgement.put(weekSource(r), r));
        lastJudgement.forEach((week, r) -> {
            if (countsTowardsRisk(r)) {
                expectedSignals.add(week);
            }
        });
        List<String> newSignals = Databases.strings(Service.AFTERCARE, "SELECT source_id FROM risk_signal").stream()
                .filter(s -> !riskSourcesBefore.contains(s)).toList();
        Set<String> missingSignals = new HashSet<>(expectedSignals);
        newSignals.forEach(missingSignals::remove);
        // A signal of an event committed before the burst (its consumer was still catching up) is not an extra.
        List<String> unexpectedSignals = newSignals.stream().filter(s -> !expectedSignals.contains(s)).toList();
        Set<String> earlier = Databases.knownEventIds(unexpectedSignals);
        earlier.removeAll(writtenIds);
        List<String> extraSignals = unexpectedSignals.stream().filter(s -> !earlier.contains(s)).toList();
        long flagsNew = cohortFlags() - flagsBefore;
        long flagEvents = written.stream().filter(r -> r.type().equals(EventType.RELAPSE_RISK_FLAGGED.type())
                && cohort.contains(r.key())).count();
        Map<String, Long> missed = written.stream().filter(r -> r.type().equals(EventType.SESSION_MISSED.type()))
                .collect(Collectors.groupingBy(Databases.OutboxRow::key, Collectors.counting()));

        System.out.printf("[kafka-outage] %d admissions in the burst: enrollments %d, episodes %d, notes plan-due %d, "
                        + "known to medication %d; future bookings %d (expected %d), double bookings %d; risk signals "
                        + "%d new (expected %d, missing %d, extra %d) from %d missed sessions; new risk flags of the "
                        + "cohort %d (flag events %d)%n",
                n, enrollments, episodes, plansDue, knownToMedication, futureBookings, 2L * n, doubleBookings.size(),
                newSignals.size(), expectedSignals.size(), missingSignals.size(), extraSignals.size(),
                missed.values().stream().mapToLong(Long::longValue).sum(), flagsNew, flagEvents);
        ReliabilityReport.record(SECTION, "admissions in the burst → enrollments / episodes / plan-due / known (medication)",
                n + " → " + enrollments + " / " + episodes + " / " + plansDue + " / " + knownToMedication);
        ReliabilityReport.record(SECTION, "double bookings", doubleBookings.size());
        ReliabilityReport.record(SECTION, "risk signals: expected / recorded / double-counted",
                expectedSignals.size() + " / " + newSignals.size() + " / " + extraSignals.size());

        assertThat(n).as("admissions in the burst").isGreaterThan(0);
        assertThat(enrollments).as("one enrollment per admission (scheduling)").isEqualTo(n);
        assertThat(episodes).as("one episode per admission (aftercare)").isEqualTo(n);
        assertThat(plansDue).as("one treatment-plan due entry per admission (notes)").isEqualTo(n);
        assertThat(knownToMedication).as("every admitted patient known to medication").isEqualTo(n);
        assertThat(doubleBookings).as("no patient booked twice into a session").isEmpty();
        assertThat(futureBookings).as("each admitted patient booked once into each upcoming session").isEqualTo(2L * n);
        assertThat(missingSignals).as("risk events without their signal").isEmpty();
        assertThat(extraSignals).as("risk signals from no event of the burst").isEmpty();
        assertThat(flagEvents).as("at most one relapse-risk flag per patient").isLessThanOrEqualTo(COHORT);
        assertThat(flagsNew).as("one flag event per new relapse-risk flag").isEqualTo(flagEvents);
    }

    /** The events the aftercare consumer turns into a relapse-risk signal (EngagementEventsConsumer). */
    private static boolean isComplianceEvent(Databases.OutboxRow r) {
        return r.type().equals(EventType.ATTENDANCE_COMPLIANCE_CHANGED.type());
    }

    /** Aftercare's signal source for a judged week: {@code attendance-week:<enrollment>:<week start>}. */
    private static String weekSource(Databases.OutboxRow r) {
        JsonNode data = data(r);
        return "attendance-week:" + data.path("enrollmentId").asText() + ":" + data.path("weekStart").asText();
    }

    private static boolean countsTowardsRisk(Databases.OutboxRow r) {
        if (r.type().equals(EventType.SESSION_MISSED.type()) || r.type().equals(EventType.DOSE_MISSED.type())) {
            return true;
        }
        JsonNode data = data(r);
        if (r.type().equals(EventType.DRUG_SCREEN_RESULTED.type())) {
            return data.path("unexpectedPositive").asBoolean();
        }
        if (r.type().equals(EventType.ATTENDANCE_COMPLIANCE_CHANGED.type())) {
            String status = data.path("status").asText();
            return status.equals("non-compliant") || status.equals("at-risk");
        }
        return false;
    }

    private static JsonNode data(Databases.OutboxRow r) {
        try {
            return Api.JSON.readTree(r.payload()).path("data");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> capturedIds(EventCapture capture) {
        return capture.records().stream().filter(r -> r.event() != null).map(r -> r.event().id())
                .collect(Collectors.toSet());
    }

    static void awaitOutboxesDrained(Duration atMost) {
        Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(500)).until(() -> Databases.unsent() == 0);
    }

    private static double secondsSince(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
