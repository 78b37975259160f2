package care.iop.common.audit;

import care.iop.common.outbox.Outbox;
import care.iop.common.request.RequestIds;
import care.iop.common.security.CallerContext;
import care.iop.events.audit.AuditAction;
import care.iop.events.audit.AuditOutcome;
import care.iop.events.audit.AuditRecordAppended;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Appends audit records (HIPAA 164.312(b)): who did what to which patient's data, with what outcome, from
 * where and for what purpose. A record is written in the caller's transaction, so it exists exactly when the
 * action it describes happened, and is published to {@code iop.audit.v1} through the outbox (without the source
 * address, which stays in the table).
 */
@ApplicationScoped
public class AuditLog {

    @Inject
    EntityManager em;

    @Inject
    CallerContext caller;

    @Inject
    Outbox outbox;

    @Inject
    TransactionSynchronizationRegistry transactionResources;

    /** One audited access. {@code sensitive} marks specially protected data (Part 2, psychotherapy notes). */
    public record Entry(AuditAction action, String resourceType, String resourceId, UUID patientId, UUID clinicId,
                        AuditOutcome outcome, boolean sensitive) {
        public static Entry success(AuditAction action, String resourceType, Object resourceId, UUID patientId,
                                    UUID clinicId) {
            return new Entry(action, resourceType, resourceId == null ? null : resourceId.toString(), patientId,
                    clinicId, AuditOutcome.SUCCESS, false);
        }

        public Entry withOutcome(AuditOutcome outcome) {
            return new Entry(action, resourceType, resourceId, patientId, clinicId, outcome, sensitive);
        }

        public Entry asSensitive() {
            return new Entry(action, resourceType, resourceId, patientId, clinicId, outcome, true);
        }
    }

    /** Who acted, taken from the request while it is in scope (a refusal is written after its request's work ended). */
    public record Actor(String subject, String clientId, List<String> roles, String purposeOfUse, String requestId,
                        String sourceAddress) {
    }

    /** The caller of the request in progress; for a consumer or a job, nobody (with the work's request id). */
    public Actor currentActor() {
        boolean known = caller.isAuthenticated();
        return new Actor(known ? caller.subject() : null, known ? caller.clientId() : null,
                List.copyOf(new TreeSet<>(known ? caller.roles() : List.of())), caller.purposeOfUse(),
                RequestIds.current() != null ? RequestIds.current() : UUID.randomUUID().toString(),
                caller.sourceAddress());
    }

    /** Records an access inside the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID record(Entry entry) {
        UUID id = insert(currentActor(), entry);
        recordedInThisTransaction().add(entry);
        return id;
    }

    /** Records an access by {@code actor} inside the current transaction (refusals, replays). */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID record(Actor actor, Entry entry) {
        return insert(actor, entry);
    }

    /**
     * The accesses this transaction has recorded so far, so that a stored Idempotency-Key answer can be audited
     * like the request it answers when it is replayed.
     */
    @SuppressWarnings("unchecked")
    public List<Entry> recordedInThisTransaction() {
        List<Entry> recorded = (List<Entry>) transactionResources.getResource(AuditLog.class);
        if (recorded == null) {
            recorded = new java.util.ArrayList<>();
            transactionResources.putResource(AuditLog.class, recorded);
        }
        return recorded;
    }

    private UUID insert(Actor actor, Entry entry) {
        return insertAll(actor, List.of(entry)).get(0);
    }

    /**
     * Writes the records in one batch and their events in another. The events take no per-patient ordering lock
     * ({@link Outbox#publishUnordered}): accesses that overlap in time have no order to keep, and waiting for one
     * another's commits made every read of one patient queue behind the last.
     */
    private List<UUID> insertAll(Actor actor, List<Entry> entries) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<UUID> ids = entries.stream().map(e -> UUID.randomUUID()).toList();
        em.unwrap(Session.class).doWork(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO audit_log (id, occurred_at, actor_subject, actor_client_id, actor_roles, clinic_id,
                      patient_id, resource_type, resource_id, action, outcome, request_id, source_address,
                      purpose_of_use, sensitive)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                for (int i = 0; i < entries.size(); i++) {
                    Entry entry = entries.get(i);
                    ps.setObject(1, ids.get(i));
                    ps.setTimestamp(2, Timestamp.from(now));
                    ps.setString(3, actor.subject());
                    ps.setString(4, actor.clientId());
                    ps.setString(5, String.join(",", actor.roles()));
                    ps.setObject(6, entry.clinicId());
                    ps.setObject(7, entry.patientId());
                    ps.setString(8, entry.resourceType());
                    ps.setString(9, entry.resourceId());
                    ps.setString(10, entry.action().value());
                    ps.setString(11, entry.outcome().value());
                    ps.setString(12, actor.requestId());
                    ps.setString(13, actor.sourceAddress());
                    ps.setString(14, actor.purposeOfUse());
                    ps.setBoolean(15, entry.sensitive());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        });
        List<Outbox.Unordered> events = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            UUID id = ids.get(i);
            events.add(new Outbox.Unordered(new AuditRecordAppended(id, now, actor.subject(), actor.clientId(),
                    actor.roles(), entry.clinicId(), entry.patientId(), entry.resourceType(), entry.resourceId(),
                    entry.action(), entry.outcome(), actor.requestId(), actor.purposeOfUse(), entry.sensitive()),
                    subjectOf(entry, id), entry.clinicId()));
        }
        outbox.publishUnordered(events);
        return ids;
    }

    /** Records several accesses (a list that returned many patients) in one batch, one record per entry. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordAll(List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        insertAll(currentActor(), entries);
        recordedInThisTransaction().addAll(entries);
    }

    /**
     * The event's key: the patient, else the resource — but a refusal's own id, since what was refused may be
     * another clinic's record, and events keyed by a patient carry that patient's clinic.
     */
    private static UUID subjectOf(Entry entry, UUID auditId) {
        if (entry.outcome() != AuditOutcome.SUCCESS) {
            return auditId;
        }
        if (entry.patientId() != null) {
            return entry.patientId();
        }
        try {
            return entry.resourceId() == null ? auditId : UUID.fromString(entry.resourceId());
        } catch (IllegalArgumentException notAUuid) {
            return auditId;
        }
    }
}
