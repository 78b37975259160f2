package care.iop.common.audit;

import care.iop.common.config.IopConfig;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Walks the audit chain and reports every break: a row whose content no longer matches its hash (edited), a
 * missing chain position or a wrong back-link (deleted), or a chain shorter than its recorded head (rows cut
 * from the end). Findings name rows by sequence number and chain index only.
 *
 * <p>All of that holds against anyone who cannot rewrite the chain; the database's owner could (switch the guard
 * trigger off, rehash every row consistently, move the head record). So the chain is also checked against the last head
 * the service published to {@code iop.audit.v1} ({@link AuditCheckpoints}), which is kept outside the database: the
 * row at that position must still carry the published hash, and the chain must reach it.
 */
@ApplicationScoped
public class AuditVerifier {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    IopConfig config;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    Optional<String> bootstrapServers;

    /**
     * @param checkedAgainst the highest chain position of the published heads the chain was checked against; 0 when it
     *                       was checked against none (none given, or none published yet)
     */
    public record Report(long rowsChecked, long unsealedRows, List<String> problems, long checkedAgainst) {
        public boolean intact() {
            return problems.isEmpty();
        }
    }

    /** The chain in the database, by itself. */
    public Report verify() {
        return verify(List.of());
    }

    /**
     * The chain in the database, and against every head the service published to {@code iop.audit.v1} that is still
     * on the topic: the last one, and the earlier ones too (a rewrite followed by a new head is found by those).
     */
    public Report verifyAgainstPublished() {
        String bootstrap = bootstrapServers.orElseThrow(() -> new IllegalStateException(
                "kafka.bootstrap.servers is not set: the published chain heads cannot be read"));
        return verify(PublishedCheckpoints.all(bootstrap, config.serviceName(), Duration.ofSeconds(60)));
    }

    /** The chain in the database, and against {@code published} (one head read from the topic). */
    public Report verify(AuditCheckpoints.Checkpoint published) {
        return verify(List.of(published));
    }

    /** The chain in the database, and against {@code published} (heads read from the topic). */
    public Report verify(List<AuditCheckpoints.Checkpoint> published) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false); // a consistent snapshot, and a cursor instead of loading every row
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                return verify(c, published);
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("audit verification could not read the log", e);
        }
    }

    /** The check on a connection of the caller's (e2e tests run it on their own connection). */
    private static Report verify(Connection c) throws SQLException {
        return verify(c, List.of());
    }

    private static Report verify(Connection c, List<AuditCheckpoints.Checkpoint> published) throws SQLException {
        Map<Long, List<AuditCheckpoints.Checkpoint>> headsAt = published.stream()
                .collect(Collectors.groupingBy(AuditCheckpoints.Checkpoint::chainIndex));
        long lastPublished = published.stream().mapToLong(AuditCheckpoints.Checkpoint::chainIndex).max().orElse(0);
        List<String> problems = new ArrayList<>();
        long checked = 0;
        long expectedIndex = 1;
        String previousHash = AuditChain.GENESIS;
        try (PreparedStatement ps = c.prepareStatement("SELECT " + AuditChain.CONTENT_COLUMNS
                + ", chain_index, prev_hash, hash FROM audit_log WHERE chain_index IS NOT NULL ORDER BY chain_index")) {
            ps.setFetchSize(1_000);
            try (ResultSet rs = ps.executeQuery()) {
                int meta = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    long seq = rs.getLong(1);
                    long index = rs.getLong(meta - 2);
                    String prev = rs.getString(meta - 1);
                    String hash = rs.getString(meta);
                    if (index != expectedIndex) {
                        problems.add("chain positions " + expectedIndex + ".." + (index - 1)
                                + " are missing (rows deleted) before seq " + seq);
                    } else if (!prev.equals(previousHash)) {
                        problems.add("seq " + seq + " (chain " + index + ") does not link to the row before it");
                    }
                    if (!AuditChain.hash(prev, rs).equals(hash)) {
                        problems.add("seq " + seq + " (chain " + index + ") was changed after it was sealed");
                    }
                    for (AuditCheckpoints.Checkpoint head : headsAt.getOrDefault(index, List.of())) {
                        if (!hash.equals(head.hash())) {
                            problems.add("seq " + seq + " (chain " + index + ") does not carry the hash published for "
                                    + "that position at " + head.sealedAt() + " (the chain was rewritten)");
                        }
                    }
                    previousHash = hash;
                    expectedIndex = index + 1;
                    checked++;
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT chain_index, hash FROM audit_chain_head WHERE id = 1"); ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                problems.add("the chain head record is missing");
            } else if (rs.getLong(1) != expectedIndex - 1 || !rs.getString(2).equals(previousHash)) {
                problems.add("the chain ends at position " + (expectedIndex - 1) + " but its head records position "
                        + rs.getLong(1) + " (rows deleted from the end, or the head was altered)");
            }
        }
        if (expectedIndex - 1 < lastPublished) {
            problems.add("the chain ends at position " + (expectedIndex - 1) + " but position " + lastPublished
                    + " was published as its head (rows deleted)");
        }
        long unsealed;
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM audit_log WHERE hash IS NULL");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            unsealed = rs.getLong(1);
        }
        return new Report(checked, unsealed, List.copyOf(problems), lastPublished);
    }
}
