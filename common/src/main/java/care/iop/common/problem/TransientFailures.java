package care.iop.common.problem;

import org.hibernate.exception.JDBCConnectionException;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * Database failures that pass by themselves. HTTP answers them with 503 (retry later); event consumers wait
 * them out instead of dead-lettering. Each method looks at one throwable, not its causes.
 */
public final class TransientFailures {

    private static final Set<String> SERVER_GOING_AWAY = Set.of("57P01", "57P02", "57P03");
    private static final Set<String> CONCURRENCY = Set.of("40001", "40P01");

    private TransientFailures() {
    }

    /** The database is unreachable, restarting, or the pool has no connection to give. */
    public static boolean isDatabaseUnavailable(Throwable t) {
        if (t instanceof JDBCConnectionException || t instanceof SQLTransientConnectionException) {
            return true;
        }
        return t instanceof SQLException sql && (sql.getSQLState() != null && (sql.getSQLState().startsWith("08")
                || SERVER_GOING_AWAY.contains(sql.getSQLState()))
                || String.valueOf(sql.getMessage()).contains("acquisition timeout"));
    }

    /** A serialisation failure or deadlock: the same work succeeds when retried. */
    public static boolean isConcurrencyConflict(Throwable t) {
        return t instanceof SQLException sql && CONCURRENCY.contains(sql.getSQLState());
    }

    /**
     * Either kind, anywhere in the cause chain or among the exceptions suppressed along it (a failed JTA commit
     * reports the database error as suppressed by its RollbackException, not as its cause).
     */
    public static boolean anyInChain(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (isDatabaseUnavailable(t) || isConcurrencyConflict(t)) {
                return true;
            }
        }
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (Throwable suppressed : t.getSuppressed()) {
                for (Throwable s = suppressed; s != null; s = s.getCause() == s ? null : s.getCause()) {
                    if (isDatabaseUnavailable(s) || isConcurrencyConflict(s)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
