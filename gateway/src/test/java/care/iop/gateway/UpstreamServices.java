package care.iop.gateway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server standing in for the services behind the gateway: it answers every path with what it received
 * (method, path, query, headers, body), and is slow on purpose under {@code /slow}. The notes area points at a port
 * nothing listens on, as a service that is down.
 */
public class UpstreamServices implements QuarkusTestResourceLifecycleManager {

    /** What a service's own document looks like, in miniature. */
    static final String OPENAPI = """
            {"openapi":"3.1.0","info":{"title":"a service","version":"1"},
             "tags":[{"name":"Things"}],
             "paths":{"/api/v1/things/{id}":{"get":{"tags":["Things"],"responses":{"200":{"description":"ok",
               "content":{"application/json":{"schema":{"$ref":"#/components/schemas/Thing"}}}}}}}},
             "components":{"schemas":{"Thing":{"type":"object","properties":{"id":{"type":"string"}}}}}}""";

    /** A patient the services below know, and one intake does not (another clinic's). */
    static final String JOURNEY_PATIENT = "6f1c1a8e-2b0d-4c3e-9a41-1d2f3e4a5b6c";
    static final String FOREIGN_PATIENT = "0b7e6d5c-4a39-4e28-8f17-a6b5c4d3e2f1";

    /** What each service answers about the journey patient ("" = 404), as the real services shape it. */
    static String journeyAnswer(String path) {
        if (path.contains(FOREIGN_PATIENT)) {
            return "";
        }
        if (!path.contains(JOURNEY_PATIENT) && !path.equals("/api/v1/scheduling/enrollments")) {
            return null;
        }
        if (path.endsWith("/api/v1/intake/patients/" + JOURNEY_PATIENT)) {
            return "{\"id\":\"" + JOURNEY_PATIENT + "\",\"legalName\":{\"given\":\"Sam\"}}";
        }
        if (path.endsWith("/api/v1/intake/patients/" + JOURNEY_PATIENT + "/referrals")) {
            return "[{\"id\":\"r1\",\"receivedAt\":\"2026-09-28T09:00:00Z\",\"status\":\"admitted\","
                    + "\"source\":\"emergency-department\",\"urgency\":\"urgent\","
                    + "\"reasonCode\":\"opioid-use-disorder\",\"requestedTrackCode\":\"IOP-A\"}]";
        }
        if (path.endsWith("/api/v1/intake/patients/" + JOURNEY_PATIENT + "/assessments")) {
            return "[{\"id\":\"a1\",\"completedAt\":\"2026-09-30T15:00:00Z\",\"referralId\":\"r1\","
                    + "\"recommendedLevel\":\"2.1\",\"finalLevel\":\"2.1\",\"referOut\":false,"
                    + "\"dimensions\":{\"d1\":1,\"d2\":0},\"firedRules\":[\"LOC-MODERATE-NEED\"]}]";
        }
        if (path.endsWith("/api/v1/scheduling/patients/" + JOURNEY_PATIENT + "/bookings")) {
            return "[" + booking("b1", "s1", "individual-therapy", "2026-10-06T14:00:00Z", "fulfilled", "left-early", 30)
                    + "," + booking("b2", "s2", "group-therapy", "2026-10-07T13:00:00Z", "fulfilled", "present", 180)
                    + "," + booking("b3", "s3", "group-therapy", "2026-10-08T13:00:00Z", "booked", null, null)
                    + "," + booking("b4", "s4", "family-therapy", "2026-10-20T16:00:00Z", "booked", null, null) + "]";
        }
        if (path.endsWith("/api/v1/medications/patients/" + JOURNEY_PATIENT + "/administrations")) {
            return "[{\"id\":\"d2\",\"orderId\":\"o1\",\"scheduledFor\":\"2026-10-08T13:00:00Z\","
                    + "\"outcome\":\"missed\",\"administeredAt\":null,\"takeHomeDoses\":0,"
                    + "\"recordedAt\":\"2026-10-08T15:00:00Z\"},"
                    + "{\"id\":\"d1\",\"orderId\":\"o1\",\"scheduledFor\":null,\"outcome\":\"administered\","
                    + "\"administeredAt\":\"2026-10-09T13:00:00Z\",\"dose\":8,\"doseUnit\":\"mg\","
                    + "\"lot\":\"LOT-77\",\"takeHomeDoses\":2,\"recordedAt\":\"2026-10-09T13:05:00Z\"}]";
        }
        if (path.endsWith("/screenings")) {
            return "[{\"completedAt\":\"2026-10-02T10:00:00Z\",\"instrument\":\"PHQ-9\",\"total\":12,"
                    + "\"band\":\"moderate\",\"flags\":[],\"answers\":[1,2,1,2,1,2,1,2,0]}]";
        }
        if (path.equals("/api/v1/scheduling/enrollments")) {
            return "{\"items\":[{\"startDate\":\"2026-10-03\",\"trackCode\":\"IOP-A\",\"status\":\"active\"}]}";
        }
        if (path.endsWith("/compliance")) {
            return "[{\"weekStart\":\"2026-10-05\",\"status\":\"compliant\",\"scheduledHours\":9,"
                    + "\"attendedHours\":9,\"targetHours\":9}]";
        }
        if (path.endsWith("/orders")) {
            return "[{\"id\":\"o1\",\"startDate\":\"2026-10-04\",\"medicationId\":\"buprenorphine\",\"mat\":true,"
                    + "\"status\":\"active\",\"indication\":\"F11.20\"}]";
        }
        if (path.endsWith("/drug-screens")) {
            return "[{\"id\":\"s1\",\"resultedAt\":\"2026-10-10T12:00:00Z\",\"unexpectedPositive\":true}]";
        }
        if (path.endsWith("/episodes")) {
            return "[{\"id\":\"e1\",\"openedOn\":\"2026-10-01\",\"currentLevel\":\"2.1\",\"discharge\":"
                    + "{\"dischargeDate\":\"2026-11-20\",\"reasonCode\":1,\"lengthOfStayDays\":50,"
                    + "\"summary\":\"Lives with his sister\"}}]";
        }
        if (path.endsWith("/follow-ups")) {
            return "[]";
        }
        if (path.endsWith("/relapse-risk")) {
            return "{\"score\":11.5,\"openFlag\":{\"flaggedAt\":\"2026-10-11T00:00:00Z\",\"score\":11.5,"
                    + "\"status\":\"open\"}}";
        }
        return null;
    }

