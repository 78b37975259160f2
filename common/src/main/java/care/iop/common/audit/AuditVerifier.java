package care.iop.common.audit;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks the audit chain and reports every break: a row whose content no longer matches its hash (edited), a
 * missing chain position or a wrong back-link (deleted), or a chain shorter than its recorded head (rows cut
 * from the end). Findings name rows by sequence number and chain index only.
 */
@ApplicationScoped
public class AuditVerifier {

    @Inject
    AgroalDataSource dataSource;

    public record Report(long rowsChecked, long unsealedRows, List<String> problems) {
        public boolean intact() {
            return problems.isEmpty();
        }
    }

    public Report verify() {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false); // a consistent snapshot, and a cursor instead of loading every row
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                return verify(c);
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("audit verification could not read the log", e);
        }
    }

    private static Report verify(Connection c) throws SQLException {
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
        long unsealed;
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM audit_log WHERE hash IS NULL");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            unsealed = rs.getLong(1);
        }
        return new Report(checked, unsealed, List.copyOf(problems));
    }
}
