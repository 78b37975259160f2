package care.iop.gateway;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.net.URI;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Routes {@code /api/v1/<area>/**} to the service that owns the area, with Vert.x's reverse proxy streaming bodies
 * both ways. In front of it: a valid bearer token (checked here, and passed on for the service to check again),
 * the caller's rate limit, the service's circuit breaker; behind it, timeouts and a service that is down become
 * 504 and 503 problems, quickly.
 */
@ApplicationScoped
public class ApiProxy {

    private static final Logger LOG = Logger.getLogger(ApiProxy.class);
    private static final Pattern AREA = Pattern.compile("^/api/v1/([a-z-]+)(/.*)?$");

    @Inject
    Vertx vertx;

    @Inject
    GatewayConfig config;

    @Inject
    RateLimiter limiter;

    @Inject
    CircuitBreakers breakers;

    @Inject
    EdgeAuth auth;


    private HttpProxy proxy;

    void routes(@Observes Router router) {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setMaxPoolSize(200)
                .setConnectTimeout(2_000));
        proxy = HttpProxy.reverseProxy(client).origin(this::originRequest).addInterceptor(new ProblemsFromUpstream());
        router.route("/api/*").failureHandler(this::failure);
        router.route("/api/*").handler(this::handle);
    }

    private void handle(RoutingContext rc) {
        RequestIds.of(rc);
        Optional<String> area = area(rc.request().path());
        if (area.isEmpty()) {
            Problems.send(rc, 404, "not-found", "Not found", "No service answers this path");
            return;
        }
        String length = rc.request().getHeader("Content-Length");
        if (length != null && length.matches("[0-9]{1,18}") && Long.parseLong(length) > config.maxBodySize().asLongValue()) {
            Problems.send(rc, 413, "payload-too-large", "Payload too large",
                    "The body exceeds the size limit of " + config.maxBodySize().asLongValue() + " bytes");
            return;
        }
        auth.authenticate(rc, identity -> forward(rc, area.get(), identity));
    }


    private void forward(RoutingContext rc, String area, SecurityIdentity identity) {
        if (!limiter.admit(rc, identity)) {
            return;
        }
        if (!breakers.allows(area)) {
            rc.response().putHeader("Retry-After", Long.toString(config.breaker().openFor().toSeconds()));
            Problems.send(rc, 503, "service-unavailable", "Service unavailable",
                    "The " + area + " service is failing; calls are paused briefly. Retry shortly");
            return;
        }
        var headers = rc.request().headers();
        headers.set(RequestIds.FORWARDED_FOR, RequestIds.clientAddress(rc));
        headers.set("X-Forwarded-Proto", rc.request().scheme());
        if (rc.request().authority() != null) {
            headers.set("X-Forwarded-Host", rc.request().authority().toString());
        }
        proxy.handle(rc.request());
    }

    /** Token failures and anything unexpected on an API path still answer as problems. */
    private void failure(RoutingContext rc) {
        RequestIds.of(rc);
        Throwable failure = rc.failure();
        if (rc.statusCode() == 401 || failure instanceof AuthenticationFailedException) {
            EdgeAuth.unauthorized(rc);
        } else if (rc.statusCode() == 413) {
            Problems.send(rc, 413, "payload-too-large", "Payload too large", "The body exceeds the size limit");
        } else {
            LOG.errorf("gateway failure, request=%s: %s", RequestIds.of(rc),
                    failure == null ? "status " + rc.statusCode() : failure.getClass().getName());
            Problems.send(rc, 500, "internal-error", "Internal error",
                    "An unexpected error occurred. Quote the request id when reporting it.");
        }
    }

    private Future<HttpClientRequest> originRequest(ProxyContext ctx) {
        String area = area(ctx.request().proxiedRequest().path()).orElseThrow();
        GatewayConfig.Route route = config.routes().get(area);
        URI url = route.url();
        int port = url.getPort() > 0 ? url.getPort() : ("https".equals(url.getScheme()) ? 443 : 80);
        RequestOptions options = new RequestOptions().setServer(SocketAddress.inetSocketAddress(port, url.getHost()))
                .setTimeout(route.timeout().toMillis());
        Future<HttpClientRequest> request = ctx.client().request(options);
        HttpMethod method = ctx.request().getMethod();
        // A GET that could not even connect is tried once more: nothing reached the service, and reads repeat safely.
        return method == HttpMethod.GET || method == HttpMethod.HEAD
                ? request.recover(err -> ctx.client().request(options)) : request;
    }

    private Optional<String> area(String path) {
        Matcher m = AREA.matcher(path == null ? "" : path);
        return m.matches() && config.routes().containsKey(m.group(1)) ? Optional.of(m.group(1)) : Optional.empty();
    }

    /**
     * Feeds the breaker, turns an unreachable or slow service into a 503 or 504 problem, and puts the gateway's public
     * address in a Location that names the service's own.
     */
    private final class ProblemsFromUpstream implements ProxyInterceptor {

        @Override
        public Future<ProxyResponse> handleProxyRequest(ProxyContext ctx) {
            String area = area(ctx.request().proxiedRequest().path()).orElse("unknown");
            String requestId = ctx.request().headers().get(RequestIds.HEADER);
            String path = ctx.request().proxiedRequest().path();
            return ctx.sendRequest().map(response -> {
                if (response.getStatusCode() >= 502 && response.getStatusCode() <= 504) {
                    breakers.failed(area);
                } else {
                    breakers.succeeded(area);
                }
                return response;
            }).recover(err -> {
                breakers.failed(area);
                boolean timedOut = err instanceof TimeoutException || String.valueOf(err.getMessage()).contains("timeout");
                int status = timedOut ? 504 : 503;
                Buffer body = timedOut
                        ? Problems.body(504, "gateway-timeout", "Gateway timeout",
                                "The " + area + " service did not answer in time; the request may or may not have taken "
                                        + "effect (retry with the same Idempotency-Key)", path, requestId)
                        : Problems.body(503, "service-unavailable", "Service unavailable",
                                "The " + area + " service cannot be reached; retry shortly", path, requestId);
                LOG.warnf("%s service %s for request %s", area, timedOut ? "timed out" : "unreachable", requestId);
                ProxyResponse problem = ctx.request().response().setStatusCode(status)
                        .putHeader("Content-Type", Problems.CONTENT_TYPE).setBody(Body.body(body));
                problem.headers().remove("Content-Length");
                if (status == 503) {
                    // Like every other 503 of the platform: tell the client when to retry (same as the services).
                    problem.putHeader("Retry-After", "5");
                }
                return Future.succeededFuture(problem);
            });
        }

        @Override
        public Future<Void> handleProxyResponse(ProxyContext ctx) {
            String location = ctx.response().headers().get("Location");
            if (location != null) {
                ctx.response().headers().set("Location", PublicUrl.rewrite(location,
                        PublicUrl.base(ctx.request().proxiedRequest(), config.publicUrl()),
                        config.routes().values().stream().map(GatewayConfig.Route::url).toList()));
            }
            return ctx.sendResponse();
        }
    }
}
