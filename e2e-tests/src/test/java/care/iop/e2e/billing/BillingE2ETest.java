package care.iop.e2e.billing;

import care.iop.e2e.Platform;
import care.iop.e2e.failure.Fixtures;
import care.iop.events.CloudEvent;
import care.iop.events.EventJson;
import care.iop.events.EventSchemas;
import care.iop.events.EventType;
import care.iop.events.Topics;
import care.iop.testkit.EventCapture;
import io.restassured.path.json.JsonPath;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static care.iop.e2e.Platform.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

/**
 * Issue #23 end to end, through the gateway with real Keycloak tokens: a patient registered at intake with an H0015
 * coverage (6 authorized units, an authorization number) is admitted, enrolled by scheduling from the admission, has
 * a treatment plan in clinical notes, and attends a Monday-to-Friday week of 3-hour group sessions, the Wednesday only
 * 2 h 30 min. Then:
 * <ol>
 *     <li>the JSON claim lines are exactly the billable days (Mon, Tue, Thu, Fri; not the short Wednesday): H0015,
 *     the authorization number, 1 unit each;</li>
 *     <li>the units count down (6 → 3 after the Thursday makes the week's third 3-hour day, → 2 after the Friday),
 *     and {@code authorization.expiring} arrives on the topic when the Friday leaves 2 &lt; 3 (the default
 *     threshold), naming the Friday;</li>
 *     <li>the Friday corrected to 2 hours is reversed: a reversal line naming the original, which stays as it was
 *     (marked reversed), no new line (the day is no longer billable), and {@code billable-day.reversed} on the topic;
 *     the unit comes back;</li>
 *     <li>the CSV form lists the same lines.</li>
 * </ol>
 *
 * <p>The week is the one three weeks before today in the track's zone (attendance can only be recorded once a
 * session has started, and scheduling takes session dates at most a year back); every date of the story is fixed
 * relative to its Monday.
 *
 * <p><b>Known platform gap (step "treatment plan in force"):</b> clinical notes puts a plan in force from the moment
 * it is entered ({@code treatment-plan.created}'s {@code createdAt}); a plan entered after the days it governs (here:
 * signed with the patient before the week, {@code patientSignedAt}, entered today) never covers them, so H0015 fails
 * "plan in force" for every day of the week and no line is produced. The test asserts the behaviour billing needs (a
 * plan signed before the week covers it); until the plan carries an effective date to scheduling, step 1 fails with
 * a message saying so.
 */
@Disabled("Blocked by the platform gap above: a treatment plan is in force only from when it is entered, so no past "
        + "week can be billed end to end. Seen passing (all four steps) with the plan's event dated back; enable it "
        + "when treatment-plan events carry the plan's effective date (docs/billing.md, 'Not built yet').")
class BillingE2ETest {

    static final String INTAKE = "/api/v1/intake";
    static final String SCHEDULING = "/api/v1/scheduling";
    static final String NOTES = "/api/v1/notes";
    static final String CLAIM_LINES = SCHEDULING + "/billing/claim-lines";
    static final Duration WAIT = Duration.ofSeconds(60);
    static final int AUTHORIZED_UNITS = 6;
    /** The scheduling service's default {@code iop.scheduling.billing.expiring-units-threshold}. */
    static final int EXPIRING_THRESHOLD = 3;
    static final String BILLER = "admin.a";

    private final LocalDate monday = LocalDate.now(Fixtures.ZONE).minusDays(21)
            .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    private final LocalDate tuesday = monday.plusDays(1);
    private final LocalDate wednesday = monday.plusDays(2);
    private final LocalDate thursday = monday.plusDays(3);
    private final LocalDate friday = monday.plusDays(4);
    private final LocalDate admissionDate = monday.minusDays(7);
    private final String authorizationNumber = "PA-E2E-" + UUID.randomUUID().toString().substring(0, 8)
            .toUpperCase(Locale.ROOT);

