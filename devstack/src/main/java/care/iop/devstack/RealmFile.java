package care.iop.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Changes to the realm file before Keycloak imports it. */
final class RealmFile {

    static final String PORTAL_CLIENT = "iop-partner-portal";
    static final String DASHBOARD_CLIENT = "iop-analytics-dashboard";
    static final String DASHBOARD_PATH = "/dashboard";

    private RealmFile() {
    }

    /**
     * The realm with the partner portal's client pointed at {@code portalUrl} (redirect and post-logout URIs, web
     * origin): the file names the documented port 3000, the tests run the portal on any free port.
     */
    static byte[] withPortalAt(byte[] realm, String portalUrl) {
        return withClientAt(realm, PORTAL_CLIENT, portalUrl, "");
    }

    /**
     * The realm with the analytics dashboard's client pointed at {@code analyticsUrl} (the analytics service; its
     * pages are under {@code /dashboard}): the file names the documented port 8086.
     */
    static byte[] withDashboardAt(byte[] realm, String analyticsUrl) {
        return withClientAt(realm, DASHBOARD_CLIENT, analyticsUrl, DASHBOARD_PATH);
    }

    private static byte[] withClientAt(byte[] realm, String clientId, String url, String path) {
        try {
            ObjectMapper json = new ObjectMapper();
            JsonNode root = json.readTree(realm);
            for (JsonNode client : root.path("clients")) {
                if (clientId.equals(client.path("clientId").asText())) {
                    ObjectNode c = (ObjectNode) client;
                    c.put("rootUrl", url);
                    c.put("baseUrl", url + path + (path.isEmpty() ? "/" : ""));
                    ((ArrayNode) c.putArray("redirectUris")).add(url + path + "/*");
                    ((ArrayNode) c.putArray("webOrigins")).add(url);
                    ObjectNode attributes = c.has("attributes") ? (ObjectNode) c.get("attributes") : c.putObject("attributes");
                    attributes.put("post.logout.redirect.uris", url + path + "/*");
                }
            }
            return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException("the realm file is not valid JSON", e);
        }
    }
}
