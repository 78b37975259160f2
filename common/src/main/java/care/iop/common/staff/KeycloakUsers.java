package care.iop.common.staff;

import care.iop.common.config.IopConfig;
import care.iop.common.problem.ProblemException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Reads users and their effective realm roles from Keycloak's admin API ({@code /admin/realms/<realm>/users…}) with
 * the staff-directory client's service-account token (client credentials grant). Only what the directory keeps is
 * read out of the answers: id, names or username, enabled, {@code clinic_id}, creation time, role names.
 * Keycloak unreachable, or refusing the service account, is a 503 (the caller retries), never a silent accept.
 */
@ApplicationScoped
public class KeycloakUsers {

    private static final Logger LOG = Logger.getLogger(KeycloakUsers.class);
    /** Users per page of the admin API's search. */
    private static final int PAGE = 100;

    /** A user as the admin API describes them, reduced to what the directory keeps. */
    public record User(UUID id, String displayName, boolean enabled, Set<UUID> clinicIds, Instant createdAt) {
    }

    @Inject
    IopConfig config;

    @Inject
    ObjectMapper json;

    private volatile HttpClient http;
    private volatile String token;
    private volatile Instant tokenExpiresAt = Instant.EPOCH;

    /** The users whose {@code clinic_id} is the clinic (Keycloak's attribute search, checked again here). */
    public List<User> usersOf(UUID clinicId) {
        List<User> users = new ArrayList<>();
        for (int first = 0; ; first += PAGE) {
            JsonNode page = get("/users?briefRepresentation=false&first=" + first + "&max=" + PAGE + "&q="
                    + URLEncoder.encode("clinic_id:" + clinicId, StandardCharsets.UTF_8)).orElseThrow(
                    KeycloakUsers::unavailable);
            for (JsonNode u : page) {
                User user = user(u);
                if (user != null && user.clinicIds().contains(clinicId)) {
                    users.add(user);
                }
            }
            if (page.size() < PAGE) {
                return users;
            }
        }
    }

    /** One user by id; empty when Keycloak knows no such user. */
    public Optional<User> user(UUID id) {
        return get("/users/" + id).map(KeycloakUsers::user);
    }

    /** The user's effective realm roles (direct, composite and through groups: what their tokens carry). */
    public Set<String> realmRoles(UUID id) {
        return get(rolesPath(id)).map(KeycloakUsers::roleNames).orElse(Set.of());
    }

    /**
     * The effective realm roles of several users, asked for all at once (one list of a clinic's staff needs one per
     * member). Users Keycloak no longer knows have none.
     */
    public Map<UUID, Set<String>> realmRoles(List<UUID> ids) {
        String bearer = token();
        Map<UUID, CompletableFuture<HttpResponse<String>>> asks = new LinkedHashMap<>();
        for (UUID id : ids) {
            asks.put(id, client().sendAsync(request(rolesPath(id), bearer), HttpResponse.BodyHandlers.ofString()));
        }
        Map<UUID, Set<String>> roles = new LinkedHashMap<>();
        for (Map.Entry<UUID, CompletableFuture<HttpResponse<String>>> ask : asks.entrySet()) {
            HttpResponse<String> answer;
            try {
                answer = ask.getValue().join();
            } catch (CompletionException e) {
                roles.put(ask.getKey(), realmRoles(ask.getKey())); // asked again alone, with its one retry
                continue;
            }
            if (answer.statusCode() == 401) {
                tokenExpiresAt = Instant.EPOCH;
                roles.put(ask.getKey(), realmRoles(ask.getKey())); // asks again with a fresh token
            } else if (answer.statusCode() == 404) {
                roles.put(ask.getKey(), Set.of());
            } else if (answer.statusCode() != 200) {
                LOG.warnf("Keycloak's admin API answered %d", answer.statusCode());
                throw unavailable();
            } else {
                roles.put(ask.getKey(), roleNames(read(answer.body())));
            }
        }
        return roles;
    }

    private static String rolesPath(UUID id) {
        return "/users/" + id + "/role-mappings/realm/composite?briefRepresentation=true";
    }

    private static Set<String> roleNames(JsonNode roles) {
        Set<String> names = new LinkedHashSet<>();
        roles.forEach(r -> names.add(r.path("name").asText()));
        return names;
    }

    private HttpRequest request(String path, String bearer) {
        return HttpRequest.newBuilder(URI.create(adminBase() + path)).timeout(config.staffDirectory().timeout())
                .header("Authorization", "Bearer " + bearer).header("Accept", "application/json").GET().build();
    }

