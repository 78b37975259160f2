package care.iop.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Consents held by {@link ConsentAuthorityTestResource}; give it the service's {@code iop.consent-authority.url}.
 * (Managed over HTTP because test resources and tests may live in different class loaders.)
 */
public record ConsentGrants(URI authority) {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Records an active consent, given for treatment for 30 days, and returns its id. */
    public UUID grant(UUID patientId, UUID partnerId, UUID clinicId, String... categories) {
        return UUID.fromString(send("POST", "/test/consents?patientId=" + patientId + "&partnerId=" + partnerId
                + "&clinicId=" + clinicId + "&categories=" + String.join(",", categories)));
    }

    /** Records a consent given for one purpose (wire value, e.g. {@code payment}) until {@code expiresAt}. */
    public UUID grant(UUID patientId, UUID partnerId, UUID clinicId, String purpose, Instant expiresAt,
                      List<String> categories) {
        return UUID.fromString(send("POST", "/test/consents?patientId=" + patientId + "&partnerId=" + partnerId
                + "&clinicId=" + clinicId + "&categories=" + String.join(",", categories) + "&purpose=" + purpose
                + "&expiresAt=" + expiresAt));
    }

    public void revoke(UUID consentId) {
        send("DELETE", "/test/consents/" + consentId);
    }

    /** Makes the authority answer 503 (true) or work again (false). */
    public void down(boolean down) {
        send("PUT", "/test/consents/down?value=" + down);
    }

    private String send(String method, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(authority.resolve(path)).method(method,
                    HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
