package care.iop.common.security;

import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bearer tokens quarkus-oidc has verified, remembered for a minute at most and never past their {@code exp}, so a
 * client sending the same token for minutes is not verified again on every request (parsing the token, the RSA
 * check and the claims' second parse were half the CPU of a cheap request: docs/benchmarks.md, "Request cost").
 *
 * <p>Only a token equal, character for character, to one that passed verification is recognised; anything else
 * goes to quarkus-oidc as before. The minute bounds how long a token signed by a key the issuer has since withdrawn
 * stays accepted. A remembered identity is handed to a request with that request's own HTTP context, never the
 * context of the request that verified it.
 */
@ApplicationScoped
public class VerifiedTokens implements IdentityProvider<TokenAuthenticationRequest> {

    static final Duration REMEMBER_AT_MOST = Duration.ofMinutes(1);
    static final int MAX_TOKENS = 10_000;
    private static final String ROUTING_CONTEXT = RoutingContext.class.getName();
    private static final String REQUEST_CONTEXT = AuthenticationRequestContext.class.getName();
    /** quarkus-oidc's tenant of a request (on the HTTP context) and of the identity it built (an attribute). */
    private static final String TENANT = "tenant-id";
    private static final String DEFAULT_TENANT = "Default";

    private record Verified(SecurityIdentity identity, Instant until) {
    }

    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    private final AtomicLong recognised = new AtomicLong();
    Clock clock = Clock.systemUTC();

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /**
     * Before quarkus-oidc's provider (which has the default, 1001; higher goes first): a token not remembered falls
     * through to it (a null identity).
     */
    @Override
    public int priority() {
        return 2000;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        String token = request.getToken().getToken();
        RoutingContext http = HttpSecurityUtils.getRoutingContextAttribute(request);
        String key = token == null ? null : key(http == null ? null : http.get(TENANT), token);
        Verified known = key == null ? null : verified.get(key);
        if (known == null) {
            return Uni.createFrom().nullItem();
        }
        if (!clock.instant().isBefore(known.until())) {
            verified.remove(key, known);
            return Uni.createFrom().nullItem();
        }
        recognised.incrementAndGet();
        return Uni.createFrom().item(forThisRequest(known.identity(), http));
    }

    /** How many requests were let in on a remembered token (for tests and benchmarks). */
    public long recognisedCount() {
        return recognised.get();
    }

    void remember(SecurityIdentity identity) {
        TokenCredential credential = identity.getCredential(TokenCredential.class);
        if (!(identity.getPrincipal() instanceof JsonWebToken jwt) || credential == null
                || credential.getToken() == null || jwt.getExpirationTime() <= 0) {
            return;
        }
        Instant now = clock.instant();
        Instant until = Instant.ofEpochSecond(jwt.getExpirationTime());
        if (until.isAfter(now.plus(REMEMBER_AT_MOST))) {
            until = now.plus(REMEMBER_AT_MOST);
        }
        if (!now.isBefore(until)) {
            return;
        }
        if (verified.size() >= MAX_TOKENS) {
            verified.values().removeIf(v -> !now.isBefore(v.until()));
            if (verified.size() >= MAX_TOKENS) {
                return; // full of live tokens: verify this one every time rather than grow without bound
            }
        }
        verified.putIfAbsent(key(identity.getAttribute(TENANT), credential.getToken()), new Verified(identity, until));
    }

    /** A token is recognised only for the OIDC tenant that verified it (another tenant may trust other issuers). */
    private static String key(Object tenant, String token) {
        return (tenant == null ? DEFAULT_TENANT : tenant) + " " + token;
    }

    private static SecurityIdentity forThisRequest(SecurityIdentity identity, RoutingContext http) {
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder(identity);
        if (http != null) {
            builder.addAttribute(ROUTING_CONTEXT, http);
            Object requestContext = http.get(REQUEST_CONTEXT);
            if (requestContext != null) {
                builder.addAttribute(REQUEST_CONTEXT, requestContext);
            }
        }
        return builder.build();
    }

    /** Remembers each identity quarkus-oidc built from a bearer token once it has been verified. */
    @ApplicationScoped
    public static class Remember implements SecurityIdentityAugmentor {

        @Inject
        VerifiedTokens tokens;

        /** Last, so the identity remembered is the one every other augmentor has finished. */
        @Override
        public int priority() {
            return Integer.MIN_VALUE;
        }

        @Override
        public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
            if (!identity.isAnonymous()) {
                tokens.remember(identity);
            }
            return Uni.createFrom().item(identity);
        }
    }
}
