package care.iop.gateway;

import care.iop.testkit.OidcTestResource;
import care.iop.testkit.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/** An over-long request URI is a 414 problem document, not the HTTP codec's bare 414 (issue #10, API fuzzing). */
@QuarkusTest
@WithTestResource(OidcTestResource.class)
@WithTestResource(UpstreamServices.class)
class UriLimitTest {

    @Test
    void a_10_kb_query_is_a_414_problem_and_a_long_but_acceptable_one_is_proxied() {
        String bearer = TestTokens.staff(UUID.randomUUID(), "scheduler").clientId("c-" + UUID.randomUUID()).bearer();
        RestAssured.given().header("Authorization", bearer).header("X-Request-Id", "uri-limit-1")
                .queryParam("name", "a".repeat(10_000)).get("/api/v1/intake/patients").then().statusCode(414)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("urn:iop:problem:uri-too-long")).body("status", equalTo(414))
                .body("requestId", equalTo("uri-limit-1"));
        RestAssured.given().header("Authorization", bearer).queryParam("name", "a".repeat(3_000))
                .get("/api/v1/intake/patients/" + UUID.randomUUID()).then().statusCode(200);
    }
}
