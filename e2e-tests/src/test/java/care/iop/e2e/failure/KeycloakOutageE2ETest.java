package care.iop.e2e.failure;

import care.iop.devstack.DevStack;
import care.iop.devstack.Service;
import care.iop.e2e.Platform;
import care.iop.e2e.ReliabilityReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static care.iop.e2e.failure.Fixtures.INTAKE;
import static care.iop.e2e.failure.Fixtures.NOTES;
import static care.iop.e2e.failure.Fixtures.SCHEDULING;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #16: Keycloak is down for two minutes while clients keep working. Tokens issued before the outage are still
 * accepted (the gateway and the services check them with the signing keys they cached), at the gateway and at a
 * service directly; a new login fails at Keycloak's port (which refuses connections: the outage is real); a token
 * signed with a key the gateway has not fetched yet (Keycloak rotated in a new key just before the outage) is a 503
 * problem with Retry-After, not a 401 or 500, while a tampered token is still a 401. When Keycloak is back, nothing is
 * restarted: logins work again and the new key's token is accepted within seconds, by itself.
 */
class KeycloakOutageE2ETest {

    static final String SECTION = "Outage: Keycloak down";
    static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("iop.keycloak.outage-seconds", 120));
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private final DevStack stack = Platform.stack();

    @Test
    void keycloak_down_two_minutes_keeps_unexpired_tokens_working_and_recovers_by_itself() throws Exception {
        Fixtures.awaitGatewayHealthy(Duration.ofSeconds(60));
        // Tokens that outlive the outage and Keycloak's restart (the realm's access tokens live 5 minutes).
        Map<String, String> tokens = new java.util.HashMap<>();
        for (String user : List.of("coordinator.a", "scheduler.a", "clinician.a")) {
            tokens.put(user, "Bearer " + stack.accounts().accessToken(user));
        }
        String rotated = "Bearer " + rotatedKeyToken("clinician.a");
        String tampered = tampered(tokens.get("clinician.a"));
        assertThat(header(rotated).path("kid").asText()).as("the new key's token names another key")
                .isNotEqualTo(header(tokens.get("clinician.a")).path("kid").asText());
        // Before the outage: the tokens work (the gateway and the services have the realm's keys now).
        Api.expect(200, read(tokens, stack.gatewayUrl()), "a read before the outage");
        Api.expect(200, readDirect(tokens), "a read at intake directly before the outage");

        Tally tally = new Tally();
        AtomicLong duringOutage = new AtomicLong();
        AtomicLong okDuringOutage = new AtomicLong();
        AtomicInteger registered = new AtomicInteger();
        boolean[] down = {false};
        boolean[] stop = {false};
        CompletableFuture<Void> load = CompletableFuture.runAsync(() -> {
            while (!stop[0]) {
                boolean wasDown = down[0];
                Api.Answer read = tally.count("read", read(tokens, stack.gatewayUrl()));
                Api.Answer write = tally.count("registration", Api.send(stack.gatewayUrl(), tokens.get("coordinator.a"),
                        "POST", INTAKE + "/patients", Fixtures.patientBody("KcOut"),
                        Map.of("Idempotency-Key", UUID.randomUUID().toString())));
                Api.Answer notes = tally.count("worklist", Api.send(stack.gatewayUrl(), tokens.get("clinician.a"),
                        "GET", NOTES + "/worklist", null, Map.of()));
                for (Api.Answer a : List.of(read, write, notes)) {
                    if (!a.is2xx()) {
                        tally.unexpected.increment();
                        tally.example("with a token issued before the outage", a);
                    }
                    if (wasDown && down[0]) {
                        duringOutage.incrementAndGet();
                        if (a.is2xx()) {
                            okDuringOutage.incrementAndGet();
                        }
                    }
                }
                if (write.is2xx()) {
                    registered.incrementAndGet();
                }
                Tally.sleep(200);
            }
        });

        int keycloakPort = URI.create(stack.keycloakUrl()).getPort();
        List<String> loginFailures = new ArrayList<>();
        List<Api.Answer> rotatedAnswers = new ArrayList<>();
        List<Api.Answer> tamperedAnswers = new ArrayList<>();
        List<Api.Answer> directAnswers = new ArrayList<>();
        boolean refusedAtStart;
        boolean refusedAtEnd;
        double downSeconds;
        double restartSeconds;
        long t0;
        try {
            Tally.sleep(3_000);
            stack.faults().stopKeycloakServer();
            t0 = System.nanoTime();
            down[0] = true;
            refusedAtStart = Fixtures.refuses("127.0.0.1", keycloakPort);
            long end = t0 + OUTAGE.toNanos();
            while (System.nanoTime() < end) {
                // A new login fails at Keycloak's port.
                try {
                    stack.accounts().accessToken("nurse.a");
                    loginFailures.add("succeeded");
                } catch (RuntimeException e) {
                    loginFailures.add(e.getClass().getSimpleName());
                }
                // A token with a key the gateway has not fetched: 503, retry later; a tampered one: still 401.
                rotatedAnswers.add(read(Map.of("scheduler.a", rotated), stack.gatewayUrl()));
                tamperedAnswers.add(read(Map.of("scheduler.a", tampered), stack.gatewayUrl()));
                // A service checks the tokens itself, with its own cached keys.
                directAnswers.add(readDirect(tokens));
                Tally.sleep(Math.min(10_000, Math.max(0, (end - System.nanoTime()) / 1_000_000)));
            }
            refusedAtEnd = Fixtures.refuses("127.0.0.1", keycloakPort);
            down[0] = false;
            long s0 = System.nanoTime();
            stack.faults().startKeycloakServer();
            downSeconds = (System.nanoTime() - t0) / 1e9;
            restartSeconds = (System.nanoTime() - s0) / 1e9;
        } finally {
            down[0] = false;
            if (!stack.faults().isKeycloakRunning()) {
                stack.faults().startKeycloakServer();
            }
        }

        // Recovery by itself: logins work, and the new key's token is accepted once the gateway fetched the keys.
        long back = System.nanoTime();
        String fresh = stack.accounts().accessToken("nurse.a");
        double loginBack = (System.nanoTime() - back) / 1e9;
        Api.Answer[] last = {null};
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            last[0] = read(Map.of("scheduler.a", rotated), stack.gatewayUrl());
            return last[0].status() == 200;
        });
        double rotatedBack = (System.nanoTime() - back) / 1e9;
        Tally.sleep(2_000);
        stop[0] = true;
        load.get(2, TimeUnit.MINUTES);

        long logins = loginFailures.size();
        long loginsRefused = loginFailures.stream().filter(f -> !f.equals("succeeded")).count();
        long rotated503 = rotatedAnswers.stream().filter(Api.Answer::isClean503).count();
        long rotatedProblemType = rotatedAnswers.stream().filter(a -> a.json().path("type").asText()
                .equals("urn:iop:problem:identity-provider-unavailable")).count();
        long tampered401 = tamperedAnswers.stream().filter(a -> a.status() == 401).count();
        long direct200 = directAnswers.stream().filter(a -> a.status() == 200).count();
        System.out.printf("[keycloak-outage] Keycloak down %.1f s (port refused at start %s, at end %s), back in %.1f s; "
                        + "requests with earlier tokens %d (%d during the outage, %d of them 2xx; %d registrations); "
                        + "statuses %s; new logins refused %d of %d; rotated-key token 503 %d of %d (problem type %d), "
                        + "statuses %s; tampered token 401 %d of %d; direct to intake 200 %d of %d; after the restart "
                        + "a login in %.1f s, the rotated-key token accepted after %.1f s%n",
                downSeconds, refusedAtStart, refusedAtEnd, restartSeconds, tally.requests.sum(), duringOutage.get(),
                okDuringOutage.get(), registered.get(), tally.byStatus(), loginsRefused, logins, rotated503,
                rotatedAnswers.size(), rotatedProblemType, rotatedAnswers.stream().map(Api.Answer::status).toList(),
                tampered401, tamperedAnswers.size(), direct200, directAnswers.size(), loginBack, rotatedBack);
        ReliabilityReport.record(SECTION, "Keycloak down (s); its port refused connections at start / end",
                String.format(Locale.ROOT, "%.1f; %s / %s", downSeconds, refusedAtStart, refusedAtEnd));
        ReliabilityReport.record(SECTION, "requests with tokens issued before the outage: during it / answered 2xx",
                duringOutage.get() + " / " + okDuringOutage.get());
        ReliabilityReport.record(SECTION, "requests with earlier tokens not answered 2xx (whole run)",
                tally.unexpected.sum());
        ReliabilityReport.record(SECTION, "new logins during the outage refused", loginsRefused + " of " + logins);
        ReliabilityReport.record(SECTION, "token with a key new to the gateway: clean 503 (Retry-After)",
                rotated503 + " of " + rotatedAnswers.size());
        ReliabilityReport.record(SECTION, "tampered token: 401", tampered401 + " of " + tamperedAnswers.size());
        ReliabilityReport.record(SECTION, "a service checked earlier tokens itself: 200", direct200 + " of "
                + directAnswers.size());
        ReliabilityReport.record(SECTION, "Keycloak restart (s); new key's token accepted after it (s), nothing restarted",
                String.format(Locale.ROOT, "%.1f; %.1f", restartSeconds, rotatedBack));

        assertThat(refusedAtStart).as("Keycloak's port refused connections once it was stopped").isTrue();
        assertThat(refusedAtEnd).as("Keycloak's port still refused connections at the end of the outage").isTrue();
        assertThat(downSeconds).as("Keycloak was down (s)").isGreaterThanOrEqualTo(OUTAGE.toSeconds());
        assertThat(loginFailures).as("new logins during the outage").isNotEmpty().doesNotContain("succeeded");
        assertThat(duringOutage.get()).as("requests with earlier tokens during the outage").isPositive();
        assertThat(okDuringOutage.get()).as("of them answered 2xx").isEqualTo(duringOutage.get());
        assertThat(tally.unexpected.sum()).as("requests with earlier tokens not answered 2xx: %s", tally.examples())
                .isZero();
        assertThat(rotatedAnswers).as("the new key's token at the gateway during the outage").isNotEmpty()
                .allMatch(Api.Answer::isClean503, "a 503 problem with Retry-After")
                .allMatch(a -> a.json().path("type").asText().equals("urn:iop:problem:identity-provider-unavailable"),
                        "of type identity-provider-unavailable");
        assertThat(tamperedAnswers).as("a tampered token during the outage").allMatch(a -> a.status() == 401, "401");
        assertThat(directAnswers).as("intake checking earlier tokens itself").allMatch(a -> a.status() == 200, "200");
        assertThat(fresh).as("a login after the restart").isNotBlank();
        assertThat(last[0].status()).as("the new key's token after the restart").isEqualTo(200);
    }

    private Api.Answer read(Map<String, String> tokens, String base) {
        return Api.send(base, tokens.get("scheduler.a"), "GET", SCHEDULING + "/enrollments?limit=1", null, Map.of());
    }

    private Api.Answer readDirect(Map<String, String> tokens) {
        return Api.send(stack.serviceUrl(Service.INTAKE), tokens.get("coordinator.a"), "GET",
                INTAKE + "/referrals?limit=1", null, Map.of());
    }

    private static JsonNode header(String bearer) {
        String token = bearer.substring("Bearer ".length());
        try {
            return Api.JSON.readTree(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same token with another signature: its key is known, its signature wrong. */
    private static String tampered(String bearer) {
        int dot = bearer.lastIndexOf('.');
        String signature = bearer.substring(dot + 1);
        char c = signature.charAt(signature.length() / 2);
        return bearer.substring(0, dot + 1 + signature.length() / 2) + (c == 'A' ? 'B' : 'A')
                + signature.substring(signature.length() / 2 + 1);
    }

    // ------------------------------------------------------------------------------------------------ Keycloak admin

    /**
     * A real token signed with a key that no one has fetched yet: Keycloak gets a new ES256 signing key (a key
     * rotation), and a copy of the password-grant client (same mappers, same claims) asks for ES256 tokens.
     */
    private String rotatedKeyToken(String username) {
        String admin = "Bearer " + form(stack.keycloakUrl() + "/realms/master/protocol/openid-connect/token",
                "grant_type=password&client_id=admin-cli&username=" + enc(stack.keycloakAdminUser()) + "&password="
                        + enc(stack.keycloakAdminPassword())).path("access_token").asText();
        String realmUrl = stack.keycloakUrl() + "/admin/realms/" + DevStack.REALM;
        String realmId = send(HttpRequest.newBuilder(URI.create(realmUrl)).header("Authorization", admin).GET())
                .path("id").asText();
        ObjectNode key = Api.JSON.createObjectNode().put("name", "e2e-rotated-es256-" + UUID.randomUUID())
                .put("providerId", "ecdsa-generated").put("providerType", "org.keycloak.keys.KeyProvider")
                .put("parentId", realmId);
        ObjectNode config = key.putObject("config");
        config.putArray("priority").add("200");
        config.putArray("enabled").add("true");
        config.putArray("active").add("true");
        config.putArray("ecdsaEllipticCurveKey").add("P-256");
        send(HttpRequest.newBuilder(URI.create(realmUrl + "/components")).header("Authorization", admin)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(key.toString())));
        String clientId = "e2e-es256";
        String clients = realmUrl + "/clients";
        if (send(HttpRequest.newBuilder(URI.create(clients + "?clientId=" + clientId)).header("Authorization", admin)
                .GET()).size() == 0) {
            ObjectNode client = (ObjectNode) send(HttpRequest.newBuilder(URI.create(clients + "?clientId="
                    + DevStack.CLI_CLIENT)).header("Authorization", admin).GET()).get(0);
            client.remove("id");
            client.put("clientId", clientId);
            client.with("attributes").put("access.token.signed.response.alg", "ES256");
            client.withArray("protocolMappers").forEach(m -> ((ObjectNode) m).remove("id"));
            send(HttpRequest.newBuilder(URI.create(clients)).header("Authorization", admin)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(client.toString())));
        }
        return form(stack.tokenUrl(), "grant_type=password&client_id=" + clientId + "&username=" + enc(username)
                + "&password=" + enc(stack.accounts().demoAccount(username).password())).path("access_token").asText();
    }

    private static JsonNode form(String url, String body) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static JsonNode send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> answer = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() >= 300) {
                throw new IllegalStateException("Keycloak answered " + answer.statusCode() + ": " + answer.body());
            }
            return answer.body().isEmpty() ? Api.JSON.nullNode() : Api.JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
