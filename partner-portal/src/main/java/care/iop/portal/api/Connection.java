package care.iop.portal.api;

import care.iop.client.ApiClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.http.HttpClient;
import java.time.Duration;

/**
 * The one HTTP connection pool and JSON mapper the portal's API calls share. The generated client builds a new
 * {@link HttpClient} (its own selector thread and pool) for every {@code *Api} object and a new mapper for every
 * {@link ApiClient}; per page that cost more CPU than the page itself (docs/benchmarks.md, "Partner portal pages").
 */
@ApplicationScoped
public class Connection {

    private final String gatewayUrl;
    private final Duration timeout;
    private final HttpClient http;
    private final ObjectMapper json = ApiClient.createDefaultObjectMapper();

    public Connection(@ConfigProperty(name = "portal.gateway-url") String gatewayUrl,
                      @ConfigProperty(name = "portal.api-timeout", defaultValue = "10S") Duration timeout) {
        this.gatewayUrl = gatewayUrl;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
    }

    /** The mapper the API's answers are read with. */
    ObjectMapper json() {
        return json;
    }

    /** A client for one request (it carries that user's token), over the shared connections. */
    ApiClient client() {
        ApiClient client = new ApiClient(HttpClient.newBuilder(), json, gatewayUrl) {
            @Override
            public HttpClient getHttpClient() {
                return http;
            }
        };
        client.setReadTimeout(timeout);
        return client;
    }
}
