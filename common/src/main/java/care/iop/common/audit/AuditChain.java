package care.iop.common.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.HexFormat;

/** How an audit row is hashed into the chain: SHA-256 over the previous hash and the row's content columns. */
final class AuditChain {

    static final String GENESIS = "genesis";

    /** The content columns, in hashing order. */
    static final String CONTENT_COLUMNS = "seq, id, occurred_at, actor_subject, actor_client_id, actor_roles, "
            + "clinic_id, patient_id, resource_type, resource_id, action, outcome, request_id, source_address, "
            + "purpose_of_use, sensitive";
    private static final int CONTENT_COLUMN_COUNT = CONTENT_COLUMNS.split(",").length;

    private AuditChain() {
    }

    /** Hashes the row the result set is on, whose first columns are {@link #CONTENT_COLUMNS}. */
    static String hash(String previousHash, ResultSet row) throws SQLException {
        StringBuilder material = new StringBuilder(previousHash);
        for (int i = 1; i <= CONTENT_COLUMN_COUNT; i++) {
            Object value = row.getObject(i);
            material.append('\u001f').append(value instanceof Timestamp ts ? ts.toInstant().toString()
                    : value == null ? "\u2400" : value.toString());
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(material.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
