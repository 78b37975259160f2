package care.iop.e2e.authz;

import care.iop.devstack.DevStack;
import care.iop.e2e.Platform;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Real Keycloak tokens for every identity of the matrix, and the bad ones: expired (a copy of the password-grant
 * client with a token lifespan of a few seconds), wrong issuer (the master realm's admin), wrong audience (a copy
 * of the password-grant client without the {@code iop-api} audience mapper), tampered signature and {@code alg=none}.
 * Clients are created through the realm's admin API, as {@code care.iop.e2e.Keycloak} does. No wrong password is
 * ever sent (the realm has brute-force protection).
 */
final class Tokens {

    static final int SHORT_LIFESPAN_SECONDS = 5;
    private static final String SHORT_LIVED_CLIENT = "e2e-authz-short-lived";
    private static final String NO_AUDIENCE_CLIENT = "e2e-authz-no-audience";
    private static final String AUDIENCE = "iop-api";

    private record Cached(String value, Instant renewAt) {
    }

    private static final Map<String, Cached> CACHE = new ConcurrentHashMap<>();

    private Tokens() {
    }

    /** "Bearer …" of a demo account (password grant), renewed well before it expires. */
    static String user(String username) {
        return "Bearer " + CACHE.compute("user:" + username, (k, t) -> t != null && t.renewAt().isAfter(Instant.now())
                ? t : new Cached(Platform.stack().accounts().accessToken(username), Instant.now().plus(Duration.ofMinutes(2))))
                .value();
    }

    /** "Bearer …" of a service-account client of the realm file (client credentials). */
    static String client(String clientId) {
        return "Bearer " + CACHE.compute("client:" + clientId, (k, t) -> t != null && t.renewAt().isAfter(Instant.now())
                ? t : new Cached(Platform.stack().accounts().clientToken(clientId), Instant.now().plus(Duration.ofMinutes(2))))
                .value();
    }

    /** A token of {@code username} that expires {@value #SHORT_LIFESPAN_SECONDS} s after issue, and its expiry. */
    static synchronized Expiring shortLived(String username) {
        ensureCopyOfCliClient(SHORT_LIVED_CLIENT, client -> client.with("attributes")
                .put("access.token.lifespan", Integer.toString(SHORT_LIFESPAN_SECONDS)));
        String token = passwordGrant(SHORT_LIVED_CLIENT, username);
        return new Expiring(token, Instant.ofEpochSecond(claims(token).path("exp").asLong()));
    }

    record Expiring(String token, Instant expiresAt) {
        /** Waits until the token is past its expiry (plus a margin for clock rounding). */
        String expired() {
            long wait = Duration.between(Instant.now(), expiresAt.plusSeconds(2)).toMillis();
            if (wait > 0) {
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            return token;
        }
    }

    /** A real, valid token of the iop realm for {@code username} whose audience does not name {@code iop-api}. */
    static synchronized String withoutAudience(String username) {
        ensureCopyOfCliClient(NO_AUDIENCE_CLIENT, client -> {
            ArrayNode kept = Http.JSON.createArrayNode();
            client.withArray("protocolMappers").forEach(m -> {
                boolean audience = "oidc-audience-mapper".equals(m.path("protocolMapper").asText())
                        && AUDIENCE.equals(m.path("config").path("included.client.audience").asText());
                if (!audience) {
                    kept.add(m);
                }
            });
            client.set("protocolMappers", kept);
        });
        String token = passwordGrant(NO_AUDIENCE_CLIENT, username);
        JsonNode aud = claims(token).path("aud");
        if (aud.isTextual() ? aud.asText().equals(AUDIENCE) : aud.toString().contains("\"" + AUDIENCE + "\"")) {
            throw new IllegalStateException("the no-audience client still issues tokens for " + AUDIENCE + ": " + aud);
        }
        return token;
    }

    /** A real token of another issuer: the Keycloak master realm's admin. */
    static String otherIssuer() {
        return adminToken();
    }

    /** {@code token} with its claims changed (more roles, another clinic) and the original signature kept. */
    static String tampered(String token) {
        String[] parts = token.split("\\.");
        ObjectNode claims = (ObjectNode) claims(token);
        claims.with("realm_access").withArray("roles").add("clinic-admin");
        claims.put("clinic_id", Platform.CLINIC_B.toString());
        return parts[0] + "." + b64(claims.toString()) + "." + parts[2];
    }

    /** {@code token}'s claims, unsigned ({@code alg: none}). */
    static String unsigned(String token) {
        return b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + token.split("\\.")[1] + ".";
    }

    static JsonNode claims(String token) {
        try {
            String raw = token.startsWith("Bearer ") ? token.substring(7) : token;
            return Http.JSON.readTree(Base64.getUrlDecoder().decode(raw.split("\\.")[1]));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("not a JWT", e);
        }
    }

    // ---------------------------------------------------------------------------------------------------- admin API

    private static String adminToken() {
        DevStack stack = Platform.stack();
        return form(stack.keycloakUrl() + "/realms/master/protocol/openid-connect/token",
                "grant_type=password&client_id=admin-cli&username=" + enc(stack.keycloakAdminUser()) + "&password="
                        + enc(stack.keycloakAdminPassword())).path("access_token").asText();
    }

    private static void ensureCopyOfCliClient(String clientId, java.util.function.Consumer<ObjectNode> change) {
        DevStack stack = Platform.stack();
        String admin = "Bearer " + adminToken();
        String clients = stack.keycloakUrl() + "/admin/realms/" + DevStack.REALM + "/clients";
        if (Http.Call.of("GET", clients + "?clientId=" + clientId).auth(admin).send().expect(200).json().size() > 0) {
            return;
        }
        ObjectNode client = (ObjectNode) Http.Call.of("GET", clients + "?clientId=" + DevStack.CLI_CLIENT).auth(admin)
                .send().expect(200).json().get(0);
        client.remove("id");
        client.put("clientId", clientId);
        client.withArray("protocolMappers").forEach(m -> ((ObjectNode) m).remove("id"));
        change.accept(client);
        Http.Call.of("POST", clients).auth(admin).body(client.toString()).send().expect(201);
    }

    private static String passwordGrant(String clientId, String username) {
        DevStack stack = Platform.stack();
        return form(stack.tokenUrl(), "grant_type=password&client_id=" + clientId + "&username=" + enc(username)
                + "&password=" + enc(stack.accounts().demoAccount(username).password())).path("access_token").asText();
    }

    private static JsonNode form(String url, String body) {
        Http.Answer a = Http.Call.of("POST", url).header("Content-Type", "application/x-www-form-urlencoded")
                .bodyRaw(body).send();
        return a.expect(200).json();
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
