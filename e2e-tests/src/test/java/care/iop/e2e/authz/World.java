package care.iop.e2e.authz;

import care.iop.e2e.Keycloak;
import care.iop.e2e.Platform;
import com.fasterxml.jackson.databind.JsonNode;
import org.awaitility.Awaitility;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Real records of clinic A for the matrix and the audit walk, made through the gateway by clinic A's own staff (each
 * write with its own {@code X-Request-Id}, kept in {@link #writes()} for the audit check): a referred, screened,
 * assessed and admitted patient (P) with coverage, consents, sessions and bookings, notes, a treatment plan, orders,
 * a drug screen, allergies, a relapse-risk flag, an aftercare episode and a relapse-prevention plan; a waitlisted
 * patient (W); and a patient (Q) whose consent names the partner for every category, discharged, with follow-ups.
 * Built once per test JVM and shared by the test classes of this package.
 */
final class World {

    static final ZoneId ZONE = ZoneId.of("America/New_York");
    static final String INTAKE = "/api/v1/intake";
    static final String SCHEDULING = "/api/v1/scheduling";
    static final String NOTES = "/api/v1/notes";
    static final String MEDICATIONS = "/api/v1/medications";
    static final String AFTERCARE = "/api/v1/aftercare";
    static final Duration WAIT = Duration.ofSeconds(60);

    /** A write this class made, for the audit check: who, what, which patient it concerned. */
    record Write(String area, String method, String path, String requestId, String actor, int status,
                 String patientId, String resourceId, String responseBody) {
    }

    private static World world;

    final String code = "AZ" + UUID.randomUUID().toString().replace("-", "").substring(0, 8).toUpperCase(Locale.ROOT);
    final LocalDate today = LocalDate.now(ZONE);
    final LocalDate admissionDate = today.minusDays(21);
    /** Facilitators of this world's sessions: their own staff ids, so no other test's calendar can clash. */
    final String facilitator = Keycloak.staffMember(Platform.CLINIC_A, "clinician", "clinical-supervisor");
    final String seriesFacilitator = Keycloak.staffMember(Platform.CLINIC_A, "clinician");
    /** Flagged as supervised and assigned {@link #facilitator} (also a clinical supervisor) as supervisor. */
    final String supervisedStaff = Keycloak.staffMember(Platform.CLINIC_A, "clinician");
    /** The realm's clinician.a (subject in the realm file). */
    final String clinicianA = "aaaaaaaa-0000-4000-8000-000000000002";

    private final Map<String, String> ids = new LinkedHashMap<>();
    private final List<Write> writes = Collections.synchronizedList(new ArrayList<>());

    private World() {
    }

    /** The world, built on first use. */
    static synchronized World get() {
        if (world == null) {
            World w = new World();
            long t0 = System.nanoTime();
            w.build();
            System.out.printf("[authz] clinic A's records built in %.1f s: %s%n", (System.nanoTime() - t0) / 1e9, w.ids);
            world = w;
        }
        return world;
    }

    String id(String name) {
        String id = ids.get(name);
        if (id == null) {
            throw new IllegalStateException("no " + name + " in the world");
        }
        return id;
    }

    Map<String, String> ids() {
        return Collections.unmodifiableMap(ids);
    }

    /** The records, plus the values sample bodies use: today's date in the clinic's zone, the track code, staff ids. */
    Map<String, String> values() {
        Map<String, String> v = new HashMap<>(ids);
        v.put("today", today.toString());
        v.put("code", code);
        v.put("clinicianA", clinicianA);
        v.put("facilitator", facilitator);
        return v;
    }

    /** The ids of every record of clinic A in this world (none may reach another clinic or the partner). */
    Set<String> recordIds() {
        Set<String> out = new HashSet<>();
        ids.values().stream().filter(v -> v.length() == 36).forEach(out::add);
        return out;
    }

    List<Write> writes() {
        return List.copyOf(writes);
    }

    /** The patients of clinic A this world made (their ids must never reach another clinic or the partner). */
    List<String> patients() {
        return List.of(id("patient"), id("waitlistedPatient"), id("consentedPatient"), id("referredPatient"));
    }

    // ------------------------------------------------------------------------------------------------- calls

    static Http.Call call(String method, String path) {
        return Http.Call.of(method, Platform.stack().gatewayUrl() + path);
    }

    /** A write by a demo account of clinic A (or a client, "client ehr-…") that must succeed (2xx), kept for the audit check. */
    Http.Answer write(String actor, String method, String path, Object body, String patientId, int... expected) {
        return write(actor, method, path, body, patientId, Map.of(), expected);
    }

    Http.Answer write(String actor, String method, String path, Object body, String patientId,
                      Map<String, String> headers, int... expected) {
        Http.Call c = call(method, path).auth(authorization(actor)).body(body);
        for (Map.Entry<String, String> h : headers.entrySet()) {
            c = c.header(h.getKey(), h.getValue());
        }
        Http.Answer a = c.send();
        return recorded(a, actor, method, path, patientId, expected);
    }

    /**
     * A write naming a patient that another service learns from intake's events: until the event has arrived the
     * service answers 409 awaiting-event (or 404 where it names a record not made yet), so it is tried again for up
     * to 30 s.
     */
    Http.Answer writeOnceKnown(String actor, String method, String path, Object body, String patientId,
                               int... expected) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (true) {
            Http.Answer a = call(method, path).auth(authorization(actor)).body(body).send();
            boolean awaiting = a.status() == 409
                    && "urn:iop:problem:awaiting-event".equals(a.json().path("type").asText());
            if ((a.status() != 404 && !awaiting) || System.nanoTime() > deadline) {
                return recorded(a, actor, method, path, patientId, expected);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private Http.Answer recorded(Http.Answer a, String actor, String method, String path, String patientId,
                                 int... expected) {
        if (a.status() / 100 != 2) {
            a.expect(expected); // fails, naming what came back
        }
        String resourceId = a.json().path("id").asText(null);
        writes.add(new Write(area(path), method, path, a.requestId(), actor, a.status(), patientId, resourceId, a.body()));
        return a;
    }

    static Http.Answer read(String actor, String path) {
        return call("GET", path).auth(authorization(actor)).send();
    }

    static String authorization(String actor) {
        return actor.startsWith("client ") ? Tokens.client(actor.substring(7)) : Tokens.user(actor);
    }

    static String area(String path) {
        String[] parts = path.split("/");
        return parts.length > 3 && path.startsWith("/api/v1/") ? parts[3] : "gateway";
    }

    private static void await(Runnable check) {
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .untilAsserted(check::run);
    }

    private String etag(String actor, String path) {
        Http.Answer a = read(actor, path).expect(200);
        if (a.etag() == null) {
            throw new AssertionError("GET " + path + " sent no ETag");
        }
        return a.etag();
    }

    // ------------------------------------------------------------------------------------------------- the build

    private void build() {
        Platform.stack();
        scheduling();
        intake();
        await(() -> ids.put("enrollment", read("scheduler.a", SCHEDULING + "/enrollments?patientId=" + id("patient"))
                .expect(200).json().path("items").get(0).path("id").asText()));
        await(() -> ids.put("episode", read("casemanager.a", AFTERCARE + "/patients/" + id("patient") + "/episodes")
                .expect(200).json().get(0).path("id").asText()));
        await(() -> read("clinician.a", NOTES + "/patients/" + id("patient") + "/notes").expect(200));
        await(() -> read("prescriber.a", MEDICATIONS + "/patients/" + id("patient") + "/orders").expect(200));
        sessions();
        notes();
        medication();
        aftercare();
        waitlist();
        consentedAndDischarged();
        partnerReferralAndPartialConsent();
    }

    private void scheduling() {
        ids.put("staffMember", facilitator); // a staff member of clinic A, in the staff directory
        ids.put("room", write("scheduler.a", "POST", SCHEDULING + "/rooms",
                Map.of("name", "Authz room " + code, "capacity", 12), null, 201).text("id"));
        Map<String, Object> track = new HashMap<>();
        track.put("code", code);
        track.put("name", "Authorization matrix track " + code);
        track.put("levelOfCare", "2.1");
        track.put("population", "adult");
        track.put("timeZone", ZONE.getId());
        track.put("days", List.of("monday", "wednesday", "friday"));
        track.put("startTime", "17:45");
        track.put("durationMinutes", 180);
        track.put("roomId", id("room"));
        track.put("facilitatorIds", List.of(facilitator));
        Http.Answer t = write("scheduler.a", "POST", SCHEDULING + "/tracks", track, null, 201);
        ids.put("track", t.text("id"));
        write("scheduler.a", "PUT", SCHEDULING + "/tracks/" + id("track"), Map.of("name", "Authorization track " + code,
                        "weeklyHoursTarget", 9, "groupSizeLimit", 12, "groupType", "open", "roomId", id("room"),
                        "facilitatorIds", List.of(facilitator)), null, Map.of("If-Match", t.etag()), 200);
        Map<String, Object> series = new HashMap<>();
        series.put("kind", "skills-group");
        series.put("days", List.of("tuesday"));
        series.put("startTime", "08:15");
        series.put("durationMinutes", 60);
        series.put("timeZone", ZONE.getId());
        LocalDate first = today.with(TemporalAdjusters.next(DayOfWeek.TUESDAY));
        series.put("firstDate", first.toString());
        series.put("lastDate", first.plusWeeks(2).toString());
        series.put("modality", "telehealth");
        series.put("joinUrl", "https://meet.example.org/" + code);
        series.put("facilitatorIds", List.of(seriesFacilitator));
        ids.put("series", write("scheduler.a", "POST", SCHEDULING + "/series", series, null, 201).text("id"));
    }

    private void intake() {
        Map<String, Object> patient = new HashMap<>();
        patient.put("legalName", Map.of("given", "Authz" + code, "family", "Matrix"));
        patient.put("birthDate", "1990-05-06");
        patient.put("identifiers", List.of(Map.of("system", "urn:e2e:authz", "value", code)));
        Http.Answer referral = write("coordinator.a", "POST", INTAKE + "/referrals", Map.of("patient", patient,
                "source", "self", "urgency", "routine", "reasonCode", "opioid-use-disorder",
                "requestedTrackCode", code), null, 201);
        ids.put("referral", referral.text("id"));
        ids.put("patient", referral.text("patientId"));
        String p = id("patient");
        fixPatient(p);
        write("coordinator.a", "POST", INTAKE + "/referrals/" + id("referral") + "/status",
                Map.of("status", "screening"), p, 200);
        // PHQ-9 with item 9 above 0: 6 relapse-risk points in aftercare. C-SSRS at high risk: a safety flag.
        write("coordinator.a", "POST", INTAKE + "/patients/" + p + "/screenings",
                Map.of("instrument", "PHQ-9", "answers", List.of(1, 1, 1, 1, 1, 1, 1, 1, 1)), p, 201);
        ids.put("screening", write("clinician.a", "POST", INTAKE + "/patients/" + p + "/screenings",
                Map.of("instrument", "C-SSRS", "answers", List.of(1, 1, 0, 1, 0, 0)), p, 201).text("id"));
        write("clinician.a", "POST", INTAKE + "/screenings/" + id("screening") + "/acknowledgement",
                Map.of("action", "safety-plan-reviewed"), p, 200);
        // And one left for the clinicians' worklist of unacknowledged safety flags.
        write("clinician.a", "POST", INTAKE + "/patients/" + p + "/screenings",
                Map.of("instrument", "C-SSRS", "answers", List.of(1, 1, 0, 0, 1, 0)), p, 201);
        write("coordinator.a", "POST", INTAKE + "/referrals/" + id("referral") + "/status",
                Map.of("status", "assessment-scheduled"), p, 200);
        ids.put("assessment", write("clinician.a", "POST", INTAKE + "/patients/" + p + "/assessments",
                assessment(id("referral")), p, 201).text("id"));
        ids.put("coverage", write("coordinator.a", "POST", INTAKE + "/patients/" + p + "/coverages",
                Map.of("payer", "Acme Health", "memberId", "AC-" + code, "authorizedUnits", 36,
                        "authorizedFrom", today.minusDays(30).toString(), "authorizedTo", today.plusDays(60).toString()),
                p, 201).text("id"));
        // Consents naming a class of recipients (not the partner): one stays, one is revoked.
        ids.put("consent", write("coordinator.a", "POST", INTAKE + "/patients/" + p + "/consents",
                consent(null, List.of("demographics")), p, 201).text("id"));
        String revoked = write("client ehr-northside", "POST", INTAKE + "/patients/" + p + "/consents",
                consent(null, List.of("diagnoses")), p, 201).text("id");
        write("coordinator.a", "POST", INTAKE + "/consents/" + revoked + "/revocation", null, p, 200);
        ids.put("admission", write("coordinator.a", "POST", INTAKE + "/admissions", Map.of("patientId", p,
                "referralId", id("referral"), "trackCode", code, "levelOfCare", "2.1", "admissionDate",
                admissionDate.toString(), "primaryCounselorId", clinicianA, "coverageId", id("coverage")), p, 201)
                .text("id"));
        // An EHR updates the patient by its identifier (the ETag of the patient as read).
        String etag = etag("coordinator.a", INTAKE + "/patients/" + p);
        Map<String, Object> update = new HashMap<>(patient);
        update.put("preferredLanguage", "en");
        write("client ehr-northside", "PUT", INTAKE + "/patients/by-identifier/urn:e2e:authz/" + code, update, p,
                Map.of("If-Match", etag), 200);
    }

    private void fixPatient(String p) {
        if (p == null || p.isBlank() || p.equals("null")) {
            throw new AssertionError("the referral named no patient");
        }
    }

    private void sessions() {
        String p = id("patient");
        // A group session of the track in the past (the patient is booked as an enrolled member) and attended.
        LocalDate day = today.minusDays(7).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        ids.put("sessionDate", day.toString());
        ids.put("session", write("scheduler.a", "POST", SCHEDULING + "/sessions", session("group-therapy", day,
                "17:45", 180, id("track")), null, 201).text("id"));
        ids.put("booking", bookingOf(id("session"), p));
        write("clinician.a", "PUT", SCHEDULING + "/bookings/" + id("booking") + "/attendance",
                Map.of("attendance", "present"), p, 200);
        // Another group session next week: booked, the booking cancelled, the session rescheduled and cancelled.
        LocalDate next = today.plusDays(7).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        String later = write("scheduler.a", "POST", SCHEDULING + "/sessions", session("group-therapy", next, "17:45",
                180, id("track")), null, 201).text("id");
        String laterBooking = bookingOf(later, p);
        write("scheduler.a", "POST", SCHEDULING + "/bookings/" + laterBooking + "/cancel",
                Map.of("reasonCode", "patient-request"), p, 200);
        write("scheduler.a", "POST", SCHEDULING + "/sessions/" + later + "/reschedule",
                Map.of("reasonCode", "room-change", "startTime", "18:00"), null, 200);
        write("scheduler.a", "POST", SCHEDULING + "/sessions/" + later + "/cancel",
                Map.of("reasonCode", "facilitator-ill"), null, 200);
        // An individual session yesterday (attendance is recorded once a session has started, whatever the hour),
        // booked by hand, checked in and recorded for the whole roster.
        String individual = write("scheduler.a", "POST", SCHEDULING + "/sessions", session("individual-therapy",
                today.minusDays(1), "06:00", 60, null), null, 201).text("id");
        ids.put("individualSession", individual);
        ids.put("manualBooking", write("scheduler.a", "POST", SCHEDULING + "/sessions/" + individual + "/bookings",
                Map.of("patientId", p), p, 201).text("id"));
        write("scheduler.a", "POST", SCHEDULING + "/bookings/" + id("manualBooking") + "/check-in", null, p, 200);
        write("clinician.a", "POST", SCHEDULING + "/sessions/" + individual + "/attendance",
                Map.of("entries", List.of(Map.of("patientId", p, "attendance", "present"))), p, 200);
    }

    private Map<String, Object> session(String kind, LocalDate day, String start, int minutes, String track) {
        Map<String, Object> s = new HashMap<>();
        s.put("kind", kind);
        if (track != null) {
            s.put("trackId", track);
        }
        s.put("date", day.toString());
        s.put("startTime", start);
        s.put("durationMinutes", minutes);
        s.put("timeZone", ZONE.getId());
        s.put("modality", "in-person");
        s.put("roomId", id("room"));
        s.put("facilitatorIds", List.of(facilitator));
        return s;
    }

    private String bookingOf(String session, String patient) {
        String[] booking = new String[1];
        await(() -> {
            for (JsonNode b : read("scheduler.a", SCHEDULING + "/sessions/" + session + "/roster").expect(200).json()
                    .path("participants")) {
                if (patient.equals(b.path("patientId").asText())) {
                    booking[0] = b.path("id").asText();
                }
            }
            if (booking[0] == null) {
                throw new AssertionError("the patient is not on the roster of " + session);
            }
        });
        return booking[0];
    }

    private void notes() {
        String p = id("patient");
        Http.Answer draft = write("clinician.a", "POST", NOTES + "/patients/" + p + "/notes", note("first draft"), p, 201);
        ids.put("note", draft.text("id"));
        Http.Answer edited = write("clinician.a", "PUT", NOTES + "/notes/" + id("note"), note("edited"), p,
                Map.of("If-Match", draft.etag()), 200);
        write("clinician.a", "POST", NOTES + "/notes/" + id("note") + "/sign", null, p,
                Map.of("If-Match", edited.etag()), 200);
        write("clinician.a", "POST", NOTES + "/notes/" + id("note") + "/addenda",
                Map.of("text", "Addendum: collateral call with the sponsor."), p, 201);
        // The group note waits until notes has heard of the attendance (session.attended).
        Map<String, Object> group = new HashMap<>();
        group.put("sessionId", id("session"));
        group.put("serviceDate", id("sessionDate"));
        group.put("narrative", "Group worked on coping with cravings.");
        group.put("entries", List.of(Map.of("patientId", p, "section", "Participated actively.")));
        await(() -> ids.put("groupNote", write("clinician.a", "POST", NOTES + "/group-notes", group, p, 201).text("id")));
        group.put("narrative", "Group worked on coping with cravings and sleep.");
        write("clinician.a", "PUT", NOTES + "/group-notes/" + id("groupNote"), group, p,
                Map.of("If-Match", etag("clinician.a", NOTES + "/notes/" + id("groupNote"))), 200);
        Http.Answer plan = write("clinician.a", "POST", NOTES + "/patients/" + p + "/treatment-plans",
                Map.of("content", planContent(null, null), "patientParticipated", true), p, 201);
        ids.put("plan", plan.text("id"));
        JsonNode content = plan.json().path("current").path("content");
        String goal = content.path("goals").get(0).path("id").asText();
        ids.put("objective", content.path("objectives").get(0).path("id").asText());
        Http.Answer revised = write("clinician.a", "POST", NOTES + "/treatment-plans/" + id("plan") + "/versions",
                Map.of("content", planContent(goal, id("objective")), "patientParticipated", true), p,
                Map.of("If-Match", plan.etag()), 201);
        ids.put("planReview", write("supervisor.a", "POST", NOTES + "/treatment-plans/" + id("plan") + "/reviews",
                Map.of("ratings", List.of(Map.of("objectiveId", id("objective"), "rating", "progressing")),
                        "summary", "On track."), p,
                Map.of("If-Match", etag("clinician.a", NOTES + "/patients/" + p + "/treatment-plans/current")), 201)
                .text("id"));
        write("supervisor.a", "PUT", NOTES + "/supervised-staff/" + supervisedStaff, null, null, 200, 201);
        write("admin.a", "DELETE", NOTES + "/supervised-staff/" + supervisedStaff, null, null, 200, 204);
        // Co-signature: clinician.a supervised for one note, then no longer (other tests expect their notes signed).
        write("supervisor.a", "PUT", NOTES + "/supervised-staff/" + clinicianA, null, null, 200, 201);
        try {
            Http.Answer second = write("clinician.a", "POST", NOTES + "/patients/" + p + "/notes", note("supervised"), p,
                    201);
            Http.Answer signed = write("clinician.a", "POST", NOTES + "/notes/" + second.text("id") + "/sign", null, p,
                    Map.of("If-Match", second.etag()), 200);
            write("supervisor.a", "POST", NOTES + "/notes/" + second.text("id") + "/co-sign", null, p,
                    Map.of("If-Match", signed.etag()), 200);
        } finally {
            write("supervisor.a", "DELETE", NOTES + "/supervised-staff/" + clinicianA, null, null, 200, 204);
        }
    }

    private Map<String, Object> note(String plan) {
        Map<String, Object> note = new HashMap<>();
        note.put("kind", "progress");
        note.put("format", "soap");
        note.put("serviceDate", today.toString());
        note.put("sections", Map.of("subjective", "Reports fewer cravings.", "objective", "Alert and engaged.",
                "assessment", "Early recovery.", "plan", "Continue IOP; " + plan + "."));
        note.put("risk", Map.of("suicidalIdeation", "none", "homicidalIdeation", "none", "selfHarm", false,
                "level", "low"));
        return note;
    }

    private Map<String, Object> planContent(String goalId, String objectiveId) {
        Map<String, Object> goal = new HashMap<>();
        goal.put("inPatientsWords", "Stay sober and keep my job");
        Map<String, Object> objective = new HashMap<>();
        objective.put("goal", 0);
        objective.put("description", "Attend three group sessions a week");
        objective.put("targetDate", today.plusDays(30).toString());
        if (goalId != null) {
            goal.put("id", goalId);
            objective.put("id", objectiveId);
        }
        return Map.of("problems", List.of(Map.of("icd10", "F11.20", "description", "Opioid use disorder")),
                "goals", List.of(goal), "objectives", List.of(objective),
                "interventions", List.of(Map.of("modality", "cbt", "frequency", "weekly",
                        "responsibleStaffId", clinicianA)));
    }

    private void medication() {
        String p = id("patient");
        ids.put("order", write("prescriber.a", "POST", MEDICATIONS + "/patients/" + p + "/orders",
                order("buprenorphine-naloxone", 8, "sublingual", "F11.20"), p, 201).text("id"));
        ids.put("administration", write("nurse.a", "POST", MEDICATIONS + "/orders/" + id("order") + "/administrations",
                Map.of("outcome", "administered"), p, 201).text("id"));
        Http.Answer second = write("prescriber.a", "POST", MEDICATIONS + "/patients/" + p + "/orders",
                order("sertraline", 50, "oral", "F32.9"), p, 201);
        write("prescriber.a", "POST", MEDICATIONS + "/orders/" + second.text("id") + "/discontinue",
                Map.of("reasonCode", "side-effects"), p, Map.of("If-Match", second.etag()), 200);
        ids.put("drugScreen", write("prescriber.a", "POST", MEDICATIONS + "/patients/" + p + "/drug-screens",
                Map.of("specimen", "urine", "panel", List.of("BUP", "FEN")), p, 201).text("id"));
        write("nurse.a", "POST", MEDICATIONS + "/drug-screens/" + id("drugScreen") + "/collection", Map.of(), p, 200);
        // Fentanyl was not prescribed: an unexpected positive, 5 more relapse-risk points (11 with the PHQ-9 item 9).
        write("nurse.a", "POST", MEDICATIONS + "/drug-screens/" + id("drugScreen") + "/results",
                Map.of("results", List.of(Map.of("substanceCode", "BUP", "result", "positive"),
                        Map.of("substanceCode", "FEN", "result", "positive"))), p, 200);
        ids.put("allergy", write("nurse.a", "POST", MEDICATIONS + "/patients/" + p + "/allergies",
                Map.of("substance", "gabapentin", "reaction", "rash", "severity", "mild"), p, 201).text("id"));
        ids.put("reconciliation", write("prescriber.a", "POST", MEDICATIONS + "/patients/" + p + "/reconciliations",
                Map.of("items", List.of(Map.of("medication", "Ibuprofen 200 mg", "decision", "continue"))), p, 201)
                .text("id"));
    }

    private Map<String, Object> order(String medication, int dose, String route, String indication) {
        Map<String, Object> order = new HashMap<>();
        order.put("medicationId", medication);
        order.put("dose", dose);
        order.put("doseUnit", "mg");
        order.put("route", route);
        order.put("frequency", "daily");
        order.put("startDate", today.minusDays(1).toString());
        order.put("indication", indication);
        order.put("pdmpCheckedOn", today.toString());
        return order;
    }

    private void aftercare() {
        String p = id("patient");
        await(() -> ids.put("riskFlag", read("casemanager.a", AFTERCARE + "/patients/" + p + "/relapse-risk")
                .expect(200).json().path("openFlag").path("id").asText(null)));
        if (ids.get("riskFlag") == null || ids.get("riskFlag").equals("null")) {
            throw new AssertionError("no relapse-risk flag was raised for the patient");
        }
        write("casemanager.a", "POST", AFTERCARE + "/risk-flags/" + id("riskFlag") + "/acknowledge",
                Map.of("action", "outreach-call"), p, 200);
        write("casemanager.a", "PUT", AFTERCARE + "/patients/" + p + "/relapse-prevention-plan", Map.of(
                "triggers", List.of("payday"), "warningSigns", List.of("skipping groups"),
                "copingStrategies", List.of("call my sponsor"), "crisisPlan", "Call the clinic's crisis line."), p, 201);
        write("casemanager.a", "POST", AFTERCARE + "/episodes/" + id("episode") + "/transitions",
                Map.of("toLevel", "2.5", "onDate", today.minusDays(10).toString(), "reasonCode", "clinical-need"), p,
                201);
        write("casemanager.a", "PUT", AFTERCARE + "/episodes/" + id("episode") + "/discharge-plan",
                Map.of("targetDate", today.plusDays(30).toString(), "stepDownLevel", "1"), p, 201);
    }

    /**
     * A partner's referral of a new person (R), who then consents to the partner seeing demographics and medications
     * only, for treatment.
     */
    private void partnerReferralAndPartialConsent() {
        Map<String, Object> person = Map.of("legalName", Map.of("given", "Referred" + code, "family", "Matrix"),
                "birthDate", "1993-09-30");
        Http.Answer referral = write("partner.p", "POST", INTAKE + "/referrals", Map.of("clinicId",
                Platform.CLINIC_A.toString(), "patient", person, "source", "partner", "urgency", "routine",
                "reasonCode", "opioid-use-disorder"), null, 201);
        ids.put("partnerReferral", referral.text("id"));
        String r = read("coordinator.a", INTAKE + "/referrals/" + id("partnerReferral")).expect(200).text("patientId");
        ids.put("referredPatient", r);
        // The partner's write concerned R, whom the partner's own answer does not name.
        Write w = writes.remove(writes.size() - 1);
        writes.add(new Write(w.area(), w.method(), w.path(), w.requestId(), w.actor(), w.status(), r, w.resourceId(),
                w.responseBody()));
        ids.put("partialConsent", write("coordinator.a", "POST", INTAKE + "/patients/" + r + "/consents",
                Map.of("recipientPartnerId", Platform.PARTNER.toString(), "categories", List.of("demographics",
                                "medications"), "purpose", "treatment",
                        "expiresAt", Instant.now().plus(30, ChronoUnit.DAYS).toString(),
                        "signedAt", Instant.now().minusSeconds(60).toString(), "signatureMethod", "wet-ink"),
                r, 201).text("id"));
        // R waits for a place (the waitlist read names R).
        write("coordinator.a", "POST", INTAKE + "/waitlist", Map.of("patientId", r, "trackCode", code), r, 201);
        // Scheduling knows R from the waitlisted event; R is enrolled by hand (no admission yet).
        writeOnceKnown("scheduler.a", "POST", SCHEDULING + "/enrollments", Map.of("patientId", r, "trackId", id("track"),
                "startDate", today.toString()), r, 201);
    }

    private void waitlist() {
        Http.Answer w = write("coordinator.a", "POST", INTAKE + "/patients", Map.of("legalName",
                Map.of("given", "Waiting" + code, "family", "Matrix"), "birthDate", "1979-11-02"), null, 201);
        ids.put("waitlistedPatient", w.text("id"));
        String p = id("waitlistedPatient");
        ids.put("waitlistEntry", write("coordinator.a", "POST", INTAKE + "/waitlist", Map.of("patientId", p,
                "trackCode", code, "expectedStart", today.plusDays(14).toString()), p, 201).text("id"));
        write("coordinator.a", "POST", INTAKE + "/waitlist/" + code + "/offers", null, p, 200);
        write("coordinator.a", "POST", INTAKE + "/waitlist/entries/" + id("waitlistEntry") + "/decline",
                Map.of("reasonCode", "no-longer-interested"), p, 200);
    }

    private void consentedAndDischarged() {
        String q = write("coordinator.a", "POST", INTAKE + "/patients", Map.of("legalName",
                Map.of("given", "Consenting" + code, "family", "Matrix"), "birthDate", "1984-07-21"), null, 201).text("id");
        ids.put("consentedPatient", q);
        write("clinician.a", "POST", INTAKE + "/patients/" + q + "/assessments", assessment(null), q, 201);
        write("coordinator.a", "POST", INTAKE + "/admissions", Map.of("patientId", q, "trackCode", code,
                "levelOfCare", "2.1", "admissionDate", today.minusDays(28).toString(), "primaryCounselorId", clinicianA),
                q, 201);
        await(() -> read("casemanager.a", AFTERCARE + "/patients/" + q + "/episodes").expect(200).json().get(0)
                .path("id").asText().length());
        await(() -> read("scheduler.a", SCHEDULING + "/enrollments?patientId=" + q).expect(200).json().path("items")
                .get(0).path("id").asText().length());
        await(() -> read("prescriber.a", MEDICATIONS + "/patients/" + q + "/orders").expect(200));
        ids.put("partnerConsent", write("coordinator.a", "POST", INTAKE + "/patients/" + q + "/consents",
                Map.of("recipientPartnerId", Platform.PARTNER.toString(), "categories", List.of("demographics",
                                "diagnoses", "medications", "enrollment-attendance", "treatment-plan-summary",
                                "discharge-summary"), "purpose", "care-coordination",
                        "expiresAt", Instant.now().plus(90, ChronoUnit.DAYS).toString(),
                        "signedAt", Instant.now().minusSeconds(60).toString(), "signatureMethod", "electronic"),
                q, 201).text("id"));
        String order = write("prescriber.a", "POST", MEDICATIONS + "/patients/" + q + "/orders",
                order("acamprosate", 666, "oral", "F10.20"), q, 201).text("id");
        // A second order stays on the prescribers' discharge-review worklist.
        write("prescriber.a", "POST", MEDICATIONS + "/patients/" + q + "/orders", order("sertraline", 50, "oral", "F32.9"),
                q, 201);
        JsonNode episodeView = read("casemanager.a", AFTERCARE + "/patients/" + q + "/episodes").expect(200).json()
                .get(0);
        String episode = episodeView.path("id").asText();
        // Discharged two weeks ago: the day-7 follow-up is overdue (completed below), the IET initiation check is due.
        LocalDate end = today.minusDays(14);
        String enrollment = read("scheduler.a", SCHEDULING + "/enrollments?patientId=" + q).expect(200).json()
                .path("items").get(0).path("id").asText();
        write("scheduler.a", "POST", SCHEDULING + "/enrollments/" + enrollment + "/end",
                Map.of("reason", "withdrawn", "endDate", end.toString()), q, 200);
        write("casemanager.a", "PUT", AFTERCARE + "/episodes/" + episode + "/discharge-plan",
                Map.of("targetDate", end.toString(), "stepDownLevel", "1",
                        "receivingPartnerId", Platform.PARTNER.toString()), q, 201);
        write("casemanager.a", "POST", AFTERCARE + "/episodes/" + episode + "/discharge", Map.of("reasonCode", 1,
                "dischargeDate", end.toString(), "summary", "Completed the program.", "stepDownLevel", "1",
                "timeZone", ZONE.getId()), q, Map.of("If-Match", etag("casemanager.a", AFTERCARE + "/episodes/" + episode)),
                201);
        for (JsonNode f : read("casemanager.a", AFTERCARE + "/patients/" + q + "/follow-ups").expect(200).json()) {
            if (f.path("kind").asText().equals("day-7")) {
                ids.put("followUp", f.path("id").asText());
            }
        }
        write("casemanager.a", "POST", AFTERCARE + "/follow-ups/" + id("followUp") + "/outcome",
                Map.of("outcome", "reached", "recoveryStatus", "in-recovery"), q, 200);
        ids.put("readmissionRequest", write("casemanager.a", "POST", AFTERCARE + "/patients/" + q
                + "/readmission-requests", Map.of("reasonCode", "relapse", "requestedLevel", "2.1"), q, 201).text("id"));
        await(() -> {
            String etag = read("prescriber.a", MEDICATIONS + "/orders/" + order).expect(200).etag();
            if (!"pending".equals(read("prescriber.a", MEDICATIONS + "/orders/" + order).json().path("dischargeReview")
                    .asText())) {
                throw new AssertionError("the order is not on its discharge review yet");
            }
            write("prescriber.a", "POST", MEDICATIONS + "/orders/" + order + "/discharge-review",
                    Map.of("decision", "continued", "reasonCode", "stable-on-mat"), q, Map.of("If-Match", etag), 200);
        });
    }

    // ------------------------------------------------------------------------------------------- request bodies

    private Map<String, Object> assessment(String referral) {
        Map<String, Object> dimensions = new LinkedHashMap<>();
        int[] ratings = {1, 0, 2, 1, 2, 1};
        for (int i = 0; i < ratings.length; i++) {
            dimensions.put("d" + (i + 1), Map.of("rating", ratings[i], "rationale", "rated from the interview"));
        }
        Map<String, Object> a = new HashMap<>();
        if (referral != null) {
            a.put("referralId", referral);
        }
        a.put("diagnoses", List.of(Map.of("icd10", "F11.20")));
        a.put("dimensions", dimensions);
        a.put("finalLevel", "2.1");
        return a;
    }

    private Map<String, Object> consent(String partner, List<String> categories) {
        Map<String, Object> c = new HashMap<>();
        if (partner != null) {
            c.put("recipientPartnerId", partner);
        } else {
            c.put("recipientClass", "hospital");
        }
        c.put("categories", categories);
        c.put("purpose", "treatment");
        c.put("expiresAt", Instant.now().plus(90, ChronoUnit.DAYS).toString());
        c.put("signedAt", Instant.now().minusSeconds(60).toString());
        c.put("signatureMethod", "electronic");
        return c;
    }

    static String random() {
        return UUID.randomUUID().toString();
    }
}
