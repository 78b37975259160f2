package care.iop.portal.web;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MultivaluedMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import java.net.URI;

/**
 * The headers of every page: not stored by the browser or a proxy (pages show patient data), a Content Security
 * Policy that allows no inline script and no other origin (but Keycloak as a form target, for signing out), no
 * framing, no referrer.
 */
public class SecurityHeaders {

    private final String policy;

    @Inject
    public SecurityHeaders(@ConfigProperty(name = "quarkus.oidc.auth-server-url") String authServer) {
        URI keycloak = URI.create(authServer);
        String keycloakOrigin = keycloak.getScheme() + "://" + keycloak.getRawAuthority();
        this.policy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                + "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
                + "form-action 'self' " + keycloakOrigin;
    }

    @ServerResponseFilter
    public void addHeaders(ContainerResponseContext response) {
        MultivaluedMap<String, Object> headers = response.getHeaders();
        headers.putSingle("Cache-Control", "no-store");
        headers.putSingle("Pragma", "no-cache");
        headers.putSingle("Content-Security-Policy", policy);
        headers.putSingle("X-Content-Type-Options", "nosniff");
        headers.putSingle("X-Frame-Options", "DENY");
        headers.putSingle("Referrer-Policy", "no-referrer");
    }
}
