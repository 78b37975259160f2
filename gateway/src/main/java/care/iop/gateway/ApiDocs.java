package care.iop.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One OpenAPI document for the whole platform at {@code /openapi}: each service's own document, fetched live and
 * merged. Schema names are prefixed with their area ({@code scheduling_SessionView}) and tags with the area's
 * name, because the services chose their names independently. A service that does not answer is listed under
 * {@code x-iop-unavailable} rather than failing the document.
 */
@ApplicationScoped
public class ApiDocs {

    static final List<String> OPERATIONS = List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    @Inject
    Vertx vertx;

    @Inject
    GatewayConfig config;

    private HttpClient client;

    void routes(@Observes Router router) {
        client = vertx.createHttpClient();
        router.get("/openapi").handler(this::serve);
    }

    private void serve(RoutingContext rc) {
        Map<String, GatewayConfig.Route> routes = new TreeMap<>(config.routes());
        List<String> areas = new ArrayList<>(routes.keySet());
        List<Future<JsonObject>> documents = areas.stream().map(area -> fetch(routes.get(area).url())).toList();
        Future.join(new ArrayList<>(documents)).onComplete(done -> {
            JsonObject merged = new JsonObject().put("openapi", "3.1.0")
                    .put("info", new JsonObject().put("title", "IOP Platform API").put("version", "v1")
                            .put("description", "Every endpoint of the platform, reached through this gateway."))
                    .put("servers", new JsonArray().add(new JsonObject().put("url", "/")))
                    .put("paths", new JsonObject()).put("tags", new JsonArray())
                    .put("components", new JsonObject().put("schemas", new JsonObject()));
            JsonArray unavailable = new JsonArray();
            for (int i = 0; i < areas.size(); i++) {
                if (documents.get(i).succeeded()) {
                    merge(merged, areas.get(i), documents.get(i).result());
                } else {
                    unavailable.add(areas.get(i));
                }
            }
            if (!unavailable.isEmpty()) {
                merged.put("x-iop-unavailable", unavailable);
            }
            rc.response().putHeader("Content-Type", "application/json").end(merged.toBuffer());
        });
    }

    private Future<JsonObject> fetch(URI base) {
        int port = base.getPort() > 0 ? base.getPort() : 80;
        return client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost(base.getHost()).setPort(port)
                        .setURI("/q/openapi?format=json").setTimeout(5_000))
                .compose(req -> req.send().compose(this::body));
    }

    private Future<JsonObject> body(HttpClientResponse response) {
        if (response.statusCode() != 200) {
            return Future.failedFuture("status " + response.statusCode());
        }
        return response.body().map(Buffer::toString).map(JsonObject::new);
    }

    /** Adds one service's document, its schema names and tags made unique by the area. */
    static void merge(JsonObject merged, String area, JsonObject document) {
        JsonObject doc = new JsonObject(document.encode()
                .replace("\"#/components/schemas/", "\"#/components/schemas/" + area + "_"));
        JsonObject paths = doc.getJsonObject("paths", new JsonObject());
        for (String path : paths.fieldNames()) {
            JsonObject item = paths.getJsonObject(path);
            for (String op : OPERATIONS) {
                JsonObject operation = item.getJsonObject(op);
                if (operation != null && operation.getJsonArray("tags") != null) {
                    JsonArray tags = new JsonArray();
                    operation.getJsonArray("tags").forEach(t -> tags.add(area + ": " + t));
                    operation.put("tags", tags);
                }
            }
            if (!merged.getJsonObject("paths").containsKey(path)) {
                merged.getJsonObject("paths").put(path, item);
            }
        }
        doc.getJsonArray("tags", new JsonArray()).forEach(t -> {
            JsonObject tag = ((JsonObject) t).copy();
            tag.put("name", area + ": " + tag.getString("name"));
            merged.getJsonArray("tags").add(tag);
        });
        JsonObject components = doc.getJsonObject("components", new JsonObject());
        components.getJsonObject("schemas", new JsonObject()).forEach(e ->
                merged.getJsonObject("components").getJsonObject("schemas").put(area + "_" + e.getKey(), e.getValue()));
        components.forEach(e -> {
            if (!e.getKey().equals("schemas") && e.getValue() instanceof JsonObject section) {
                JsonObject target = merged.getJsonObject("components").getJsonObject(e.getKey(), new JsonObject());
                section.forEach(s -> target.put(s.getKey(), s.getValue()));
                merged.getJsonObject("components").put(e.getKey(), target);
            }
        });
    }
}
