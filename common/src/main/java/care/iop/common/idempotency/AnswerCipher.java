package care.iop.common.idempotency;

import care.iop.common.config.IopConfig;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Encrypts the stored answers of Idempotency-Key requests at rest (they hold patient data for the retention
 * period): AES-256-GCM with the key {@code iop.idempotency.key} (base64 of 32 bytes, {@code IOP_IDEMPOTENCY_KEY}),
 * a random 96-bit nonce per answer, and the key's scope and value as associated data, so a stored answer only opens
 * for the very (scope, key) it was written for: a row copied onto another key, or altered, does not open.
 * <p>
 * Without a configured key a service refuses to start, except in dev and test mode, where a key is generated for the
 * process (answers stored by an earlier process then no longer open, which is only a test's concern).
 * <p>
 * Sealed form: version byte {@code 1}, 12-byte nonce, ciphertext with its 16-byte tag.
 */
@Singleton
public class AnswerCipher {

    private static final Logger LOG = Logger.getLogger(AnswerCipher.class);
    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final String CONTEXT = "iop.idempotency.v1\n";

    /** A stored answer that does not open: altered, moved from another key, or sealed with another key. */
    public static final class Unreadable extends Exception {
        Unreadable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final SecureRandom random = new SecureRandom();
    private final SecretKey key;

    @Inject
    public AnswerCipher(IopConfig config) {
        this(key(config.idempotency().key(), LaunchMode.current()));
    }

    AnswerCipher(SecretKey key) {
        this.key = key;
    }

    /** Created at startup, so a production service without a key fails to start rather than at its first POST. */
    void onStart(@Observes StartupEvent started) {
        LOG.debugf("Idempotency answers are sealed with AES-%d-GCM", key.getEncoded().length * 8);
    }

    static SecretKey key(Optional<String> setting, LaunchMode mode) {
        String configured = setting.map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
        if (configured == null) {
            if (mode != LaunchMode.DEVELOPMENT && mode != LaunchMode.TEST) {
                throw new IllegalStateException("iop.idempotency.key (IOP_IDEMPOTENCY_KEY) is not set: stored "
                        + "Idempotency-Key answers are encrypted with it. Set it to the base64 of 32 random bytes "
                        + "(e.g. openssl rand -base64 32), the same for every instance of the service");
            }
            byte[] generated = new byte[32];
            new SecureRandom().nextBytes(generated);
            LOG.warnf("iop.idempotency.key is not set: using a key generated for this %s-mode process",
                    mode.getDefaultProfile());
            return new SecretKeySpec(generated, "AES");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(configured);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("iop.idempotency.key is not base64");
        }
        if (bytes.length != 32) {
            throw new IllegalStateException("iop.idempotency.key must be 32 bytes (base64 of 32 random bytes), not "
                    + bytes.length);
        }
        return new SecretKeySpec(bytes, "AES");
    }

    /** The answer sealed for this scope and key. */
    public byte[] seal(String scope, String idempotencyKey, byte[] answer) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(scope, idempotencyKey));
            byte[] sealed = cipher.doFinal(answer);
            return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(VERSION).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal the answer", e);
        }
    }

    /** The answer sealed for exactly this scope and key, or {@link Unreadable}. */
    public byte[] open(String scope, String idempotencyKey, byte[] sealed) throws Unreadable {
        if (sealed == null || sealed.length < 1 + NONCE_BYTES + TAG_BITS / 8 || sealed[0] != VERSION) {
            throw new Unreadable("not a sealed answer of a known version", null);
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE_BYTES));
            cipher.updateAAD(associatedData(scope, idempotencyKey));
            return cipher.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new Unreadable("the stored answer failed authentication", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot open the answer", e);
        }
    }

    /** Context, then the scope with its length, then the key: no two (scope, key) pairs give the same bytes. */
    private static byte[] associatedData(String scope, String idempotencyKey) {
        byte[] context = CONTEXT.getBytes(StandardCharsets.UTF_8);
        byte[] s = scope.getBytes(StandardCharsets.UTF_8);
        byte[] k = idempotencyKey.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(context.length + 4 + s.length + k.length).put(context).putInt(s.length).put(s)
                .put(k).array();
    }
}