    private Fixtures.Track track;
    private String patientId;

    @Test
    void a_week_with_one_short_day_bills_the_other_days_counts_units_down_and_corrections_reverse_lines() {
        Platform.stack();
        try (EventCapture events = EventCapture.from(Platform.stack().kafkaBootstrap(), List.of(Topics.SCHEDULING))) {
            // --- intake: registered, assessed, covered (h0015), admitted to a Monday-to-Friday track
            track = Fixtures.track("BILL");
            String[] admitted = Fixtures.registerAndAdmit("Billing", track.code(), admissionDate);
            patientId = admitted[0];
            String coverageId = as("coordinator.a").body(Map.of("payer", "Acme Health", "plan", "IOP",
                            "memberId", "M-" + UUID.randomUUID().toString().substring(0, 8),
                            "authorizationNumber", authorizationNumber, "authorizedUnits", AUTHORIZED_UNITS,
                            "authorizedFrom", admissionDate.toString(),
                            "authorizedTo", monday.plusDays(60).toString(), "payerRuleSet", "h0015"))
                    .post(INTAKE + "/patients/" + patientId + "/coverages").then().statusCode(201)
                    .extract().path("id");

            // --- scheduling: enrolled from patient.admitted; the authorization kept from coverage.authorized
            Awaitility.await().atMost(WAIT).untilAsserted(() -> as("scheduler.a").queryParam("patientId", patientId)
                    .get(SCHEDULING + "/enrollments").then().statusCode(200).body("items", hasSize(1)));
            Awaitility.await().atMost(WAIT).untilAsserted(() -> as("scheduler.a")
                    .get(SCHEDULING + "/patients/" + patientId + "/authorizations").then().statusCode(200)
                    .body("$", hasSize(1)).body("[0].coverageId", org.hamcrest.Matchers.equalTo(coverageId))
                    .body("[0].authorizedUnits", org.hamcrest.Matchers.equalTo(AUTHORIZED_UNITS)));

            // --- clinical notes: an individualized treatment plan, signed with the patient before the week
            Awaitility.await().atMost(WAIT).untilAsserted(() -> as("clinician.a")
                    .get(NOTES + "/patients/" + patientId + "/notes").then().statusCode(200));
            as("clinician.a").body(Map.of("content", planContent(), "patientParticipated", true,
                            "patientSignedAt", admissionDate.atTime(10, 0).atZone(Fixtures.ZONE).toInstant().toString()))
                    .post(NOTES + "/patients/" + patientId + "/treatment-plans").then().statusCode(201);

            // --- the week: a 3-hour group session each weekday; the patient is booked into each
            String mon = session(monday);
            String tue = session(tuesday);
            String wed = session(wednesday);
            String thu = session(thursday);
            String fri = session(friday);

            attend(mon, "present", null);
            attend(tue, "present", null);
            attend(wed, "left-early", 150); // 2 h 30 min < 3 h: never billable
            attend(thu, "present", null);   // the week's third 3-hour day: Mon, Tue and Thu become billable

            // Step 1 (first half) and 2: three lines, 3 of 6 units left, not yet expiring (3 is not under 3).
            // PLATFORM GAP: this is where the test stops today — the plan is in force only from its entry (now),
            // so every day of the week fails "treatment plan in force" and no line is produced. See the class doc.
            awaitCurrentDates("after the Thursday (fails today if the treatment plan entered after the week does not "
                    + "cover it: clinical notes' plan is in force only from its entry time)", monday, tuesday, thursday);
            assertThat(AUTHORIZED_UNITS - unitsBilled(claimLines())).as("units remaining after 3 billable days")
                    .isEqualTo(3).isGreaterThanOrEqualTo(EXPIRING_THRESHOLD);

            attend(fri, "present", null);

            // Step 1: exactly the billable days, H0015, the authorization number, 1 unit each.
            JsonPath week = awaitCurrentDates("after the Friday", monday, tuesday, thursday, friday);
            List<Map<String, Object>> mine = week.getList("findAll { it.patientId == '" + patientId + "' }");
            assertThat(mine).hasSize(4);
            assertThat(mine).extracting(l -> l.get("kind")).containsOnly("original");
            assertThat(mine).extracting(l -> l.get("reversed")).containsOnly(false);
            assertThat(mine).extracting(l -> l.get("hcpcsCode")).containsOnly("H0015");
            assertThat(mine).extracting(l -> l.get("authorizationNumber")).containsOnly(authorizationNumber);
            assertThat(mine).extracting(l -> l.get("units")).containsOnly(1);
            assertThat(mine).extracting(l -> l.get("payerRuleSet")).containsOnly("h0015");
            assertThat(mine).extracting(l -> l.get("coverageId")).containsOnly(coverageId);
            assertThat(mine).extracting(l -> l.get("date")).doesNotContain(wednesday.toString());
            assertThat(mine).extracting(l -> String.valueOf(l.get("renderingStaffIds")))
                    .containsOnly(List.of(track.facilitatorId()).toString());

            // Step 2: the units count down to 2 of 6, under the threshold: authorization.expiring arrives, once,
            // naming the Friday (the determination that crossed it), and says what the claim lines say.
            assertThat(AUTHORIZED_UNITS - unitsBilled(week)).as("units remaining after 4 billable days").isEqualTo(2)
                    .isLessThan(EXPIRING_THRESHOLD);
            CloudEvent expiring = events.awaitRecord(r -> isAbout(r, EventType.AUTHORIZATION_EXPIRING), WAIT).event();
            EventSchemas.assertValid(EventJson.write(expiring));
            assertThat(expiring.data().get("coverageId").asText()).isEqualTo(coverageId);
            assertThat(expiring.data().get("payerRuleSet").asText()).isEqualTo("h0015");
            assertThat(expiring.data().get("authorizedUnits").asInt()).isEqualTo(AUTHORIZED_UNITS);
            assertThat(expiring.data().get("unitsRemaining").asInt()).isEqualTo(2);
            assertThat(expiring.data().get("determinedDate").asText()).isEqualTo(friday.toString());
            List<EventCapture.Captured> determined = events.awaitCount(
                    r -> isAbout(r, EventType.BILLABLE_DAY_DETERMINED), 4, WAIT);
            assertThat(determined).extracting(r -> r.event().data().get("serviceDate").asText())
                    .containsExactlyInAnyOrder(monday.toString(), tuesday.toString(), thursday.toString(),
                            friday.toString());
            determined.forEach(r -> EventSchemas.assertValid(r.value()));
            assertThat(determined).extracting(r -> r.value()).allSatisfy(v -> assertThat(v)
                    .as("the authorization number stays on the claim lines, off the events")
                    .doesNotContain(authorizationNumber));

            // Step 3: the Friday corrected to 2 hours: its line is reversed by a reversal line, not edited; the
            // day is no longer billable, so no new line; the unit comes back.
            Map<String, Object> fridayLine = week.getMap("find { it.patientId == '" + patientId + "' && it.date == '"
                    + friday + "' }");
            attend(fri, "left-early", 120);
            JsonPath corrected = awaitCurrentDates("after the Friday's correction", monday, tuesday, thursday);
            List<Map<String, Object>> fridayNow = corrected.getList("findAll { it.patientId == '" + patientId
                    + "' && it.date == '" + friday + "' }");
            assertThat(fridayNow).extracting(l -> l.get("kind") + ":" + l.get("reversed"))
                    .containsExactly("original:true", "reversal:false");
            Map<String, Object> original = fridayNow.get(0);
            Map<String, Object> reversal = fridayNow.get(1);
            assertThat(original.get("lineId")).isEqualTo(fridayLine.get("lineId"));
            Map<String, Object> unchanged = new HashMap<>(fridayLine);
            unchanged.put("reversed", true);
            assertThat(original).as("the original line, only marked reversed").isEqualTo(unchanged);
            assertThat(reversal.get("reversesLineId")).isEqualTo(fridayLine.get("lineId"));
            assertThat(reversal.get("lineId")).isNotEqualTo(fridayLine.get("lineId"));
            for (String field : List.of("billableDayId", "hcpcsCode", "authorizationNumber", "units", "coverageId",
                    "payerRuleSet", "placeOfService", "modifiers", "renderingStaffIds", "rulesVersion")) {
                assertThat(reversal.get(field)).as("the reversal repeats " + field).isEqualTo(fridayLine.get(field));
            }
            assertThat(AUTHORIZED_UNITS - unitsBilled(corrected)).as("the reversed day's unit comes back").isEqualTo(3);
            CloudEvent reversed = events.awaitRecord(r -> isAbout(r, EventType.BILLABLE_DAY_REVERSED), WAIT).event();
            EventSchemas.assertValid(EventJson.write(reversed));
            assertThat(reversed.data().get("serviceDate").asText()).isEqualTo(friday.toString());
            assertThat(reversed.data().get("coverageId").asText()).isEqualTo(coverageId);
            assertThat(reversed.data().get("stillBillable").asBoolean()).isFalse();
            assertThat(reversed.data().get("reversedLineIds").get(0).asText()).isEqualTo(fridayLine.get("lineId"));
            assertThat(reversed.data().get("reversalLineIds").get(0).asText()).isEqualTo(reversal.get("lineId"));
            events.assertNone(r -> isAbout(r, EventType.BILLABLE_DAY_DETERMINED)
                    && r.event().data().get("serviceDate").asText().equals(friday.toString())
                    && !r.event().data().get("lines").get(0).get("lineId").asText().equals(fridayLine.get("lineId")),
                    Duration.ofSeconds(2));

            // Step 4: the CSV form answers with the same lines (and the JSON read again is what it was).
            List<Map<String, Object>> json = claimLines().getList("findAll { it.patientId == '" + patientId + "' }");
            String csv = as(BILLER).accept("text/csv").queryParam("from", monday.toString())
                    .queryParam("to", monday.plusDays(6).toString()).queryParam("payer", "h0015")
                    .get(CLAIM_LINES).then().statusCode(200).contentType(startsWith("text/csv")).extract().asString();
            List<Map<String, String>> rows = csvRows(csv).stream().filter(r -> patientId.equals(r.get("patientId")))
                    .toList();
            assertThat(rows).as("4 original lines and the Friday's reversal").hasSize(json.size()).hasSize(5);
            for (int i = 0; i < rows.size(); i++) {
                Map<String, Object> line = json.get(i);
                Map<String, String> row = rows.get(i);
                for (String field : List.of("lineId", "billableDayId", "kind", "date", "payerRuleSet", "coverageId",
                        "authorizationNumber", "hcpcsCode", "placeOfService", "rulesVersion")) {
                    assertThat(row.get(field)).as("CSV row " + i + " " + field).isEqualTo(String.valueOf(line.get(field)));
                }
                assertThat(row.get("units")).isEqualTo(String.valueOf(line.get("units")));
                assertThat(row.get("reversed")).isEqualTo(String.valueOf(line.get("reversed")));
                assertThat(row.get("renderingStaffIds")).isEqualTo(String.join(";",
                        ((List<?>) line.get("renderingStaffIds")).stream().map(String::valueOf).toList()));
                assertThat(row.get("reversesLineId")).isEqualTo(line.get("reversesLineId") == null ? ""
                        : line.get("reversesLineId"));
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** A 3-hour group session of the track on a day (13:00, so it never meets the track's own 09:00 series). */
    private String session(LocalDate day) {
        Map<String, Object> session = new HashMap<>();
        session.put("kind", "group-therapy");
        session.put("trackId", track.id());
        session.put("date", day.toString());
        session.put("startTime", "13:00");
        session.put("durationMinutes", 180);
        session.put("modality", "in-person");
        session.put("roomId", track.roomId());
        session.put("facilitatorIds", List.of(track.facilitatorId()));
        return as("scheduler.a").body(session).post(SCHEDULING + "/sessions").then().statusCode(201)
                .extract().path("id");
    }

    /** Records (or corrects) the patient's attendance at a session, as the clinician would. */
    private void attend(String session, String attendance, Integer minutes) {
        String booking = as("scheduler.a").get(SCHEDULING + "/sessions/" + session + "/roster").then().statusCode(200)
                .extract().path("participants.find { it.patientId == '" + patientId + "' }.id");
        assertThat(booking).as("the patient is booked into session " + session).isNotNull();
        Map<String, Object> body = new HashMap<>(Map.of("attendance", attendance));
        if (minutes != null) {
            body.put("minutesAttended", minutes);
        }
        as("clinician.a").body(body).put(SCHEDULING + "/bookings/" + booking + "/attendance").then().statusCode(200);
    }

    /** The clinic's H0015 claim lines of the week, as JSON, read by billing staff. */
    private JsonPath claimLines() {
        return as(BILLER).queryParam("from", monday.toString()).queryParam("to", monday.plusDays(6).toString())
                .queryParam("payer", "h0015").get(CLAIM_LINES).then().statusCode(200).extract().jsonPath();
    }

    /** Waits until the patient's current lines (originals not reversed) are on exactly these dates; the lines. */
    private JsonPath awaitCurrentDates(String when, LocalDate... dates) {
        List<String> expected = Arrays.stream(dates).map(LocalDate::toString).toList();
        JsonPath[] last = new JsonPath[1];
        Awaitility.await().atMost(WAIT).untilAsserted(() -> {
            last[0] = claimLines();
            assertThat(currentDates(last[0])).as("the patient's billed days " + when).isEqualTo(expected);
        });
        return last[0];
    }

    private List<String> currentDates(JsonPath lines) {
        return lines.<String>getList("findAll { it.patientId == '" + patientId
                + "' && it.kind == 'original' && !it.reversed }.date").stream().sorted().toList();
    }

    /** Units used by the patient's current lines: what billing counts down from the authorization. */
    private int unitsBilled(JsonPath lines) {
        return lines.<Integer>getList("findAll { it.patientId == '" + patientId
                + "' && it.kind == 'original' && !it.reversed }.units").stream().mapToInt(Integer::intValue).sum();
    }

    private boolean isAbout(EventCapture.Captured r, EventType type) {
        return r.event() != null && type.type().equals(r.event().type()) && patientId.equals(r.event().subject());
    }

    private Map<String, Object> planContent() {
        return Map.of("problems", List.of(Map.of("icd10", "F11.20", "description", "Opioid use disorder")),
                "goals", List.of(Map.of("inPatientsWords", "Stay sober and keep my job")),
                "objectives", List.of(Map.of("goal", 0, "description", "Attend three group sessions a week",
                        "targetDate", monday.plusDays(60).toString())),
                "interventions", List.of(Map.of("modality", "cbt", "frequency", "weekly",
                        "responsibleStaffId", Fixtures.COUNSELOR)));
    }

    /** The CSV answer as rows keyed by the header's names (no field of these lines holds a comma or a quote). */
    private static List<Map<String, String>> csvRows(String csv) {
        List<String> lines = csv.lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).as("a header line").isNotEmpty();
        String[] header = lines.get(0).split(",", -1);
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            assertThat(line).as("a plain CSV row").doesNotContain("\"");
            String[] cells = line.split(",", -1);
            assertThat(cells).as("as many cells as the header").hasSize(header.length);
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i], cells[i]);
            }
            rows.add(row);
        }
        return rows;
    }
}
