package care.iop.devstack.demo;

import care.iop.devstack.DemoSeeder;
import care.iop.devstack.DevStack;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintStream;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import static care.iop.devstack.demo.GatewayClient.q;

/**
 * {@code ./iop up --demo}: a small, clearly fictional program in both demo clinics, created the way a clinic would —
 * through the gateway's public API with real Keycloak tokens of the realm's demo accounts — so every event flows for
 * real (scheduling enrolls from {@code patient.admitted}, notes learns of attendance from {@code session.attended},
 * aftercare schedules follow-ups on discharge, …).
 *
 * <ul>
 *   <li>Both clinics: a group room, an adult evening IOP track at level 2.1 in America/New_York (Northside
 *       Mon/Wed/Fri 18:00–21:00, Riverside Tue/Thu 17:00–21:30, 9 hours a week each) and its weekly group series from
 *       the Monday of last week on.</li>
 *   <li>Northside: Riley Demo, referred by the partner (received); Morgan Demo, screened and assessed at 2.1, waiting
 *       for admission; Jordan Demo, admitted on the Monday of last week and attending (present at every past group session, a signed
 *       progress note, buprenorphine/naloxone with doses given by the nurse, a Part 2 consent to the partner for
 *       demographics and medications); Avery Demo, admitted four weeks before that, present at last week's groups
 *       and discharged that Friday (discharge plan to the partner, discharge, follow-ups at 7 to 90 days).</li>
 *   <li>Riverside: Quinn Demo, admitted today.</li>
 * </ul>
 *
 * <p>Idempotent: every step first looks for what it would create (the patients by name and birth date, the track by
 * its code, the series among the track's sessions, the referral's status, a signed note, the order, the consent, the
 * episode's state) and skips what exists, so a second run against the same data adds nothing; creating calls also
 * carry {@code Idempotency-Key}s derived from the request. Failures name the step, the call, the HTTP status and the
 * problem's detail ({@link DemoSeedException}).
 *
 * <p>{@code -Diop.demo.wait-seconds} (default 90): how long to wait for another service to hear of something.
 */
public final class PlatformDemo implements DemoSeeder {

    public static final ZoneId ZONE = ZoneId.of("America/New_York");
    public static final UUID CLINIC_A = UUID.fromString("11111111-1111-4111-8111-111111111111");
    public static final UUID CLINIC_B = UUID.fromString("22222222-2222-4222-8222-222222222222");
    public static final UUID PARTNER = UUID.fromString("33333333-3333-4333-8333-333333333333");
    public static final String PARTNER_USER = "partner.p";
    public static final String TRACK_A = "DEMO-NS-EVENING";
    public static final String TRACK_B = "DEMO-RS-EVENING";
    public static final String MEDICATION = "buprenorphine-naloxone";
    /** The identifier system marking the demo's patients. */
    public static final String DEMO_SYSTEM = "urn:iop:demo";

    /** A fictional demo person ("Demo" as family name, 555-01xx phone numbers, example.org e-mail). */
    public record Person(String key, String given, String family, String birthDate, String phone) {
        public String name() {
            return given + " " + family;
        }
    }

    public static final Person RILEY = new Person("riley", "Riley", "Demo", "1991-04-12", "+1 555 0101");
    public static final Person MORGAN = new Person("morgan", "Morgan", "Demo", "1984-09-30", "+1 555 0102");
    public static final Person JORDAN = new Person("jordan", "Jordan", "Demo", "1979-01-23", "+1 555 0103");
    public static final Person AVERY = new Person("avery", "Avery", "Demo", "1993-11-05", "+1 555 0104");
    public static final Person QUINN = new Person("quinn", "Quinn", "Demo", "1988-07-19", "+1 555 0105");

    /** A demo clinic: its accounts end in {@code .<suffix>}. */
    public record Clinic(String label, UUID id, String suffix, String trackCode, String roomName, List<DayOfWeek> days,
                         LocalTime start, int minutes) {
        public String user(String role) {
            return role + "." + suffix;
        }
    }

    public static final Clinic NORTHSIDE = new Clinic("Northside", CLINIC_A, "a", TRACK_A, "Demo group room (Northside)",
            List.of(DayOfWeek.MONDAY, DayOfWeek.WEDNESDAY, DayOfWeek.FRIDAY), LocalTime.of(18, 0), 180);
    public static final Clinic RIVERSIDE = new Clinic("Riverside", CLINIC_B, "b", TRACK_B, "Demo group room (Riverside)",
            List.of(DayOfWeek.TUESDAY, DayOfWeek.THURSDAY), LocalTime.of(17, 0), 270);

