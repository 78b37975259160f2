package care.iop.gateway;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * {@code GET /api/v1/patients/{id}/journey}: one timeline across the services, asked in parallel with the caller's
 * own token (so each service applies its own clinic scoping, role rules and audit). A service that is down or slow
 * marks its part unavailable instead of failing the view; intake not knowing the patient (another clinic's, or
 * none) is a 404 for the whole journey. Every entry is metadata only (ids, codes, dates, statuses): notes — the
 * notes service never lists psychotherapy notes here, and their text is not copied — and no screening answers,
 * assessment narrative, referral free text, discharge summary or dose details beyond the outcome's codes.
 * {@code parts} says per area whether everything it was asked answered ({@code ok}), or the worst of what did not
 * ({@code unavailable}, else {@code forbidden}); {@code sections} says it per call. The answer's shape is
 * documented in gateway/README.md ("The patient journey").
 */
@ApplicationScoped
public class PatientJourney {

    /** One call a part of the journey makes (its area and section), and how its answer becomes timeline entries. */
    private record Source(String area, String section, String path, Function<Object, List<JsonObject>> entries) {
    }

    /** Session kinds whose bookings appear one by one (group sessions show as attendance weeks and attendance). */
    static final Set<String> ONE_TO_ONE_KINDS = Set.of("individual-therapy", "family-therapy");

    /**
     * How far back dose administrations are asked for: the medication service's MAR answers at most a year (367
     * days from {@code from} to {@code to}), asked up to tomorrow so a dose given today in any time zone is in.
     */
    static final int DOSE_DAYS = 365;

    @Inject
    ServiceCalls services;

    @Inject
    EdgeAuth auth;

    @Inject
    RateLimiter limiter;

    void routes(@Observes Router router) {
        router.get("/api/v1/patients/:patientId/journey").order(-100).handler(rc -> {
            RequestIds.of(rc);
            if (Problems.refusedBody(rc)) {
                return;
            }
            String id = rc.pathParam("patientId");
            try {
                UUID.fromString(id);
            } catch (IllegalArgumentException e) {
                Problems.send(rc, 404, "not-found", "Not found", "No such patient");
                return;
            }
            auth.authenticate(rc, identity -> {
                if (limiter.admit(rc, identity)) {
                    journey(rc, id);
                }
            });
        });
    }

    private void journey(RoutingContext rc, String patient) {
        List<Source> sources = sources(patient);
        List<Future<JsonObject>> answers = new ArrayList<>();
        for (Source s : sources) {
            answers.add(services.get(rc, s.area(), s.path()));
        }
        Future.join(new ArrayList<>(answers)).onComplete(done -> {
            Future<JsonObject> identity = answers.get(0);
            int identityStatus = identity.succeeded() ? identity.result().getInteger("status") : 503;
            if (identityStatus == 404) {
                Problems.send(rc, 404, "not-found", "Not found", "No such patient");
                return;
            }
            if (identityStatus == 401 || identityStatus == 403) {
                // Intake decides who may see a patient at all (a partner or an auditor may not): so does the journey.
                Problems.send(rc, 403, "forbidden", "Forbidden", "This role may not read patient records");
                return;
            }
            Map<String, String> parts = new LinkedHashMap<>();
            Map<String, String> sections = new LinkedHashMap<>();
            List<JsonObject> events = new ArrayList<>();
            for (int i = 0; i < sources.size(); i++) {
                Source s = sources.get(i);
                Future<JsonObject> answer = answers.get(i);
                String state = answer.failed() || answer.result().getInteger("status") >= 500 ? UNAVAILABLE
                        : answer.result().getInteger("status") == 403 ? FORBIDDEN : OK;
                sections.put(s.section(), state);
                parts.merge(s.area(), state, PatientJourney::worse);
                if (state.equals(OK) && answer.result().getInteger("status") == 200) {
                    s.entries().apply(answer.result().getValue("body"))
                            .forEach(e -> events.add(e.put("source", s.area())));
                }
            }
            events.sort((a, b) -> String.valueOf(b.getString("at")).compareTo(String.valueOf(a.getString("at"))));
            JsonObject view = new JsonObject().put("patientId", patient).put("parts", new JsonObject(new LinkedHashMap<>(parts)))
                    .put("sections", new JsonObject(new LinkedHashMap<>(sections))).put("events", new JsonArray(events));
            rc.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
                    .end(view.toBuffer());
        });
    }

    /** What a section's answer is worth: the worse of two states wins (unavailable, then forbidden, then ok). */
    private static String worse(String a, String b) {
        return a.equals(UNAVAILABLE) || b.equals(UNAVAILABLE) ? UNAVAILABLE
                : a.equals(FORBIDDEN) || b.equals(FORBIDDEN) ? FORBIDDEN : OK;
    }

    private static final String OK = "ok";
    private static final String UNAVAILABLE = "unavailable";
    private static final String FORBIDDEN = "forbidden";

