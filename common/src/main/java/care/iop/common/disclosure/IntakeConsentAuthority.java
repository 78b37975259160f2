package care.iop.common.disclosure;

import care.iop.common.config.IopConfig;
import care.iop.common.problem.ProblemException;
import care.iop.events.intake.ConsentCategory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.arc.DefaultBean;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/** Asks intake's {@code GET /api/v1/intake/consent-authorizations} with the calling partner's token. */
@DefaultBean
@ApplicationScoped
public class IntakeConsentAuthority implements ConsentAuthority {

    private static final Logger LOG = Logger.getLogger(IntakeConsentAuthority.class);
    /** Well inside the gateway's wait for a disclosure part, so a late answer is never shown as unavailable. */
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    @Inject
    IopConfig config;

    @Inject
    CurrentVertxRequest request;

    @Inject
    ObjectMapper json;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    @Override
    public Optional<Grant> grantFor(UUID patientId, ConsentCategory category, String purposeOfUse) {
        String token = request.getCurrent() == null ? null : request.getCurrent().request().getHeader("Authorization");
        if (token == null) {
            return Optional.empty();
        }
        return ask(config.consentAuthority().url(), token, patientId, category, purposeOfUse);
    }

    /**
     * The HTTP exchange with intake, the consumer side of the contract in {@code contracts/} (checked by
     * {@code IntakeConsentAuthorityPactTest}): any answer but 200 — 401, 403, 5xx — or no answer is a 503, since
     * the consent could not be checked; a 200 that does not permit is no grant.
     */
    Optional<Grant> ask(URI authority, String token, UUID patientId, ConsentCategory category, String purposeOfUse) {
        HttpRequest ask = HttpRequest.newBuilder(authority.resolve("/api/v1/intake/consent-authorizations?patientId="
                        + patientId + "&category=" + category.value() + "&purposeOfUse=" + purposeOfUse))
                .timeout(TIMEOUT).header("Authorization", token).header("Accept", "application/json").GET().build();
        try {
            HttpResponse<String> answer = http.send(ask, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                LOG.warnf("Consent authority answered %d", answer.statusCode());
                throw unavailable();
            }
            JsonNode body = json.readTree(answer.body());
            if (!body.path("permitted").asBoolean(false)) {
                return Optional.empty();
            }
            return Optional.of(new Grant(UUID.fromString(body.path("consentId").asText()),
                    UUID.fromString(body.path("clinicId").asText())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable();
        } catch (IOException | RuntimeException e) {
            if (e instanceof ProblemException p) {
                throw p;
            }
            LOG.warnf("Consent authority not reachable: %s", e.getClass().getSimpleName());
            throw unavailable();
        }
    }

    private static ProblemException unavailable() {
        return new ProblemException(503, "service-unavailable", "Service unavailable",
                "Consent could not be checked just now; nothing was disclosed");
    }
}
