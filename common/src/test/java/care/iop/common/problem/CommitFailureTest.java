package care.iop.common.problem;

import jakarta.transaction.RollbackException;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Narayana reports why a commit failed as exceptions suppressed by its RollbackException, not as its cause. Found by
 * the end-to-end PostgreSQL restart (issue #10): a transition whose commit met the restarting database answered 500.
 */
class CommitFailureTest {

    /** What a @Transactional resource method throws when the database goes away during its commit. */
    private static RuntimeException failedCommit(SQLException why) {
        RollbackException rollback = new RollbackException("ARJUNA016053: Could not commit transaction.");
        rollback.addSuppressed(why);
        return new RuntimeException(rollback);
    }

    @Test
    void a_database_that_went_away_during_the_commit_is_a_503_and_transient() {
        for (String state : new String[]{"08006", "57P01"}) {
            RuntimeException thrown = failedCommit(new SQLException("I/O error", state));
            assertThat(ProblemMapper.classify(thrown).status()).as(state).isEqualTo(503);
            // The consumers wait such a failure out instead of counting it towards the dead-letter topic.
            assertThat(TransientFailures.anyInChain(thrown)).as(state).isTrue();
        }
    }

    @Test
    void a_rollback_for_another_reason_is_classified_by_that_reason_and_is_not_transient() {
        RuntimeException thrown = failedCommit(new SQLException("value too long", "22001"));
        assertThat(ProblemMapper.classify(thrown).status()).isEqualTo(400);
        assertThat(TransientFailures.anyInChain(thrown)).isFalse();
        assertThat(ProblemMapper.classify(new RuntimeException(new RollbackException("marked rollback only")))
                .status()).isEqualTo(500);
    }
}
