package care.iop.analytics.dashboard;

import care.iop.testkit.TestTokens;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * The dashboard tenant in the Quarkus tests: there is no Keycloak to run the code flow against, so the tenant
 * verifies testkit's signed bearer tokens instead ({@code service}); the page, the roles and the clinic claim are
 * then exercised for real, the browser sign-in is not (the end-to-end tests do that against Keycloak).
 */
public class DashboardOidcTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of(
                "quarkus.oidc.dashboard.application-type", "service",
                "quarkus.oidc.dashboard.auth-server-url", "",
                "quarkus.oidc.dashboard.discovery-enabled", "false",
                "quarkus.oidc.dashboard.public-key", TestTokens.publicKeyBase64(),
                "quarkus.oidc.dashboard.token.issuer", TestTokens.ISSUER);
    }

    @Override
    public void stop() {
    }
}
