package care.iop.common.audit;

import care.iop.events.EventSchemas;
import care.iop.events.Topics;
import care.iop.events.audit.AuditAction;
import care.iop.testkit.EventCapture;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Audit records of accesses: written in batches, and two accesses of one patient at once do not wait for each other. */
@QuarkusTest
class AuditLogTest {

    private final UUID clinic = UUID.randomUUID();
    private final AuditLog.Actor actor = new AuditLog.Actor("staff-1", "test-client", List.of("clinician"), null,
            UUID.randomUUID().toString(), "127.0.0.1");

    @Inject
    AuditLog audit;

    @Inject
    EntityManager em;

    @Test
    void a_read_of_a_patient_commits_while_another_read_of_the_same_patient_is_still_open() throws Exception {
        UUID patient = UUID.randomUUID();
        CountDownLatch firstRecorded = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        try (EventCapture events = EventCapture.from(Topics.AUDIT)) {
            CompletableFuture<Void> first = CompletableFuture.runAsync(() -> QuarkusTransaction.requiringNew().run(() -> {
                audit.record(actor, read(patient));
                firstRecorded.countDown();
                await(releaseFirst);
            }));
            assertThat(firstRecorded.await(10, TimeUnit.SECONDS)).isTrue();

            CompletableFuture<Void> second = CompletableFuture.runAsync(() -> QuarkusTransaction.requiringNew()
                    .run(() -> audit.record(actor, read(patient))));
            // With a per-patient lock on the audit event the second read would wait here for the first's commit.
            second.get(5, TimeUnit.SECONDS);
            assertThat(first).isNotDone();

            releaseFirst.countDown();
            first.get(10, TimeUnit.SECONDS);
            assertThat(events.awaitCount(r -> patient.toString().equals(r.key()), 2, EventCapture.DEFAULT_TIMEOUT))
                    .hasSize(2);
        } finally {
            releaseFirst.countDown();
        }
    }

    @Test
    void a_list_is_recorded_as_one_record_and_one_event_per_entry() {
        List<UUID> patients = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        try (EventCapture events = EventCapture.from(Topics.AUDIT)) {
            ManagedContext request = Arc.container().requestContext();
            request.activate();
            try {
                QuarkusTransaction.requiringNew().run(() -> audit.recordAll(patients.stream().map(this::read).toList()));
            } finally {
                request.terminate();
            }

            Set<String> keys = patients.stream().map(UUID::toString).collect(Collectors.toSet());
            List<EventCapture.Captured> published = events.awaitCount(r -> keys.contains(r.key()), 3,
                    EventCapture.DEFAULT_TIMEOUT);
            assertThat(published).extracting(EventCapture.Captured::key).containsExactlyInAnyOrderElementsOf(keys);
            published.forEach(r -> EventSchemas.assertValid(r.value()));
            events.assertNone(r -> keys.contains(r.key()) && !published.contains(r), Duration.ofSeconds(1));
        }
        long rows = QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from audit_log where patient_id in (?1, ?2, ?3) and clinic_id = ?4 and action = 'read'")
                .setParameter(1, patients.get(0)).setParameter(2, patients.get(1)).setParameter(3, patients.get(2))
                .setParameter(4, clinic).getSingleResult()).longValue());
        assertThat(rows).isEqualTo(3);
    }

    private AuditLog.Entry read(UUID patient) {
        return AuditLog.Entry.success(AuditAction.READ, "Widget", UUID.randomUUID(), patient, clinic);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
