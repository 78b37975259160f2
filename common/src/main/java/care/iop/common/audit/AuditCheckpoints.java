package care.iop.common.audit;

import care.iop.common.config.IopConfig;
import care.iop.common.outbox.Outbox;
import care.iop.events.audit.AuditChainCheckpointed;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Publishes the head of the audit chain ({@code care.iop.audit.chain.checkpointed.v1} on {@code iop.audit.v1},
 * through the outbox), so that the chain can be checked against a head kept outside the database: after sealing (at
 * most once per {@code iop.audit.checkpoint-interval}), and every interval when the head moved since the last
 * checkpoint or that one is older than {@code iop.audit.checkpoint-max-age} (so that a quiet service's last head does
 * not age out of the topic). The last published head is remembered in {@code audit_chain_head}, so that several
 * instances publish it once.
 */
@ApplicationScoped
public class AuditCheckpoints {

    /** A published chain head. */
    public record Checkpoint(long chainIndex, String hash, Instant sealedAt) {
    }

    @Inject
    EntityManager em;

    @Inject
    Outbox outbox;

    @Inject
    IopConfig config;

    @ConfigProperty(name = "iop.audit.checkpoint-interval", defaultValue = "1m")
    Duration interval;

    @ConfigProperty(name = "iop.audit.checkpoint-max-age", defaultValue = "1d")
    Duration maxAge;

    @Scheduled(every = "${iop.audit.checkpoint-interval:1m}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        publishIfDue(false);
    }

    /** Publishes the current head now (unless the chain is still empty): for tests and operators. */
    @Transactional
    public Optional<Checkpoint> publish() {
        return publishIfDue(true);
    }

    @Transactional
    Optional<Checkpoint> publishIfDue(boolean force) {
        Head head = lockedHead();
        Instant now = Instant.now();
        boolean due = force || head.index != head.checkpointIndex || head.checkpointAt == null
                || head.checkpointAt.isBefore(now.minus(maxAge));
        return head.index > 0 && due ? Optional.of(record(head.index, head.hash, now)) : Optional.empty();
    }

    /**
     * Called by the sealer in its transaction, with the head locked and just moved to {@code index}: publishes it when
     * the last checkpoint is at least an interval old.
     */
    void afterSealing(long index, String hash, Instant lastCheckpointAt) {
        Instant now = Instant.now();
        if (lastCheckpointAt == null || !lastCheckpointAt.isAfter(now.minus(interval))) {
            record(index, hash, now);
        }
    }

    private Checkpoint record(long index, String hash, Instant now) {
        Instant at = now.truncatedTo(ChronoUnit.MICROS);
        String service = config.serviceName();
        outbox.publish(new AuditChainCheckpointed(service, index, hash, at), AuditChainCheckpointed.subjectOf(service),
                null);
        em.unwrap(Session.class).doWork(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE audit_chain_head SET checkpoint_index = ?, checkpoint_at = ? WHERE id = 1")) {
                ps.setLong(1, index);
                ps.setTimestamp(2, Timestamp.from(at));
                ps.executeUpdate();
            }
        });
        return new Checkpoint(index, hash, at);
    }

    private record Head(long index, String hash, long checkpointIndex, Instant checkpointAt) {
    }

    private Head lockedHead() {
        return em.unwrap(Session.class).doReturningWork(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT chain_index, hash, checkpoint_index, checkpoint_at "
                    + "FROM audit_chain_head WHERE id = 1 FOR UPDATE"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                Timestamp at = rs.getTimestamp(4);
                return new Head(rs.getLong(1), rs.getString(2), rs.getLong(3), at == null ? null : at.toInstant());
            }
        });
    }
}
