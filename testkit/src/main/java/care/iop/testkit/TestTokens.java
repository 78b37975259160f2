package care.iop.testkit;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Signed bearer tokens shaped like the Keycloak realm's ({@code realm_access.roles}, {@code clinic_id},
 * {@code partner_id}, {@code azp}), signed with a test-only RSA key that {@link OidcTestResource} tells
 * quarkus-oidc to trust. Also makes the broken tokens an attacker would send (expired, wrong issuer or
 * audience, foreign signature, tampered payload, {@code alg=none}).
 */
public final class TestTokens {

    public static final String ISSUER = "https://keycloak.test/realms/iop";
    public static final String AUDIENCE = "iop-api";
    private static final PrivateKey SIGNING_KEY = privateKey("test-signing-key.pem");
    private static final PrivateKey FOREIGN_KEY = privateKey("foreign-signing-key.pem");

    private final Map<String, Object> claims;
    private final List<String> roles = new ArrayList<>();
    private Duration lifetime = Duration.ofMinutes(5);
    private Duration age = Duration.ZERO;
    private PrivateKey key = SIGNING_KEY;

    private TestTokens(String subject) {
        this.claims = new java.util.LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("aud", AUDIENCE);
        claims.put("sub", subject);
        claims.put("azp", "iop-staff-app");
    }

    /** A staff member of a clinic with the given realm roles. */
    public static TestTokens staff(UUID clinicId, String... roles) {
        return new TestTokens(UUID.randomUUID().toString()).clinic(clinicId).roles(roles);
    }

    /** A partner organisation's portal user. */
    public static TestTokens partner(UUID partnerId) {
        return new TestTokens(UUID.randomUUID().toString()).claim("partner_id", partnerId.toString()).roles("partner")
                .clientId("iop-partner-portal");
    }

    /** An EHR integration's service account (client credentials) bound to one clinic. */
    public static TestTokens ehr(UUID clinicId, String clientId) {
        return new TestTokens("service-account-" + clientId).clinic(clinicId).roles("ehr-integration").clientId(clientId);
    }

    public TestTokens subject(String subject) {
        return claim("sub", subject);
    }

    public TestTokens clinic(UUID clinicId) {
        return claim("clinic_id", clinicId.toString());
    }

    public TestTokens clientId(String clientId) {
        return claim("azp", clientId);
    }

    public TestTokens roles(String... more) {
        roles.addAll(List.of(more));
        return this;
    }

    public TestTokens claim(String name, Object value) {
        claims.put(name, value);
        return this;
    }

    public TestTokens issuer(String issuer) {
        return claim("iss", issuer);
    }

    public TestTokens audience(String audience) {
        return claim("aud", audience);
    }

    /** Issued {@code age} ago with a five-minute lifetime: an age over five minutes makes it expired. */
    public TestTokens issuedAgo(Duration age) {
        this.age = age;
        return this;
    }

    public TestTokens signedByForeignKey() {
        this.key = FOREIGN_KEY;
        return this;
    }

    public String sign() {
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims().toJson());
            jws.setKey(key);
            jws.setKeyIdHeaderValue("test-key");
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code Bearer <token>} for an Authorization header. */
    public String bearer() {
        return "Bearer " + sign();
    }

    /** A correctly signed token whose payload was then changed (a role added): the signature no longer matches. */
    public String tampered() {
        String[] parts = sign().split("\\.");
        roles.add("clinic-admin");
        String payload = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(claims().toJson().getBytes(StandardCharsets.UTF_8));
        return parts[0] + "." + payload + "." + parts[2];
    }

    /** An unsigned token ({@code alg=none}). */
    public String unsigned() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        return header + "." + b64.encodeToString(claims().toJson().getBytes(StandardCharsets.UTF_8)) + ".";
    }

    private JwtClaims claims() {
        JwtClaims jwt = new JwtClaims();
        claims.forEach(jwt::setClaim);
        long issuedAt = System.currentTimeMillis() / 1000 - age.toSeconds();
        jwt.setClaim("iat", issuedAt);
        jwt.setClaim("exp", issuedAt + lifetime.toSeconds());
        jwt.setClaim("jti", UUID.randomUUID().toString());
        jwt.setClaim("realm_access", Map.of("roles", List.copyOf(roles)));
        return jwt;
    }

    /** The public half of the signing key, base64 DER, as {@code quarkus.oidc.public-key} takes it. */
    public static String publicKeyBase64() {
        try {
            RSAPrivateCrtKey crt = (RSAPrivateCrtKey) SIGNING_KEY;
            var publicKey = KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
            return Base64.getEncoder().encodeToString(publicKey.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PrivateKey privateKey(String resource) {
        try (InputStream in = TestTokens.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing " + resource);
            }
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
