package care.iop.gateway;

import io.quarkus.security.AuthenticationFailedException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;

import static org.assertj.core.api.Assertions.assertThat;

/** Which failed token checks may be the identity provider's fault (503 while it is down) rather than the token's (401). */
class EdgeAuthFailureTest {

    @Test
    void an_unknown_signing_key_or_an_unreachable_provider_asks_the_provider() {
        assertThat(EdgeAuth.needsIdentityProvider(new AuthenticationFailedException(
                new IllegalStateException("JWK with kid 'abc' is not available")))).isTrue();
        assertThat(EdgeAuth.needsIdentityProvider(new AuthenticationFailedException(
                new RuntimeException("fetching the key set", new ConnectException("Connection refused"))))).isTrue();
    }

    @Test
    void a_bad_token_with_a_known_key_is_the_callers_fault() {
        assertThat(EdgeAuth.needsIdentityProvider(new AuthenticationFailedException(
                new IllegalStateException("JWT rejected due to invalid signature")))).isFalse();
        assertThat(EdgeAuth.needsIdentityProvider(new AuthenticationFailedException(
                new IllegalStateException("The JWT is no longer valid - the evaluation time is on or after the expiration")))).isFalse();
        assertThat(EdgeAuth.needsIdentityProvider(new AuthenticationFailedException())).isFalse();
    }
}
