package care.iop.gateway;

import care.iop.openapi.OpenApiMerge;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/**
 * One OpenAPI document for the whole platform at {@code /openapi}: each service's own document, fetched live, and the
 * gateway's own views (its {@code /q/openapi}, from {@code META-INF/openapi.yaml}, area {@code gateway}), merged by
 * {@link OpenApiMerge} — the same merge api-client runs at build time over the stored documents. A service that does
 * not answer is listed under {@code x-iop-unavailable} rather than failing the document. Beside it, {@code /asyncapi}:
 * the AsyncAPI 3.0 document of every topic and event type, as the events module generates it.
 */
@ApplicationScoped
public class ApiDocs {

    /** The area of the gateway's own document in the merge. */
    static final String GATEWAY_AREA = "gateway";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Vertx vertx;

    @Inject
    GatewayConfig config;

    private HttpClient client;

    /** The AsyncAPI 3.0 document of the event contract, generated into the events jar when it is built. */
    static final String ASYNCAPI_RESOURCE = "/iop-asyncapi.json";

    void routes(@Observes Router router) {
        client = vertx.createHttpClient();
        router.get("/openapi").handler(this::serve);
        io.vertx.core.buffer.Buffer asyncApi = asyncApi();
        router.get("/asyncapi").handler(rc -> rc.response().putHeader("Content-Type", "application/json").end(asyncApi));
    }

    /** Read once: the document changes only with the build (docs/events.md, "AsyncAPI document"). */
    private static io.vertx.core.buffer.Buffer asyncApi() {
        try (var in = ApiDocs.class.getResourceAsStream(ASYNCAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(ASYNCAPI_RESOURCE + " is not on the class path (it comes with iop-events)");
            }
            return io.vertx.core.buffer.Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void serve(RoutingContext rc) {
        Map<String, Future<JsonNode>> documents = new HashMap<>();
        config.routes().forEach((area, route) -> documents.put(area, fetch(route.url().getHost(),
                route.url().getPort() > 0 ? route.url().getPort() : 80)));
        // The gateway's own document, from the address this request came in on.
        documents.put(GATEWAY_AREA, fetch(rc.request().localAddress().host(), rc.request().localAddress().port()));
        Future.join(new ArrayList<>(documents.values())).onComplete(done -> {
            Map<String, JsonNode> answered = new HashMap<>();
            documents.forEach((area, document) -> answered.put(area, document.succeeded() ? document.result() : null));
            byte[] merged;
            try {
                merged = JSON.writeValueAsBytes(OpenApiMerge.merge(answered));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            rc.response().putHeader("Content-Type", "application/json").end(io.vertx.core.buffer.Buffer.buffer(merged));
        });
    }

    private Future<JsonNode> fetch(String host, int port) {
        return client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost(host).setPort(port)
                        .setURI("/q/openapi?format=json").setTimeout(5_000))
                .compose(req -> req.send().compose(ApiDocs::body));
    }

    private static Future<JsonNode> body(HttpClientResponse response) {
        if (response.statusCode() != 200) {
            return Future.failedFuture("status " + response.statusCode());
        }
        return response.body().map(b -> {
            try {
                return JSON.readTree(b.getBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
