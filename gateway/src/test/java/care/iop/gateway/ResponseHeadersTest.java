package care.iop.gateway;

import care.iop.testkit.OidcTestResource;
import care.iop.testkit.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * What every answer carries (nosniff, one X-Request-Id, no-store on API answers that do not say otherwise), Location
 * in the gateway's own terms, TRACE/TRACK/CONNECT refused without reaching a service, and problem details that do not
 * quote what was sent.
 */
@QuarkusTest
@WithTestResource(OidcTestResource.class)
@WithTestResource(UpstreamServices.class)
class ResponseHeadersTest {

    private static RequestSpecification staff() {
        return RestAssured.given().header("Authorization", TestTokens.staff(UUID.randomUUID(), "scheduler")
                .clientId("c-" + UUID.randomUUID()).bearer()).contentType(ContentType.JSON);
    }

    @Test
    void a_proxied_answer_has_one_request_id_one_nosniff_and_no_store_unless_the_service_set_a_cache_control() {
        Response proxied = staff().header("X-Request-Id", "rh-1").get("/api/v1/intake/patients/" + UUID.randomUUID());
        assertThat(proxied.statusCode()).isEqualTo(200);
        // The service echoes the id and sends its own nosniff: the caller still gets each once.
        assertThat(proxied.headers().getValues("X-Request-Id")).containsExactly("rh-1");
        assertThat(proxied.headers().getValues("X-Content-Type-Options")).containsExactly("nosniff");
        assertThat(proxied.headers().getValues("Cache-Control")).containsExactly("no-store");

        Response cacheable = staff().get("/api/v1/intake/cacheable");
        assertThat(cacheable.headers().getValues("Cache-Control")).containsExactly("private, max-age=60");
        assertThat(cacheable.headers().getValues("X-Request-Id")).hasSize(1);
    }

    @Test
    void the_gateways_own_answers_carry_nosniff_and_its_patient_views_and_problems_no_store() {
        Response journey = staff().get("/api/v1/patients/" + UpstreamServices.JOURNEY_PATIENT + "/journey");
        assertThat(journey.statusCode()).isEqualTo(200);
        assertThat(journey.header("Cache-Control")).isEqualTo("no-store");
        assertThat(journey.header("X-Content-Type-Options")).isEqualTo("nosniff");
        String partner = TestTokens.partner(UUID.randomUUID()).clientId("portal-" + UUID.randomUUID()).bearer();
        Response disclosure = RestAssured.given().header("Authorization", partner).queryParam("category", "medications")
                .get("/api/v1/partner/patients/" + UpstreamServices.DISCLOSURE_PATIENT + "/disclosure");
        assertThat(disclosure.headers().getValues("Cache-Control")).containsExactly("no-store");
        assertThat(disclosure.header("X-Content-Type-Options")).isEqualTo("nosniff");

        Response unauthorized = RestAssured.given().get("/api/v1/intake/patients");
        assertThat(unauthorized.statusCode()).isEqualTo(401);
        assertThat(unauthorized.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(unauthorized.header("Cache-Control")).isEqualTo("no-store");
        assertThat(unauthorized.headers().getValues("X-Request-Id")).hasSize(1);
        assertThat(RestAssured.given().get("/openapi").header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(RestAssured.given().get("/q/health").header("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @Test
    void a_location_naming_the_services_own_address_is_rewritten_to_the_gateways() {
        Response created = staff().header("X-Forwarded-Host", "evil.example").body("{}")
                .post("/api/v1/scheduling/rooms/created");
        assertThat(created.statusCode()).isEqualTo(201);
        // The caller's forwarded headers are not trusted (no quarkus.http.proxy settings): its own Host is used.
        assertThat(created.header("Location"))
                .isEqualTo("http://localhost:" + RestAssured.port + "/api/v1/scheduling/rooms/created/42?v=1");
    }

    @Test
    void public_urls_replace_only_the_services_origins() {
        List<URI> services = List.of(URI.create("http://127.0.0.1:8082"), URI.create("https://notes.internal"));
        assertThat(PublicUrl.rewrite("http://127.0.0.1:8082/api/v1/x/1?a=b", "https://api.example.org/", services))
                .isEqualTo("https://api.example.org/api/v1/x/1?a=b");
        assertThat(PublicUrl.rewrite("https://NOTES.internal:443/api/v1/notes/2", "https://api.example.org/iop",
                services)).isEqualTo("https://api.example.org/iop/api/v1/notes/2");
        assertThat(PublicUrl.rewrite("http://127.0.0.1:8082/api/v1/x/1", "", services)).isEqualTo("/api/v1/x/1");
        assertThat(PublicUrl.rewrite("https://elsewhere.example/x", "https://api.example.org", services))
                .isEqualTo("https://elsewhere.example/x");
        assertThat(PublicUrl.rewrite("/api/v1/x/1", "https://api.example.org", services)).isEqualTo("/api/v1/x/1");
        assertThat(PublicUrl.rewrite("http://127.0.0.1:9999/x", "https://api.example.org", services))
                .isEqualTo("http://127.0.0.1:9999/x");
    }

    /** The raw answer to a request line, sent over a plain socket (clients treat these methods specially). */
    private static String raw(String requestLine) throws Exception {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((requestLine + "\r\nHost: localhost\r\nAuthorization: " + TestTokens.staff(UUID.randomUUID(),
                    "scheduler").bearer() + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void trace_track_and_connect_are_405_problems_and_never_reach_a_service() throws Exception {
        for (String method : List.of("TRACE", "TRACK", "CONNECT")) {
            String path = "/api/v1/intake/" + method.toLowerCase() + "-" + UUID.randomUUID();
            String answer = raw(method + " " + path + " HTTP/1.1");
            assertThat(answer).startsWith("HTTP/1.1 405").containsIgnoringCase("content-type: application/problem+json")
                    .containsIgnoringCase("allow: GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS")
                    .containsIgnoringCase("x-content-type-options: nosniff")
                    .contains("urn:iop:problem:method-not-allowed").doesNotContain("Authorization: Bearer");
            RestAssured.given().queryParam("path", path).get(upstream() + "/test/seen").then()
                    .body("seen", equalTo(false));
        }
        // The authority form a proxy client would send is not served either.
        assertThat(raw("CONNECT 127.0.0.1:5432 HTTP/1.1")).doesNotStartWith("HTTP/1.1 200")
                .doesNotStartWith("HTTP/1.1 2");
        // And an ordinary request to such a path does reach the service (the check above means something).
        String path = "/api/v1/intake/reached-" + UUID.randomUUID();
        staff().get(path).then().statusCode(200);
        RestAssured.given().queryParam("path", path).get(upstream() + "/test/seen").then().body("seen", equalTo(true));
    }

    @Test
    void the_gateways_problems_do_not_quote_submitted_ids_or_paths() {
        String marker = "probe" + UUID.randomUUID().toString().substring(0, 8);
        staff().get("/api/v1/patients/" + marker + "/journey").then().statusCode(404)
                .contentType(startsWith("application/problem+json"))
                .body("detail", org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(marker)));
        staff().get("/api/v1/" + marker + "/things").then().statusCode(404)
                .body("detail", org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(marker)));
        RestAssured.given().header("Authorization", TestTokens.partner(UUID.randomUUID()).bearer())
                .queryParam("category", marker).get("/api/v1/partner/patients/" + marker + "/disclosure").then()
                .statusCode(400).body("detail", org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(marker)));
    }

    private static String upstream() {
        return org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("gateway.routes.intake.url",
                String.class);
    }
}