    private static User user(JsonNode u) {
        UUID id;
        try {
            id = UUID.fromString(u.path("id").asText());
        } catch (IllegalArgumentException e) {
            return null;
        }
        Set<UUID> clinics = new LinkedHashSet<>();
        for (JsonNode c : u.path("attributes").path("clinic_id")) {
            try {
                clinics.add(UUID.fromString(c.asText()));
            } catch (IllegalArgumentException e) {
                // a malformed attribute binds the user to no clinic
            }
        }
        String name = (u.path("firstName").asText("") + " " + u.path("lastName").asText("")).trim();
        if (name.isEmpty()) {
            name = u.path("username").asText("");
        }
        long created = u.path("createdTimestamp").asLong(0);
        return new User(id, name, u.path("enabled").asBoolean(false), clinics, Instant.ofEpochMilli(created));
    }

    /** GET on the realm's admin API: the JSON answer, empty on 404, 503 for anything else that is not a 200. */
    private Optional<JsonNode> get(String path) {
        for (int attempt = 0; ; attempt++) {
            HttpResponse<String> answer = send(request(path, token()));
            if (answer.statusCode() == 401 && attempt == 0) {
                tokenExpiresAt = Instant.EPOCH; // revoked or expired early: one fresh token, then give up
                continue;
            }
            if (answer.statusCode() == 404) {
                return Optional.empty();
            }
            if (answer.statusCode() != 200) {
                LOG.warnf("Keycloak's admin API answered %d", answer.statusCode());
                throw unavailable();
            }
            return Optional.of(read(answer.body()));
        }
    }

    private String token() {
        if (token != null && Instant.now().isBefore(tokenExpiresAt)) {
            return token;
        }
        synchronized (this) {
            if (token != null && Instant.now().isBefore(tokenExpiresAt)) {
                return token;
            }
            String secret = config.staffDirectory().clientSecret().orElseThrow(() -> {
                LOG.warn("iop.staff-directory.client-secret is not set: staff ids cannot be checked");
                return unavailable();
            });
            String form = "grant_type=client_credentials&client_id="
                    + URLEncoder.encode(config.staffDirectory().clientId(), StandardCharsets.UTF_8)
                    + "&client_secret=" + URLEncoder.encode(secret, StandardCharsets.UTF_8);
            HttpRequest ask = HttpRequest.newBuilder(URI.create(realmUrl() + "/protocol/openid-connect/token"))
                    .timeout(config.staffDirectory().timeout())
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build();
            HttpResponse<String> answer = send(ask);
            if (answer.statusCode() != 200) {
                LOG.warnf("Keycloak refused the staff directory's client credentials: %d", answer.statusCode());
                throw unavailable();
            }
            JsonNode body = read(answer.body());
            token = body.path("access_token").asText();
            // renew a little early, so a token never expires between this check and Keycloak's
            long seconds = Math.max(1, body.path("expires_in").asLong(60) - 10);
            tokenExpiresAt = Instant.now().plusSeconds(seconds);
            return token;
        }
    }

    /**
     * Sends a request (a GET, or the token request: both safe to repeat), once more after a connection failure or a
     * timeout — a pooled connection Keycloak has just closed fails the first try (seen under load as a lone 503).
     */
    private HttpResponse<String> send(HttpRequest ask) {
        for (int attempt = 1; ; attempt++) {
            try {
                return client().send(ask, HttpResponse.BodyHandlers.ofString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw unavailable();
            } catch (IOException | RuntimeException e) {
                if (attempt < 2 && e instanceof IOException) {
                    continue;
                }
                LOG.warnf("Keycloak not reachable for the staff directory: %s", e.getClass().getSimpleName());
                throw unavailable();
            }
        }
    }

    private JsonNode read(String body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            LOG.warn("Keycloak's admin API answered something that is not JSON");
            throw unavailable();
        }
    }

    private HttpClient client() {
        if (http == null) {
            http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(config.staffDirectory().timeout()).build();
        }
        return http;
    }

    private String realmUrl() {
        String url = config.staffDirectory().realmUrl().toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** {@code <base>/realms/<realm>} → {@code <base>/admin/realms/<realm>}. */
    String adminBase() {
        String realm = realmUrl();
        int at = realm.lastIndexOf("/realms/");
        if (at < 0) {
            throw new IllegalStateException("iop.staff-directory.realm-url is not a Keycloak realm URL");
        }
        return realm.substring(0, at) + "/admin" + realm.substring(at);
    }

    static ProblemException unavailable() {
        return new ProblemException(503, "service-unavailable", "Service unavailable",
                "The staff directory could not be read just now; nothing was changed");
    }
}
