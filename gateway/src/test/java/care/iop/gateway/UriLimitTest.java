package care.iop.gateway;

import care.iop.testkit.OidcTestResource;
import care.iop.testkit.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

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

    @Test
    void a_dot_segment_in_the_path_is_a_400_problem_and_never_reaches_a_service() throws Exception {
        String bearer = TestTokens.staff(UUID.randomUUID(), "scheduler").clientId("c-" + UUID.randomUUID()).bearer();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (String path : new String[] {"/api/v1/intake/patients/../referrals", "/api/v1/intake/patients/%2E%2e/x",
                "/api/v1/intake/./patients", "/api/v1/intake/patients/.%2e", "/api/v1/intake/../scheduling/rooms"}) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":"
                            + RestAssured.port + path)).header("Authorization", bearer).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(path).isEqualTo(400);
            assertThat(answer.headers().firstValue("Content-Type")).get().asString()
                    .startsWith("application/problem+json");
            assertThat(answer.body()).contains("urn:iop:problem:bad-request").contains("\"status\":400");
        }
        RestAssured.given().header("Authorization", bearer).get("/api/v1/intake/patients/..x." + UUID.randomUUID())
                .then().statusCode(200);
    }
}
