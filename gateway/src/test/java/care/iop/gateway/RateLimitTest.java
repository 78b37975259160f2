package care.iop.gateway;

import care.iop.testkit.OidcTestResource;
import care.iop.testkit.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.nullValue;

/**
 * Rate limits (test settings: 20 per user, 30 per clinic on a client, 15 per address without a valid token): per
 * user within a per-(client, clinic) ceiling, and a per-address bucket for requests without a valid token.
 */
@QuarkusTest
@WithTestResource(OidcTestResource.class)
@WithTestResource(UpstreamServices.class)
class RateLimitTest {

    private static Response get(String bearer) {
        return RestAssured.given().header("Authorization", bearer).get("/api/v1/aftercare/outcomes");
    }

    @Test
    void a_user_over_its_limit_gets_429_with_retry_after_and_a_colleague_on_the_same_client_is_not_affected() {
        String client = "c-" + UUID.randomUUID();
        UUID clinic = UUID.randomUUID();
        String greedy = TestTokens.staff(clinic, "scheduler").clientId(client).bearer();
        List<Integer> statuses = new ArrayList<>();
        String retryAfter = null;
        for (int i = 0; i < 25; i++) {
            Response response = get(greedy);
            statuses.add(response.statusCode());
            if (response.statusCode() == 429) {
                retryAfter = response.header("Retry-After");
                assertThat(response.contentType()).startsWith("application/problem+json");
                assertThat(response.header("RateLimit-Remaining")).isEqualTo("0");
                assertThat(response.jsonPath().getString("detail")).contains("user");
            }
        }
        assertThat(statuses.stream().filter(s -> s == 200).count()).isBetween(20L, 22L);
        assertThat(statuses).contains(429);
        assertThat(Integer.parseInt(retryAfter)).isPositive();
        get(TestTokens.staff(clinic, "scheduler").clientId(client).bearer()).then().statusCode(200)
                .header("Retry-After", nullValue());
    }

    @Test
    void one_clinics_users_exhausting_their_share_of_a_shared_client_do_not_starve_another_clinic() {
        String client = "shared-portal-" + UUID.randomUUID();
        UUID clinicA = UUID.randomUUID();
        String first = TestTokens.staff(clinicA, "scheduler").clientId(client).bearer();
        for (int i = 0; i < 20; i++) {
            get(first).then().statusCode(200);
        }
        // A second user of clinic A still has most of their own bucket, but the clinic's ceiling (30) runs out.
        String second = TestTokens.staff(clinicA, "scheduler").clientId(client).bearer();
        List<Response> answers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            answers.add(get(second));
        }
        List<Response> refused = answers.stream().filter(r -> r.statusCode() == 429).toList();
        assertThat(refused).hasSizeGreaterThanOrEqualTo(3);
        assertThat(answers.stream().filter(r -> r.statusCode() == 200).count()).isBetween(10L, 13L);
        assertThat(refused.get(0).jsonPath().getString("detail")).contains("clinic");
        assertThat(Integer.parseInt(refused.get(0).header("Retry-After"))).isPositive();

        // Clinic B on the same client is untouched: a full bucket of its own and a full ceiling.
        String other = TestTokens.staff(UUID.randomUUID(), "scheduler").clientId(client).bearer();
        get(other).then().statusCode(200).header("RateLimit-Remaining", "19");
    }

    private record Answer(int status, Map<String, String> headers, JsonObject body) {
    }

    /**
     * A GET from the address 127.0.0.2, so this flood does not use up the other tests' address (127.0.0.1): a plain
     * socket bound to that address, one connection per request ({@code Connection: close}), read to its end.
     */
    private static Answer getFrom(String authorization) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress("127.0.0.2", 0));
            socket.connect(new InetSocketAddress("127.0.0.1", RestAssured.port), 5_000);
            socket.setSoTimeout(10_000);
            String request = "GET /api/v1/intake/patients HTTP/1.1\r\nHost: 127.0.0.1:" + RestAssured.port
                    + "\r\nConnection: close\r\n" + (authorization == null ? "" : "Authorization: " + authorization
                    + "\r\n") + "\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int split = answer.indexOf("\r\n\r\n");
            String[] head = answer.substring(0, split).split("\r\n");
            Map<String, String> headers = new HashMap<>();
            for (int i = 1; i < head.length; i++) {
                int colon = head[i].indexOf(':');
                headers.put(head[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), head[i].substring(colon + 1).trim());
            }
            String body = answer.substring(split + 4);
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                body = unchunk(body);
            }
            return new Answer(Integer.parseInt(head[0].split(" ")[1]), headers,
                    body.isBlank() ? new JsonObject() : new JsonObject(body));
        }
    }

    private static String unchunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
            if (size == 0) {
                return out.toString();
            }
            out.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
    }

    @Test
    void a_flood_of_invalid_tokens_from_one_address_is_throttled_without_locking_out_valid_tokens_or_others()
            throws Exception {
        {
            String tampered = "Bearer " + TestTokens.staff(UUID.randomUUID(), "scheduler").tampered();
            List<Answer> answers = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                answers.add(getFrom(i % 4 == 3 ? null : tampered));
            }
            assertThat(answers.get(0).status()).isEqualTo(401);
            assertThat(answers.stream().filter(a -> a.status() == 401).count()).isBetween(15L, 18L);
            assertThat(answers.stream().map(Answer::status).distinct()).containsExactlyInAnyOrder(401, 429);
            Answer throttled = answers.get(answers.size() - 1);
            assertThat(throttled.status()).isEqualTo(429);
            assertThat(throttled.headers().get("content-type")).startsWith("application/problem+json");
            assertThat(Integer.parseInt(throttled.headers().get("retry-after"))).isPositive();
            assertThat(throttled.headers().get("ratelimit-limit")).isEqualTo("15");
            assertThat(throttled.headers().get("ratelimit-remaining")).isEqualTo("0");
            assertThat(throttled.body().getString("type")).isEqualTo("urn:iop:problem:too-many-requests");

            // A valid token from the same address is still served: the bucket counts only requests without one.
            assertThat(getFrom(TestTokens.staff(UUID.randomUUID(), "scheduler").clientId("c-" + UUID.randomUUID())
                    .bearer()).status()).isEqualTo(200);
        }
        // Another address is not affected.
        RestAssured.given().get("/api/v1/intake/patients").then().statusCode(401);
    }
}
