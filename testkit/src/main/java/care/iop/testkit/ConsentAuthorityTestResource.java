package care.iop.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
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
 * {@link ConsentGrants}. (The real intake answers in the end-to-end tests.) It answers like intake for every
 * interaction of the committed consent-authorizations pact — common's {@code ConsentAuthorityStandInPactTest}
 * replays it here: a consent counts for its partner, categories and purpose until it is revoked or expires; a
 * token it cannot read is a 401, one without a {@code partner_id} a 403 (it stands in for partner callers only).
 */
public class ConsentAuthorityTestResource implements QuarkusTestResourceLifecycleManager {

    private static final Pattern PARTNER_CLAIM = Pattern.compile("\"partner_id\"\\s*:\\s*\"([^\"]+)\"");

    private record Consent(UUID id, UUID patientId, UUID partnerId, UUID clinicId, Set<String> categories,
                           String purpose, Instant expiresAt) {

        boolean covers(UUID patient, String partner, String category, Set<String> purposes, Instant now) {
            return patientId.equals(patient) && partnerId.toString().equals(partner) && categories.contains(category)
                    && (purposes == null || purposes.contains(purpose)) && expiresAt.isAfter(now);
        }
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
            StandInHttp.reply(x, 503, "{}");
            return;
        }
        Map<String, String> q = StandInHttp.query(x.getRequestURI());
        String payload = payloadOf(x.getRequestHeaders().getFirst("Authorization"));
        if (payload == null) {
            StandInHttp.reply(x, 401, null);
            return;
        }
        Matcher claim = PARTNER_CLAIM.matcher(payload);
        if (!claim.find()) {
            StandInHttp.reply(x, 403, null);
            return;
        }
        String partner = claim.group(1);
        UUID patient = UUID.fromString(q.get("patientId"));
        Set<String> purposes = q.get("purposeOfUse") == null ? null : purposesAllowing(q.get("purposeOfUse"));
        Instant now = Instant.now();
        String answer = consents.values().stream()
                .filter(c -> c.covers(patient, partner, q.get("category"), purposes, now))
                .findFirst()
                .map(c -> "{\"permitted\":true,\"consentId\":\"" + c.id() + "\",\"clinicId\":\"" + c.clinicId()
                        + "\",\"purpose\":\"" + c.purpose() + "\",\"categories\":[\""
                        + String.join("\",\"", c.categories()) + "\"],\"expiresAt\":\"" + c.expiresAt() + "\"}")
                .orElse("{\"permitted\":false}");
        StandInHttp.reply(x, 200, answer);
    }

    /** The consent purposes an HL7 purpose of use may rely on, as intake's {@code ConsentAuthority} has them. */
    private static Set<String> purposesAllowing(String purposeOfUse) {
        return switch (purposeOfUse) {
            case "TREAT", "COC" -> Set.of("treatment", "care-coordination");
            case "HPAYMT" -> Set.of("payment");
            case "HOPERAT" -> Set.of("health-care-operations");
            default -> Set.of();
        };
    }

    /**
     * POST /test/consents?patientId&partnerId&clinicId&categories=a,b[&purpose=treatment][&expiresAt=instant] → id;
     * DELETE /test/consents/{id} (revokes); PUT /test/consents/down?value=true.
     */
    private void manage(HttpExchange x) throws IOException {
        Map<String, String> q = StandInHttp.query(x.getRequestURI());
        String path = x.getRequestURI().getPath();
        switch (x.getRequestMethod()) {
            case "POST" -> {
                Consent c = new Consent(UUID.randomUUID(), UUID.fromString(q.get("patientId")),
                        UUID.fromString(q.get("partnerId")), UUID.fromString(q.get("clinicId")),
                        Set.copyOf(List.of(q.get("categories").split(","))), q.getOrDefault("purpose", "treatment"),
                        q.containsKey("expiresAt") ? Instant.parse(q.get("expiresAt"))
                                : Instant.now().plus(30, ChronoUnit.DAYS));
                consents.put(c.id(), c);
                StandInHttp.reply(x, 200, c.id().toString());
            }
            case "DELETE" -> {
                consents.remove(UUID.fromString(path.substring(path.lastIndexOf('/') + 1)));
                StandInHttp.reply(x, 204, null);
            }
            case "PUT" -> {
                down = Boolean.parseBoolean(q.get("value"));
                StandInHttp.reply(x, 204, null);
            }
            default -> StandInHttp.reply(x, 405, null);
        }
    }

    /** The token's claims as JSON text, or null when it is no bearer JWT (the signature is not checked). */
    private static String payloadOf(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return null;
        }
        String[] parts = authorization.substring(7).split("\\.");
        if (parts.length != 3) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }


    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
