package care.iop.devstack;

import care.iop.embedded.Directories;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the services' staff directory ({@code care.iop.common.staff}) asks of Keycloak, asked of real Keycloak 26.4
 * with the realm file imported: a client-credentials token for {@code iop-staff-directory} with the demo secret, the
 * users of a clinic found by {@code q=clinic_id:<id>} (their attributes, names and creation time in the answer, nobody
 * of the other clinic), one user by id (404 for none), and effective realm roles; and that this client may read and
 * not write, and that its tokens are not for the platform's API (no {@code iop-api} audience). The testkit's stand-in
 * answers the same calls with the same shapes for the services' own tests.
 */
class StaffDirectoryKeycloakTest {

    static final String CLINIC_A = RealmFileTest.CLINIC_A;
    static final String CLINIC_B = RealmFileTest.CLINIC_B;
    static final String CLINICIAN_A = "aaaaaaaa-0000-4000-8000-000000000002";
    static final String NURSE_B = "bbbbbbbb-0000-4000-8000-000000000005";

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final ObjectMapper JSON = new ObjectMapper();

    static Path home;
    static KeycloakNode keycloak;
    static String admin;
    static String token;

    @BeforeAll
    static void startKeycloak() throws IOException {
        home = Files.createTempDirectory("iop-staff-directory-keycloak");
        byte[] realm = Files.readAllBytes(RealmFileTest.moduleDir().resolve("src/main/resources/iop-realm.json"));
        keycloak = KeycloakNode.start(home.resolve("keycloak"), KeycloakNode.KeycloakDist.defaultCacheDir(), realm,
                freePort(), freePort(), "127.0.0.1", "admin", "admin", home.resolve("keycloak.log"),
                Duration.ofMinutes(4), child -> { });
        admin = keycloak.url() + "/admin/realms/iop";
        JsonNode grant = post(keycloak.url() + "/realms/iop/protocol/openid-connect/token",
                "grant_type=client_credentials&client_id=iop-staff-directory&client_secret="
                        + DevStackOptions.DEMO_STAFF_DIRECTORY_SECRET, 200);
        token = grant.path("access_token").asText();
        assertThat(grant.path("expires_in").asInt()).isPositive();
    }

    @AfterAll
    static void stopKeycloak() {
        if (keycloak != null) {
            keycloak.stop();
        }
        Directories.deleteQuietly(home);
    }

    @Test
    void the_token_may_view_users_and_is_not_for_the_platforms_api() throws IOException {
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        // view-users is a composite of Keycloak's: it brings query-users and query-groups, and nothing that writes
        assertThat(texts(claims.path("resource_access").path("realm-management").path("roles")))
                .contains("view-users").allMatch(r -> r.startsWith("view-") || r.startsWith("query-"));
        assertThat(claims.path("realm_access").path("roles").toString()).doesNotContain("clinician", "ehr-integration");
        List<String> audience = claims.path("aud").isArray() ? texts(claims.path("aud")) : List.of(claims.path("aud").asText());
        assertThat(audience).doesNotContain("iop-api");
        assertThat(claims.has("clinic_id")).isFalse();
        // a wrong secret gets no token
        post(keycloak.url() + "/realms/iop/protocol/openid-connect/token",
                "grant_type=client_credentials&client_id=iop-staff-directory&client_secret=wrong", 401);
    }

    @Test
    void a_clinics_users_are_found_by_their_clinic_id_with_what_the_directory_shows() {
        JsonNode users = get("/users?briefRepresentation=false&first=0&max=100&q="
                + URLEncoder.encode("clinic_id:" + CLINIC_A, StandardCharsets.UTF_8), 200);
        Set<String> ids = new java.util.TreeSet<>();
        users.forEach(u -> ids.add(u.path("id").asText()));
        assertThat(ids).as("Northside's nine staff and its EHR's service account")
                .containsAll(List.of(CLINICIAN_A, "aaaaaaaa-0000-4000-8000-000000000001",
                        "aaaaaaaa-0000-4000-8000-000000000009", "eeeeeeee-0000-4000-8000-000000000001"))
                .allMatch(id -> id.startsWith("aaaaaaaa-") || id.startsWith("eeeeeeee-"))
                .hasSize(10);
        JsonNode clinician = find(users, CLINICIAN_A);
        assertThat(texts(clinician.path("attributes").path("clinic_id"))).containsExactly(CLINIC_A);
        assertThat(clinician.path("firstName").asText() + " " + clinician.path("lastName").asText())
                .isEqualTo("Clinician Northside");
        assertThat(clinician.path("enabled").asBoolean()).isTrue();
        // users imported with the realm file have no creation time (0 here): the directory orders by it, then by id
        assertThat(clinician.path("createdTimestamp").asLong(0)).isNotNegative();

        JsonNode other = get("/users?briefRepresentation=false&first=0&max=100&q="
                + URLEncoder.encode("clinic_id:" + CLINIC_B, StandardCharsets.UTF_8), 200);
        List<String> riverside = new ArrayList<>();
        other.forEach(u -> riverside.add(u.path("id").asText()));
        assertThat(riverside).contains(NURSE_B).doesNotContain(CLINICIAN_A);
    }

    @Test
    void one_user_and_their_effective_realm_roles_are_read_by_id() {
        JsonNode nurse = get("/users/" + NURSE_B, 200);
        assertThat(texts(nurse.path("attributes").path("clinic_id"))).containsExactly(CLINIC_B);
        get("/users/" + UUID.randomUUID(), 404);

        Set<String> roles = new java.util.TreeSet<>();
        get("/users/" + CLINICIAN_A + "/role-mappings/realm/composite?briefRepresentation=true", 200)
                .forEach(r -> roles.add(r.path("name").asText()));
        assertThat(roles).contains("clinician").doesNotContain("clinical-supervisor", "ehr-integration");
        Set<String> service = new java.util.TreeSet<>();
        get("/users/eeeeeeee-0000-4000-8000-000000000001/role-mappings/realm/composite", 200)
                .forEach(r -> service.add(r.path("name").asText()));
        assertThat(service).contains("ehr-integration").doesNotContain("clinician", "nurse");
    }

    @Test
    void the_service_account_reads_and_never_writes() throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(admin + "/users/" + CLINICIAN_A))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"enabled\":false}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(get("/users/" + CLINICIAN_A, 200).path("enabled").asBoolean()).isTrue();
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    static JsonNode find(JsonNode users, String id) {
        for (JsonNode u : users) {
            if (u.path("id").asText().equals(id)) {
                return u;
            }
        }
        throw new AssertionError("no user " + id);
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static JsonNode get(String path, int status) {
        return send(HttpRequest.newBuilder(URI.create(admin + path)).header("Authorization", "Bearer " + token)
                .header("Accept", "application/json").GET(), status);
    }

    static JsonNode post(String url, String form, int status) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)), status);
    }

    static JsonNode send(HttpRequest.Builder request, int status) {
        try {
            HttpResponse<String> answer = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
            return answer.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A free port below Linux's ephemeral range (see docs/decisions.md: an ephemeral one was once taken). */
    static int freePort() throws IOException {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = 20_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(10_000);
            try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
                return s.getLocalPort();
            } catch (IOException taken) {
                // next
            }
        }
        throw new IOException("no free port");
    }
}
