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

import java.io.IOException;
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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static care.iop.e2e.failure.Fixtures.AFTERCARE;
import static care.iop.e2e.failure.Fixtures.INTAKE;
import static care.iop.e2e.failure.Fixtures.MEDICATIONS;
import static care.iop.e2e.failure.Fixtures.NOTES;
import static care.iop.e2e.failure.Fixtures.SCHEDULING;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #10, crash: a service is killed with SIGKILL while clients are creating records through it (each request with
 * its own Idempotency-Key), then started again; every client retries what did not get its 201 with the same key and
 * body. Afterwards each key has exactly one record, a replay of every key answers the same status and id as its first
 * success (marked {@code Idempotent-Replayed}), and the service's outbox holds no orphan: every creation event and
 * every audit event belongs to a committed record, and every record has exactly one creation event, also on the
 * broker. Two services: intake (referrals), and scheduling (telehealth sessions) while it is also consuming a stream
 * of admissions, each of which must end up as exactly one enrollment.
 */
class ServiceCrashE2ETest {

    static final String SECTION = "Crash: service killed with SIGKILL mid-requests";
    static final int CLIENTS = 6;
    /** Far above any clinic network's admission rate, and a backlog this machine drains in about a second. */
    static final int ADMISSIONS_PER_SECOND_WHILE_DOWN = 20;

    private final DevStack stack = Platform.stack();
    private final LocalDate today = LocalDate.now(Fixtures.ZONE);

    /**
     * What is created through the killed process (a service, or the gateway in front of {@code owner}), and how its
     * records and creation events are found. {@code recordsSql} gets the requests' tags (or, for untagged requests,
     * {@code scope}) and answers (tag, record id) rows; {@code created} is null where a creation emits only its audit
     * event; {@code answerIdIsRecord} is false where the answer names another record (a transition answers its episode).
     */
    private record Target(Service killed, Service owner, String what, String user, EventType created, String idField,
                          String table, Supplier<Request> request, String recordsSql, boolean answerIdIsRecord,
                          String[] scope) {

        Target(Service service, String what, String path, String user, EventType created, String idField, String table,
               Supplier<Request> request, String recordsSql) {
            this(service, service, what, user, created, idField, table, () -> request.get().at(path), recordsSql, true,
                    null);
        }

        Service service() {
            return owner;
        }
    }

    /** One request's path and body, and a value in it that is unique to the record it creates (the tag), or null. */
    private record Request(String path, Map<String, Object> body, String tag) {
        Request(Map<String, Object> body, String tag) {
            this(null, body, tag);
        }

        Request at(String newPath) {
            return new Request(newPath, body, tag);
        }
    }

    @Test
    void intake_killed_mid_request_leaves_one_referral_per_idempotency_key_and_no_orphan_event() throws Exception {
        crash(new Target(Service.INTAKE, "referral", INTAKE + "/referrals", "coordinator.a",
                EventType.REFERRAL_RECEIVED, "referralId", "referral", () -> {
                    String family = "Crash" + Fixtures.letters(10);
                    Map<String, Object> patient = new HashMap<>(Fixtures.patientBody("Crash"));
                    patient.put("legalName", Map.of("given", "Kay" + Fixtures.letters(6), "family", family));
                    return new Request(Map.of("patient", patient, "source", "emergency-department", "urgency", "urgent",
                            "reasonCode", "alcohol-use-disorder"), family);
                }, "SELECT p.legal_family_name, r.id FROM patient p JOIN referral r ON r.patient_id = p.id "
                + "WHERE p.legal_family_name = ANY (?)"), null);
    }

