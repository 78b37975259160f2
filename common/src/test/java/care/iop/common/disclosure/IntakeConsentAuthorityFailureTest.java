package care.iop.common.disclosure;

import care.iop.common.problem.ProblemException;
import care.iop.events.intake.ConsentCategory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What {@link IntakeConsentAuthority} does when intake fails rather than answers — outside the pact, since intake
 * cannot be made to fail on demand: a 5xx, a body that is not the expected JSON, or no intake at all means the consent
 * could not be checked (503, nothing disclosed), never a grant.
 */
class IntakeConsentAuthorityFailureTest {

    private HttpServer intake;

    @AfterEach
    void stop() {
        if (intake != null) {
            intake.stop(0);
        }
    }

    private URI intakeAnswering(int status, String body) throws IOException {
        intake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        intake.createContext("/", x -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().set("Content-Type", "application/json");
            x.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                x.getResponseBody().write(bytes);
            }
            x.close();
        });
        intake.start();
        return URI.create("http://127.0.0.1:" + intake.getAddress().getPort());
    }

    private static void assertNotChecked(URI authority) {
        IntakeConsentAuthority consumer = new IntakeConsentAuthority();
        consumer.json = new ObjectMapper();
        assertThatThrownBy(() -> consumer.ask(authority, "Bearer partner-token", UUID.randomUUID(),
                ConsentCategory.MEDICATIONS, "TREAT"))
                .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.status()).isEqualTo(503));
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504})
    void a_server_error_means_the_consent_could_not_be_checked(int status) throws IOException {
        assertNotChecked(intakeAnswering(status, "{\"permitted\":true}"));
    }

    @Test
    void a_permit_without_consent_ids_means_the_consent_could_not_be_checked() throws IOException {
        assertNotChecked(intakeAnswering(200, "{\"permitted\":true}"));
    }

    @Test
    void a_body_that_is_not_json_means_the_consent_could_not_be_checked() throws IOException {
        assertNotChecked(intakeAnswering(200, "<html>proxy error</html>"));
    }

    @Test
    void no_intake_means_the_consent_could_not_be_checked() throws IOException {
        int closed;
        try (ServerSocket free = new ServerSocket(0)) {
            closed = free.getLocalPort();
        }
        assertNotChecked(URI.create("http://127.0.0.1:" + closed));
    }
}
