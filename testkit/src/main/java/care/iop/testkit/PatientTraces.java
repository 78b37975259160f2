package care.iop.testkit;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What a service's database holds about one patient: rows naming them in every table with a {@code patient_id}
 * column, and outbox events keyed by them. The audit trail (its table and its events) is left out: refused requests
 * are audited on purpose.
 * A refused write must leave the count where it was.
 */
public final class PatientTraces {

    private static final List<String> NOT_TRACES = List.of("audit_log");

    private PatientTraces() {
    }

    public static long count(DataSource dataSource, UUID patient) {
        try (Connection c = dataSource.getConnection()) {
            List<String> tables = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("select table_name from information_schema.columns "
                    + "where table_schema = current_schema() and column_name = 'patient_id' and data_type = 'uuid'");
                 ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    if (!NOT_TRACES.contains(r.getString(1))) {
                        tables.add(r.getString(1));
                    }
                }
            }
            long rows = 0;
            for (String table : tables) {
                rows += single(c, "select count(*) from " + table + " where patient_id = ?", patient);
            }
            return rows + single(c, "select count(*) from outbox_event where partition_key = ? "
                    + "and event_type not like 'care.iop.audit.%'", patient.toString());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long single(Connection c, String sql, Object param) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, param);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }
}