    /** The parts, intake's patient record first (it decides 404). */
    private static List<Source> sources(String p) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        return List.of(
                new Source("intake", "patient", "/api/v1/intake/patients/" + p, body -> List.of()),
                new Source("intake", "referrals", "/api/v1/intake/patients/" + p + "/referrals", body -> items(body)
                        .stream().map(r -> entry(r.getString("receivedAt"), "referral", r, "id", "status", "urgency")
                                // "source" names the area an entry came from: the referral's source is renamed.
                                .put("referralSource", r.getValue("source"))).toList()),
                new Source("intake", "screenings", "/api/v1/intake/patients/" + p + "/screenings", body -> items(body)
                        .stream().map(s -> entry(s.getString("completedAt"), "screening", s, "instrument", "total",
                                "band", "flags")).toList()),
                new Source("intake", "assessments", "/api/v1/intake/patients/" + p + "/assessments", body -> items(body)
                        .stream().map(a -> entry(a.getString("completedAt"), "assessment", a, "id", "referralId",
                                "recommendedLevel", "finalLevel", "referOut")).toList()),
                new Source("scheduling", "enrollments", "/api/v1/scheduling/enrollments?patientId=" + p,
                        body -> items(body).stream().map(e -> entry(e.getString("startDate"), "enrollment", e,
                                "trackCode", "status", "endDate")).toList()),
                new Source("scheduling", "attendance-weeks", "/api/v1/scheduling/patients/" + p + "/compliance",
                        body -> items(body).stream().map(w -> entry(w.getString("weekStart"), "attendance-week", w,
                                "status", "scheduledHours", "attendedHours", "targetHours")).toList()),
                new Source("scheduling", "bookings", "/api/v1/scheduling/patients/" + p + "/bookings",
                        PatientJourney::bookings),
                new Source("notes", "notes", "/api/v1/notes/patients/" + p + "/notes", body -> items(body).stream()
                        .filter(n -> n.getString("signedAt") != null)
                        .map(n -> entry(n.getString("signedAt"), "note-signed", n, "id", "kind", "format", "late",
                                "sessionId")).toList()),
                new Source("medications", "medication-orders", "/api/v1/medications/patients/" + p + "/orders",
                        body -> items(body).stream().map(o -> entry(o.getString("startDate"), "medication-order", o,
                                "id", "medicationId", "mat", "status")).toList()),
                new Source("medications", "dose-administrations", "/api/v1/medications/patients/" + p
                        + "/administrations?from=" + today.minusDays(DOSE_DAYS) + "&to=" + today.plusDays(1),
                        body -> items(body).stream().map(a -> entry(firstOf(a, "administeredAt", "scheduledFor",
                                "recordedAt"), "dose-administration", a, "id", "orderId", "outcome", "scheduledFor",
                                "reasonCode")).toList()),
                new Source("medications", "drug-screens", "/api/v1/medications/patients/" + p + "/drug-screens",
                        body -> items(body)
                        .stream().filter(s -> s.getString("resultedAt") != null)
                        .map(s -> entry(s.getString("resultedAt"), "drug-screen", s, "id", "unexpectedPositive"))
                        .toList()),
                new Source("aftercare", "episodes", "/api/v1/aftercare/patients/" + p + "/episodes", body -> {
                    List<JsonObject> out = new ArrayList<>();
                    for (JsonObject e : items(body)) {
                        out.add(entry(e.getString("openedOn"), "admission", e, "id", "currentLevel"));
                        JsonObject d = e.getJsonObject("discharge");
                        if (d != null) {
                            out.add(entry(d.getString("dischargeDate"), "discharge", d, "reasonCode",
                                    "lengthOfStayDays", "stepDownLevel"));
                        }
                    }
                    return out;
                }),
                new Source("aftercare", "follow-ups", "/api/v1/aftercare/patients/" + p + "/follow-ups",
                        body -> items(body).stream().filter(f -> f.getString("completedAt") != null)
                                .map(f -> entry(f.getString("completedAt"), "follow-up", f, "kind", "outcome",
                                        "recoveryStatus")).toList()),
                new Source("aftercare", "relapse-risk", "/api/v1/aftercare/patients/" + p + "/relapse-risk", body -> {
                    JsonObject flag = body instanceof JsonObject o ? o.getJsonObject("openFlag") : null;
                    return flag == null ? List.of()
                            : List.of(entry(flag.getString("flaggedAt"), "relapse-risk-flag", flag, "score", "status"));
                }));
    }

    /**
     * A patient's bookings: one-to-one sessions (individual, family) each as a {@code booking}, and every booking
     * with attendance recorded, of any kind, as an {@code attendance} entry; both at the session's start.
     */
    private static List<JsonObject> bookings(Object body) {
        List<JsonObject> out = new ArrayList<>();
        for (JsonObject b : items(body)) {
            if (ONE_TO_ONE_KINDS.contains(b.getString("kind"))) {
                out.add(entry(b.getString("startsAt"), "booking", b, "id", "sessionId", "kind", "status"));
            }
            if (b.getValue("attendance") != null) {
                out.add(entry(b.getString("startsAt"), "attendance", b, "sessionId", "kind", "attendance",
                        "minutesAttended").put("bookingId", b.getValue("id")));
            }
        }
        return out;
    }

    /** The first of the named fields that has a value (as text), or null. */
    private static String firstOf(JsonObject from, String... fields) {
        for (String f : fields) {
            if (from.getValue(f) != null) {
                return String.valueOf(from.getValue(f));
            }
        }
        return null;
    }

    /** An entry with the named fields only: whatever else a service returned stays out of the view. */
    private static JsonObject entry(String at, String type, JsonObject from, String... fields) {
        JsonObject e = new JsonObject().put("at", at).put("type", type);
        for (String f : fields) {
            if (from.containsKey(f)) {
                e.put(f, from.getValue(f));
            }
        }
        return e;
    }

    /** A list body, or a page's items. */
    private static List<JsonObject> items(Object body) {
        JsonArray array = body instanceof JsonArray a ? a
                : body instanceof JsonObject o && o.getJsonArray("items") != null ? o.getJsonArray("items") : new JsonArray();
        List<JsonObject> out = new ArrayList<>();
        array.forEach(x -> {
            if (x instanceof JsonObject j) {
                out.add(j);
            }
        });
        return out;
    }
}