    @Test
    void scheduling_killed_mid_request_and_mid_consumption_leaves_one_record_per_key_and_per_admission() throws Exception {
        Fixtures.awaitGatewayHealthy(Duration.ofSeconds(60));
        Fixtures.Track track = Fixtures.track("CR");
        Random random = new Random();
        crash(new Target(Service.SCHEDULING, "telehealth session", SCHEDULING + "/sessions", "scheduler.a",
                EventType.SESSION_SCHEDULED, "sessionId", "session", () -> {
                    String joinUrl = "https://meet.example.org/crash-" + UUID.randomUUID();
                    Map<String, Object> session = new HashMap<>();
                    session.put("kind", "individual-therapy");
                    session.put("date", today.plusDays(1 + random.nextInt(300)).toString());
                    session.put("startTime", String.format(Locale.ROOT, "%02d:%02d", 8 + random.nextInt(10),
                            5 * random.nextInt(12)));
                    session.put("durationMinutes", 50);
                    session.put("timeZone", Fixtures.ZONE.getId());
                    session.put("modality", "telehealth");
                    session.put("joinUrl", joinUrl);
                    session.put("facilitatorIds", List.of(Keycloak.staffMember(Platform.CLINIC_A, "clinician")));
                    session.put("capacity", 1);
                    return new Request(session, joinUrl);
                }, "SELECT join_url, id FROM session WHERE join_url = ANY (?)"), track);
    }

    @Test
    void notes_killed_mid_request_leaves_one_note_per_idempotency_key_and_resumes_consuming() throws Exception {
        Fixtures.awaitGatewayHealthy(Duration.ofSeconds(60));
        Fixtures.Track track = Fixtures.track("CN");
        List<String> patients = Fixtures.admittedCohort(track, 2, today.minusDays(7));
        Random random = new Random();
        crash(new Target(Service.NOTES, Service.NOTES, "progress note", "clinician.a", null, null, "note", () -> {
            String tag = "Crash note " + UUID.randomUUID();
            Map<String, Object> note = new HashMap<>();
            note.put("kind", "progress");
            note.put("format", "soap");
            note.put("serviceDate", today.minusDays(1).toString());
            note.put("sections", Map.of("subjective", tag, "objective", "Engaged.", "assessment", "Stable.",
                    "plan", "Continue."));
            note.put("interventions", List.of("cbt"));
            return new Request(NOTES + "/patients/" + patients.get(random.nextInt(patients.size())) + "/notes", note, tag);
        }, "SELECT sections->>'subjective', id FROM note WHERE sections->>'subjective' = ANY (?)", true, null), track);
    }

    @Test
    void medication_killed_mid_request_leaves_one_drug_screen_per_idempotency_key_and_resumes_consuming() throws Exception {
        Fixtures.awaitGatewayHealthy(Duration.ofSeconds(60));
        Fixtures.Track track = Fixtures.track("CM");
        List<String> patients = Fixtures.admittedCohort(track, 2, today.minusDays(7));
        Random random = new Random();
        // A drug screen order carries nothing unique: the patients are this test's own, so each of their screens is one
        // of this test's records.
        crash(new Target(Service.MEDICATION, Service.MEDICATION, "drug screen order", "prescriber.a", null, null,
                "drug_screen", () -> new Request(MEDICATIONS + "/patients/" + patients.get(random.nextInt(patients.size()))
                + "/drug-screens", Map.of("specimen", "urine", "panel", List.of("FEN", "THC")), null),
                "SELECT id, id FROM drug_screen WHERE patient_id::text = ANY (?)", true,
                patients.toArray(String[]::new)), track);
    }

    @Test
    void aftercare_killed_mid_request_records_each_transition_once_and_resumes_consuming() throws Exception {
        Fixtures.awaitGatewayHealthy(Duration.ofSeconds(60));
        Fixtures.Track track = Fixtures.track("CA");
        List<String> episodes = Fixtures.admittedCohort(track, 3, today.minusDays(7)).stream().map(Fixtures::episodeOf)
                .toList();
        Random random = new Random();
        crash(new Target(Service.AFTERCARE, Service.AFTERCARE, "level transition", "casemanager.a", null, null,
                "level_transition", () -> {
                    String reason = "crash-" + Fixtures.letters(16);
                    return new Request(AFTERCARE + "/episodes/" + episodes.get(random.nextInt(episodes.size()))
                            + "/transitions", Map.of("toLevel", "2.1", "onDate", today.toString(), "reasonCode", reason),
                            reason);
                }, "SELECT reason_code, id FROM level_transition WHERE reason_code = ANY (?)", false, null), track);
    }

