package care.iop.common.security;

import care.iop.testkit.TestTokens;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.quarkus.oidc.AccessTokenCredential;
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import io.vertx.ext.web.RoutingContext;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The remembered tokens on their own: what is recognised, until when, and with whose HTTP context. */
class VerifiedTokensTest {

    private static final Instant NOW = Instant.parse("2026-03-09T10:00:00Z");

    private final VerifiedTokens tokens = new VerifiedTokens();

    @Test
    void a_verified_token_is_recognised_and_a_different_one_is_not() {
        tokens.clock = Clock.fixed(NOW, ZoneOffset.UTC);
        String token = TestTokens.staff(UUID.randomUUID(), "clinician").sign();
        tokens.remember(identity(token, NOW.plusSeconds(300)));

        assertThat(authenticate(token, http())).isNotNull();
        assertThat(authenticate(token + "x", http())).isNull();
        assertThat(authenticate(TestTokens.staff(UUID.randomUUID(), "clinician").sign(), http())).isNull();
        assertThat(tokens.recognisedCount()).isEqualTo(1);
    }

    @Test
    void a_token_is_forgotten_at_its_expiry_or_after_a_minute_whichever_comes_first() {
        String shortLived = "short." + UUID.randomUUID();
        String longLived = "long." + UUID.randomUUID();
        tokens.clock = Clock.fixed(NOW, ZoneOffset.UTC);
        tokens.remember(identity(shortLived, NOW.plusSeconds(20)));
        tokens.remember(identity(longLived, NOW.plusSeconds(3600)));

        tokens.clock = Clock.fixed(NOW.plusSeconds(19), ZoneOffset.UTC);
        assertThat(authenticate(shortLived, http())).isNotNull();
        tokens.clock = Clock.fixed(NOW.plusSeconds(20), ZoneOffset.UTC);
        assertThat(authenticate(shortLived, http())).as("at exp").isNull();

        tokens.clock = Clock.fixed(NOW.plus(VerifiedTokens.REMEMBER_AT_MOST).minusSeconds(1), ZoneOffset.UTC);
        assertThat(authenticate(longLived, http())).isNotNull();
        tokens.clock = Clock.fixed(NOW.plus(VerifiedTokens.REMEMBER_AT_MOST), ZoneOffset.UTC);
        assertThat(authenticate(longLived, http())).as("a minute after it was verified").isNull();
    }

    @Test
    void an_expired_token_is_not_remembered() {
        String token = "expired." + UUID.randomUUID();
        tokens.clock = Clock.fixed(NOW, ZoneOffset.UTC);
        tokens.remember(identity(token, NOW));
        assertThat(authenticate(token, http())).isNull();
    }

    @Test
    void a_remembered_identity_carries_the_http_context_of_the_request_it_answers() {
        tokens.clock = Clock.fixed(NOW, ZoneOffset.UTC);
        String token = "t." + UUID.randomUUID();
        RoutingContext first = http();
        SecurityIdentity verified = QuarkusSecurityIdentity.builder(identity(token, NOW.plusSeconds(300)))
                .addAttribute(RoutingContext.class.getName(), first).build();
        tokens.remember(verified);

        RoutingContext second = http();
        SecurityIdentity answered = authenticate(token, second);
        assertThat((Object) answered.getAttribute(RoutingContext.class.getName())).isSameAs(second);
        assertThat(answered.getPrincipal()).isSameAs(verified.getPrincipal());
        assertThat(answered.getRoles()).containsExactly("clinician");
    }

    @Test
    void a_token_verified_for_one_oidc_tenant_is_not_recognised_for_another() {
        tokens.clock = Clock.fixed(NOW, ZoneOffset.UTC);
        String token = "tenanted." + UUID.randomUUID();
        tokens.remember(QuarkusSecurityIdentity.builder(identity(token, NOW.plusSeconds(300)))
                .addAttribute("tenant-id", "partners").build());

        assertThat(authenticate(token, http())).as("default tenant").isNull();
        assertThat(authenticate(token, http("other"))).isNull();
        assertThat(authenticate(token, http("partners"))).isNotNull();
    }

    @Test
    void when_full_of_live_tokens_a_new_one_is_verified_every_time_instead_of_growing() {
        tokens.clock = Clock.fixed(NOW, ZoneOffset.UTC);
        for (int i = 0; i < VerifiedTokens.MAX_TOKENS; i++) {
            tokens.remember(identity("live." + i, NOW.plusSeconds(300)));
        }
        tokens.remember(identity("one-more", NOW.plusSeconds(300)));
        assertThat(authenticate("one-more", http())).isNull();
        assertThat(authenticate("live.0", http())).isNotNull();
    }

    private SecurityIdentity authenticate(String token, RoutingContext http) {
        TokenAuthenticationRequest request = new TokenAuthenticationRequest(new AccessTokenCredential(token));
        HttpSecurityUtils.setRoutingContextAttribute(request, http);
        return tokens.authenticate(request, null).await().indefinitely();
    }

    private static SecurityIdentity identity(String token, Instant exp) {
        JwtClaims claims = new JwtClaims();
        claims.setSubject("staff-1");
        claims.setExpirationTime(org.jose4j.jwt.NumericDate.fromSeconds(exp.getEpochSecond()));
        return QuarkusSecurityIdentity.builder().setPrincipal(new DefaultJWTCallerPrincipal(claims))
                .addCredential(new AccessTokenCredential(token)).addRole("clinician").build();
    }

    /** A stand-in HTTP context of the default tenant: these tests compare it by identity. */
    private static RoutingContext http() {
        return http(null);
    }

    /** A stand-in HTTP context whose quarkus-oidc tenant is {@code tenant} (null: the default one). */
    private static RoutingContext http(String tenant) {
        return (RoutingContext) Proxy.newProxyInstance(RoutingContext.class.getClassLoader(),
                new Class<?>[] {RoutingContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "toString" -> "http";
                    case "get" -> "tenant-id".equals(args[0]) ? tenant : null;
                    default -> null;
                });
    }
}
