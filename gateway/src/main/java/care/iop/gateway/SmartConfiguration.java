package care.iop.gateway;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /fhir/r4/.well-known/smart-configuration}: SMART App Launch 2.0 discovery (plain Java, no I/O). The
 * endpoints are the realm's OpenID Connect endpoints, derived from its public issuer URL by Keycloak's fixed layout
 * ({@code <issuer>/protocol/openid-connect/token}, {@code .../certs}, ...), so the document needs no call to Keycloak
 * and is the same while Keycloak is down. What it claims is what the realm offers: confidential clients with a secret
 * (the EHR integrations) or a signed JWT, the browser clients' authorization code with PKCE S256, and the SMART v2
 * system scopes the realm declares as client scopes (devstack's {@code iop-realm.json}; the gateway's tests check the
 * two lists agree).
 */
final class SmartConfiguration {

    /** The SMART v2 system scopes: read and search for every type served, and the writes the services offer. */
    static final List<String> WRITE_SCOPES = List.of("system/Patient.cu", "system/ServiceRequest.c",
            "system/QuestionnaireResponse.c");

    /**
     * Not claimed: {@code sso-openid-connect} and the launch contexts, which need a {@code fhirUser} claim and launch
     * context the realm does not issue.
     */
    static final List<String> CAPABILITIES = List.of("launch-standalone", "client-public",
            "client-confidential-symmetric", "client-confidential-asymmetric", "permission-v2");

    private SmartConfiguration() {
    }

    static List<String> systemScopes() {
        List<String> scopes = new ArrayList<>();
        FhirOwners.types().forEach(type -> scopes.add("system/" + type + ".rs"));
        scopes.addAll(WRITE_SCOPES);
        return scopes;
    }

    /** The realm's endpoints from its public issuer URL ({@code https://login.example.org/realms/iop}). */
    static FhirCapabilities.Oauth endpoints(String issuer) {
        String oidc = issuer.replaceAll("/+$", "") + "/protocol/openid-connect";
        return new FhirCapabilities.Oauth(oidc + "/token", oidc + "/auth", oidc + "/revoke",
                oidc + "/token/introspect");
    }

    static JsonObject document(String issuer) {
        String realm = issuer.replaceAll("/+$", "");
        FhirCapabilities.Oauth oauth = endpoints(realm);
        JsonArray scopes = new JsonArray().add("openid");
        systemScopes().forEach(scopes::add);
        return new JsonObject()
                .put("issuer", realm)
                .put("jwks_uri", realm + "/protocol/openid-connect/certs")
                .put("authorization_endpoint", oauth.authorize())
                .put("token_endpoint", oauth.token())
                .put("revocation_endpoint", oauth.revoke())
                .put("introspection_endpoint", oauth.introspect())
                .put("grant_types_supported", new JsonArray().add("client_credentials").add("authorization_code"))
                .put("token_endpoint_auth_methods_supported", new JsonArray().add("client_secret_basic")
                        .add("client_secret_post").add("private_key_jwt"))
                .put("token_endpoint_auth_signing_alg_values_supported", new JsonArray().add("RS384").add("ES384"))
                .put("scopes_supported", scopes)
                .put("response_types_supported", new JsonArray().add("code"))
                .put("capabilities", new JsonArray(new ArrayList<>(CAPABILITIES)))
                .put("code_challenge_methods_supported", new JsonArray().add("S256"));
    }
}
