package care.iop.gateway;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.function.Consumer;

/**
 * Bearer tokens checked at the edge with quarkus-oidc's identity provider. Done here rather than by Quarkus's
 * authentication layer, which answers a bad token on a plain route with an empty 401: callers get a problem
 * document instead, and no service is called.
 */
@ApplicationScoped
public class EdgeAuth {

    @Inject
    IdentityProviderManager identities;

    @Inject
    RateLimiter limiter;

    /**
     * Runs {@code then} with the caller's identity, or answers 401 — or 429 once the source address has sent too many
     * requests without a valid token. The request body waits meanwhile.
     */
    public void authenticate(RoutingContext rc, Consumer<SecurityIdentity> then) {
        String authorization = rc.request().getHeader("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            refuse(rc);
            return;
        }
        rc.request().pause();
        TokenAuthenticationRequest request = new TokenAuthenticationRequest(
                new AccessTokenCredential(authorization.substring(7).strip()));
        HttpSecurityUtils.setRoutingContextAttribute(request, rc);
        identities.authenticate(request).subscribe().with(then, failure -> {
            rc.request().resume();
            refuse(rc);
        });
    }

    /** A request without a valid token counts against its address's bucket (counted, not logged one by one). */
    private void refuse(RoutingContext rc) {
        if (limiter.admitUnauthenticated(rc)) {
            unauthorized(rc);
        }
    }

    static void unauthorized(RoutingContext rc) {
        rc.response().putHeader("WWW-Authenticate", "Bearer");
        Problems.send(rc, 401, "unauthorized", "Unauthorized", "A valid bearer token is required");
    }
}
