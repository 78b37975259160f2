package care.iop.gateway;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.streams.ReadStream;
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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Routes {@code /api/v1/<area>/**} to the service that owns the area, with Vert.x's reverse proxy streaming bodies
 * both ways. In front of it: a valid bearer token (checked here, and passed on for the service to check again),
 * the caller's rate limit, the service's circuit breaker; behind it, timeouts and a service that is down become
 * 504 and 503 problems, quickly. {@link FhirGateway} hands it the FHIR requests that have one owner
 * ({@code /fhir/r4/<Type>/...}), which it streams the same way, with a search's Bundle links and the
 * {@code Location}/{@code Content-Location} headers put on the public FHIR base ({@link FhirLinks}).
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
        if (refusedOversized(rc)) {
            return;
        }
        auth.authenticate(rc, identity -> forward(rc, area.get(), identity));
    }

    /** A declared body over {@code gateway.max-body-size} is a 413 here; returns true when it answered. */
    boolean refusedOversized(RoutingContext rc) {
        String length = rc.request().getHeader("Content-Length");
        if (length != null && length.matches("[0-9]{1,18}") && Long.parseLong(length) > config.maxBodySize().asLongValue()) {
            Problems.send(rc, 413, "payload-too-large", "Payload too large",
                    "The body exceeds the size limit of " + config.maxBodySize().asLongValue() + " bytes");
            return true;
        }
        return false;
    }


    /**
     * Streams the request to {@code area}'s service, after the caller's rate limit and the service's breaker. The
     * service is the one {@link #target} names for the request's path, which for {@code /api} is {@code area} itself
     * and for {@code /fhir} the owner {@link FhirRoute} chose.
     */
    void forward(RoutingContext rc, String area, SecurityIdentity identity) {
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

    /**
     * Token failures and anything unexpected on an API path still answer as problems (as OperationOutcomes on FHIR
     * paths).
     */
    void failure(RoutingContext rc) {
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
        String area = target(ctx.request().proxiedRequest()).orElseThrow();
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

    /** The service a request the proxy was handed goes to: its {@code /api} area, or its FHIR resource's owner. */
    private Optional<String> target(HttpServerRequest request) {
        String path = request.path();
        if (FhirRoute.isFhir(path)) {
            FhirRoute.Decision decision = FhirRoute.of(request.method().name(), path);
            return decision.kind() == FhirRoute.Kind.PROXY ? Optional.of(decision.areas().get(0)) : Optional.empty();
        }
        return area(path);
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
            String area = target(ctx.request().proxiedRequest()).orElse("unknown");
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
                Problems.Document document = timedOut
                        ? Problems.document(path, 504, "gateway-timeout", "Gateway timeout",
                                "The " + area + " service did not answer in time; the request may or may not have taken "
                                        + "effect (retry with the same Idempotency-Key)", requestId)
                        : Problems.document(path, 503, "service-unavailable", "Service unavailable",
                                "The " + area + " service cannot be reached; retry shortly", requestId);
                LOG.warnf("%s service %s for request %s", area, timedOut ? "timed out" : "unreachable", requestId);
                ProxyResponse problem = ctx.request().response().setStatusCode(status)
                        .putHeader("Content-Type", document.contentType()).setBody(Body.body(document.body()));
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
            HttpServerRequest request = ctx.request().proxiedRequest();
            if (FhirRoute.isFhir(request.path())) {
                return fhirResponse(ctx, request);
            }
            String location = ctx.response().headers().get("Location");
            if (location != null) {
                ctx.response().headers().set("Location", PublicUrl.rewrite(location,
                        PublicUrl.base(request, config.publicUrl()),
                        config.routes().values().stream().map(GatewayConfig.Route::url).toList()));
            }
            return ctx.sendResponse();
        }

        /**
         * A FHIR answer: {@code Location} and {@code Content-Location} on the public FHIR base, and a search's or
         * history's Bundle read whole to put its links there too (other answers stream through untouched).
         */
        private Future<Void> fhirResponse(ProxyContext ctx, HttpServerRequest request) {
            FhirLinks links = FhirLinks.of(request, config);
            for (String header : List.of("Location", "Content-Location")) {
                String value = ctx.response().headers().get(header);
                if (value != null) {
                    ctx.response().headers().set(header, links.rewrite(value));
                }
            }
            String type = String.valueOf(ctx.response().headers().get("Content-Type"));
            boolean bundle = FhirRoute.of(request.method().name(), request.path()).bundle();
            if (!bundle || !type.contains("json") || request.method() == HttpMethod.HEAD) {
                return ctx.sendResponse();
            }
            return readWhole(ctx.response().getBody().stream()).compose(body -> {
                ctx.response().headers().remove("Content-Length");
                ctx.response().setBody(Body.body(links.rewriteBundle(body)));
                return ctx.sendResponse();
            });
        }
    }

    /** A body stream read to its end. */
    private static Future<Buffer> readWhole(ReadStream<Buffer> stream) {
        Promise<Buffer> whole = Promise.promise();
        Buffer collected = Buffer.buffer();
        stream.exceptionHandler(whole::tryFail);
        stream.handler(collected::appendBuffer);
        stream.endHandler(v -> whole.tryComplete(collected));
        stream.resume();
        return whole.future();
    }
}
