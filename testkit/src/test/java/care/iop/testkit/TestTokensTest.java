package care.iop.testkit;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.Test;

import java.security.KeyFactory;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The tokens verify the way quarkus-oidc will verify them, and the broken ones do not. */
class TestTokensTest {

    private static JwtConsumer verifier() throws Exception {
        var key = KeyFactory.getInstance("RSA").generatePublic(
                new X509EncodedKeySpec(Base64.getDecoder().decode(TestTokens.publicKeyBase64())));
        return new JwtConsumerBuilder().setVerificationKey(key).setExpectedIssuer(TestTokens.ISSUER)
                .setExpectedAudience(TestTokens.AUDIENCE).setRequireExpirationTime()
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.RSA_USING_SHA256).build();
    }

    @Test
    @SuppressWarnings("unchecked")
    void a_staff_token_carries_clinic_roles_and_client() throws Exception {
        UUID clinic = UUID.randomUUID();
        var claims = verifier().processToClaims(TestTokens.staff(clinic, "clinician", "nurse").sign());
        assertThat(claims.getStringClaimValue("clinic_id")).isEqualTo(clinic.toString());
        assertThat((List<String>) ((Map<String, Object>) claims.getClaimValue("realm_access")).get("roles"))
                .containsExactly("clinician", "nurse");
        assertThat(claims.getStringClaimValue("azp")).isEqualTo("iop-staff-app");
    }

    @Test
    void broken_tokens_fail_verification() throws Exception {
        UUID clinic = UUID.randomUUID();
        JwtConsumer verifier = verifier();
        for (String bad : List.of(
                TestTokens.staff(clinic, "clinician").issuedAgo(Duration.ofMinutes(10)).sign(),
                TestTokens.staff(clinic, "clinician").issuer("https://other").sign(),
                TestTokens.staff(clinic, "clinician").audience("other").sign(),
                TestTokens.staff(clinic, "clinician").signedByForeignKey().sign(),
                TestTokens.staff(clinic, "clinician").tampered(),
                TestTokens.staff(clinic, "clinician").unsigned())) {
            assertThatThrownBy(() -> verifier.processToClaims(bad)).isInstanceOf(InvalidJwtException.class);
        }
    }
}
