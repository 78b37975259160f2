package care.iop.e2e.failure;

import care.iop.e2e.Platform;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Calls through the gateway with a real Keycloak token, for load: one pooled HTTP/1.1 client (RestAssured opens a
 * connection per request), a hard per-request timeout, and no exception for an answer a test wants to count — a
 * connection failure is status {@link #NO_ANSWER}, a request that outlived its timeout {@link #TIMED_OUT}.
 */
final class Api {

    static final int NO_ANSWER = -1;
    static final int TIMED_OUT = -2;
    /** Longer than the gateway's own upstream timeout (10 s): a request that takes this long hung somewhere. */
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private Api() {
    }

    /** One answer: status (or {@link #NO_ANSWER} / {@link #TIMED_OUT}), headers, body, and how long it took. */
    record Answer(int status, Map<String, java.util.List<String>> headers, String body, long millis, String failure) {

        JsonNode json() {
            try {
                return body == null || body.isBlank() ? MissingNode.getInstance() : JSON.readTree(body);
            } catch (IOException e) {
                return MissingNode.getInstance();
            }
        }

        String id() {
            JsonNode id = json().path("id");
            return id.isMissingNode() || id.isNull() ? null : id.asText();
        }

        Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst();
        }

        boolean is2xx() {
            return status >= 200 && status < 300;
        }

        /** A clean "retry later": 503, a problem document with the 503 status, and Retry-After. */
        boolean isClean503() {
            return status == 503 && header("Content-Type").orElse("").startsWith("application/problem+json")
                    && json().path("status").asInt() == 503 && header("Retry-After").isPresent();
        }

        @Override
        public String toString() {
            return status + (failure != null ? " (" + failure + ")" : "") + " in " + millis + " ms: "
                    + (body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "…" : body);
        }
    }

    static Answer post(String user, String path, Object body) {
        return send(user, "POST", path, body, Map.of());
    }

    static Answer post(String user, String path, Object body, Map<String, String> headers) {
        return send(user, "POST", path, body, headers);
    }

    static Answer put(String user, String path, Object body, Map<String, String> headers) {
        return send(user, "PUT", path, body, headers);
    }

    static Answer get(String user, String path) {
        return send(user, "GET", path, null, Map.of());
    }

    /** Set on a thread to call the owning service on its own port instead of through the gateway. */
    static final ThreadLocal<Boolean> DIRECT = ThreadLocal.withInitial(() -> false);

    /** The gateway, or the service that owns the path's area ({@code /api/v1/<area>/…}) when {@link #DIRECT}. */
    static String base(String path) {
        return DIRECT.get() ? Platform.stack().serviceUrl(care.iop.devstack.Service.of(path.split("/")[3]))
                : Platform.stack().gatewayUrl();
    }

    static Answer send(String user, String method, String path, Object body, Map<String, String> headers) {
        return send(base(path), Platform.bearer(user), method, path, body, headers);
    }

    /** A call to {@code base} (the gateway, or one instance of a service) with a given Authorization header. */
    static Answer send(String base, String authorization, String method, String path, Object body,
                       Map<String, String> headers) {
        long t0 = System.nanoTime();
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(TIMEOUT).header("Authorization", authorization).header("Accept", "application/json");
            headers.forEach(request::header);
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            }
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().map(), response.body(), millis(t0), null);
        } catch (HttpTimeoutException e) {
            return new Answer(TIMED_OUT, Map.of(), null, millis(t0), e.toString());
        } catch (IOException e) {
            return new Answer(NO_ANSWER, Map.of(), null, millis(t0), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Fails the test unless the answer has the expected status; returns it. */
    static Answer expect(int status, Answer answer, String what) {
        if (answer.status() != status) {
            throw new AssertionError(what + ": expected " + status + ", got " + answer);
        }
        return answer;
    }

    private static long millis(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
