package care.iop.common.problem;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class SafeTraceTest {

    @Test
    void names_classes_states_and_frames_but_never_messages() {
        var failure = new IllegalStateException("patient Jane Roe",
                new SQLException("Key (mrn)=(MRN-0042) already exists", "23505"));
        String trace = SafeTrace.of(failure);
        assertThat(trace).contains("IllegalStateException", "SQLException [SQLState 23505]", "\tat ")
                .doesNotContain("Jane", "MRN-0042");
    }
}
