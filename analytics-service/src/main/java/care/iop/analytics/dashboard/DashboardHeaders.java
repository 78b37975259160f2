package care.iop.analytics.dashboard;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MultivaluedMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import java.net.URI;
import java.util.Optional;

/**
 * The headers of the dashboard's pages (the API's answers are left as they are): not stored, a Content Security
 * Policy with no inline script or style and no other origin (but Keycloak as a form target, for signing out), no
 * framing, no referrer.
 */
public class DashboardHeaders {

    private final String policy;

    @Inject
    public DashboardHeaders(@ConfigProperty(name = "quarkus.oidc.dashboard.auth-server-url") Optional<String> keycloak) {
        this.policy = policy(keycloak.orElse(""));
    }

    static String policy(String authServer) {
        String formAction = "'self'";
        if (!authServer.isBlank()) {
            URI keycloak = URI.create(authServer);
            formAction += " " + keycloak.getScheme() + "://" + keycloak.getRawAuthority();
        }
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                + "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
                + "form-action " + formAction;
    }

    @ServerResponseFilter
    public void addHeaders(ContainerRequestContext request, ContainerResponseContext response) {
        String path = request.getUriInfo().getPath();
        if (!path.equals("/dashboard") && !path.startsWith("/dashboard/")) {
            return;
        }
        MultivaluedMap<String, Object> headers = response.getHeaders();
        headers.putSingle("Cache-Control", "no-store");
        headers.putSingle("Pragma", "no-cache");
        headers.putSingle("Content-Security-Policy", policy);
        headers.putSingle("X-Content-Type-Options", "nosniff");
        headers.putSingle("X-Frame-Options", "DENY");
        headers.putSingle("Referrer-Policy", "no-referrer");
    }
}
