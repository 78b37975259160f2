package care.iop.gateway;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** SMART discovery from the realm's public issuer, and its scopes against the realm file that declares them. */
class SmartConfigurationTest {

    @Test
    void endpoints_follow_the_realms_layout_under_its_public_issuer() {
        JsonObject smart = SmartConfiguration.document("https://login.example.org/realms/iop/");
        assertThat(smart.getString("issuer")).isEqualTo("https://login.example.org/realms/iop");
        assertThat(smart.getString("token_endpoint"))
                .isEqualTo("https://login.example.org/realms/iop/protocol/openid-connect/token");
        assertThat(smart.getString("jwks_uri"))
                .isEqualTo("https://login.example.org/realms/iop/protocol/openid-connect/certs");
        assertThat(smart.getString("authorization_endpoint"))
                .isEqualTo("https://login.example.org/realms/iop/protocol/openid-connect/auth");
        assertThat(smart.getJsonArray("capabilities").getList()).doesNotContain("sso-openid-connect");
    }

    /** The scopes discovery offers are the SMART client scopes of the realm (devstack's iop-realm.json). */
    @Test
    void the_scopes_offered_are_the_realms_smart_client_scopes() throws IOException {
        Path here = Path.of("").toAbsolutePath();
        Path realmFile = (here.endsWith("gateway") ? here.getParent() : here)
                .resolve("devstack/src/main/resources/iop-realm.json");
        JsonObject realm = new JsonObject(Files.readString(realmFile));
        List<String> realmScopes = new ArrayList<>();
        realm.getJsonArray("clientScopes", new JsonArray()).forEach(s -> {
            String name = ((JsonObject) s).getString("name");
            if (name.startsWith("system/")) {
                realmScopes.add(name);
            }
        });
        assertThat(SmartConfiguration.systemScopes()).containsExactlyInAnyOrderElementsOf(realmScopes);
        List<Object> offered = SmartConfiguration.document("https://k/realms/iop").getJsonArray("scopes_supported")
                .getList();
        assertThat(offered).contains("openid").containsAll(realmScopes).hasSize(realmScopes.size() + 1);
    }
}