    @Test
    void gateway_killed_mid_request_leaves_one_referral_per_idempotency_key() throws Exception {
        crash(new Target(Service.GATEWAY, Service.INTAKE, "referral (via the killed gateway)", "coordinator.a",
                EventType.REFERRAL_RECEIVED, "referralId", "referral", () -> referral().at(INTAKE + "/referrals"),
                "SELECT p.legal_family_name, r.id FROM patient p JOIN referral r ON r.patient_id = p.id "
                        + "WHERE p.legal_family_name = ANY (?)", true, null), null);
    }

    private static Request referral() {
        String family = "Crash" + Fixtures.letters(10);
        Map<String, Object> patient = new HashMap<>(Fixtures.patientBody("Crash"));
        patient.put("legalName", Map.of("given", "Kay" + Fixtures.letters(6), "family", family));
        return new Request(Map.of("patient", patient, "source", "emergency-department", "urgency", "urgent",
                "reasonCode", "alcohol-use-disorder"), family);
    }

    /**
     * After the restart: how long until the restarted service applies an admission made now (its consumers have their
     * partitions back), in seconds from the moment it was ready; null for a process that consumes no admissions.
     */
    private static Double resumeSeconds(Service killed, Fixtures.Track track, LocalDate day, long readyAt) {
        String sql = switch (killed) {
            case SCHEDULING -> "SELECT count(*) FROM enrollment WHERE admission_id = ?::uuid";
            case NOTES -> "SELECT count(*) FROM plan_due WHERE admission_id = ?::uuid";
            case AFTERCARE -> "SELECT count(*) FROM episode WHERE admission_id = ?::uuid";
            case MEDICATION -> "SELECT count(*) FROM known_patient WHERE patient_id = ?::uuid";
            default -> null;
        };
        if (sql == null || track == null) {
            return null;
        }
        String[] admitted = Fixtures.registerAndAdmit("Resume", track.code(), day);
        String id = killed == Service.MEDICATION ? admitted[0] : admitted[1];
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .until(() -> Databases.number(killed, sql, id) == 1);
        return (System.nanoTime() - readyAt) / 1e9;
    }

    /** One client request: its key and body stay the same through every retry. */
    private static final class Attempt {
        final String key = UUID.randomUUID().toString();
        final Request request;
        volatile Api.Answer first;
        volatile int tries;
        volatile boolean failedBeforeSuccess;

        Attempt(Request request) {
            this.request = request;
        }
    }

