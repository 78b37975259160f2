package care.iop.common.transaction;

import care.iop.common.problem.TransientFailures;
import jakarta.persistence.OptimisticLockException;
import org.hibernate.StaleStateException;
import org.hibernate.dialect.lock.OptimisticEntityLockException;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a failed transaction is worth running again: it lost a race with a concurrent one (optimistic-lock version
 * check, PostgreSQL serialisation failure 40001 or deadlock 40P01), which the client never asked about and which
 * a fresh attempt, reading the winner's committed rows, resolves. Bounded attempts with small jittered backoff, so
 * racing retries spread out.
 */
public final class ConflictRetry {

    /** Attempts in all, the first included. */
    public static final int MAX_ATTEMPTS = 5;
    private static final long BASE_BACKOFF_MILLIS = 10;

    private ConflictRetry() {
    }

    /**
     * True if a concurrent-change conflict is anywhere in the cause chain or among suppressed exceptions (a failed
     * JTA commit reports the flush's failure as suppressed by its RollbackException).
     */
    public static boolean isConflict(Throwable thrown) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> todo = new ArrayDeque<>();
        if (thrown != null) {
            todo.add(thrown);
        }
        while (!todo.isEmpty()) {
            Throwable t = todo.poll();
            if (!seen.add(t)) {
                continue;
            }
            if (t instanceof OptimisticLockException || t instanceof StaleStateException
                    || t instanceof OptimisticEntityLockException || TransientFailures.isConcurrencyConflict(t)) {
                return true;
            }
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
            Collections.addAll(todo, t.getSuppressed());
        }
        return false;
    }

    /** True if attempt number {@code attempt} (1-based) failed with {@code failure} and another one should run. */
    public static boolean shouldRetry(Throwable failure, int attempt) {
        return attempt < MAX_ATTEMPTS && isConflict(failure);
    }

    /** The pause before attempt {@code attempt + 1}: 10, 20, 40, 80 ms on average, each with ±50 % jitter. */
    public static Duration backoff(int attempt) {
        long mean = BASE_BACKOFF_MILLIS << Math.min(attempt - 1, 10);
        return Duration.ofMillis(mean / 2 + ThreadLocalRandom.current().nextLong(mean + 1));
    }
}
