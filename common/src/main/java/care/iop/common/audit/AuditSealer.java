package care.iop.common.audit;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * Links committed audit rows into the hash chain, in the order it finds them. Only one sealer works at a
 * time (it locks the chain head), so several instances of a service can run it.
 */
@ApplicationScoped
public class AuditSealer {

    private static final int BATCH = 1_000;

    @Inject
    EntityManager em;

    @Inject
    AuditCheckpoints checkpoints;

    private record Sealed(int rows, long index, String hash, Instant lastCheckpointAt) {
    }

    @Scheduled(every = "${iop.audit.seal-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "1s")
    void scheduled() {
        while (sealPending() == BATCH) {
            // a backlog: keep sealing, a batch per transaction
        }
    }

    /**
     * Seals every row committed so far (a batch at most); returns how many were sealed. A moved head is published as a
     * checkpoint in the same transaction when the last one is an interval old ({@link AuditCheckpoints}).
     */
    @Transactional
    public int sealPending() {
        Sealed sealed = em.unwrap(Session.class).doReturningWork(this::seal);
        if (sealed.rows() > 0) {
            checkpoints.afterSealing(sealed.index(), sealed.hash(), sealed.lastCheckpointAt());
        }
        return sealed.rows();
    }

    private Sealed seal(Connection c) throws SQLException {
        long index;
        String hash;
        Timestamp lastCheckpointAt;
        try (PreparedStatement head = c.prepareStatement(
                "SELECT chain_index, hash, checkpoint_at FROM audit_chain_head WHERE id = 1 FOR UPDATE");
             ResultSet rs = head.executeQuery()) {
            rs.next();
            index = rs.getLong(1);
            hash = rs.getString(2);
            lastCheckpointAt = rs.getTimestamp(3);
        }
        int sealed = 0;
        try (PreparedStatement select = c.prepareStatement("SELECT " + AuditChain.CONTENT_COLUMNS
                + " FROM audit_log WHERE hash IS NULL ORDER BY seq LIMIT " + BATCH);
             PreparedStatement update = c.prepareStatement(
                     "UPDATE audit_log SET chain_index = ?, prev_hash = ?, hash = ? WHERE seq = ?")) {
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    String next = AuditChain.hash(hash, rs);
                    update.setLong(1, ++index);
                    update.setString(2, hash);
                    update.setString(3, next);
                    update.setLong(4, rs.getLong(1));
                    update.addBatch();
                    hash = next;
                    sealed++;
                }
            }
            if (sealed > 0) {
                update.executeBatch();
                try (PreparedStatement head = c.prepareStatement(
                        "UPDATE audit_chain_head SET chain_index = ?, hash = ? WHERE id = 1")) {
                    head.setLong(1, index);
                    head.setString(2, hash);
                    head.executeUpdate();
                }
            }
        }
        return new Sealed(sealed, index, hash, lastCheckpointAt == null ? null : lastCheckpointAt.toInstant());
    }
}
