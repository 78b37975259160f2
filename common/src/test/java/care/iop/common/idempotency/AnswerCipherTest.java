package care.iop.common.idempotency;

import io.quarkus.runtime.LaunchMode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue #16: the stored answers' encryption, and the key a service needs to start. */
class AnswerCipherTest {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private final AnswerCipher cipher = new AnswerCipher(AnswerCipher.key(Optional.of(KEY), LaunchMode.NORMAL));
    private final byte[] answer = "{\"legalFamilyName\":\"Okonkwo-Marsh\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void a_sealed_answer_opens_for_its_own_scope_and_key_only() throws Exception {
        byte[] sealed = cipher.seal("clinic:c|sub:s", "k-1", answer);
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("Okonkwo");
        assertThat(cipher.open("clinic:c|sub:s", "k-1", sealed)).isEqualTo(answer);
        assertThatThrownBy(() -> cipher.open("clinic:c|sub:s", "k-2", sealed))
                .isInstanceOf(AnswerCipher.Unreadable.class);
        assertThatThrownBy(() -> cipher.open("clinic:d|sub:s", "k-1", sealed))
                .isInstanceOf(AnswerCipher.Unreadable.class);
        // The boundary between scope and key is part of what is authenticated.
        assertThatThrownBy(() -> cipher.open("clinic:c|sub:sk", "-1", sealed))
                .isInstanceOf(AnswerCipher.Unreadable.class);
    }

    @Test
    void a_changed_byte_or_another_key_does_not_open() {
        byte[] sealed = cipher.seal("s", "k", answer);
        for (int i = 0; i < sealed.length; i++) {
            byte[] tampered = sealed.clone();
            tampered[i] ^= 0x01;
            assertThatThrownBy(() -> cipher.open("s", "k", tampered)).as("byte " + i)
                    .isInstanceOf(AnswerCipher.Unreadable.class);
        }
        AnswerCipher other = new AnswerCipher(AnswerCipher.key(Optional.empty(), LaunchMode.TEST));
        assertThatThrownBy(() -> other.open("s", "k", sealed)).isInstanceOf(AnswerCipher.Unreadable.class);
        assertThat(cipher.seal("s", "k", answer)).as("a fresh nonce each time").isNotEqualTo(sealed);
    }

    @Test
    void production_refuses_to_start_without_a_valid_key_dev_and_test_generate_one() {
        assertThatThrownBy(() -> AnswerCipher.key(Optional.empty(), LaunchMode.NORMAL))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("IOP_IDEMPOTENCY_KEY");
        assertThatThrownBy(() -> AnswerCipher.key(Optional.of(" "), LaunchMode.NORMAL))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> AnswerCipher.key(Optional.of("c2hvcnQ="), LaunchMode.NORMAL))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> AnswerCipher.key(Optional.of("not base64!"), LaunchMode.NORMAL))
                .isInstanceOf(IllegalStateException.class);
        assertThat(AnswerCipher.key(Optional.empty(), LaunchMode.TEST).getEncoded()).hasSize(32);
        assertThat(AnswerCipher.key(Optional.empty(), LaunchMode.DEVELOPMENT).getEncoded()).hasSize(32);
    }
}
