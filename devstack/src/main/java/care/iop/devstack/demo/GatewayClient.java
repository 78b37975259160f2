package care.iop.devstack.demo;

import care.iop.devstack.DevStack;
import care.iop.embedded.Poll;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The demo's one way to the platform: JSON calls through the gateway with real Keycloak tokens of the realm's demo
 * accounts (password grant, renewed before they expire). Every call names the current step; an answer that was not
 * expected becomes a {@link DemoSeedException} with the status, the problem's detail and the request id.
 *
 * <p>Creating POSTs carry an {@code Idempotency-Key} derived from the step and the exact request, so a retry after a
 * lost answer (or a second run within the key's lifetime) replays the first response instead of creating twice, and
 * never collides with a different request (which the services would refuse with 422).
 */
final class GatewayClient {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final Set<Integer> NOT_PROCESSED = Set.of(429, 503);
    private static final Set<Integer> MAYBE_PROCESSED = Set.of(502, 504);

    private final DevStack stack;
    private final String base;
    private final Duration eventWait;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    private final Map<String, Token> tokens = new HashMap<>();
    private String step = "start";
    private int writes;
    /** The last unsuccessful answer to a probe, for the message of a wait that times out. */
    private String lastProbeFailure;

    private record Token(String value, String subject, Instant renewAt) {
    }

    /** An answer: status, JSON body (missing node if none), ETag, and whether it was an idempotent replay. */
    record Answer(int status, JsonNode body, String etag, boolean replayed) {
    }

    GatewayClient(DevStack stack, Duration eventWait) {
        this.stack = stack;
        this.base = stack.gatewayUrl();
        this.eventWait = eventWait;
    }

    /** Names what follows in error messages. */
    void step(String name) {
        this.step = name;
    }

    String step() {
        return step;
    }

    /** How many writes changed something (replays of an earlier request not counted). */
    int writes() {
        return writes;
    }

    /** The account's subject (its user id in the realm), from its token. */
    String subject(String user) {
        return token(user).subject();
    }

    // ------------------------------------------------------------------------------------------------ calls

    /** GET, expecting 200. */
    JsonNode get(String user, String path) {
        return call(user, "GET", path, null, null, null, Set.of(200)).body();
    }

    /** GET, whatever the status (for polling until another service has heard of something). */
    Answer probe(String user, String path) {
        return call(user, "GET", path, null, null, null, null);
    }

    /** A creating POST with an Idempotency-Key made of {@code key} and the request; expects 200 or 201. */
    JsonNode create(String user, String path, Object body, String key) {
        return create(user, path, body, key, null);
    }

    JsonNode create(String user, String path, Object body, String key, String ifMatch) {
        return call(user, "POST", path, body, idempotencyKey(key, "POST", path, body), ifMatch, Set.of(200, 201)).body();
    }

    /** A POST that changes state (no Idempotency-Key: the target state is checked before); expects 200 or 201. */
    JsonNode post(String user, String path, Object body, String ifMatch) {
        return call(user, "POST", path, body, null, ifMatch, Set.of(200, 201)).body();
    }

    /** A PUT; expects 200 or 201. */
    JsonNode put(String user, String path, Object body, String ifMatch) {
        return call(user, "PUT", path, body, null, ifMatch, Set.of(200, 201)).body();
    }

    /** The ETag of a resource (for If-Match). */
    String etag(String user, String path) {
        Answer a = call(user, "GET", path, null, null, null, Set.of(200));
        if (a.etag() == null) {
            throw new DemoSeedException(step, 200, "GET " + path + " answered without an ETag");
        }
        return a.etag();
    }

    /**
     * Polls {@code probe} (null: not yet) until it answers, at most the event wait: for what another service learns
     * from an event.
     */
    <T> T await(String what, Supplier<T> probe) {
        lastProbeFailure = null;
        return Poll.until(eventWait, Duration.ofMillis(250), () -> Optional.ofNullable(probe.get()))
                .orElseThrow(() -> new DemoSeedException(step, 0, "waited " + eventWait.toSeconds() + " s for " + what
                        + " in vain (" + (lastProbeFailure != null ? "the last answer: " + lastProbeFailure
                        : "the event has not arrived") + "; see the services' logs in devstack/.run/logs/)"));
    }

    static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    // ------------------------------------------------------------------------------------------------ plumbing

    private Answer call(String user, String method, String path, Object body, String idempotencyKey, String ifMatch,
                        Set<Integer> expected) {
        String payload = null;
        if (body != null) {
            try {
                payload = json.writeValueAsString(body);
            } catch (IOException e) {
                throw new DemoSeedException(step, "cannot write the body of " + method + " " + path, e);
            }
        }
        boolean repeatable = method.equals("GET") || method.equals("PUT") || idempotencyKey != null;
        String requestId = "iop-demo-" + UUID.randomUUID().toString().substring(0, 13);
        for (int attempt = 1; ; attempt++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(CALL_TIMEOUT)
                    .header("Authorization", "Bearer " + token(user).value()).header("Accept", "application/json")
                    .header("X-Request-Id", requestId);
            if (idempotencyKey != null) {
                request.header("Idempotency-Key", idempotencyKey);
            }
            if (ifMatch != null) {
                request.header("If-Match", ifMatch);
            }
            if (payload != null) {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(payload));
            } else {
                request.method(method, method.equals("POST") ? HttpRequest.BodyPublishers.ofString("")
                        : HttpRequest.BodyPublishers.noBody());
                if (method.equals("POST")) {
                    request.header("Content-Type", "application/json");
                }
            }
            HttpResponse<String> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                if (repeatable && attempt < 4) {
                    Poll.sleep(1000L * attempt);
                    continue;
                }
                throw new DemoSeedException(step, method + " " + path + " as " + user + ": no answer from the gateway "
                        + base + " (" + e + ")", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DemoSeedException(step, "interrupted", e);
            }
            int status = response.statusCode();
            boolean retry = NOT_PROCESSED.contains(status) || (repeatable && MAYBE_PROCESSED.contains(status))
                    || (status == 409 && response.body().contains("\"urn:iop:problem:awaiting-event\""));
            if (retry && attempt < 6) {
                long wait = response.headers().firstValue("Retry-After").map(GatewayClient::seconds).orElse(1L);
                Poll.sleep(Math.min(10, Math.max(1, wait)) * 1000L);
                continue;
            }
            JsonNode parsed = parse(response.body());
            String failure = method + " " + path + " as " + user + " answered " + status + problem(parsed,
                    response.body()) + " (X-Request-Id " + requestId + ")";
            if (expected != null && !expected.contains(status)) {
                throw new DemoSeedException(step, status, failure);
            }
            if (expected == null && status >= 300) {
                lastProbeFailure = failure;
            }
            boolean replayed = response.headers().firstValue("Idempotent-Replayed").isPresent();
            if (!method.equals("GET") && status < 300 && !replayed) {
                writes++;
            }
            return new Answer(status, parsed, response.headers().firstValue("ETag").orElse(null), replayed);
        }
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return json.readTree(body);
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    /** ": title — detail; violations: field message, …" of a problem document, or the start of another body. */
    private static String problem(JsonNode p, String raw) {
        if (p.isObject() && (p.has("detail") || p.has("title"))) {
            StringBuilder s = new StringBuilder();
            if (p.hasNonNull("title")) {
                s.append(" ").append(p.get("title").asText());
            }
            if (p.hasNonNull("detail")) {
                s.append(": ").append(p.get("detail").asText());
            }
            if (p.path("violations").isArray() && !p.path("violations").isEmpty()) {
                s.append("; violations:");
                p.get("violations").forEach(v -> s.append(" ").append(v.path("field").asText()).append(" ")
                        .append(v.path("message").asText()).append(";"));
            }
            return s.toString();
        }
        if (raw == null || raw.isBlank()) {
            return "";
        }
        return ": " + (raw.length() > 300 ? raw.substring(0, 300) + "…" : raw);
    }

    private Token token(String user) {
        Token t = tokens.get(user);
        if (t != null && t.renewAt().isAfter(Instant.now())) {
            return t;
        }
        String value;
        try {
            value = stack.accounts().accessToken(user);
        } catch (RuntimeException e) {
            throw new DemoSeedException(step, "no token for the demo account " + user + ": " + e.getMessage(), e);
        }
        JsonNode claims;
        try {
            String[] parts = value.split("\\.");
            claims = json.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (RuntimeException | IOException e) {
            throw new DemoSeedException(step, "the token of " + user + " is not a JWT", e);
        }
        Instant expires = Instant.ofEpochSecond(claims.path("exp").asLong(Instant.now().getEpochSecond() + 60));
        Token fresh = new Token(value, claims.path("sub").asText(null), expires.minusSeconds(30));
        tokens.put(user, fresh);
        return fresh;
    }

    private String idempotencyKey(String key, String method, String path, Object body) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((method + " " + path + "\n").getBytes(StandardCharsets.UTF_8));
            sha.update(json.writeValueAsBytes(body));
            return "iop-demo:" + key + ":" + HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long seconds(String retryAfter) {
        try {
            return Long.parseLong(retryAfter.trim());
        } catch (NumberFormatException e) {
            return 1;
        }
    }

}
