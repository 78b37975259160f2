package care.iop.gateway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server standing in for the services behind the gateway: it answers every path with what it received
 * (method, path, query, headers, body), and is slow on purpose under {@code /slow}. The notes area points at a port
 * nothing listens on, as a service that is down.
 */
public class UpstreamServices implements QuarkusTestResourceLifecycleManager {

    private Vertx vertx;
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            JsonObject headers = new JsonObject();
            req.headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
            JsonObject echo = new JsonObject().put("method", req.method().name()).put("path", req.path())
                    .put("query", req.query()).put("headers", headers).put("body", body.toString());
            long delay = req.path().contains("/slow") ? 3_000 : 0;
            Runnable answer = () -> req.response().setStatusCode(req.path().contains("/created") ? 201 : 200)
                    .putHeader("Content-Type", "application/json").putHeader("ETag", "\"3\"")
                    .putHeader("Connection", "keep-alive").end(echo.toBuffer());
            if (delay > 0) {
                vertx.setTimer(delay, t -> answer.run());
            } else {
                answer.run();
            }
        }));
        try {
            server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("upstream did not start", e);
        }
        String up = "http://127.0.0.1:" + server.actualPort();
        return Map.of(
                "gateway.routes.intake.url", up,
                "gateway.routes.scheduling.url", up,
                "gateway.routes.scheduling.timeout", "1s",
                "gateway.routes.notes.url", "http://127.0.0.1:" + freePort(),
                "gateway.routes.medications.url", up,
                "gateway.routes.aftercare.url", up,
                "gateway.rate-limit.capacity", "20",
                "gateway.rate-limit.refill-per-second", "2",
                "gateway.breaker.failures", "3",
                "gateway.breaker.open-for", "30s");
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }
}