    private void crash(Target target, Fixtures.Track admitInto) throws Exception {
        String section = SECTION + " (" + target.killed().module() + ")";
        String tag = "[crash " + target.killed().module() + "]";
        Tally tally = new Tally();
        ConcurrentLinkedQueue<Attempt> attempts = new ConcurrentLinkedQueue<>();
        AtomicInteger successes = new AtomicInteger();
        List<String[]> admitted = Collections.synchronizedList(new ArrayList<>());
        boolean[] stop = {false};
        AtomicBoolean killed = new AtomicBoolean();
        long[] restartedAt = {0};
        Client client = new Client(target, tally, successes);

        Fixtures.awaitGatewayHealthy(Duration.ofSeconds(60));
        long mark = Databases.outboxMarks().get(target.service());
        Map<String, Long> endOffsets = Consumers.endOffsets();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS + 1);
        double restartSeconds;
        CompletableFuture<Duration> groupsStable;
        CompletableFuture<Double> resumed;
        boolean died;
        boolean refused;
        int beforeKill;
        try (EventCapture capture = Consumers.captureEverything()) {
            try {
                List<CompletableFuture<Void>> running = new ArrayList<>();
                for (int i = 0; i < CLIENTS; i++) {
                    running.add(CompletableFuture.runAsync(() -> {
                        while (!stop[0]) {
                            Attempt a = new Attempt(target.request().get());
                            attempts.add(a);
                            client.sendUntilCreated(a, () -> stop[0]);
                        }
                    }, clients));
                }
                if (admitInto != null && target.killed() == Service.SCHEDULING) {
                    // Intake keeps admitting patients to a track of the killed service: their events are consumed
                    // by it before, during and after the crash. As fast as intake allows until the kill (so the kill
                    // lands mid-consumption), then ADMISSIONS_PER_SECOND_WHILE_DOWN: unpaced, the backlog built
                    // during the outage depended on how fast this machine ran intake (249 in one run, 1,318 in
                    // another), and the resume bound below measured draining it rather than the consumers' return.
                    running.add(CompletableFuture.runAsync(() -> {
                        while (!stop[0]) {
                            admitted.add(Fixtures.registerAndAdmit("CrashAdmit", admitInto.code(), today));
                            if (killed.get()) {
                                Tally.sleep(1_000 / ADMISSIONS_PER_SECOND_WHILE_DOWN);
                            }
                        }
                    }, clients));
                }
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> successes.get() >= 60);
                long pid = stack.pid(target.killed());
                killed.set(true);
                stack.faults().kill(target.killed());
                beforeKill = successes.get();
                Tally.sleep(2_000);
                // The process really died: its pid is gone and its port refuses connections.
                died = pid > 0 && Fixtures.gone(pid);
                refused = Fixtures.refuses("127.0.0.1", stack.port(target.killed()));
                long t0 = System.nanoTime();
                stack.start(target.killed());
                restartedAt[0] = System.nanoTime();
                restartSeconds = (restartedAt[0] - t0) / 1e9;
                groupsStable = CompletableFuture.supplyAsync(() -> Consumers.awaitGroupsStable(Duration.ofSeconds(120)));
                resumed = CompletableFuture.supplyAsync(() -> resumeSeconds(target.killed(), admitInto, today,
                        restartedAt[0]));
                Tally.sleep(3_000);
                stop[0] = true;
                CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
                System.out.printf("%s killed after %d successful requests, back in %.1f s; %d keys sent%n", tag,
                        beforeKill, restartSeconds, attempts.size());
            } finally {
                stop[0] = true;
                clients.shutdownNow();
                if (!stack.isRunning(target.killed())) {
                    stack.start(target.killed());
                }
            }

            // Whatever was still unanswered when the clients stopped is retried now, with the same key and body.
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            for (Attempt a : attempts.stream().filter(a -> a.first == null).toList()) {
                client.sendUntilCreated(a, () -> System.nanoTime() > deadline);
            }

            // A replay of every key answers what its first success answered.
            int replayed = 0;
            int committedBeforeTheKill = 0;
            List<String> replayMismatches = new ArrayList<>();
            for (Attempt a : attempts) {
                if (a.first == null) {
                    continue;
                }
                Api.Answer again = client.send(a);
                boolean same = again.status() == a.first.status() && a.first.id() != null
                        && a.first.id().equals(again.id()) && "true".equals(again.header("Idempotent-Replayed").orElse(""));
                if (!same) {
                    replayMismatches.add(a.key + ": first " + a.first + " / replay " + again);
                } else {
                    replayed++;
                }
                if (a.failedBeforeSuccess && "true".equals(a.first.header("Idempotent-Replayed").orElse(""))) {
                    committedBeforeTheKill++;
                }
            }

