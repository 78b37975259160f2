package care.iop.common.transaction;

import care.iop.common.problem.ProblemException;
import care.iop.common.problem.ProblemMapper;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.RollbackException;
import org.hibernate.StaleObjectStateException;
import org.hibernate.StaleStateException;
import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.exception.LockAcquisitionException;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Which failures are a lost race worth another attempt, and that attempts are bounded. */
class ConflictRetryTest {

    private static RollbackException commitFailedWith(Throwable reason) {
        RollbackException rollback = new RollbackException("commit failed");
        rollback.addSuppressed(reason);
        return rollback;
    }

    @Test
    void lost_races_retry_wherever_they_sit_in_the_chain() {
        assertThat(ConflictRetry.isConflict(new OptimisticLockException())).isTrue();
        assertThat(ConflictRetry.isConflict(new StaleStateException("row was updated"))).isTrue();
        assertThat(ConflictRetry.isConflict(new StaleObjectStateException("Widget", UUID.randomUUID()))).isTrue();
        assertThat(ConflictRetry.isConflict(new IllegalStateException(new PersistenceException(
                new OptimisticLockException())))).isTrue();
        assertThat(ConflictRetry.isConflict(commitFailedWith(new StaleObjectStateException("Widget", 1)))).isTrue();
        assertThat(ConflictRetry.isConflict(new RuntimeException(commitFailedWith(new OptimisticLockException()))))
                .isTrue();
        SQLException serialization = new SQLException("could not serialize access", "40001");
        SQLException deadlock = new SQLException("deadlock detected", "40P01");
        assertThat(ConflictRetry.isConflict(serialization)).isTrue();
        assertThat(ConflictRetry.isConflict(new LockAcquisitionException("deadlock", deadlock))).isTrue();
        assertThat(ConflictRetry.isConflict(commitFailedWith(new PersistenceException(serialization)))).isTrue();
    }

    @Test
    void other_failures_do_not_retry() {
        assertThat(ConflictRetry.isConflict(null)).isFalse();
        assertThat(ConflictRetry.isConflict(new IllegalStateException("bug"))).isFalse();
        assertThat(ConflictRetry.isConflict(ProblemException.preconditionFailed("stale If-Match"))).isFalse();
        assertThat(ConflictRetry.isConflict(ProblemException.conflict("already enrolled"))).isFalse();
        assertThat(ConflictRetry.isConflict(new ConstraintViolationException("duplicate",
                new SQLException("duplicate key", "23505"), "uk"))).isFalse();
        assertThat(ConflictRetry.isConflict(new SQLException("lock timeout", "55P03"))).isFalse();
        assertThat(ConflictRetry.isConflict(new SQLException("connection refused", "08001"))).isFalse();
        assertThat(ConflictRetry.isConflict(commitFailedWith(new IllegalArgumentException()))).isFalse();
    }

    @Test
    void a_cycle_in_the_chain_ends_the_walk() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.addSuppressed(b);
        assertThat(ConflictRetry.isConflict(b)).isFalse();
    }

    @Test
    void attempts_are_bounded() {
        OptimisticLockException conflict = new OptimisticLockException();
        long retried = IntStream.rangeClosed(1, 20).filter(attempt -> ConflictRetry.shouldRetry(conflict, attempt))
                .count();
        assertThat(retried).isEqualTo(ConflictRetry.MAX_ATTEMPTS - 1);
        assertThat(ConflictRetry.shouldRetry(conflict, ConflictRetry.MAX_ATTEMPTS)).isFalse();
        assertThat(ConflictRetry.shouldRetry(new IllegalStateException(), 1)).isFalse();
    }

    @Test
    void backoff_is_small_jittered_and_grows() {
        for (int attempt = 1; attempt < ConflictRetry.MAX_ATTEMPTS; attempt++) {
            long mean = 10L << (attempt - 1);
            for (int i = 0; i < 50; i++) {
                Duration pause = ConflictRetry.backoff(attempt);
                assertThat(pause.toMillis()).isBetween(mean / 2, mean + mean / 2);
            }
        }
        assertThat(IntStream.range(0, 50).mapToLong(i -> ConflictRetry.backoff(4).toMillis()).distinct().count())
                .isGreaterThan(1);
    }

    @Test
    void a_race_that_escapes_is_503_never_412() {
        for (Throwable escaped : new Throwable[]{new OptimisticLockException(), new StaleObjectStateException("W", 1),
                commitFailedWith(new OptimisticLockException()), new SQLException("x", "40001"),
                new SQLException("x", "40P01")}) {
            ProblemException p = ProblemMapper.classify(escaped);
            assertThat(p.status()).as(escaped.toString()).isEqualTo(503);
            assertThat(p.slug()).isEqualTo("service-unavailable");
        }
        assertThat(ProblemMapper.classify(ProblemException.preconditionFailed("stale")).status()).isEqualTo(412);
    }
}
