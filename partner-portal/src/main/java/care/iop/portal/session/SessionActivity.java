package care.iop.portal.session;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Applies {@link IdleTimeout} to every page: a request after the idle limit is sent to {@code /session/expired}
 * (which signs out, Keycloak's session too); any other signed-in request records activity in the
 * {@value #COOKIE} cookie.
 */
@ApplicationScoped
public class SessionActivity {

    static final String COOKIE = "portal_seen";

    @Inject
    SecurityIdentity identity;

    @Inject
    IdleTimeout idle;

    @Inject
    Clock clock;

    @ServerRequestFilter
    public Optional<Response> endIdleSessions(ContainerRequestContext request) {
        if (identity.isAnonymous() || request.getUriInfo().getPath().startsWith("/session/")) {
            return Optional.empty();
        }
        Cookie seen = request.getCookies().get(COOKIE);
        Optional<Instant> last = idle.lastSeen(subject(), seen == null ? null : seen.getValue());
        if (last.isPresent() && idle.expired(last.get(), clock.instant())) {
            return Optional.of(Response.seeOther(URI.create("/session/expired")).build());
        }
        return Optional.empty();
    }

    @ServerResponseFilter
    public void recordActivity(ContainerRequestContext request, ContainerResponseContext response) {
        if (identity.isAnonymous() || response.getStatus() == Response.Status.SEE_OTHER.getStatusCode()
                && "/session/expired".equals(String.valueOf(response.getHeaderString("Location")))) {
            return;
        }
        if (request.getUriInfo().getPath().equals("/session/expired")) {
            return;
        }
        response.getHeaders().add("Set-Cookie", cookie(idle.stamp(subject(), clock.instant()), -1,
                tls(request.getUriInfo())));
    }

    /** Whether the page came over TLS (then the portal's own cookies are Secure, as the session cookie is). */
    static boolean tls(UriInfo uri) {
        return "https".equals(uri.getRequestUri().getScheme());
    }

    /** The activity cookie: HttpOnly, SameSite=Lax, and Secure when the page came over TLS. */
    static NewCookie cookie(String value, int maxAge, boolean tls) {
        return new NewCookie.Builder(COOKIE).value(value).path("/").httpOnly(true).sameSite(NewCookie.SameSite.LAX)
                .secure(tls).maxAge(maxAge).build();
    }

    private String subject() {
        return identity.getPrincipal().getName();
    }

    /** The rule, configured. */
    @Singleton
    static class Configuration {
        @Produces
        @Singleton
        IdleTimeout idleTimeout(@ConfigProperty(name = "portal.idle-timeout", defaultValue = "15M") Duration limit,
                                @ConfigProperty(name = "portal.idle-warning", defaultValue = "2M") Duration warning,
                                @ConfigProperty(name = "quarkus.oidc.credentials.secret") String secret) {
            return new IdleTimeout(limit, warning, secret);
        }

        @Produces
        @Singleton
        Clock clock() {
            return Clock.systemUTC();
        }
    }
}
