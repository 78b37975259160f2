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

    @Inject
    IdentityProvider identityProvider;

    /**
     * Runs {@code then} with the caller's identity, or answers 401 — or 429 once the source address has sent too many
     * requests without a valid token — or 503 when the token's signing key is not known here and the identity provider
     * cannot be reached to fetch it (the token may well be valid: retry once the provider is back). The request body
     * waits meanwhile.
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
            if (!needsIdentityProvider(failure)) {
                rc.request().resume();
                refuse(rc);
                return;
            }
            identityProvider.reachable().onComplete(reachable -> {
                rc.request().resume();
                if (Boolean.TRUE.equals(reachable.result())) {
                    refuse(rc);
                } else {
                    identityProviderUnavailable(rc);
                }
            });
        });
    }

    /**
     * Whether a failed token check may be the identity provider's fault: the token's key was not among the cached
     * ones (and fetching the key set again failed or was not tried), or the provider could not be reached at all.
     * An expired, mis-addressed or badly signed token with a known key is the caller's fault whatever the provider's
     * state.
     */
    static boolean needsIdentityProvider(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String type = t.getClass().getName();
            String message = String.valueOf(t.getMessage());
            if (type.endsWith("UnresolvableKeyException") || type.endsWith("ConnectException")
                    || type.endsWith("OIDCException") || t instanceof java.io.IOException
                    || type.startsWith("io.vertx.core.http.") || message.contains("is not available")
                    || message.contains("Connection refused") || message.contains("not initialized")) {
                return true;
            }
        }
        return false;
    }

    /** 503: not counted against the address's bucket for bad tokens (the token was not found bad). */
    static void identityProviderUnavailable(RoutingContext rc) {
        rc.response().putHeader("Retry-After", Integer.toString(IdentityProvider.RETRY_AFTER_SECONDS));
        Problems.send(rc, 503, "identity-provider-unavailable", "Service unavailable",
                "The token's signing key cannot be fetched: the identity provider is unreachable. Retry shortly");
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
