package care.iop.gateway;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.URI;

/**
 * GET calls the composite views make to the services, on the caller's behalf (its token, request id, purpose); and
 * the FHIR API's own calls (searches asked of two services, their CapabilityStatements) through {@link #send}.
 */
@ApplicationScoped
public class ServiceCalls {

    /** A composite view waits this long for each part at most. */
    static final long PART_TIMEOUT_MS = 3_000;
    static final String PURPOSE_HEADER = "X-Purpose-Of-Use";

    @Inject
    Vertx vertx;

    @Inject
    GatewayConfig config;

    private HttpClient client;

    @PostConstruct
    void init() {
        client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setMaxPoolSize(50));
    }

    /** {status, body} from a service; a failed future when it cannot be reached in time. */
    Future<JsonObject> get(RoutingContext caller, String area, String path) {
        return get(caller, area, path, PART_TIMEOUT_MS);
    }

    Future<JsonObject> get(RoutingContext caller, String area, String path, long timeoutMs) {
        GatewayConfig.Route route = config.routes().get(area);
        if (route == null) {
            return Future.failedFuture("no route for " + area);
        }
        URI url = route.url();
        boolean tls = "https".equalsIgnoreCase(url.getScheme());
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(url.getHost())
                .setPort(url.getPort() > 0 ? url.getPort() : tls ? 443 : 80).setSsl(tls).setURI(path)
                .setTimeout(Math.min(timeoutMs, route.timeout().toMillis()))
                .putHeader("Authorization", caller.request().getHeader("Authorization"))
                .putHeader(RequestIds.HEADER, RequestIds.of(caller))
                .putHeader("Accept", "application/json");
        options.putHeader(RequestIds.FORWARDED_FOR, RequestIds.clientAddress(caller));
        String purpose = caller.request().getHeader(PURPOSE_HEADER);
        if (purpose != null) {
            options.putHeader(PURPOSE_HEADER, purpose);
        }
        return client.request(options).compose(req -> req.send().compose(resp -> resp.body().map(body ->
                new JsonObject().put("status", resp.statusCode()).put("body", parse(body)))));
    }

    /** A service's answer: status, headers and the whole body. */
    record Answer(int status, MultiMap headers, Buffer body) {
    }

    /**
     * Any request to a service, its answer read whole; a failed future when the service cannot be reached or does
     * not answer within {@code timeoutMs} (a {@link java.util.concurrent.TimeoutException} or a message naming the
     * timeout, as the proxy tells them apart).
     */
    Future<Answer> send(String area, HttpMethod method, String uri, MultiMap headers, Buffer body, long timeoutMs) {
        GatewayConfig.Route route = config.routes().get(area);
        if (route == null) {
            return Future.failedFuture("no route for " + area);
        }
        URI url = route.url();
        boolean tls = "https".equalsIgnoreCase(url.getScheme());
        RequestOptions options = new RequestOptions().setMethod(method).setHost(url.getHost())
                .setPort(url.getPort() > 0 ? url.getPort() : tls ? 443 : 80).setSsl(tls).setURI(uri)
                .setTimeout(Math.min(timeoutMs, route.timeout().toMillis()));
        options.setHeaders(headers);
        return client.request(options).compose(req -> (body == null ? req.send() : req.send(body))
                .compose(resp -> resp.body().map(b -> new Answer(resp.statusCode(), resp.headers(), b))));
    }

    private static Object parse(Buffer body) {
        try {
            return body.length() == 0 ? null : Json.decodeValue(body);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
