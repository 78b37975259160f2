package care.iop.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Stands in for the part of Keycloak's admin API the staff directory reads ({@code care.iop.common.staff}): the
 * client-credentials token endpoint, {@code GET /admin/realms/iop/users?q=clinic_id:…}, {@code GET …/users/{id}}
 * and {@code GET …/users/{id}/role-mappings/realm/composite}, answering with Keycloak's JSON shapes from an
 * in-memory registry that {@link TestStaff} (and so {@link StaffMember#of}) fills over HTTP. One server per test
 * JVM, shared by every class loader through a system property, like the embedded PostgreSQL and Kafka.
 * (Real Keycloak answers in the devstack's and the end-to-end tests.)
 */
final class KeycloakAdminStandIn {

    static final String STATE = "iop-testkit.keycloak-admin";
    static final String CLIENT_ID = "iop-staff-directory";
    static final String CLIENT_SECRET = "test-staff-directory-secret";
    private static final String TOKEN = "stand-in-admin-token";

    private record User(UUID id, UUID clinicId, String firstName, String lastName, boolean enabled,
                        List<String> roles, long createdTimestamp) {
    }

    private final Map<UUID, User> users = new ConcurrentHashMap<>();
    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    private volatile boolean down;

    private KeycloakAdminStandIn() {
    }

    /** The stand-in's base URL ({@code http://127.0.0.1:<port>}), started on first use. */
    static String url() {
        synchronized (System.getProperties()) {
            String url = System.getProperty(STATE);
            if (url == null) {
                url = new KeycloakAdminStandIn().start();
                System.setProperty(STATE, url);
            }
            return url;
        }
    }

    private String start() {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/realms/iop/protocol/openid-connect/token", this::token);
        server.createContext("/admin/realms/iop/users", this::users);
        server.createContext("/test/staff", this::manage);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "keycloak-admin-stand-in");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void token(HttpExchange x) throws IOException {
        String form = body(x);
        if (down) {
            StandInHttp.reply(x, 503, "{}");
        } else if (!"POST".equals(x.getRequestMethod()) || !form.contains("grant_type=client_credentials")
                || !form.contains("client_id=" + CLIENT_ID) || !form.contains("client_secret=" + CLIENT_SECRET)) {
            StandInHttp.reply(x, 401, "{\"error\":\"unauthorized_client\"}");
        } else {
            StandInHttp.reply(x, 200, "{\"access_token\":\"" + TOKEN + "\",\"expires_in\":300,\"token_type\":\"Bearer\"}");
        }
    }

    private void users(HttpExchange x) throws IOException {
        if (down) {
            StandInHttp.reply(x, 503, "{}");
            return;
        }
        if (!("Bearer " + TOKEN).equals(x.getRequestHeaders().getFirst("Authorization"))) {
            StandInHttp.reply(x, 401, "{\"error\":\"HTTP 401 Unauthorized\"}");
            return;
        }
        String[] path = x.getRequestURI().getPath().substring("/admin/realms/iop/users".length()).split("/");
        if (path.length <= 1) {
            Map<String, String> parameters = StandInHttp.query(x.getRequestURI());
            String q = parameters.getOrDefault("q", "");
            int first = Integer.parseInt(parameters.getOrDefault("first", "0"));
            int max = Integer.parseInt(parameters.getOrDefault("max", "100"));
            String clinic = q.startsWith("clinic_id:") ? q.substring("clinic_id:".length()) : null;
            List<User> found = users.values().stream()
                    .filter(u -> clinic == null || u.clinicId().toString().equals(clinic))
                    .sorted(java.util.Comparator.comparingLong(User::createdTimestamp))
                    .skip(first).limit(max).toList();
            StandInHttp.reply(x, 200, found.stream().map(KeycloakAdminStandIn::json).collect(Collectors.joining(",", "[", "]")));
            return;
        }
        User user;
        try {
            user = users.get(UUID.fromString(path[1]));
        } catch (IllegalArgumentException e) {
            user = null;
        }
        if (user == null) {
            StandInHttp.reply(x, 404, "{\"error\":\"User not found\"}");
        } else if (path.length == 2) {
            StandInHttp.reply(x, 200, json(user));
        } else if (String.join("/", List.of(path).subList(2, path.length)).equals("role-mappings/realm/composite")) {
            List<String> roles = new ArrayList<>(user.roles());
            roles.add("default-roles-iop"); // as Keycloak: the realm's default composite and its parts
            roles.add("offline_access");
            StandInHttp.reply(x, 200, roles.stream().map(r -> "{\"id\":\"" + UUID.nameUUIDFromBytes(r.getBytes(StandardCharsets.UTF_8))
                    + "\",\"name\":\"" + r + "\",\"composite\":false,\"clientRole\":false}")
                    .collect(Collectors.joining(",", "[", "]")));
        } else {
            StandInHttp.reply(x, 404, "{\"error\":\"Not found\"}");
        }
    }

    /**
     * POST /test/staff?id&clinicId&roles=a,b&enabled=true&firstName&lastName registers (or replaces) a user;
     * PUT /test/staff/down?value=true makes Keycloak unreachable (503) until set back.
     */
    private void manage(HttpExchange x) throws IOException {
        Map<String, String> q = StandInHttp.query(x.getRequestURI());
        body(x);
        switch (x.getRequestMethod()) {
            case "POST" -> {
                UUID id = UUID.fromString(q.get("id"));
                String roles = q.getOrDefault("roles", "");
                User previous = users.get(id);
                users.put(id, new User(id, UUID.fromString(q.get("clinicId")), q.getOrDefault("firstName", ""),
                        q.getOrDefault("lastName", ""), Boolean.parseBoolean(q.getOrDefault("enabled", "true")),
                        roles.isEmpty() ? List.of() : List.of(roles.split(",")),
                        previous != null ? previous.createdTimestamp() : clock.incrementAndGet()));
                StandInHttp.reply(x, 204, null);
            }
            case "PUT" -> {
                down = Boolean.parseBoolean(q.get("value"));
                StandInHttp.reply(x, 204, null);
            }
            default -> StandInHttp.reply(x, 405, null);
        }
    }

    private static String json(User u) {
        return "{\"id\":\"" + u.id() + "\",\"username\":\"user-" + u.id().toString().substring(0, 8)
                + "\",\"firstName\":\"" + u.firstName() + "\",\"lastName\":\"" + u.lastName()
                + "\",\"email\":\"" + u.id() + "@staff.test\",\"emailVerified\":true,\"enabled\":" + u.enabled()
                + ",\"createdTimestamp\":" + u.createdTimestamp()
                + ",\"attributes\":{\"clinic_id\":[\"" + u.clinicId() + "\"]},\"totp\":false}";
    }

    private static String body(HttpExchange x) throws IOException {
        try (InputStream in = x.getRequestBody()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
