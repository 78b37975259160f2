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

    private RealmFile() {
    }

    /**
     * The realm with the partner portal's client pointed at {@code portalUrl} (redirect and post-logout URIs, web
     * origin): the file names the documented port 3000, the tests run the portal on any free port.
     */
    static byte[] withPortalAt(byte[] realm, String portalUrl) {
        try {
            ObjectMapper json = new ObjectMapper();
            JsonNode root = json.readTree(realm);
            for (JsonNode client : root.path("clients")) {
                if (PORTAL_CLIENT.equals(client.path("clientId").asText())) {
                    ObjectNode c = (ObjectNode) client;
                    c.put("rootUrl", portalUrl);
                    c.put("baseUrl", portalUrl + "/");
                    ((ArrayNode) c.putArray("redirectUris")).add(portalUrl + "/*");
                    ((ArrayNode) c.putArray("webOrigins")).add(portalUrl);
                    ObjectNode attributes = c.has("attributes") ? (ObjectNode) c.get("attributes") : c.putObject("attributes");
                    attributes.put("post.logout.redirect.uris", portalUrl + "/*");
                }
            }
            return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException("the realm file is not valid JSON", e);
        }
    }
}
