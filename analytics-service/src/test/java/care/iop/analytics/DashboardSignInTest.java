package care.iop.analytics;

import care.iop.testkit.OidcTestResource;
import care.iop.testkit.TestTokens;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard tenant as configured (web-app, code flow), with Keycloak's endpoints named but not reached: a browser
 * without a session is sent to Keycloak's authorization endpoint with PKCE S256 and the dashboard's client and
 * redirect path, while the API (the default bearer tenant) still answers 401 and never redirects. Completing the
 * sign-in needs a real Keycloak (the end-to-end tests).
 */
@QuarkusTest
@TestProfile(DashboardSignInTest.CodeFlow.class)
class DashboardSignInTest {

    static final String KEYCLOAK = "http://keycloak.test/realms/iop";

    public static class CodeFlow implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(AnalyticsKafkaTestResource.class),
                    new TestResourceEntry(OidcTestResource.class), new TestResourceEntry(CodeFlowTenant.class));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    public static class CodeFlowTenant implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            return Map.of(
                    "quarkus.oidc.dashboard.auth-server-url", KEYCLOAK,
                    "quarkus.oidc.dashboard.discovery-enabled", "false",
                    "quarkus.oidc.dashboard.authorization-path", "protocol/openid-connect/auth",
                    "quarkus.oidc.dashboard.token-path", "protocol/openid-connect/token",
                    "quarkus.oidc.dashboard.end-session-path", "protocol/openid-connect/logout",
                    "quarkus.oidc.dashboard.public-key", TestTokens.publicKeyBase64(),
                    "quarkus.oidc.dashboard.token.issuer", TestTokens.ISSUER);
        }

        @Override
        public void stop() {
        }
    }

    @Test
    void a_browser_without_a_session_is_sent_to_keycloak_with_pkce() {
        Response r = RestAssured.given().redirects().follow(false).get("/dashboard?period=month");
        assertThat(r.statusCode()).isEqualTo(302);
        String location = URLDecoder.decode(r.header("Location"), StandardCharsets.UTF_8);
        assertThat(location).startsWith(KEYCLOAK + "/protocol/openid-connect/auth?")
                .contains("response_type=code", "client_id=iop-analytics-dashboard", "code_challenge_method=S256",
                        "code_challenge=", "scope=openid")
                .containsPattern("redirect_uri=http://[^&]+/dashboard/signed-in");
        assertThat(r.getCookies().keySet()).as("the state cookie of the dashboard tenant")
                .anyMatch(c -> c.startsWith("q_auth") && c.contains("dashboard"));
    }

    @Test
    void the_api_keeps_answering_401_to_a_caller_without_a_bearer_token() {
        Response r = RestAssured.given().redirects().follow(false)
                .get("/api/v1/analytics/clinics/11111111-1111-4111-8111-111111111111/measures?from=2026-01-01&to=2026-01-31");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.header("Location")).isNull();
    }

    @Test
    void the_signed_out_page_and_the_style_sheet_need_no_session() {
        assertThat(RestAssured.given().redirects().follow(false).get("/dashboard/signed-out").statusCode())
                .isEqualTo(200);
        assertThat(RestAssured.given().redirects().follow(false).get("/dashboard/static/dashboard.css").statusCode())
                .isEqualTo(200);
    }
}
