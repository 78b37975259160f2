package care.iop.analytics.instances;

import care.iop.analytics.ProblemDocument;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Not ready is a 503 problem with Retry-After; the reason, which may name a host, stays in the log. */
class NotReadyMapperTest {

    @Test
    void not_ready_is_503_with_retry_after_and_no_host_in_the_answer() {
        Response response = new NotReadyMapper().notReady(
                new NotReady("instance analytics-b:8086 did not answer: ConnectException"));

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("5");
        assertThat(response.getMediaType()).hasToString(ProblemDocument.MEDIA_TYPE);
        ProblemDocument problem = (ProblemDocument) response.getEntity();
        assertThat(problem.type()).isEqualTo("urn:iop:problem:service-unavailable");
        assertThat(problem.status()).isEqualTo(503);
        assertThat(problem.detail()).contains("retry shortly").doesNotContain("analytics-b");
    }
}
