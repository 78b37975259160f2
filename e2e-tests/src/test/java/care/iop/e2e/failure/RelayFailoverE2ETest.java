package care.iop.e2e.failure;

import care.iop.devstack.DevStack;
import care.iop.devstack.Service;
import care.iop.e2e.Platform;
import care.iop.e2e.ReliabilityReport;
import care.iop.testkit.EventCapture;
import com.fasterxml.jackson.databind.JsonNode;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static care.iop.e2e.failure.Fixtures.INTAKE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #16: two instances of intake share its database, so two outbox relays: one holds the leadership (a
 * PostgreSQL advisory lock on its own connection), the other stands by. Patients are registered and given a run of
 * consents each, every request to either instance in turn (with an Idempotency-Key, retried on the other instance
 * when one does not answer); partway through, the instance whose relay leads is killed with SIGKILL. The standby
 * takes over, and afterwards every event the outbox holds is on the broker, and each key's events (a patient's
 * consents, the audit stream) arrive in the order they were committed: a redelivery of a row the dead leader had
 * published but not marked is allowed (consumers dedupe on the event id), an event overtaking an earlier one is not.
 */
class RelayFailoverE2ETest {

    static final String SECTION = "Relay failover: two intake instances, the leader killed mid-burst";
    static final int PATIENTS = 8;
    static final int CONSENTS = 16;

    private final DevStack stack = Platform.stack();

    @Test
    void the_standby_relay_takes_over_and_keeps_each_keys_order_and_loses_nothing() throws Exception {
        Fixtures.awaitGatewayHealthy(Duration.ofSeconds(60));
        DevStack.Instance second = stack.startInstance(Service.INTAKE);
        String first = stack.serviceUrl(Service.INTAKE);
        List<String> bases = List.of(first, second.url());
        Tally tally = new Tally();
        AtomicInteger done = new AtomicInteger();
        AtomicInteger afterKill = new AtomicInteger();
        AtomicInteger retriedElsewhere = new AtomicInteger();
        Set<String> dead = Collections.synchronizedSet(new HashSet<>());
        List<String> patients = Collections.synchronizedList(new ArrayList<>());
        Map<String, List<String>> consentsOf = new java.util.concurrent.ConcurrentHashMap<>();
        String leaderBase;
        String standbyBase;
        boolean died;
        boolean refused;
        double takeover;
        long pendingAtKill;
        long markAtKill;
        int doneAtKill;
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> relayActive(first) || relayActive(second.url()));
            boolean firstLeads = relayActive(first);
            assertThat(firstLeads && relayActive(second.url())).as("two active relays at once").isFalse();
            leaderBase = firstLeads ? first : second.url();
            standbyBase = firstLeads ? second.url() : first;
            long mark = Databases.outboxMarks().get(Service.INTAKE);
            try (EventCapture capture = Consumers.captureEverything()) {
                ExecutorService pool = Executors.newFixedThreadPool(PATIENTS);
                List<CompletableFuture<Void>> workers = new ArrayList<>();
                for (int p = 0; p < PATIENTS; p++) {
                    int worker = p;
                    workers.add(CompletableFuture.runAsync(() -> {
                        int turn = worker;
                        Api.Answer registered = call(tally, bases, dead, turn++, "POST", INTAKE + "/patients",
                                Fixtures.patientBody("Relay"), retriedElsewhere);
                        if (registered.status() != 201) {
                            return;
                        }
                        String patient = registered.id();
                        patients.add(patient);
                        List<String> consents = Collections.synchronizedList(new ArrayList<>());
                        consentsOf.put(patient, consents);
                        for (int c = 0; c < CONSENTS; c++) {
                            Api.Answer granted = call(tally, bases, dead, turn++, "POST",
                                    INTAKE + "/patients/" + patient + "/consents", consent(), retriedElsewhere);
                            if (granted.status() == 201) {
                                consents.add(granted.id());
                                if (done.incrementAndGet() > 0 && !dead.isEmpty()) {
                                    afterKill.incrementAndGet();
                                }
                            }
                        }
                    }, pool));
                }
                int total = PATIENTS * CONSENTS;
                Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> done.get() >= total / 3);
                doneAtKill = done.get();
                pendingAtKill = Databases.number(Service.INTAKE, "SELECT count(*) FROM outbox_event WHERE sent_at IS NULL");
                markAtKill = Databases.outboxMarks().get(Service.INTAKE);
                long pid;
                long killedAt = System.nanoTime();
                if (leaderBase.equals(first)) {
                    pid = stack.pid(Service.INTAKE);
                    dead.add(first);
                    stack.faults().kill(Service.INTAKE);
                } else {
                    pid = second.pid();
                    dead.add(second.url());
                    second.kill();
                }
                Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                        .until(() -> relayActive(standbyBase));
                takeover = (System.nanoTime() - killedAt) / 1e9;
                died = Fixtures.gone(pid);
                refused = Fixtures.refuses("127.0.0.1", URI(leaderBase).getPort());
                CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
                pool.shutdown();
                System.out.printf("[relay-failover] leader %s killed after %d of %d consents (%d outbox rows unsent); "
                                + "the standby %s led %.1f s later; %d consents after the kill%n", leaderBase, doneAtKill,
                        total, pendingAtKill, standbyBase, takeover, afterKill.get());