    /** A booking as scheduling lists it by patient; attendance and minutes may be null (not recorded). */
    private static String booking(String id, String session, String kind, String startsAt, String status,
                                  String attendance, Integer minutes) {
        return new JsonObject().put("id", id).put("sessionId", session).put("enrollmentId", "en1").put("kind", kind)
                .put("startsAt", startsAt).put("status", status).put("attendance", attendance)
                .put("minutesAttended", minutes).encode();
    }

    /** A patient whose record intake shows, of whom the other services know nothing, and scheduling refuses bookings. */
    static final String LIMITED_PATIENT = "1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d";

    /**
     * What the services answer about the limited patient, by request URI (query included): null when the request is
     * not about this patient, else a status (403, 404) or a 200 body.
     */
    static Object limitedAnswer(String uri) {
        String path = uri;
        if (!path.contains(LIMITED_PATIENT)) {
            return null;
        }
        if (path.endsWith("/api/v1/intake/patients/" + LIMITED_PATIENT)) {
            return "{\"id\":\"" + LIMITED_PATIENT + "\"}";
        }
        if (path.endsWith("/referrals")) {
            return "[{\"id\":\"r9\",\"receivedAt\":\"2026-09-01T09:00:00Z\",\"status\":\"received\","
                    + "\"source\":\"self\",\"urgency\":\"routine\"}]";
        }
        return path.endsWith("/bookings") ? 403 : 404;
    }

    /** A patient who consented to disclose demographics and medications (not attendance) to any partner. */
    static final String DISCLOSURE_PATIENT = "5d4c3b2a-1908-4f7e-8d6c-5b4a39281706";

    private volatile boolean consentRevoked;

    /** Every path the echo answered, for tests that check a request never reached a service. */
    private final java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** A service's disclosure answer as the real ones shape it; null when the path is not a disclosure. */
    private String disclosureAnswer(io.vertx.core.http.HttpServerRequest req) {
        String path = req.path();
        if (path.equals("/test/revoke-consent")) {
            consentRevoked = true;
            return "{}";
        }
        if (!path.contains("/disclosures/patients/")) {
            return null;
        }
        String category = path.substring(path.lastIndexOf('/') + 1);
        boolean consented = !consentRevoked && path.contains(DISCLOSURE_PATIENT)
                && (category.equals("demographics") || category.equals("medications"));
        if (!consented) {
            return "";
        }
        JsonObject data = category.equals("demographics") ? new JsonObject().put("familyName", "Rivera")
                : new JsonObject().put("orders", new io.vertx.core.json.JsonArray().add(new JsonObject()
                .put("medication", "buprenorphine/naloxone").put("status", "active")));
        return new JsonObject().put("patientId", DISCLOSURE_PATIENT).put("category", category)
                .put("consentId", "c0a80101-0000-4000-8000-00000000000" + (category.equals("demographics") ? 1 : 2))
                .put("purposeOfUse", req.getHeader("X-Purpose-Of-Use")).put("notice", "42 CFR part 2 notice")
                .put("data", data.put("seenToken", req.getHeader("Authorization"))).encode();
    }

