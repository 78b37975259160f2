package care.iop.e2e.failure;

import care.iop.devstack.DevStack;
import care.iop.devstack.Service;
import care.iop.e2e.Platform;
import care.iop.e2e.ReliabilityReport;
import care.iop.testkit.EventCapture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static care.iop.e2e.failure.Fixtures.AFTERCARE;
import static care.iop.e2e.failure.Fixtures.INTAKE;
import static care.iop.e2e.failure.Fixtures.MEDICATIONS;
import static care.iop.e2e.failure.Fixtures.NOTES;
import static care.iop.e2e.failure.Fixtures.SCHEDULING;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #10, database restart: PostgreSQL (every service's database) is stopped under a load of reads and writes on
 * every service and started again on the same port and data. While it is away every request answers a clean 503
 * problem (application/problem+json, Retry-After) promptly — never a 500, a 504 or a hang — and afterwards every
 * service recovers by itself within a bounded time: requests succeed again, readiness is green, the outbox relays
 * publish everything committed before and after, and the consumers apply new events.
 */
class DatabaseRestartE2ETest {

    static final String SECTION = "Outage: PostgreSQL restarted under load";
    /** Clients through the gateway, and clients calling the services on their own ports (past the gateway's breakers). */
    static final int CLIENTS = 4;
    static final int DIRECT_CLIENTS = 4;
    static final Duration DOWN = Duration.ofSeconds(8);
    static final Duration RECOVERY_BOUND = Duration.ofSeconds(60);

    private final DevStack stack = Platform.stack();
    private final Tally tally = new Tally();
    private final Tally duringOutage = new Tally();
    private final Tally direct = new Tally();
    private final Tally directDuringOutage = new Tally();
    private final LocalDate today = LocalDate.now(Fixtures.ZONE);
    private final Map<Service, AtomicLong> lastFailure = new ConcurrentHashMap<>();
    private final Map<Service, AtomicLong> firstSuccessAfterRestart = new ConcurrentHashMap<>();
    private final AtomicLong slowest = new AtomicLong();
    private final Map<Service, List<Double>> lateFailures = new ConcurrentHashMap<>();
    private final AtomicInteger pastDays = new AtomicInteger();
    private final List<String> admittedPatients = Collections.synchronizedList(new ArrayList<>());
    private final List<String> admissions = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean stop;
    private volatile boolean databaseDown;
    private volatile long restartedAt;

    private Fixtures.Track track;
    private String patient;
    private String episode;

    private record Call(Service service, String what, Supplier<Api.Answer> call) {
    }

