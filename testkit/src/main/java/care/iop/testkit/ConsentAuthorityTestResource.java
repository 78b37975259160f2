package care.iop.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stands in for intake's {@code GET /api/v1/intake/consent-authorizations} in the other services' tests, so their
 * partner disclosures are checked over real HTTP with the partner's token. Tests manage its consents through
 * {@link ConsentGrants}. (The real intake answers in the end-to-end tests.)
 */
public class ConsentAuthorityTestResource implements QuarkusTestResourceLifecycleManager {

    private static final Pattern PARTNER_CLAIM = Pattern.compile("\"partner_id\"\\s*:\\s*\"([^\"]+)\"");

    private record Consent(UUID id, UUID patientId, UUID partnerId, UUID clinicId, Set<String> categories) {
    }

    private final Map<UUID, Consent> consents = new ConcurrentHashMap<>();
    private volatile boolean down;
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/api/v1/intake/consent-authorizations", this::authorize);
        server.createContext("/test/consents", this::manage);
        server.start();
        return Map.of("iop.consent-authority.url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void authorize(HttpExchange x) throws IOException {
        if (down) {
            reply(x, 503, "{}");
            return;
        }
        Map<String, String> q = query(x.getRequestURI());
        String partner = partnerOf(x.getRequestHeaders().getFirst("Authorization"));
        UUID patient = UUID.fromString(q.get("patientId"));
        String answer = consents.values().stream()
                .filter(c -> c.patientId().equals(patient) && c.partnerId().toString().equals(partner)
                        && c.categories().contains(q.get("category")))
                .findFirst()
                .map(c -> "{\"permitted\":true,\"consentId\":\"" + c.id() + "\",\"clinicId\":\"" + c.clinicId()
                        + "\",\"expiresAt\":\"" + Instant.now().plus(30, ChronoUnit.DAYS) + "\"}")
                .orElse("{\"permitted\":false}");
        reply(x, 200, answer);
    }

    /** POST /test/consents?patientId&partnerId&clinicId&categories=a,b → id; DELETE /test/consents/{id}; PUT /test/consents/down?value=true. */
    private void manage(HttpExchange x) throws IOException {
        Map<String, String> q = query(x.getRequestURI());
        String path = x.getRequestURI().getPath();
        switch (x.getRequestMethod()) {
            case "POST" -> {
                Consent c = new Consent(UUID.randomUUID(), UUID.fromString(q.get("patientId")),
                        UUID.fromString(q.get("partnerId")), UUID.fromString(q.get("clinicId")),
                        Set.copyOf(List.of(q.get("categories").split(","))));
                consents.put(c.id(), c);
                reply(x, 200, c.id().toString());
            }
            case "DELETE" -> {
                consents.remove(UUID.fromString(path.substring(path.lastIndexOf('/') + 1)));
                reply(x, 204, null);
            }
            case "PUT" -> {
                down = Boolean.parseBoolean(q.get("value"));
                reply(x, 204, null);
            }
            default -> reply(x, 405, null);
        }
    }

    private static String partnerOf(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return "";
        }
        String[] parts = authorization.substring(7).split("\\.");
        if (parts.length < 2) {
            return "";
        }
        Matcher m = PARTNER_CLAIM.matcher(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        return m.find() ? m.group(1) : "";
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> out = new HashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    out.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    private static void reply(HttpExchange x, int status, String body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            x.getResponseBody().write(bytes);
        }
        x.close();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
