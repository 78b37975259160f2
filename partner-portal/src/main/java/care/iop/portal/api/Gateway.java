package care.iop.portal.api;

import care.iop.client.ApiClient;
import care.iop.client.ApiException;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.oidc.AccessTokenCredential;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The public API through the gateway, as the signed-in user: the generated client ({@code care.iop.client}) with the
 * user's access token from the server-side session. The portal holds no data; every page asks the API afresh, so
 * every view is the API's own (authorised and audited there).
 */
@RequestScoped
public class Gateway {

    @Inject
    AccessTokenCredential accessToken;

    @Inject
    Connection connection;

    private ApiClient client;

    /** Runs one API call; a refusal becomes {@link ApiRefusal}, no answer (down, slow, 5xx) {@link ApiUnavailable}. */
    public <T> T call(ApiCall<T> call) {
        try {
            return call.run(client());
        } catch (ApiException e) {
            if (e.getCode() == 0 || e.getCode() >= 500 || e.getCause() instanceof IOException) {
                throw new ApiUnavailable(e.getCode(), e);
            }
            throw refusal(e);
        }
    }

    private ApiClient client() {
        if (client == null) {
            client = connection.client();
            String bearer = "Bearer " + accessToken.getToken();
            client.setRequestInterceptor(request -> request.header("Authorization", bearer));
        }
        return client;
    }

    private ApiRefusal refusal(ApiException e) {
        String type = null;
        Map<String, String> violations = new LinkedHashMap<>();
        try {
            JsonNode problem = connection.json().readTree(e.getResponseBody() == null ? "{}" : e.getResponseBody());
            type = problem.path("type").asText(null);
            for (JsonNode v : problem.path("violations")) {
                violations.putIfAbsent(v.path("field").asText(), v.path("message").asText());
            }
        } catch (IOException notJson) {
            // a refusal without a problem body: the status says enough
        }
        return new ApiRefusal(e.getCode(), type, violations);
    }

    @FunctionalInterface
    public interface ApiCall<T> {
        T run(ApiClient client) throws ApiException;
    }
}
