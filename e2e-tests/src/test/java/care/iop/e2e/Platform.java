package care.iop.e2e;

import care.iop.client.ApiClient;
import care.iop.devstack.DevStack;
import care.iop.devstack.DevStackOptions;
import care.iop.devstack.Service;
import com.fasterxml.jackson.databind.DeserializationFeature;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The whole platform, started once for every end-to-end test class of the run (devstack: real PostgreSQL, Kafka,
 * Keycloak and the built service jars) and stopped when the test JVM exits. Tests talk to the gateway only, with real
 * Keycloak tokens of the realm's demo accounts.
 */
public final class Platform {

    public static final UUID CLINIC_A = UUID.fromString("11111111-1111-4111-8111-111111111111");
    public static final UUID CLINIC_B = UUID.fromString("22222222-2222-4222-8222-222222222222");
    public static final UUID PARTNER = UUID.fromString("33333333-3333-4333-8333-333333333333");

    private static volatile DevStack stack;
    /** A failed start is not retried by every later test class (each attempt can take minutes). */
    private static RuntimeException startFailure;
    private static final Map<String, Token> TOKENS = new ConcurrentHashMap<>();

    private record Token(String value, Instant renewAt) {
    }

    private Platform() {
    }

    /** The running stack, started on first use. */
    public static synchronized DevStack stack() {
        if (startFailure != null) {
            throw new IllegalStateException("the platform did not start (see the first failing test)", startFailure);
        }
        if (stack == null) {
            try {
                stack = DevStack.start(DevStackOptions.forTests().output(System.out)
                        // Timers that would otherwise wait minutes run every few seconds here.
                        .serviceProperty(Service.AFTERCARE, "aftercare.due-check-interval", "2s")
                        // One test client makes many calls; the limit itself is tested in the gateway's own tests.
                        .serviceProperty(Service.GATEWAY, "gateway.rate-limit.capacity", "100000")
                        .serviceProperty(Service.GATEWAY, "gateway.rate-limit.refill-per-second", "100000")
                        .serviceProperty(Service.GATEWAY, "gateway.rate-limit.client-capacity", "100000")
                        .serviceProperty(Service.GATEWAY, "gateway.rate-limit.client-refill-per-second", "100000")
                        .serviceProperty(Service.GATEWAY, "gateway.rate-limit.address-capacity", "100000")
                        .serviceProperty(Service.GATEWAY, "gateway.rate-limit.address-refill-per-second", "100000"));
                RestAssured.baseURI = stack.gatewayUrl();
            } catch (RuntimeException e) {
                startFailure = e;
                throw e;
            }
        }
        return stack;
    }

    /** A bearer token of a demo account (password grant), renewed before it expires. */
    public static String bearer(String username) {
        return "Bearer " + TOKENS.compute(username, (u, t) -> t != null && t.renewAt().isAfter(Instant.now()) ? t
                : new Token(stack().accounts().accessToken(u), Instant.now().plus(Duration.ofMinutes(3)))).value();
    }

    /** A bearer token of a confidential client's service account (client credentials; secret from the realm file). */
    public static String clientBearer(String clientId) {
        return "Bearer " + TOKENS.compute("client:" + clientId, (u, t) -> t != null && t.renewAt().isAfter(Instant.now())
                ? t : new Token(stack().accounts().clientToken(clientId), Instant.now().plus(Duration.ofMinutes(3)))).value();
    }

    /** The same, asking for SMART scopes (space-separated): the EHR clients' SMART scopes are optional ones. */
    public static String clientBearer(String clientId, String scopes) {
        return "Bearer " + TOKENS.compute("client:" + clientId + ":" + scopes, (u, t) -> t != null
                && t.renewAt().isAfter(Instant.now()) ? t : new Token(stack().accounts().clientToken(clientId, scopes),
                Instant.now().plus(Duration.ofMinutes(3)))).value();
    }

    /** A FHIR request through the gateway with a bearer token (null: none). */
    public static RequestSpecification fhir(String bearer) {
        stack();
        RequestSpecification spec = RestAssured.given().accept("application/fhir+json")
                .contentType("application/fhir+json");
        return bearer == null ? spec : spec.header("Authorization", bearer);
    }

    /** A JSON request through the gateway as a demo account. */
    public static RequestSpecification as(String username) {
        stack();
        return RestAssured.given().header("Authorization", bearer(username)).contentType(ContentType.JSON);
    }

    /**
     * The generated client (api-client, {@code care.iop.client.api.*Api}) calling the gateway as a demo account, e.g.
     * {@code new IntakeReferralsApi(Platform.api("coordinator.a"))}. Answers are read strictly: a property the API
     * document does not name fails the call, so a test through the client also checks the document.
     */
    public static ApiClient api(String username) {
        return api(() -> bearer(username));
    }

    /** The generated client as a confidential client's service account (e.g. {@code ehr-northside}). */
    public static ApiClient clientApi(String clientId) {
        return api(() -> clientBearer(clientId));
    }

    /** The generated client with a bearer token ({@code "Bearer …"}) asked for on every request. */
    public static ApiClient api(Supplier<String> bearer) {
        ApiClient client = new ApiClient();
        client.updateBaseUri(stack().gatewayUrl());
        client.setObjectMapper(ApiClient.createDefaultObjectMapper()
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true));
        client.setReadTimeout(Duration.ofSeconds(30));
        client.setRequestInterceptor(request -> request.header("Authorization", bearer.get()));
        return client;
    }
}
