package care.iop.portal.session;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The portal's idle rule: a session unused for {@code limit} ends (sign-out, Keycloak's session too), and the page
 * warns {@code warning} before. The last activity travels in a signed cookie value ({@link #stamp}, {@link #lastSeen}),
 * bound to the user, so the browser can neither read a token from it nor extend someone's session by editing it.
 */
public final class IdleTimeout {

    private final Duration limit;
    private final Duration warning;
    private final SecretKeySpec key;

    public IdleTimeout(Duration limit, Duration warning, String secret) {
        if (limit.isNegative() || limit.isZero() || warning.compareTo(limit) >= 0 || warning.isNegative()) {
            throw new IllegalArgumentException("the idle warning must come before the idle limit");
        }
        this.limit = limit;
        this.warning = warning;
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    public Duration limit() {
        return limit;
    }

    /** How long after the last activity the page shows its warning. */
    public Duration warnAfter() {
        return limit.minus(warning);
    }

    /** True when the last activity is more than the limit ago. */
    public boolean expired(Instant lastSeen, Instant now) {
        return now.isAfter(lastSeen.plus(limit));
    }

    /** The cookie value recording activity by {@code subject} at {@code at}. */
    public String stamp(String subject, Instant at) {
        String seconds = Long.toString(at.getEpochSecond());
        return seconds + "." + sign(subject, seconds);
    }

    /** The activity a cookie value records for {@code subject}; empty when absent, malformed, or not signed for them. */
    public Optional<Instant> lastSeen(String subject, String cookie) {
        if (cookie == null) {
            return Optional.empty();
        }
        int dot = cookie.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        String seconds = cookie.substring(0, dot);
        byte[] given = cookie.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(given, sign(subject, seconds).getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.ofEpochSecond(Long.parseLong(seconds)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private String sign(String subject, String seconds) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] digest = mac.doFinal((subject + "|" + seconds).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
