package care.iop.e2e;

import care.iop.devstack.DevStack;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * The realm's admin API, for what the demo realm deliberately does not offer: tokens that expire within seconds, and
 * staff members of a clinic beyond the demo accounts (facilitators whose calendars no other test touches).
 */
public final class Keycloak {

    static final int SHORT_LIFESPAN_SECONDS = 15;
    private static final String SHORT_LIVED_CLIENT = "e2e-short-lived";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private Keycloak() {
    }

    /**
     * A real access token of a demo account that expires {@value #SHORT_LIFESPAN_SECONDS} s after issue: from a copy
     * of the password-grant client (same mappers, so the same claims) with a short token lifespan.
     */
    static synchronized String shortLivedToken(String username) {
        DevStack stack = Platform.stack();
        String admin = "Bearer " + form(stack.keycloakUrl() + "/realms/master/protocol/openid-connect/token",
                "grant_type=password&client_id=admin-cli&username=" + enc(stack.keycloakAdminUser()) + "&password="
                        + enc(stack.keycloakAdminPassword())).path("access_token").asText();
        String clients = stack.keycloakUrl() + "/admin/realms/" + DevStack.REALM + "/clients";
        if (send(HttpRequest.newBuilder(URI.create(clients + "?clientId=" + SHORT_LIVED_CLIENT))
                .header("Authorization", admin).GET()).size() == 0) {
            ObjectNode client = (ObjectNode) send(HttpRequest.newBuilder(URI.create(clients + "?clientId="
                    + DevStack.CLI_CLIENT)).header("Authorization", admin).GET()).get(0);
            client.remove("id");
            client.put("clientId", SHORT_LIVED_CLIENT);
            client.with("attributes").put("access.token.lifespan", Integer.toString(SHORT_LIFESPAN_SECONDS));
            client.withArray("protocolMappers").forEach(m -> ((ObjectNode) m).remove("id"));
            send(HttpRequest.newBuilder(URI.create(clients)).header("Authorization", admin)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(client.toString())));
        }
        return form(stack.tokenUrl(), "grant_type=password&client_id=" + SHORT_LIVED_CLIENT + "&username="
                + enc(username) + "&password=" + enc(stack.accounts().demoAccount(username).password()))
                .path("access_token").asText();
    }

    /**
     * A new active staff member of the clinic with the realm roles (a Keycloak user with the clinic's {@code clinic_id},
     * as an administrator would add one): their id, which the services' staff directory accepts at once.
     */
    public static String staffMember(java.util.UUID clinicId, String... roles) {
        DevStack stack = Platform.stack();
        String admin = "Bearer " + adminToken(stack);
        String realm = stack.keycloakUrl() + "/admin/realms/" + DevStack.REALM;
        String username = "e2e-staff-" + java.util.UUID.randomUUID();
        ObjectNode user = JSON.createObjectNode().put("username", username).put("enabled", true)
                .put("firstName", "E2E").put("lastName", "Staff " + username.substring(10, 18));
        user.putObject("attributes").putArray("clinic_id").add(clinicId.toString());
        send(HttpRequest.newBuilder(URI.create(realm + "/users")).header("Authorization", admin)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(user.toString())));
        String id = send(HttpRequest.newBuilder(URI.create(realm + "/users?exact=true&username=" + enc(username)))
                .header("Authorization", admin).GET()).get(0).path("id").asText();
        com.fasterxml.jackson.databind.node.ArrayNode mappings = JSON.createArrayNode();
        for (String role : roles) {
            mappings.add(send(HttpRequest.newBuilder(URI.create(realm + "/roles/" + enc(role)))
                    .header("Authorization", admin).GET()));
        }
        send(HttpRequest.newBuilder(URI.create(realm + "/users/" + id + "/role-mappings/realm"))
                .header("Authorization", admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(mappings.toString())));
        return id;
    }

    private static String adminToken(DevStack stack) {
        return form(stack.keycloakUrl() + "/realms/master/protocol/openid-connect/token",
                "grant_type=password&client_id=admin-cli&username=" + enc(stack.keycloakAdminUser()) + "&password="
                        + enc(stack.keycloakAdminPassword())).path("access_token").asText();
    }

    private static JsonNode form(String url, String body) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static JsonNode send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() >= 300) {
                throw new IllegalStateException("Keycloak answered " + answer.statusCode() + ": " + answer.body());
            }
            return answer.body().isEmpty() ? JSON.nullNode() : JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