                // Everything committed is published, by one relay or the other.
                KafkaOutageE2ETest.awaitOutboxesDrained(Duration.ofSeconds(90));
                List<Databases.OutboxRow> rows = Databases.outboxSince(Service.INTAKE, mark);
                Set<String> written = rows.stream().map(Databases.OutboxRow::eventId).collect(Collectors.toSet());
                Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                        capture.records().stream().filter(r -> r.event() != null).map(r -> r.event().id())
                                .collect(Collectors.toSet()).containsAll(written));
                List<EventCapture.Captured> records = capture.records().stream()
                        .filter(r -> r.event() != null && written.contains(r.event().id())).toList();
                Set<String> onBroker = records.stream().map(r -> r.event().id()).collect(Collectors.toSet());
                Set<String> missing = new HashSet<>(written);
                missing.removeAll(onBroker);
                long redelivered = records.size() - onBroker.size();

                // Per key: the order of first arrival is the order of commit.
                Map<String, List<String>> committed = rows.stream().sorted(Comparator.comparingLong(Databases.OutboxRow::id))
                        .collect(Collectors.groupingBy(r -> r.topic() + "|" + r.key(), java.util.LinkedHashMap::new,
                                Collectors.mapping(Databases.OutboxRow::eventId, Collectors.toList())));
                Map<String, List<String>> arrived = records.stream()
                        .sorted(Comparator.comparing(EventCapture.Captured::topic)
                                .thenComparingInt(EventCapture.Captured::partition)
                                .thenComparingLong(EventCapture.Captured::offset))
                        .collect(Collectors.groupingBy(r -> r.topic() + "|" + r.key(), java.util.LinkedHashMap::new,
                                Collectors.mapping(r -> r.event().id(), Collectors.toCollection(LinkedHashSet::new))))
                        .entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> new ArrayList<>(e.getValue())));
                List<String> outOfOrder = committed.entrySet().stream()
                        .filter(e -> !e.getValue().equals(arrived.getOrDefault(e.getKey(), List.of())))
                        .map(Map.Entry::getKey).toList();
                long afterKillRows = rows.stream().filter(r -> r.id() > markAtKill).count();
                long keysWithSeveral = committed.values().stream().filter(l -> l.size() > 1).count();

                // Each key's effect once: one consent per successful grant, as many as were answered.
                long consentRows = Databases.number(Service.INTAKE, "SELECT count(*) FROM consent WHERE patient_id::text "
                        + "= ANY (?)", (Object) patients.toArray(String[]::new));
                long answered = consentsOf.values().stream().mapToLong(List::size).sum();
                System.out.printf("[relay-failover] %d patients, %d consents answered, %d in the database; outbox rows %d "
                                + "(%d committed after the kill), on the broker %d, missing %d, redelivered %d; keys %d (%d "
                                + "with several events), out of order %d; statuses %s, retried on the other instance %d%n",
                        patients.size(), answered, consentRows, rows.size(), afterKillRows, onBroker.size(), missing.size(),
                        redelivered, committed.size(), keysWithSeveral, outOfOrder.size(), tally.byStatus(),
                        retriedElsewhere.get());
                ReliabilityReport.record(SECTION, "patients × consents (each request to either instance in turn)",
                        patients.size() + " × " + CONSENTS);
                ReliabilityReport.record(SECTION, "leader killed after / standby leading within (s)",
                        doneAtKill + " consents / " + String.format(Locale.ROOT, "%.1f", takeover));
                ReliabilityReport.record(SECTION, "outbox rows unsent at the kill / committed after it",
                        pendingAtKill + " / " + afterKillRows);
                ReliabilityReport.record(SECTION, "events written / on the broker / missing", rows.size() + " / "
                        + onBroker.size() + " / " + missing.size());
                ReliabilityReport.record(SECTION, "keys (patients, audit stream) / out of order", committed.size() + " / "
                        + outOfOrder.size());
                ReliabilityReport.record(SECTION, "redelivered by the new leader (deduped by consumers)", redelivered);
                ReliabilityReport.record(SECTION, "consents answered / in the database", answered + " / " + consentRows);
                ReliabilityReport.record(SECTION, "requests retried on the other instance", retriedElsewhere.get());

                assertThat(died).as("the leader's process is gone").isTrue();
                assertThat(refused).as("the leader's port refused connections").isTrue();
                assertThat(relayActive(leaderBase)).as("the killed instance's relay").isFalse();
                assertThat(afterKillRows).as("events committed after the kill (published by the new leader)").isPositive();
                assertThat(patients).as("patients registered").hasSize(PATIENTS);
                assertThat(answered).as("consents granted").isEqualTo((long) PATIENTS * CONSENTS);
                assertThat(consentRows).as("one consent per successful grant").isEqualTo(answered);
                assertThat(missing).as("committed events that never reached the broker").isEmpty();
                assertThat(keysWithSeveral).as("keys with several events (an order to keep)").isPositive();
                assertThat(outOfOrder).as("keys whose events arrived out of commit order").isEmpty();
                assertThat(tally.other5xx.sum()).as("5xx other than 503: %s", tally.examples()).isZero();
            }
        } finally {
            if (second.isAlive()) {
                second.stop();
            }
            if (!stack.isRunning(Service.INTAKE)) {
                stack.start(Service.INTAKE);
            }
            Fixtures.awaitGatewayHealthy(Duration.ofSeconds(60));
        }
    }

    /**
     * One request with its own Idempotency-Key, to the instance whose turn it is; a request that gets no answer (its
     * instance was killed) or a 503 is sent again, same key and body, to the other instance.
     */
    private static Api.Answer call(Tally tally, List<String> bases, Set<String> dead, int turn, String method,
                                   String path, Object body, AtomicInteger retriedElsewhere) {
        Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());
        Api.Answer a = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            String base = bases.get((turn + attempt) % bases.size());
            if (dead.contains(base)) {
                base = bases.get((turn + attempt + 1) % bases.size());
            }
            if (attempt > 0) {
                tally.retries.increment();
                retriedElsewhere.incrementAndGet();
            }
            a = tally.count(path, Api.send(base, Platform.bearer("coordinator.a"), method, path, body, key));
            if (a.status() != Api.NO_ANSWER && a.status() != 503 && a.status() != Api.TIMED_OUT) {
                return a;
            }
            Tally.sleep(200);
        }
        return a;
    }

    private static Map<String, Object> consent() {
        Map<String, Object> c = new HashMap<>();
        c.put("recipientClass", "hospital");
        c.put("categories", List.of("demographics"));
        c.put("purpose", "treatment");
        c.put("expiresAt", Instant.now().plus(365, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString());
        c.put("signedAt", Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString());
        c.put("signatureMethod", "electronic");
        return c;
    }

    /** Whether the instance at {@code base} says its outbox relay is the active one (its liveness check's data). */
    private static boolean relayActive(String base) {
        Api.Answer health = Api.send(base, Platform.bearer("coordinator.a"), "GET", "/q/health/live", null, Map.of());
        if (health.status() != 200 && health.status() != 503) {
            return false;
        }
        for (JsonNode check : health.json().path("checks")) {
            if (check.path("name").asText().equals("outbox-relay")) {
                return check.path("data").path("active").asBoolean(false);
            }
        }
        return false;
    }

    private static java.net.URI URI(String base) {
        return java.net.URI.create(base);
    }
}