            // Exactly one record per key: by its tag, or (untagged) as many records of the test's own patients as keys.
            boolean tagged = target.scope() == null;
            String[] tags = attempts.stream().map(a -> a.request.tag()).toArray(String[]::new);
            List<String> records = Databases.pairs(target.service(), target.recordsSql(),
                    (Object) (tagged ? tags : target.scope()));
            Map<String, List<String>> recordsByTag = records.stream().collect(Collectors.groupingBy(
                    s -> s.substring(0, s.lastIndexOf('|')), Collectors.mapping(s -> s.substring(s.lastIndexOf('|') + 1),
                            Collectors.toList())));
            List<String> notExactlyOne = tagged ? java.util.Arrays.stream(tags)
                    .filter(t -> recordsByTag.getOrDefault(t, List.of()).size() != 1)
                    .map(t -> t + ": " + recordsByTag.getOrDefault(t, List.of()).size() + " records").toList()
                    : records.size() == tags.length ? List.of()
                    : List.of(tags.length + " keys but " + records.size() + " records of the test's patients");
            List<String> recordIds = recordsByTag.values().stream().flatMap(List::stream).toList();
            Set<String> answeredIds = attempts.stream().filter(a -> a.first != null).map(a -> a.first.id())
                    .collect(Collectors.toSet());

            // The killed service consumed the admissions made around the crash: one enrollment each.
            long enrollments = 0;
            double consumedAfter = 0;
            if (!admitted.isEmpty()) {
                String[] admissionIds = admitted.stream().map(p -> p[1]).toArray(String[]::new);
                Fixtures.awaitKnownEverywhere(admitted.stream().map(p -> p[0]).toList(), Duration.ofSeconds(120));
                consumedAfter = (System.nanoTime() - restartedAt[0]) / 1e9;
                enrollments = Databases.number(Service.SCHEDULING,
                        "SELECT count(*) FROM enrollment WHERE admission_id::text = ANY (?)", (Object) admissionIds);
            }