    @Test
    void requests_during_a_database_restart_get_clean_503s_and_every_service_recovers_by_itself() throws Exception {
        Fixtures.awaitGatewayHealthy(Duration.ofSeconds(60));
        track = Fixtures.track("PG");
        patient = Fixtures.admittedCohort(track, 1, today.minusDays(300)).get(0);
        episode = Fixtures.episodeOf(patient);
        KafkaOutageE2ETest.awaitOutboxesDrained(Duration.ofSeconds(90));

        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS + DIRECT_CLIENTS);
        double downSeconds;
        boolean postgresRefused;
        double recoverySeconds;
        Map<Service, Double> perService = new EnumMap<>(Service.class);
        try (EventCapture capture = Consumers.captureEverything()) {
            Map<Service, Long> marks = Databases.outboxMarks();
            Map<Service, Long> logMarks = ServiceLogs.mark();
            try {
                List<CompletableFuture<Void>> running = new ArrayList<>();
                for (int i = 0; i < CLIENTS + DIRECT_CLIENTS; i++) {
                    boolean straight = i >= CLIENTS;
                    running.add(CompletableFuture.runAsync(() -> client(straight), clients));
                }
                Tally.sleep(3_000);
                long stopping = System.nanoTime();
                databaseDown = true;
                stack.faults().stopPostgresServer();
                Tally.sleep(DOWN.toMillis());
                // The outage is real: PostgreSQL's port refuses connections at the end of the window.
                java.net.URI pg = java.net.URI.create(stack.jdbcUrl(Service.INTAKE).substring("jdbc:".length()));
                postgresRefused = Fixtures.refuses(pg.getHost(), pg.getPort());
                stack.faults().startPostgresServer();
                restartedAt = System.nanoTime();
                databaseDown = false;
                downSeconds = (restartedAt - stopping) / 1e9;
                // Until every service has answered a success after the restart.
                long deadline = restartedAt + RECOVERY_BOUND.toNanos();
                while (System.nanoTime() < deadline && firstSuccessAfterRestart.size() < Databases.WITH_OUTBOX.size()) {
                    Tally.sleep(100);
                }
                recoverySeconds = firstSuccessAfterRestart.size() < Databases.WITH_OUTBOX.size()
                        ? RECOVERY_BOUND.toSeconds()
                        : (firstSuccessAfterRestart.values().stream().mapToLong(AtomicLong::get).max().orElseThrow()
                        - restartedAt) / 1e9;
                firstSuccessAfterRestart.forEach((s, t) -> perService.put(s, (t.get() - restartedAt) / 1e9));
                Tally.sleep(3_000);
                stop = true;
                CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
            } finally {
                stop = true;
                clients.shutdownNow();
                if (!stack.faults().isPostgresRunning()) {
                    stack.faults().startPostgresServer();
                }
                // The 503s open the gateway's breakers for a while: wait until every service is reachable again.
                Fixtures.awaitGatewayHealthy(RECOVERY_BOUND);
            }
            Map<Service, String> tail = new EnumMap<>(Service.class);
            lateFailures.forEach((s, times) -> tail.put(s, times.size() + " (last " + String.format(Locale.ROOT, "%.1f",
                    times.stream().mapToDouble(Double::doubleValue).max().orElse(0)) + " s after)"));
            System.out.printf("[pg-restart] 503s answered by the services themselves after the database was back: %s%n",
                    tail);

            System.out.printf("[pg-restart] straight to the services (past the gateway's breakers): %d requests, %d "
                            + "during the outage: %s%n", direct.requests.sum(), directDuringOutage.requests.sum(),
                    directDuringOutage.byStatus());
            System.out.printf("[pg-restart] PostgreSQL down %.1f s; requests %d (%d during the outage: %s); clean 503 "
                            + "%d, 503 without problem/Retry-After %d, other 5xx %d, timed out %d, no answer %d; slowest "
                            + "%d ms; first success after the restart per service (s) %s%n",
                    downSeconds, tally.requests.sum(), duringOutage.requests.sum(), duringOutage.byStatus(),
                    tally.clean503.sum(), tally.unclean503.sum(), tally.other5xx.sum(), tally.timedOut.sum(),
                    tally.noAnswer.sum(), slowest.get(), perService);

            List<String> logged500s = ServiceLogs.since(logMarks, "unexpected failure");
            logged500s.stream().limit(5).forEach(l -> System.out.println("[pg-restart] logged: " + l));

            // Readiness is green again, the relays publish everything, the consumers apply new events.
            for (Service s : Databases.WITH_OUTBOX) {
                Awaitility.await().atMost(RECOVERY_BOUND).pollInterval(Duration.ofMillis(500))
                        .until(() -> ready(stack.serviceUrl(s)));
            }
            long relayStart = System.nanoTime();
            KafkaOutageE2ETest.awaitOutboxesDrained(RECOVERY_BOUND);
            List<Databases.OutboxRow> written = Databases.outboxSince(marks);
            Set<String> writtenIds = written.stream().map(Databases.OutboxRow::eventId).collect(Collectors.toSet());
            Awaitility.await().atMost(RECOVERY_BOUND).pollInterval(Duration.ofMillis(500)).until(() ->
                    capture.records().stream().filter(r -> r.event() != null).map(r -> r.event().id())
                            .collect(Collectors.toSet()).containsAll(writtenIds));
            double relaySeconds = (System.nanoTime() - relayStart) / 1e9;
            // The consumers waited the outage out: every event they handle is applied, each exactly once.
            Awaitility.await().atMost(RECOVERY_BOUND).pollInterval(Duration.ofMillis(500)).until(() ->
                    Consumers.notYetApplied(written).values().stream().allMatch(Set::isEmpty));
            String[] admissionIds = admissions.toArray(String[]::new);
            String[] patients = admittedPatients.toArray(String[]::new);
            long enrollments = Databases.number(Service.SCHEDULING,
                    "SELECT count(*) FROM enrollment WHERE admission_id::text = ANY (?)", (Object) admissionIds);
            long episodes = Databases.number(Service.AFTERCARE,
                    "SELECT count(*) FROM episode WHERE admission_id::text = ANY (?)", (Object) admissionIds);
            long plansDue = Databases.number(Service.NOTES,
                    "SELECT count(*) FROM plan_due WHERE admission_id::text = ANY (?)", (Object) admissionIds);
            long known = Databases.number(Service.MEDICATION,
                    "SELECT count(*) FROM known_patient WHERE patient_id::text = ANY (?)", (Object) patients);
            String[] missedEvents = written.stream().filter(r -> r.type().equals(
                    care.iop.events.EventType.SESSION_MISSED.type())).map(Databases.OutboxRow::eventId).toArray(String[]::new);
            long signals = Databases.number(Service.AFTERCARE, "SELECT count(*) FROM risk_signal WHERE source_id = ANY (?)",
                    (Object) missedEvents);
            System.out.printf("[pg-restart] %d admissions and %d missed sessions committed around the outage: enrollments "
                            + "%d, episodes %d, plan-due %d, known to medication %d, risk signals %d%n", admissionIds.length,
                    missedEvents.length, enrollments, episodes, plansDue, known, signals);
            ReliabilityReport.record(SECTION, "admissions around the outage → enrollments / episodes / plan-due / known",
                    admissionIds.length + " → " + enrollments + " / " + episodes + " / " + plansDue + " / " + known);
            ReliabilityReport.record(SECTION, "missed sessions → risk signals", missedEvents.length + " → " + signals);
            long consumersStart = System.nanoTime();
            String[] admitted = Fixtures.registerAndAdmit("AfterPg", track.code(), today);
            Fixtures.awaitKnownEverywhere(List.of(admitted[0]), RECOVERY_BOUND);
            double consumerSeconds = (System.nanoTime() - consumersStart) / 1e9;
            long deadLetters = capture.records().stream().filter(r -> r.topic().endsWith(".dlq")).count();
            System.out.printf("[pg-restart] %d events written during the run all published (%.1f s after the load); an "
                            + "admission after the restart applied everywhere in %.1f s; dead-lettered %d%n",
                    written.size(), relaySeconds, consumerSeconds, deadLetters);

            ReliabilityReport.record(SECTION, "PostgreSQL down (s)", String.format(Locale.ROOT, "%.1f", downSeconds));
            ReliabilityReport.record(SECTION, "requests / during the outage", tally.requests.sum() + " / "
                    + duringOutage.requests.sum());
            ReliabilityReport.record(SECTION, "requests straight to the services during the outage / clean 503",
                    directDuringOutage.requests.sum() + " / " + directDuringOutage.clean503.sum());
            ReliabilityReport.record(SECTION, "503s seen (clean / without problem or Retry-After)",
                    tally.clean503.sum() + " / " + tally.unclean503.sum());
            ReliabilityReport.record(SECTION, "5xx other than 503", tally.other5xx.sum());
            ReliabilityReport.record(SECTION, "requests that hung past the timeout / got no answer",
                    tally.timedOut.sum() + " / " + tally.noAnswer.sum());
            ReliabilityReport.record(SECTION, "slowest answer (ms)", slowest.get());
            ReliabilityReport.record(SECTION, "time to recover: every service answering again (s)",
                    String.format(Locale.ROOT, "%.1f", recoverySeconds));
            ReliabilityReport.record(SECTION, "events written in the run / missing on the broker", written.size() + " / 0");
            ReliabilityReport.record(SECTION, "records dead-lettered", deadLetters);

            assertThat(postgresRefused).as("PostgreSQL's port refused connections during the outage").isTrue();
            assertThat(duringOutage.clean503.sum()).as("the outage was seen as 503s").isPositive();
            assertThat(directDuringOutage.clean503.sum()).as("the services themselves answered 503s").isPositive();
            assertThat(tally.other5xx.sum()).as("5xx other than 503: %s\nlogged: %s", tally.examples(),
                    logged500s.stream().limit(3).toList()).isZero();
            assertThat(tally.unclean503.sum()).as("503 without a problem document or Retry-After: %s", tally.examples())
                    .isZero();
            assertThat(tally.timedOut.sum()).as("requests that hung: %s", tally.examples()).isZero();
            assertThat(tally.noAnswer.sum()).as("requests without an answer: %s", tally.examples()).isZero();
            assertThat(tally.unexpected.sum()).as("answers other than success or 503: %s", tally.examples()).isZero();
            assertThat(firstSuccessAfterRestart.keySet()).as("services answering successfully after the restart")
                    .containsExactlyInAnyOrderElementsOf(Databases.WITH_OUTBOX);
            assertThat(recoverySeconds).as("seconds until every service answered again").isLessThan(RECOVERY_BOUND.toSeconds());
            assertThat(deadLetters).as("events dead-lettered while the database was away").isZero();
            assertThat(admissionIds).as("admissions committed").isNotEmpty();
            assertThat(List.of(enrollments, episodes, plansDue, known)).as("one effect per admission in each consumer")
                    .containsOnly((long) admissionIds.length);
            assertThat(signals).as("one risk signal per missed session").isEqualTo(missedEvents.length);
        }
    }

    /** A mix of reads and writes on every service, through the gateway. */
    private void client(boolean straight) {
        Api.DIRECT.set(straight);
        List<Call> single = List.of(
                new Call(Service.INTAKE, "register", () -> Fixtures.register("Pg")),
                new Call(Service.INTAKE, "read patient", () -> Api.get("coordinator.a", INTAKE + "/patients/" + patient)),
                new Call(Service.SCHEDULING, "room", () -> Api.post("scheduler.a", SCHEDULING + "/rooms",
                        Map.of("name", "Pg room " + UUID.randomUUID(), "capacity", 8))),
                new Call(Service.SCHEDULING, "read enrollments", () -> Api.get("scheduler.a",
                        SCHEDULING + "/enrollments?patientId=" + patient)),
                new Call(Service.NOTES, "note draft", () -> Api.post("clinician.a", NOTES + "/patients/" + patient + "/notes",
                        note())),
                new Call(Service.MEDICATION, "drug screen order", () -> Api.post("prescriber.a",
                        MEDICATIONS + "/patients/" + patient + "/drug-screens",
                        Map.of("specimen", "urine", "panel", List.of("FEN")))),
                new Call(Service.MEDICATION, "read orders", () -> Api.get("prescriber.a",
                        MEDICATIONS + "/patients/" + patient + "/orders")),
                new Call(Service.AFTERCARE, "transition", () -> Api.post("casemanager.a",
                        AFTERCARE + "/episodes/" + episode + "/transitions",
                        Map.of("toLevel", "2.1", "onDate", today.toString(), "reasonCode", "weekly-review"))),
                new Call(Service.AFTERCARE, "read episodes", () -> Api.get("casemanager.a",
                        AFTERCARE + "/patients/" + patient + "/episodes")));
        List<Call> calls = new ArrayList<>();
        single.forEach(c -> calls.add(new Call(c.service(), c.what(), () -> send(c.service(), c.what(), c.call()))));
        calls.add(new Call(Service.INTAKE, "admission", this::admission));
        calls.add(new Call(Service.INTAKE, "admission", this::admission));
        calls.add(new Call(Service.SCHEDULING, "missed session", this::missedSession));
        while (!stop) {
            Call call = calls.get(ThreadLocalRandom.current().nextInt(calls.size()));
            call.call().get();
        }
    }

    /** Sends one request of a call and counts what it got (a 503 pauses this client briefly). */
    private Api.Answer send(Service service, String what, Supplier<Api.Answer> request) {
        boolean down = databaseDown;
        long t = System.nanoTime();
        Api.Answer a = tally.count(what, request.get());
        slowest.accumulateAndGet(a.millis(), Math::max);
        if (down || databaseDown) {
            duringOutage.count(what, a);
        }
        if (Api.DIRECT.get()) {
            direct.count(what, a);
            if (down || databaseDown) {
                directDuringOutage.count(what, a);
            }
        }
        if (a.is2xx()) {
            if (restartedAt > 0 && t > restartedAt) {
                firstSuccessAfterRestart.computeIfAbsent(service, s -> new AtomicLong(System.nanoTime()));
            }
        } else if (a.status() == 503) {
            lastFailure.computeIfAbsent(service, s -> new AtomicLong()).set(System.nanoTime());
            if (restartedAt > 0 && t > restartedAt && !a.json().path("detail").asText().contains("paused")) {
                lateFailures.computeIfAbsent(service, s -> new java.util.concurrent.CopyOnWriteArrayList<>())
                        .add((System.nanoTime() - restartedAt) / 1e9);
            }
            Tally.sleep(200);
        } else {
            tally.unexpected.increment();
            tally.example(what, a);
        }
        return a;
    }

    /** Register, assess, admit: the admission's event keeps four consumers busy while the database goes away. */
    private Api.Answer admission() {
        Api.Answer registered = send(Service.INTAKE, "admission: register", () -> Fixtures.register("PgAdmit"));
        if (!registered.is2xx()) {
            return registered;
        }
        Api.Answer assessed = send(Service.INTAKE, "admission: assess", () -> Fixtures.assess(registered.id()));
        if (!assessed.is2xx()) {
            return assessed;
        }
        Api.Answer admitted = send(Service.INTAKE, "admission: admit",
                () -> Fixtures.admit(registered.id(), track.code(), today));
        if (admitted.is2xx()) {
            admittedPatients.add(registered.id());
            admissions.add(admitted.id());
        }
        return admitted;
    }

    /** A past group session of the track (the patient is booked) and the patient absent: aftercare counts it. */
    private Api.Answer missedSession() {
        LocalDate day = today.minusDays(2 + pastDays.getAndIncrement() % 290);
        Api.Answer session = send(Service.SCHEDULING, "past session", () -> Fixtures.groupSession(track, day, "09:00"));
        if (!session.is2xx()) {
            return session;
        }
        return send(Service.SCHEDULING, "roster", () -> Api.post("clinician.a", SCHEDULING + "/sessions/" + session.id()
                + "/attendance", Map.of("entries", List.of(Map.of("patientId", patient, "attendance", "absent-unexcused")))));
    }

    private Map<String, Object> note() {
        Map<String, Object> note = new HashMap<>();
        note.put("kind", "progress");
        note.put("format", "soap");
        note.put("serviceDate", today.minusDays(1).toString());
        note.put("sections", Map.of("subjective", "Reports steady days.", "plan", "Continue."));
        return note;
    }

    private static final HttpClient HEALTH = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static boolean ready(String baseUrl) {
        try {
            return HEALTH.send(HttpRequest.newBuilder(URI.create(baseUrl + "/q/health/ready")).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }
}
