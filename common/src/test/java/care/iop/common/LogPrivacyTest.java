package care.iop.common;

import care.iop.testkit.LogCapture;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static care.iop.common.Api.WIDGETS;
import static care.iop.common.Api.as;
import static care.iop.common.Api.clinician;
import static care.iop.common.Api.widget;
import static org.assertj.core.api.Assertions.assertThat;

/** Failures are logged by class, SQLState and request id: what the client sent never reaches the log. */
@QuarkusTest
class LogPrivacyTest {

    @Test
    void duplicate_keys_and_unexpected_failures_log_no_submitted_values() {
        UUID clinic = UUID.randomUUID();
        try (LogCapture log = LogCapture.start()) {
            as(clinician(clinic)).body(widget(UUID.randomUUID(), "ZQX-987")).post(WIDGETS).then().statusCode(201);
            as(clinician(clinic)).body(widget(UUID.randomUUID(), "ZQX-987")).post(WIDGETS).then().statusCode(409);
            String requestId = as(clinician(clinic)).get(WIDGETS + "/boom").then().statusCode(500).extract()
                    .path("requestId");

            assertThat(log.text()).contains(requestId).doesNotContain("ZQX-987", "Jane", "555-0100");
        }
    }
}