            // No orphans: each event of the service's outbox belongs to a committed record, each record has its event.
            KafkaOutageE2ETest.awaitOutboxesDrained(Duration.ofSeconds(60));
            List<Databases.OutboxRow> rows = Databases.outboxSince(target.service(), mark);
            Map<String, Long> eventsPerRecord = rows.stream().filter(r -> target.created() != null
                            && r.type().equals(target.created().type()))
                    .collect(Collectors.groupingBy(r -> data(r.payload()).path(target.idField()).asText(),
                            Collectors.counting()));
            Set<String> existing = new HashSet<>(Databases.strings(target.service(), "SELECT id::text FROM "
                    + target.table() + " WHERE id::text = ANY (?)", (Object) eventsPerRecord.keySet().toArray(String[]::new)));
            List<String> orphanEvents = eventsPerRecord.keySet().stream().filter(id -> !existing.contains(id)).toList();
            List<String> recordsWithoutOneEvent = target.created() == null ? List.of() : recordIds.stream()
                    .filter(id -> eventsPerRecord.getOrDefault(id, 0L) != 1).toList();
            List<String> auditIds = rows.stream().filter(r -> r.type().equals(EventType.AUDIT_RECORD_APPENDED.type()))
                    .map(r -> data(r.payload()).path("auditId").asText()).toList();
            long auditRowsFound = Databases.number(target.service(), "SELECT count(*) FROM audit_log WHERE id::text = ANY (?)",
                    (Object) auditIds.toArray(String[]::new));
            // On the broker too: everything committed arrived, and each creation event names an existing record.
            Set<String> writtenIds = rows.stream().map(Databases.OutboxRow::eventId).collect(Collectors.toSet());
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> capture.records().stream()
                    .filter(r -> r.event() != null).map(r -> r.event().id()).collect(Collectors.toSet()).containsAll(writtenIds));
            Set<String> brokerRecordIds = capture.records().stream().filter(r -> r.event() != null
                            && target.created() != null && r.event().type().equals(target.created().type())
                            && writtenIds.contains(r.event().id()))
                    .map(r -> r.event().data().path(target.idField()).asText()).collect(Collectors.toSet());
            List<String> brokerOrphans = brokerRecordIds.stream().filter(id -> !existing.contains(id)).toList();
            long redelivered = capture.records().stream().filter(r -> r.event() != null && writtenIds.contains(r.event().id()))
                    .count() - writtenIds.size();

            // The restarted service's consumers are members of their group again (the killed ones have timed out).
            double rejoined = groupsStable.get(3, TimeUnit.MINUTES).toNanos() / 1e9;
            Double resumeSeconds = resumed.get(3, TimeUnit.MINUTES);
            // A record first dead-lettered before this test may be read and dead-lettered again by the restarted
            // consumer (its offset was not committed yet when it was killed): counted, not a failure.
            List<EventCapture.Captured> parked = capture.records().stream().filter(r -> r.topic().endsWith(".dlq")).toList();
            List<String> deadLetters = parked.stream().filter(r -> Consumers.deadLetteredSince(r, endOffsets))
                    .map(r -> r.topic() + ": " + r.headers().get("dead-letter-reason")).toList();
            long deadLettersAgain = parked.size() - deadLetters.size();

            long keys = attempts.size();
            long retriedKeys = attempts.stream().filter(a -> a.failedBeforeSuccess).count();
            System.out.printf("%s keys %d, retried %d (%d had committed before the kill: replayed; %d created on retry), "
                            + "replays identical %d/%d; statuses %s; 503 clean %d / without Retry-After %d; other 5xx %d; "
                            + "not exactly one record %d; creation events without a record %d (broker %d); records "
                            + "without exactly one creation event %d; audit events %d / rows found %d; redelivered by the "
                            + "restarted relay %d; admissions around the crash %d → enrollments %d (all applied %.1f s after the "
                            + "restart); consumer groups stable again %.1f s after the restart; dead-lettered %d (older poison "
                            + "dead-lettered again %d)%n",
                    tag, keys, retriedKeys, committedBeforeTheKill, retriedKeys - committedBeforeTheKill, replayed,
                    answeredIds.size(), tally.byStatus(), tally.clean503.sum(), tally.unclean503.sum(),
                    tally.other5xx.sum(), notExactlyOne.size(), orphanEvents.size(), brokerOrphans.size(),
                    recordsWithoutOneEvent.size(), auditIds.size(), auditRowsFound, redelivered, admitted.size(),
                    enrollments, consumedAfter, rejoined, deadLetters.size(), deadLettersAgain);
            ReliabilityReport.record(section, "keys (one " + target.what() + " each) / retried after the restart",
                    keys + " / " + retriedKeys);
            ReliabilityReport.record(section, "retried keys committed before the kill (replayed) / created on retry",
                    committedBeforeTheKill + " / " + (retriedKeys - committedBeforeTheKill));
            ReliabilityReport.record(section, "replays with the first success's status and id", replayed + " of "
                    + answeredIds.size());
            ReliabilityReport.record(section, "keys with other than one record", notExactlyOne.size());
            ReliabilityReport.record(section, "orphan events (outbox / broker)", orphanEvents.size() + " / "
                    + brokerOrphans.size());
            ReliabilityReport.record(section, "requests retried", tally.retries.sum());
            ReliabilityReport.record(section, "503s seen (clean / without Retry-After)",
                    tally.clean503.sum() + " / " + tally.unclean503.sum());
            ReliabilityReport.record(section, "5xx other than 503", tally.other5xx.sum());
            ReliabilityReport.record(section, "restart after SIGKILL (s)", String.format(Locale.ROOT, "%.1f", restartSeconds));
            ReliabilityReport.record(section, "its consumers back in their groups after the restart (s)",
                    String.format(Locale.ROOT, "%.1f", rejoined));
            ReliabilityReport.record(section, "successful requests before the kill; process gone / port refused",
                    beforeKill + "; " + died + " / " + refused);
            if (resumeSeconds != null) {
                System.out.printf("%s an admission made after the restart applied by it %.1f s after it was ready%n", tag,
                        resumeSeconds);
                ReliabilityReport.record(section, "consuming again: an admission made after the restart applied within (s)",
                        String.format(Locale.ROOT, "%.1f", resumeSeconds));
            }
            if (!admitted.isEmpty()) {
                ReliabilityReport.record(section, "admissions consumed around the crash → enrollments",
                        admitted.size() + " → " + enrollments);
                ReliabilityReport.record(section, "all admissions applied after the restart within (s)",
                        String.format(Locale.ROOT, "%.1f", consumedAfter));
            }

            Fixtures.awaitGatewayHealthy(Duration.ofSeconds(60));
            // The crash happened and hit requests: the process died, its port refused connections, and requests
            // that failed because of it were retried (with their key) after the restart.
            assertThat(died).as("the killed process is gone").isTrue();
            assertThat(refused).as("its port refused connections while it was down").isTrue();
            assertThat(retriedKeys).as("keys whose request failed in the crash and was retried").isPositive();
            assertThat(tally.retries.sum()).as("requests retried").isPositive();
            assertThat(attempts).as("every key got its 201 in the end").allMatch(a -> a.first != null);
            assertThat(notExactlyOne).as("keys without exactly one record").isEmpty();
            if (target.answerIdIsRecord()) {
                assertThat(answeredIds).as("the ids the clients were given are the records written")
                        .containsExactlyInAnyOrderElementsOf(recordIds);
            }
            assertThat(recordIds).as("records written, one per key").hasSize(attempts.size());
            assertThat(replayed).as("replays with the first success's status and id").isEqualTo(attempts.size());
            assertThat(replayMismatches).as("replays that differ from the first success").isEmpty();
            assertThat(orphanEvents).as("creation events of records that do not exist").isEmpty();
            assertThat(brokerOrphans).as("creation events on the broker for records that do not exist").isEmpty();
            assertThat(recordsWithoutOneEvent).as("records without exactly one creation event").isEmpty();
            assertThat(auditRowsFound).as("audit events whose audit record was rolled back").isEqualTo(auditIds.size());
            assertThat(tally.other5xx.sum()).as("5xx other than 503: %s", tally.examples()).isZero();
            assertThat(tally.unclean503.sum()).as("503 without a problem document or Retry-After: %s", tally.examples())
                    .isZero();
            assertThat(tally.unexpected.sum()).as("unexpected answers: %s", tally.examples()).isZero();
            assertThat(deadLetters).as("dead-lettered records").isEmpty();
            if (!admitted.isEmpty()) {
                assertThat(enrollments).as("one enrollment per admission consumed around the crash")
                        .isEqualTo(admitted.size());
            }
            if (resumeSeconds != null) {
                assertThat(resumeSeconds).as("seconds from the restart until it applied a new admission")
                        .isLessThanOrEqualTo(10.0);
            }
        }
    }

    /** Sends attempts, retrying each with the same key and body until it gets its 201. */
    private static final class Client {
        private final Target target;
        private final Tally tally;
        private final AtomicInteger successes;

        Client(Target target, Tally tally, AtomicInteger successes) {
            this.target = target;
            this.tally = tally;
            this.successes = successes;
        }

        Api.Answer send(Attempt a) {
            a.tries++;
            return tally.count(target.what(), Api.post(target.user(), a.request.path(), a.request.body(),
                    Map.of("Idempotency-Key", a.key)));
        }

        void sendUntilCreated(Attempt a, BooleanSupplier giveUp) {
            while (a.first == null && !giveUp.getAsBoolean()) {
                if (a.tries > 0) {
                    tally.retries.increment();
                }
                Api.Answer answer = send(a);
                if (answer.status() == 201) {
                    a.first = answer;
                    successes.incrementAndGet();
                } else if (answer.status() == 503 || answer.status() == Api.NO_ANSWER) {
                    a.failedBeforeSuccess = true;
                    Tally.sleep(answer.header("Retry-After").map(s -> Long.parseLong(s) * 1000).orElse(500L));
                } else {
                    tally.unexpected.increment();
                    tally.example(target.what(), answer);
                    return;
                }
            }
        }
    }

    private static JsonNode data(String payload) {
        try {
            return Api.JSON.readTree(payload).path("data");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
