package care.iop.common;

import care.iop.common.security.VerifiedTokens;
import care.iop.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static care.iop.common.Api.WIDGETS;
import static care.iop.common.Api.as;
import static care.iop.common.Api.widget;
import static org.assertj.core.api.Assertions.assertThat;

/** Remembered tokens through quarkus-oidc and the HTTP stack: recognised when equal, refused once expired. */
@QuarkusTest
class VerifiedTokensHttpTest {

    private final UUID clinic = UUID.randomUUID();

    @Inject
    VerifiedTokens tokens;

    @Test
    void a_token_sent_again_is_let_in_without_being_verified_again_and_acts_as_its_caller() {
        TestTokens caller = TestTokens.staff(clinic, "clinician");
        String bearer = caller.bearer();
        String id = as(bearer).body(widget(UUID.randomUUID(), "VTK-001")).post(WIDGETS).then().statusCode(201)
                .extract().path("id");
        long before = tokens.recognisedCount();

        as(bearer).get(WIDGETS + "/" + id).then().statusCode(200);
        as(TestTokens.staff(UUID.randomUUID(), "clinician").bearer()).get(WIDGETS + "/" + id).then()
                .statusCode(404);

        assertThat(tokens.recognisedCount() - before).isEqualTo(1);
        as("Bearer " + caller.tampered()).get(WIDGETS + "/" + id).then().statusCode(401);
    }

    @Test
    void a_remembered_token_is_refused_once_it_has_expired() throws InterruptedException {
        String bearer = TestTokens.staff(clinic, "clinician").issuedAgo(Duration.ofMinutes(5).minusSeconds(3))
                .bearer();
        String id = as(bearer).body(widget(UUID.randomUUID(), "VTK-002")).post(WIDGETS).then().statusCode(201)
                .extract().path("id");
        as(bearer).get(WIDGETS + "/" + id).then().statusCode(200);
        Thread.sleep(4_000);
        as(bearer).get(WIDGETS + "/" + id).then().statusCode(401);
    }
}
