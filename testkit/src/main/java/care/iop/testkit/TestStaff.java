package care.iop.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The users of the testkit's stand-in for Keycloak ({@link KeycloakAdminTestResource}): the staff the services'
 * staff directory knows. {@link StaffMember#of} registers every member it makes; tests register ids they name
 * without a token (a facilitator, a supervisor) here, and switch Keycloak off with {@link #keycloakDown}.
 */
public final class TestStaff {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private TestStaff() {
    }

    /** A new active staff member of the clinic with the roles; their id. */
    public static UUID register(UUID clinicId, String... roles) {
        UUID id = UUID.randomUUID();
        register(id, clinicId, true, roles);
        return id;
    }

    /** Registers (or replaces) a user of the clinic; {@code enabled} false is a disabled (inactive) account. */
    public static void register(UUID id, UUID clinicId, boolean enabled, String... roles) {
        registerNamed(id, clinicId, enabled, "Staff", id.toString().substring(0, 8), roles);
    }

    /** Registers (or replaces) a user with the names the directory shows as their display name. */
    public static void registerNamed(UUID id, UUID clinicId, boolean enabled, String firstName, String lastName,
                                String... roles) {
        send("POST", "/test/staff?id=" + id + "&clinicId=" + clinicId + "&enabled=" + enabled + "&roles="
                + String.join(",", roles) + "&firstName=" + enc(firstName) + "&lastName=" + enc(lastName));
    }

    /** Makes Keycloak's admin API unreachable (true: every call 503) or reachable again (false). */
    public static void keycloakDown(boolean down) {
        send("PUT", "/test/staff/down?value=" + down);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void send(String method, String path) {
        try {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(KeycloakAdminStandIn.url() + path))
                    .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 204) {
                throw new IllegalStateException("Keycloak stand-in answered " + answer.statusCode());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