    private Vertx vertx;
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            String disclosure = disclosureAnswer(req);
            if (disclosure != null) {
                req.response().setStatusCode(disclosure.isEmpty() ? 403 : 200).putHeader("Content-Type",
                        disclosure.isEmpty() ? "application/problem+json" : "application/json")
                        .end(disclosure.isEmpty() ? "{\"status\":403}" : disclosure);
                return;
            }
            Object limited = limitedAnswer(req.uri());
            if (limited != null) {
                int status = limited instanceof Integer code ? code : 200;
                req.response().setStatusCode(status).putHeader("Content-Type", status == 200 ? "application/json"
                        : "application/problem+json").end(status == 200 ? (String) limited : "{\"status\":" + status + "}");
                return;
            }
            String canned = journeyAnswer(req.path());
            if (canned != null) {
                req.response().setStatusCode(canned.isEmpty() ? 404 : 200).putHeader("Content-Type", "application/json")
                        .end(canned);
                return;
            }
            if (req.path().equals("/q/openapi")) {
                req.response().putHeader("Content-Type", "application/json").end(OPENAPI);
                return;
            }
            if (req.path().equals("/test/seen")) {
                req.response().putHeader("Content-Type", "application/json")
                        .end(new JsonObject().put("seen", seen.contains(req.getParam("path"))).encode());
                return;
            }
            seen.add(req.path());
            JsonObject headers = new JsonObject();
            req.headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
            JsonObject echo = new JsonObject().put("method", req.method().name()).put("path", req.path())
                    .put("query", req.query()).put("headers", headers).put("body", body.toString());
            long delay = req.path().contains("/slow") ? 3_000 : 0;
            Runnable answer = () -> {
                var response = req.response().setStatusCode(req.path().contains("/created") ? 201 : 200)
                        .putHeader("Content-Type", "application/json").putHeader("ETag", "\"3\"")
                        .putHeader("Connection", "keep-alive");
                // As the services do: the request id echoed, a Location naming their own address, nosniff.
                if (req.getHeader("X-Request-Id") != null) {
                    response.putHeader("X-Request-Id", req.getHeader("X-Request-Id"));
                }
                response.putHeader("X-Content-Type-Options", "nosniff");
                if (req.path().contains("/created")) {
                    response.putHeader("Location", "http://127.0.0.1:" + server.actualPort() + req.path() + "/42?v=1");
                }
                if (req.path().contains("/cacheable")) {
                    response.putHeader("Cache-Control", "private, max-age=60");
                }
                response.end(echo.toBuffer());
            };
            if (delay > 0) {
                vertx.setTimer(delay, t -> answer.run());
            } else {
                answer.run();
            }
        }));
        try {
            server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("upstream did not start", e);
        }
        String up = "http://127.0.0.1:" + server.actualPort();
        Map<String, String> config = new java.util.HashMap<>();
        config.put("gateway.routes.intake.url", up);
        config.put("gateway.routes.scheduling.url", up);
        config.put("gateway.routes.scheduling.timeout", "1s");
        config.put("gateway.routes.notes.url", "http://127.0.0.1:" + freePort());
        config.put("gateway.routes.medications.url", up);
        config.put("gateway.routes.aftercare.url", up);
        config.put("gateway.routes.analytics.url", up);
        config.put("gateway.rate-limit.capacity", "20");
        config.put("gateway.rate-limit.refill-per-second", "2");
        config.put("gateway.rate-limit.client-capacity", "30");
        config.put("gateway.rate-limit.client-refill-per-second", "1");
        config.put("gateway.rate-limit.address-capacity", "15");
        config.put("gateway.rate-limit.address-refill-per-second", "1");
        config.put("gateway.breaker.failures", "3");
        config.put("gateway.breaker.open-for", "30s");
        return config;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }
}
