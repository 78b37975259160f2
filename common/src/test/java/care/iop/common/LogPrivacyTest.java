package care.iop.common;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static care.iop.common.Api.WIDGETS;
import static care.iop.common.Api.as;
import static care.iop.common.Api.clinician;
import static care.iop.common.Api.widget;
import static org.assertj.core.api.Assertions.assertThat;

/** Failures are logged by class, SQLState and request id: what the client sent never reaches the log. */
@QuarkusTest
class LogPrivacyTest {

    private final StringBuffer logged = new StringBuffer();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.append(record.getMessage()).append(' ');
            if (record.getParameters() != null) {
                for (Object p : record.getParameters()) {
                    logged.append(p).append(' ');
                }
            }
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                logged.append(trace);
            }
            logged.append('\n');
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLogs() {
        capture.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        Logger.getLogger("").removeHandler(capture);
    }

    @Test
    void duplicate_keys_and_unexpected_failures_log_no_submitted_values() {
        UUID clinic = UUID.randomUUID();
        as(clinician(clinic)).body(widget(UUID.randomUUID(), "ZQX-987")).post(WIDGETS).then().statusCode(201);
        as(clinician(clinic)).body(widget(UUID.randomUUID(), "ZQX-987")).post(WIDGETS).then().statusCode(409);
        String requestId = as(clinician(clinic)).get(WIDGETS + "/boom").then().statusCode(500).extract().path("requestId");

        assertThat(logged.toString()).contains(requestId).doesNotContain("ZQX-987", "Jane", "555-0100");
    }
}
