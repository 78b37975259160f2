package care.iop.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.net.URI;
import java.util.Optional;

/**
 * Whether the identity provider (Keycloak) answers, for telling "this token is bad" (401) from "this token's signing
 * key cannot be fetched right now" (503). Tokens whose keys the gateway has cached are checked without it; one whose
 * key is new to the gateway (a rotated key) makes quarkus-oidc fetch the key set, and that fails while the provider is
 * down. Probes its discovery document, at most once per {@link #PROBE_EVERY_MS} (a flood of tokens with unknown keys
 * costs one probe per interval).
 */
@ApplicationScoped
public class IdentityProvider {

    private static final Logger LOG = Logger.getLogger(IdentityProvider.class);
    static final long PROBE_EVERY_MS = 2_000;
    /** What the 503 asks the client to wait: the provider's restart, not a second. */
    static final int RETRY_AFTER_SECONDS = 10;

    @Inject
    Vertx vertx;

    @ConfigProperty(name = "quarkus.oidc.auth-server-url")
    Optional<String> authServerUrl;

    private HttpClient client;
    private volatile long probedAt;
    private volatile Future<Boolean> last;

    /** Completes with whether the provider's discovery document answered 200 (within 2 s); never fails. */
    public Future<Boolean> reachable() {
        long now = System.currentTimeMillis();
        Future<Boolean> cached = last;
        if (cached != null && now - probedAt < PROBE_EVERY_MS) {
            return cached;
        }
        synchronized (this) {
            if (last != null && now - probedAt < PROBE_EVERY_MS) {
                return last;
            }
            probedAt = now;
            last = probe();
            return last;
        }
    }

    private Future<Boolean> probe() {
        if (authServerUrl.isEmpty()) {
            return Future.succeededFuture(true);
        }
        URI base = URI.create(authServerUrl.get().replaceAll("/+$", ""));
        if (client == null) {
            client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(2_000).setKeepAlive(false));
        }
        boolean tls = "https".equalsIgnoreCase(base.getScheme());
        int port = base.getPort() > 0 ? base.getPort() : tls ? 443 : 80;
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setHost(base.getHost()).setPort(port)
                .setSsl(tls).setURI(base.getRawPath() + "/.well-known/openid-configuration").setTimeout(2_000);
        return client.request(request).compose(r -> r.send()).compose(response -> response.body()
                        .map(ignored -> response.statusCode() == 200))
                .otherwise(failure -> {
                    LOG.warnf("identity provider %s unreachable: %s", base, failure.toString());
                    return false;
                });
    }
}