    /**
     * What a run found or created: ids by name ({@code northside.track}, {@code northside.jordan.patient},
     * {@code northside.jordan.note}, …), how many writes changed something (0 on a run that found everything), and
     * how long it took.
     */
    public record Seeded(Map<String, String> ids, int writes, Duration took) {
        public String id(String name) {
            String id = ids.get(name);
            if (id == null) {
                throw new IllegalArgumentException("no " + name + " among " + ids.keySet());
            }
            return id;
        }
    }

    private record Program(String roomId, String trackId, String seriesId, String facilitator) {
    }

    private enum Stage { RECEIVED, ASSESSED, ADMITTED }

    private record Referral(String source, String urgency, String reasonCode, String diagnosis) {
    }

    private GatewayClient api;
    private PrintStream out;
    private final Map<String, String> ids = new LinkedHashMap<>();
    private final List<String> summary = new ArrayList<>();
    private LocalDate today;
    private LocalDate demoWeek;

    @Override
    public void seed(DevStack stack, PrintStream out) {
        run(stack, out);
    }

    /** Seeds (or finds) the demo and prints a summary; throws {@link DemoSeedException} naming the failed step. */
    public Seeded run(DevStack stack, PrintStream out) {
        long t0 = System.nanoTime();
        this.out = out;
        this.api = new GatewayClient(stack, Duration.ofSeconds(Long.getLong("iop.demo.wait-seconds", 90)));
        this.ids.clear();
        this.summary.clear();
        this.today = LocalDate.now(ZONE);
        // Group sessions from the Monday of last week on: a full week of attendance behind the admitted patient. (Not
        // earlier: the end-to-end journey books clinician.a into Mon/Wed/Fri evening groups the week before, and a
        // facilitator's clash would refuse the series.)
        this.demoWeek = today.minusDays(7).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));

        Program north = program(NORTHSIDE);
        referredByPartner(NORTHSIDE, RILEY);
        assessedAndWaiting(NORTHSIDE, MORGAN);
        admittedAndAttending(NORTHSIDE, north, JORDAN);
        discharged(NORTHSIDE, north, AVERY);
        Program river = program(RIVERSIDE);
        admittedToday(RIVERSIDE, river, QUINN);

        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        printSummary(api.writes(), took);
        return new Seeded(Map.copyOf(ids), api.writes(), took);
    }

    // ------------------------------------------------------------------------------------------------ the program

    private Program program(Clinic c) {
        api.step(c.label() + ": room, track " + c.trackCode() + " and its weekly group series");
        String scheduler = c.user("scheduler");
        String facilitator = api.subject(c.user("clinician"));
        String roomId = find(api.get(scheduler, "/api/v1/scheduling/rooms"), "name", c.roomName())
                .map(r -> r.path("id").asText())
                .orElseGet(() -> api.create(scheduler, "/api/v1/scheduling/rooms",
                        Map.of("name", c.roomName(), "capacity", 14), c.suffix() + ".room").path("id").asText());

        List<String> days = c.days().stream().map(d -> d.name().toLowerCase(Locale.ROOT)).toList();
        String trackId = find(api.get(scheduler, "/api/v1/scheduling/tracks"), "code", c.trackCode())
                .map(t -> t.path("id").asText()).orElseGet(() -> {
                    Map<String, Object> track = new LinkedHashMap<>();
                    track.put("code", c.trackCode());
                    track.put("name", "Adult evening IOP (demo, " + c.label() + ")");
                    track.put("levelOfCare", "2.1");
                    track.put("population", "adult");
                    track.put("timeZone", ZONE.getId());
                    track.put("days", days);
                    track.put("startTime", c.start().toString());
                    track.put("durationMinutes", c.minutes());
                    track.put("weeklyHoursTarget", 9);
                    track.put("groupSizeLimit", 12);
                    track.put("roomId", roomId);
                    track.put("facilitatorIds", List.of(facilitator));
                    return api.create(scheduler, "/api/v1/scheduling/tracks", track, c.suffix() + ".track")
                            .path("id").asText();
                });

        // A series keeps its sessions materialised weeks ahead: one exists if the track has series sessions to come.
        JsonNode upcoming = api.get(scheduler, "/api/v1/scheduling/sessions?trackId=" + trackId + "&from=" + today
                + "&to=" + today.plusDays(27) + "&limit=200");
        String seriesId = stream(upcoming.path("items")).map(s -> text(s.path("seriesId"))).filter(s -> s != null)
                .findFirst().orElseGet(() -> {
                    Map<String, Object> series = new LinkedHashMap<>();
                    series.put("kind", "group-therapy");
                    series.put("trackId", trackId);
                    series.put("days", days);
                    series.put("startTime", c.start().toString());
                    series.put("durationMinutes", c.minutes());
                    series.put("timeZone", ZONE.getId());
                    series.put("firstDate", demoWeek.toString());
                    series.put("modality", "in-person");
                    series.put("roomId", roomId);
                    series.put("facilitatorIds", List.of(facilitator));
                    return api.create(scheduler, "/api/v1/scheduling/series", series, c.suffix() + ".series")
                            .path("id").asText();
                });
        String prefix = key(c);
        ids.put(prefix + ".room", roomId);
        ids.put(prefix + ".track", trackId);
        ids.put(prefix + ".series", seriesId);
        summary.add(String.format("%s (clinic %s): track %s \"Adult evening IOP (demo, %s)\", level 2.1, %s %s–%s %s",
                c.label(), c.id(), c.trackCode(), c.label(), days(c.days()), c.start(),
                c.start().plusMinutes(c.minutes()), ZONE.getId()));
        summary.add(String.format("    room %s, track %s, weekly group series %s from %s   → %s, %s",
                roomId, trackId, seriesId, demoWeek, c.user("scheduler"), c.user("clinician")));
        progress(c.label() + ": room, track " + c.trackCode() + " and weekly group series ready");
        return new Program(roomId, trackId, seriesId, facilitator);
    }

    // ------------------------------------------------------------------------------------------------ the people

    private void referredByPartner(Clinic c, Person p) {
        String patientId = intake(c, p, Stage.RECEIVED, null, null);
        patientLine(c, p, "received", "referred by " + PARTNER_USER + " (step-down partner), referral "
                + ids.get(key(c, p) + ".referral"), c.user("coordinator") + " (" + PARTNER_USER + " sees the referral's "
                + "status)", patientId);
    }

    private void assessedAndWaiting(Clinic c, Person p) {
        String patientId = intake(c, p, Stage.ASSESSED,
                new Referral("primary-care", "routine", "alcohol-use-disorder", "F10.20"), null);
        patientLine(c, p, "assessed", "PHQ-9 screening, ASAM assessment at 2.1, waiting for admission",
                c.user("coordinator") + ", " + c.user("clinician"), patientId);
    }

    private void admittedAndAttending(Clinic c, Program program, Person p) {
        String patientId = intake(c, p, Stage.ADMITTED,
                new Referral("emergency-department", "urgent", "opioid-use-disorder", "F11.20"), demoWeek);
        JsonNode enrollment = enrollment(c, p, patientId);
        LocalDate admitted = LocalDate.parse(enrollment.path("startDate").asText());

        api.step(c.label() + ": attendance of " + p.name());
        List<JsonNode> attended = attend(c, program, p, patientId, admitted, admitted.plusDays(13));

        String noteId = signedNote(c, p, patientId, attended.isEmpty() ? null : attended.get(0));
        String orderId = medication(c, p, patientId, admitted);
        String consentId = consent(c, p, patientId, admitted);
        patientLine(c, p, "attending", "admitted " + admitted + ", enrollment " + enrollment.path("id").asText()
                        + ", present at " + attended.size() + " group sessions, signed progress note " + noteId
                        + ", buprenorphine/naloxone order " + orderId + " with doses, Part 2 consent " + consentId
                        + " to " + PARTNER_USER + " (demographics, medications)",
                c.user("clinician") + ", " + c.user("prescriber") + ", " + c.user("nurse") + "; " + PARTNER_USER
                        + ": GET /api/v1/partner/patients/" + patientId + "/disclosure", patientId);
    }

    private void discharged(Clinic c, Program program, Person p) {
        String patientId = intake(c, p, Stage.ADMITTED,
                new Referral("self", "routine", "alcohol-use-disorder", "F10.20"), demoWeek.minusWeeks(4));
        JsonNode enrollment = enrollment(c, p, patientId);
        ids.put(key(c, p) + ".enrollment", enrollment.path("id").asText());
        String casemanager = c.user("casemanager");

        api.step(c.label() + ": discharge of " + p.name());
        JsonNode episode = api.await("aftercare's episode of " + p.name() + " (from patient.admitted)", () -> {
            JsonNode list = api.probe(casemanager, "/api/v1/aftercare/patients/" + patientId + "/episodes").body();
            return list.isArray() && !list.isEmpty() ? list.get(list.size() - 1) : null;
        });
        String episodeId = episode.path("id").asText();
        LocalDate dischargeDate = demoWeek.plusDays(4);
        if (!"closed".equals(episode.path("status").asText())) {
            // A last week in the group before leaving.
            api.step(c.label() + ": last week's attendance of " + p.name());
            attend(c, program, p, patientId, demoWeek, dischargeDate);
            api.step(c.label() + ": discharge of " + p.name());
            if (episode.path("dischargePlan").isMissingNode() || episode.path("dischargePlan").isNull()) {
                Map<String, Object> plan = new LinkedHashMap<>();
                plan.put("targetDate", dischargeDate.toString());
                plan.put("stepDownLevel", "1");
                plan.put("receivingPartnerId", PARTNER.toString());
                plan.put("firstAppointmentAt", dischargeDate.plusDays(3).atTime(15, 0).atZone(ZONE).toInstant()
                        .toString());
                plan.put("matContinuity", "none");
                plan.put("housing", "Stable housing with family (demo)");
                plan.put("supportGroups", List.of("SMART Recovery", "Alumni group"));
                plan.put("alumniGroup", true);
                api.put(casemanager, "/api/v1/aftercare/episodes/" + episodeId + "/discharge-plan", plan, null);
            }
            Map<String, Object> discharge = new LinkedHashMap<>();
            discharge.put("reasonCode", 1);
            discharge.put("dischargeDate", dischargeDate.toString());
            discharge.put("summary", "Completed the evening IOP; stepping down to outpatient care (demo record).");
            discharge.put("stepDownLevel", "1");
            discharge.put("timeZone", ZONE.getId());
            String etag = api.etag(casemanager, "/api/v1/aftercare/episodes/" + episodeId);
            episode = api.create(casemanager, "/api/v1/aftercare/episodes/" + episodeId + "/discharge", discharge,
                    key(c, p) + ".discharge", etag);
        }
        JsonNode followUps = api.get(casemanager, "/api/v1/aftercare/patients/" + patientId + "/follow-ups");
        ids.put(key(c, p) + ".episode", episodeId);
        patientLine(c, p, "discharged", "admitted " + episode.path("openedOn").asText() + ", discharged "
                        + episode.path("closedOn").asText() + " (TEDS-D 1, completed; plan: step down to 1, partner "
                        + "follow-up), episode " + episodeId + ", " + followUps.size() + " follow-ups ("
                        + stream(followUps).map(f -> f.path("kind").asText()).collect(Collectors.joining(", ")) + ")",
                casemanager, patientId);
    }

    private void admittedToday(Clinic c, Program program, Person p) {
        String patientId = intake(c, p, Stage.ADMITTED,
                new Referral("primary-care", "routine", "alcohol-use-disorder", "F10.20"), today);
        JsonNode enrollment = enrollment(c, p, patientId);
        patientLine(c, p, "admitted", "admitted " + enrollment.path("startDate").asText() + ", enrollment "
                        + enrollment.path("id").asText() + " in " + c.trackCode() + " (booked into the coming groups)",
                c.user("coordinator") + ", " + c.user("scheduler"), patientId);
    }

    // ------------------------------------------------------------------------------------------------ intake

    /**
     * Takes the person through intake up to {@code stage}: referral (partner or staff), screening, assessment,
     * admission; whatever the person has already been through is skipped. Returns the patient id.
     */
    private String intake(Clinic c, Person p, Stage stage, Referral referral, LocalDate admissionDate) {
        String coordinator = c.user("coordinator");
        String k = key(c, p);
        api.step(c.label() + ": referral of " + p.name());
        Optional<JsonNode> found = findPatient(c, p);
        String patientId;
        if (found.isPresent()) {
            patientId = found.get().path("id").asText();
        } else if (referral == null) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("clinicId", c.id().toString());
            body.put("patient", patientBody(c, p));
            body.put("source", "partner");
            body.put("urgency", "routine");
            body.put("reasonCode", "opioid-use-disorder");
            body.put("requestedTrackCode", c.trackCode());
            String referralId = api.create(PARTNER_USER, "/api/v1/intake/referrals", body, k + ".referral")
                    .path("id").asText();
            patientId = api.get(coordinator, "/api/v1/intake/referrals/" + referralId).path("patientId").asText();
        } else {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("patient", patientBody(c, p));
            body.put("source", referral.source());
            body.put("urgency", referral.urgency());
            body.put("reasonCode", referral.reasonCode());
            body.put("requestedTrackCode", c.trackCode());
            patientId = api.create(coordinator, "/api/v1/intake/referrals", body, k + ".referral").path("patientId")
                    .asText();
        }
        ids.put(k + ".patient", patientId);
        JsonNode ref = referralOf(coordinator, patientId)
                .orElseThrow(() -> new DemoSeedException(api.step(), 0, "patient " + patientId + " (" + p.name()
                        + ") exists but has no referral: it was not made by the demo; start with ./iop up --fresh"));
        String referralId = ref.path("id").asText();
        ids.put(k + ".referral", referralId);
        String status = ref.path("status").asText();
        if (stage == Stage.RECEIVED) {
            return patientId;
        }
        if (List.of("declined", "referred-out").contains(status)) {
            throw new DemoSeedException(api.step(), 0, "the referral " + referralId + " of " + p.name() + " is " + status
                    + ", not the demo's; start with ./iop up --fresh");
        }

        api.step(c.label() + ": screening of " + p.name());
        String referralPath = "/api/v1/intake/referrals/" + referralId + "/status";
        if (status.equals("received")) {
            status = api.post(coordinator, referralPath, Map.of("status", "screening"), null).path("status").asText();
        }
        String screenings = "/api/v1/intake/patients/" + patientId + "/screenings";
        if (api.get(coordinator, screenings).isEmpty()) {
            // Moderate depressive symptoms, no thoughts of self-harm (item 9 is 0).
            api.create(coordinator, screenings, Map.of("instrument", "PHQ-9",
                    "answers", List.of(2, 1, 1, 2, 1, 1, 1, 1, 0)), k + ".phq9");
        }
        if (status.equals("screening")) {
            status = api.post(coordinator, referralPath, Map.of("status", "assessment-scheduled"), null)
                    .path("status").asText();
        }

        api.step(c.label() + ": assessment of " + p.name());
        if (status.equals("assessment-scheduled")) {
            Map<String, Object> dimensions = new LinkedHashMap<>();
            int[] ratings = {1, 0, 2, 1, 2, 1};
            for (int i = 0; i < ratings.length; i++) {
                dimensions.put("d" + (i + 1), Map.of("rating", ratings[i], "rationale", "Rated at the intake interview "
                        + "(demo)."));
            }
            Map<String, Object> assessment = new LinkedHashMap<>();
            assessment.put("referralId", referralId);
            assessment.put("substanceUse", List.of(Map.of("substance",
                    referral.diagnosis().startsWith("F11") ? "opioids" : "alcohol", "route",
                    referral.diagnosis().startsWith("F11") ? "intranasal" : "oral", "frequency", "daily",
                    "ageOfFirstUse", 19)));
            assessment.put("diagnoses", List.of(Map.of("icd10", referral.diagnosis())));
            assessment.put("dimensions", dimensions);
            assessment.put("finalLevel", "2.1");
            JsonNode done = api.create(c.user("clinician"), "/api/v1/intake/patients/" + patientId + "/assessments",
                    assessment, k + ".assessment");
            if (!"2.1".equals(done.path("recommendedLevel").asText())) {
                throw new DemoSeedException(api.step(), 201, "the rule table recommended level "
                        + done.path("recommendedLevel").asText() + " for the demo's ratings, not 2.1");
            }
            status = "assessed";
        }
        if (stage == Stage.ASSESSED) {
            return patientId;
        }

        api.step(c.label() + ": admission of " + p.name());
        JsonNode patient = api.get(coordinator, "/api/v1/intake/patients/" + patientId);
        if (!"active".equals(patient.path("status").asText()) && !status.equals("admitted")) {
            Map<String, Object> admission = new LinkedHashMap<>();
            admission.put("patientId", patientId);
            admission.put("referralId", referralId);
            admission.put("trackCode", c.trackCode());
            admission.put("levelOfCare", "2.1");
            admission.put("admissionDate", admissionDate.toString());
            admission.put("primaryCounselorId", api.subject(c.user("clinician")));
            api.create(coordinator, "/api/v1/intake/admissions", admission, k + ".admission");
        }
        return patientId;
    }

    private Optional<JsonNode> findPatient(Clinic c, Person p) {
        JsonNode page = api.get(c.user("coordinator"), "/api/v1/intake/patients?name=" + q(p.name()) + "&birthDate="
                + p.birthDate() + "&limit=200");
        return stream(page.path("items")).filter(x -> p.given().equals(x.path("legalName").path("given").asText())
                && p.family().equals(x.path("legalName").path("family").asText())).findFirst();
    }

    /** The patient's latest referral, from the clinic's referral list. */
    private Optional<JsonNode> referralOf(String coordinator, String patientId) {
        JsonNode latest = null;
        String cursor = null;
        do {
            JsonNode page = api.get(coordinator, "/api/v1/intake/referrals?limit=200"
                    + (cursor == null ? "" : "&cursor=" + q(cursor)));
            for (JsonNode r : page.path("items")) {
                if (patientId.equals(r.path("patientId").asText()) && (latest == null
                        || r.path("receivedAt").asText().compareTo(latest.path("receivedAt").asText()) > 0)) {
                    latest = r;
                }
            }
            cursor = text(page.path("nextCursor"));
        } while (cursor != null);
        return Optional.ofNullable(latest);
    }

    private Map<String, Object> patientBody(Clinic c, Person p) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("legalName", Map.of("given", p.given(), "family", p.family()));
        body.put("birthDate", p.birthDate());
        body.put("preferredLanguage", "en");
        body.put("contact", Map.of("phone", p.phone(), "email", p.given().toLowerCase(Locale.ROOT) + ".demo@example.org"));
        body.put("identifiers", List.of(Map.of("system", DEMO_SYSTEM,
                "value", c.label().toLowerCase(Locale.ROOT) + "-" + p.key())));
        return body;
    }

    // ------------------------------------------------------------------------------------------------ scheduling

    /** Scheduling's enrollment of the admitted patient (made from patient.admitted), once it has arrived. */
    private JsonNode enrollment(Clinic c, Person p, String patientId) {
        api.step(c.label() + ": enrollment of " + p.name());
        JsonNode e = api.await("scheduling's enrollment of " + p.name() + " (from patient.admitted)", () -> {
            JsonNode page = api.probe(c.user("scheduler"), "/api/v1/scheduling/enrollments?patientId=" + patientId)
                    .body();
            return stream(page.path("items")).filter(x -> c.trackCode().equals(x.path("trackCode").asText())
                    && !"pending-track".equals(x.path("status").asText())).findFirst().orElse(null);
        });
        ids.put(key(c, p) + ".enrollment", e.path("id").asText());
        return e;
    }

    /**
     * The patient is present at every group session of the track between two dates that is over by now: booked first
     * where the enrollment (made before these sessions' time) did not book them. Returns those sessions, earliest
     * first.
     */
    private List<JsonNode> attend(Clinic c, Program program, Person p, String patientId, LocalDate from,
                                  LocalDate to) {
        LocalDate last = to.isAfter(today) ? today : to;
        List<JsonNode> attended = new ArrayList<>();
        if (last.isBefore(from)) {
            return attended;
        }
        String scheduler = c.user("scheduler");
        JsonNode sessions = api.get(scheduler, "/api/v1/scheduling/sessions?trackId=" + program.trackId()
                + "&kind=group-therapy&from=" + from + "&to=" + last + "&limit=200");
        Instant now = Instant.now();
        for (JsonNode s : sessions.path("items")) {
            String status = s.path("status").asText();
            if (status.equals("cancelled") || status.equals("entered-in-error")
                    || Instant.parse(s.path("endsAt").asText()).isAfter(now)) {
                continue;
            }
            String sessionId = s.path("id").asText();
            JsonNode booking = stream(api.get(scheduler, "/api/v1/scheduling/sessions/" + sessionId + "/roster")
                    .path("participants")).filter(b -> patientId.equals(b.path("patientId").asText())
                    && !"cancelled".equals(b.path("status").asText())).findFirst().orElse(null);
            if (booking == null) {
                booking = api.create(scheduler, "/api/v1/scheduling/sessions/" + sessionId + "/bookings",
                        Map.of("patientId", patientId, "waitlistIfFull", false),
                        key(c, p) + ".booking." + s.path("localDate").asText());
            }
            if (booking.path("attendance").isNull() || booking.path("attendance").isMissingNode()) {
                booking = api.put(c.user("clinician"), "/api/v1/scheduling/bookings/" + booking.path("id").asText()
                        + "/attendance", Map.of("attendance", "present"), null);
            }
            if ("present".equals(booking.path("attendance").asText())) {
                attended.add(s);
            }
        }
        return attended;
    }

    // ------------------------------------------------------------------------------------------------ notes

    /** A signed SOAP progress note by the clinician for the first attended session (or the one already there). */
    private String signedNote(Clinic c, Person p, String patientId, JsonNode session) {
        api.step(c.label() + ": progress note for " + p.name());
        String clinician = c.user("clinician");
        String author = api.subject(clinician);
        JsonNode notes = api.get(clinician, "/api/v1/notes/patients/" + patientId + "/notes?kind=progress&limit=200");
        Optional<JsonNode> signed = stream(notes.path("items")).filter(n -> "signed".equals(n.path("status").asText()))
                .findFirst();
        String noteId;
        if (signed.isPresent()) {
            noteId = signed.get().path("id").asText();
        } else {
            Optional<JsonNode> draft = stream(notes.path("items")).filter(n -> "draft".equals(n.path("status").asText())
                    && author.equals(n.path("authorId").asText())).findFirst();
            if (draft.isPresent()) {
                noteId = draft.get().path("id").asText();
            } else {
                if (session == null) {
                    throw new DemoSeedException(api.step(), 0, p.name() + " attended no group session yet to write "
                            + "a note about");
                }
                String sessionId = session.path("id").asText();
                // The notes service knows of the attendance only from session.attended.
                api.await("the notes service to hear of " + p.name() + "'s attendance (session.attended)", () ->
                        stream(api.get(clinician, "/api/v1/notes/worklist?clinicianId=" + author).path("notes"))
                                .anyMatch(d -> patientId.equals(d.path("patientId").asText())
                                        && sessionId.equals(d.path("sessionId").asText())) ? Boolean.TRUE : null);
                Map<String, Object> note = new LinkedHashMap<>();
                note.put("kind", "progress");
                note.put("format", "soap");
                note.put("sessionId", sessionId);
                note.put("serviceDate", session.path("localDate").asText());
                note.put("sections", Map.of(
                        "subjective", "Reports fewer cravings since starting the program (demo record).",
                        "objective", "Alert, oriented, engaged in the group.",
                        "assessment", "Early recovery; motivated; tolerating buprenorphine/naloxone.",
                        "plan", "Continue IOP three evenings a week; review MAT with the prescriber."));
                note.put("mentalStatus", Map.of("mood", "euthymic", "affect", "congruent", "thoughtProcess", "linear"));
                note.put("risk", Map.of("suicidalIdeation", "none", "homicidalIdeation", "none", "selfHarm", false,
                        "level", "low", "safetyPlanReviewed", true));
                note.put("interventions", List.of("cbt", "motivational-interviewing"));
                noteId = api.create(clinician, "/api/v1/notes/patients/" + patientId + "/notes", note,
                        key(c, p) + ".note").path("id").asText();
            }
            String etag = api.etag(clinician, "/api/v1/notes/notes/" + noteId);
            api.post(clinician, "/api/v1/notes/notes/" + noteId + "/sign", null, etag);
        }
        ids.put(key(c, p) + ".note", noteId);
        return noteId;
    }

    // ------------------------------------------------------------------------------------------------ medication

    /** Buprenorphine/naloxone ordered by the prescriber (PDMP checked) and the last days' doses given by the nurse. */
    private String medication(Clinic c, Person p, String patientId, LocalDate admitted) {
        api.step(c.label() + ": buprenorphine/naloxone for " + p.name());
        String prescriber = c.user("prescriber");
        String orders = "/api/v1/medications/patients/" + patientId + "/orders";
        // The medication service learns of the patient from patient.admitted.
        JsonNode list = api.await("the medication service to hear of " + p.name() + " (patient.admitted)", () -> {
            GatewayClient.Answer a = api.probe(prescriber, orders);
            return a.status() == 200 ? a.body() : null;
        });
        Optional<JsonNode> existing = stream(list).filter(o -> MEDICATION.equals(o.path("medicationId").asText()))
                .findFirst();
        LocalDate start = admitted.plusDays(2);
        JsonNode order;
        if (existing.isPresent()) {
            order = existing.get();
        } else {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("medicationId", MEDICATION);
            body.put("dose", 8);
            body.put("doseUnit", "mg");
            body.put("route", "sublingual");
            body.put("frequency", "daily");
            body.put("startDate", start.toString());
            body.put("indication", "F11.20");
            body.put("matProgram", true);
            body.put("pdmpCheckedOn", today.toString());
            order = api.create(prescriber, orders, body, key(c, p) + ".order");
        }
        String orderId = order.path("id").asText();
        ids.put(key(c, p) + ".order", orderId);

        api.step(c.label() + ": doses of " + p.name());
        String nurse = c.user("nurse");
        LocalDate orderStart = LocalDate.parse(order.path("startDate").asText());
        LocalDate utcToday = LocalDate.now(ZoneOffset.UTC);
        JsonNode mar = api.get(nurse, "/api/v1/medications/patients/" + patientId + "/administrations?from="
                + orderStart.minusDays(1) + "&to=" + utcToday.plusDays(1));
        boolean dosed = stream(mar).anyMatch(a -> orderId.equals(a.path("orderId").asText())
                && "administered".equals(a.path("outcome").asText()));
        if (!dosed) {
            // Observed doses at the clinic at 09:15 on the last days (today's only if that time has passed).
            Instant now = Instant.now();
            for (int daysAgo = 2; daysAgo >= 0; daysAgo--) {
                LocalDate day = today.minusDays(daysAgo);
                Instant at = day.atTime(9, 15).atZone(ZONE).toInstant();
                if (day.isBefore(orderStart) || at.isAfter(now)) {
                    continue;
                }
                api.create(nurse, "/api/v1/medications/orders/" + orderId + "/administrations",
                        Map.of("outcome", "administered", "administeredAt", at.toString()),
                        key(c, p) + ".dose." + day);
            }
        }
        return orderId;
    }

    // ------------------------------------------------------------------------------------------------ consent

    /** A Part 2 consent naming the partner, for demographics and medications, signed at admission for a year. */
    private String consent(Clinic c, Person p, String patientId, LocalDate admitted) {
        api.step(c.label() + ": Part 2 consent of " + p.name());
        String coordinator = c.user("coordinator");
        String consents = "/api/v1/intake/patients/" + patientId + "/consents";
        String consentId = stream(api.get(coordinator, consents))
                .filter(x -> x.path("active").asBoolean() && PARTNER.toString().equals(x.path("recipientPartnerId")
                        .asText())).map(x -> x.path("id").asText()).findFirst().orElseGet(() -> {
                    Instant signed = admitted.atTime(10, 0).atZone(ZONE).toInstant();
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("recipientPartnerId", PARTNER.toString());
                    body.put("categories", List.of("demographics", "medications"));
                    body.put("purpose", "care-coordination");
                    body.put("signedAt", signed.toString());
                    body.put("expiresAt", admitted.plusYears(1).atTime(10, 0).atZone(ZONE).toInstant().toString());
                    body.put("signatureMethod", "electronic");
                    return api.create(coordinator, consents, body, key(c, p) + ".consent").path("id").asText();
                });
        ids.put(key(c, p) + ".consent", consentId);
        return consentId;
    }

    // ------------------------------------------------------------------------------------------------ output

    private void patientLine(Clinic c, Person p, String stage, String what, String who, String patientId) {
        summary.add(String.format("    %-12s %-10s patient %s: %s   → %s", p.name(), stage, patientId, what, who));
        progress(c.label() + ": " + p.name() + " (" + stage + ") ready");
    }

    private void progress(String line) {
        out.println("  ✓ " + line);
    }

    private void printSummary(int writes, Duration took) {
        out.println();
        out.println("Demo data (fictional people, family name \"Demo\"; log in as the account after →, password as "
                + "listed above):");
        for (String line : summary) {
            out.println("  " + line);
        }
        out.println(writes == 0 ? "  Everything was there already: nothing added."
                : "  " + writes + " changes made through the gateway in " + String.format(Locale.ROOT, "%.1f s", took.toNanos() / 1e9) + ".");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static String key(Clinic c) {
        return c.label().toLowerCase(Locale.ROOT);
    }

    private static String key(Clinic c, Person p) {
        return key(c) + "." + p.key();
    }

    private static String days(List<DayOfWeek> days) {
        return days.stream().map(d -> d.getDisplayName(TextStyle.SHORT, Locale.ENGLISH)).collect(Collectors.joining("/"));
    }

    private static Optional<JsonNode> find(JsonNode array, String field, String value) {
        return stream(array).filter(x -> value.equals(x.path(field).asText())).findFirst();
    }

    private static java.util.stream.Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(items::add);
        }
        return items.stream();
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : node.asText();
    }
}
