package care.iop.scheduling;

import care.iop.events.CloudEvent;
import care.iop.events.EventJson;
import care.iop.events.EventSchemas;
import care.iop.events.Topics;
import care.iop.events.intake.CoverageAuthorizedV2;
import care.iop.events.notes.TreatmentPlanCreated;
import care.iop.scheduling.billing.TreatmentPlanInForce;
import care.iop.testkit.EventCapture;
import care.iop.testkit.EventPublisher;
import care.iop.testkit.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static care.iop.scheduling.Sched.BASE;
import static care.iop.scheduling.Sched.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

/**
 * Issue #23 end to end in scheduling: a patient with an H0015 authorization (5 units) and a treatment plan, both fed
 * as intake's and clinical notes' events, attends a week in April 2026 with one short day; the claim lines are the
 * billable days, units run out, and corrections reverse lines instead of editing them.
 */
@QuarkusTest
class BillingTest {

    private static final LocalDate MONDAY = LocalDate.of(2026, 4, 13);
    private static final String DETERMINED = "care.iop.scheduling.billable-day.determined.v1";
    private static final String REVERSED = "care.iop.scheduling.billable-day.reversed.v1";
    private static final String EXPIRING = "care.iop.scheduling.authorization.expiring.v1";

    @Inject
    EntityManager em;

    private final Sched clinic = new Sched();
    private final String billing = TestTokens.staff(clinic.clinic, "clinic-admin").bearer();
    private final String patient = UUID.randomUUID().toString();
    private String trackId;

    private String trackSession(LocalDate date, String start, int minutes) {
        Map<String, Object> body = clinic.session("group-therapy", date, start, minutes);
        body.put("trackId", trackId);
        body.remove("timeZone");
        return clinic.createSession(body);
    }

    private void attend(String session, String attendance, Integer minutes) {
        Map<String, Object> body = new HashMap<>(Map.of("attendance", attendance));
        if (minutes != null) {
            body.put("minutesAttended", minutes);
        }
        String booking = clinic.asScheduler().get(BASE + "/sessions/" + session + "/roster").then().statusCode(200)
                .extract().path("participants.find { it.patientId == '" + patient + "' }.id");
        assertThat(booking).as("the patient is booked into " + session).isNotNull();
        as(clinic.clinician).body(body).put(BASE + "/bookings/" + booking + "/attendance").then().statusCode(200);
    }

    private JsonPath claimLines() {
        return as(billing).queryParam("from", MONDAY.toString()).queryParam("to", MONDAY.plusDays(6).toString())
                .get(BASE + "/billing/claim-lines").then().statusCode(200).extract().jsonPath();
    }

    /** Dates of the current lines: originals not reversed. */
    private static List<String> billedDates(JsonPath lines) {
        return lines.<String>getList("findAll { it.kind == 'original' && !it.reversed }.date");
    }

    private static long events(EventCapture capture, String type, String patient) {
        return capture.records().stream().filter(r -> r.event() != null && r.event().type().equals(type)
                && r.event().subject().equals(patient)).count();
    }

    @Test
    void a_week_with_one_short_day_bills_the_other_days_and_corrections_reverse_lines() {
        String code = "T-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        Map<String, Object> track = clinic.track(code, List.of("monday", "tuesday", "wednesday", "thursday",
                "friday", "saturday"), "09:00", 180);
        trackId = clinic.createTrack(track);
        clinic.enroll(patient, trackId, MONDAY);

        UUID coverageId = UUID.randomUUID();
        UUID planId = UUID.randomUUID();
        UUID patientId = UUID.fromString(patient);
        EventPublisher.send(EventPublisher.event("intake-service", new CoverageAuthorizedV2(coverageId, 5,
                LocalDate.of(2026, 4, 1), LocalDate.of(2026, 5, 31), "h0015", "PA-2026-77"), patientId, clinic.clinic));
        EventPublisher.send(EventPublisher.event("clinical-notes-service", new TreatmentPlanCreated(planId, 1,
                Instant.parse("2026-04-06T15:00:00Z"), 3, 4, LocalDate.of(2026, 5, 30)), patientId, clinic.clinic));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> clinic.asScheduler()
                .get(BASE + "/patients/" + patient + "/authorizations").then().statusCode(200).body("$", hasSize(1)));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> TreatmentPlanInForce.findById(planId) != null));

        String mon = trackSession(MONDAY, "09:00", 180);
        String monAfternoon = trackSession(MONDAY, "13:00", 60);
        String tue = trackSession(MONDAY.plusDays(1), "09:00", 180);
        String wed = trackSession(MONDAY.plusDays(2), "09:00", 180);
        String thu = trackSession(MONDAY.plusDays(3), "09:00", 180);
        String fri = trackSession(MONDAY.plusDays(4), "09:00", 180);

        try (EventCapture capture = EventCapture.from(Topics.SCHEDULING)) {
            attend(mon, "present", null);
            attend(monAfternoon, "present", null);
            attend(tue, "present", null);
            attend(wed, "left-early", 150); // 2 h 30 min < 3 h: not billable
            attend(thu, "present", null);
            attend(fri, "present", null);

            JsonPath lines = claimLines();
            assertThat(billedDates(lines)).containsExactly("2026-04-13", "2026-04-14", "2026-04-16", "2026-04-17");
            assertThat(lines.getList("kind")).containsOnly("original");
            assertThat(lines.getList("hcpcsCode")).containsOnly("H0015");
            assertThat(lines.getList("units")).containsOnly(1);
            assertThat(lines.getList("placeOfService")).containsOnly("57");
            assertThat(lines.getList("authorizationNumber")).containsOnly("PA-2026-77");
            assertThat(lines.getList("payerRuleSet")).containsOnly("h0015");
            assertThat(lines.getList("patientId")).containsOnly(patient);
            assertThat(lines.getList("rulesVersion")).containsOnly("2026.1");
            assertThat(lines.getList("find { it.date == '2026-04-13' }.renderingStaffIds")).hasSize(2);
            assertThat(lines.getList("find { it.date == '2026-04-14' }.renderingStaffIds")).hasSize(1);

            // Each billable day was determined once, on the topic, valid against its schema. (Under H0015 the
            // Monday and Tuesday become billable with the Thursday, the week's third 3-hour day.)
            List<EventCapture.Captured> determined = capture.awaitCount(r -> r.event() != null
                    && r.event().type().equals(DETERMINED) && r.event().subject().equals(patient), 4,
                    Duration.ofSeconds(20));
            determined.forEach(r -> EventSchemas.assertValid(r.value()));
            assertThat(determined.stream().map(r -> r.event().data().get("serviceDate").asText()).sorted())
                    .containsExactly("2026-04-13", "2026-04-14", "2026-04-16", "2026-04-17");
            CloudEvent tuesday = determined.stream().filter(r -> r.event().data().get("serviceDate").asText()
                    .equals("2026-04-14")).findFirst().orElseThrow().event();
            assertThat(tuesday.data().get("coverageId").asText()).isEqualTo(coverageId.toString());
            assertThat(tuesday.data().get("lines").get(0).get("lineId").asText()).isEqualTo(
                    lines.getString("find { it.date == '2026-04-14' }.lineId"));
            assertThat(EventJson.write(tuesday)).doesNotContain("PA-2026-77");

            // With 2 of 5 units left (under the default threshold of 3) the authorization is announced expiring.
            CloudEvent expiring = capture.await(EXPIRING, patient);
            EventSchemas.assertValid(EventJson.write(expiring));
            assertThat(expiring.data().get("coverageId").asText()).isEqualTo(coverageId.toString());
            assertThat(expiring.data().get("unitsRemaining").asInt()).isEqualTo(2);
            assertThat(expiring.data().get("determinedDate").asText()).isEqualTo("2026-04-16");

            // Units count down: the Wednesday corrected to a full day takes the fifth and last unit ...
            attend(wed, "present", null);
            assertThat(billedDates(claimLines())).containsExactly("2026-04-13", "2026-04-14", "2026-04-15",
                    "2026-04-16", "2026-04-17");
            // ... so a sixth billable day has none left: a Saturday session attended in full is not billed.
            String sat = trackSession(MONDAY.plusDays(5), "09:00", 180);
            attend(sat, "present", null);
            assertThat(billedDates(claimLines())).doesNotContain("2026-04-18").hasSize(5);

            // The Friday corrected to 2 hours is no longer billable: its line is reversed, not edited or deleted;
            // the unit it frees goes to the Saturday.
            String fridayLine = claimLines().getString("find { it.date == '2026-04-17' }.lineId");
            attend(fri, "left-early", 120);
            JsonPath afterFriday = claimLines();
            assertThat(billedDates(afterFriday)).containsExactly("2026-04-13", "2026-04-14", "2026-04-15",
                    "2026-04-16", "2026-04-18");
            assertThat(afterFriday.getBoolean("find { it.lineId == '" + fridayLine + "' }.reversed")).isTrue();
            assertThat(afterFriday.getString("find { it.kind == 'reversal' }.reversesLineId")).isEqualTo(fridayLine);
            assertThat(afterFriday.getString("find { it.kind == 'reversal' }.date")).isEqualTo("2026-04-17");
            CloudEvent reversed = capture.await(REVERSED, patient);
            EventSchemas.assertValid(EventJson.write(reversed));
            assertThat(reversed.data().get("reversedLineIds").get(0).asText()).isEqualTo(fridayLine);
            assertThat(reversed.data().get("stillBillable").asBoolean()).isFalse();

            // The Monday afternoon corrected to absent: Monday is still 3 hours but has one facilitator fewer, so
            // its line is reversed and a new line stored for the same day.
            String mondayLine = afterFriday.getString("find { it.date == '2026-04-13' }.lineId");
            attend(monAfternoon, "absent-unexcused", null);
            JsonPath afterMonday = claimLines();
            List<Map<String, Object>> monday = afterMonday.getList("findAll { it.date == '2026-04-13' }");
            assertThat(monday).extracting(l -> l.get("kind") + ":" + l.get("reversed"))
                    .containsExactly("original:true", "reversal:false", "original:false");
            assertThat(monday.get(1).get("reversesLineId")).isEqualTo(mondayLine);
            assertThat((List<?>) monday.get(2).get("renderingStaffIds")).hasSize(1);
            assertThat(billedDates(afterMonday)).hasSize(5);
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> events(capture, REVERSED, patient) == 2
                    && events(capture, DETERMINED, patient) == 7);
            assertThat(events(capture, EXPIRING, patient)).as("expiring is announced once").isEqualTo(1);
        }

        // The same lines as CSV: a header and one row per line (6 originals, 2 reversals, the new Monday line).
        String csv = as(billing).accept("text/csv").queryParam("from", MONDAY.toString())
                .queryParam("to", MONDAY.plusDays(6).toString()).queryParam("payer", "h0015")
                .get(BASE + "/billing/claim-lines").then().statusCode(200).contentType(startsWith("text/csv"))
                .extract().asString();
        List<String> rows = csv.lines().toList();
        assertThat(rows.get(0)).startsWith("lineId,billableDayId,kind,reversesLineId");
        assertThat(rows).hasSize(1 + 9);
        assertThat(rows.stream().filter(r -> r.contains(",reversal,")).count()).isEqualTo(2);

        // Another payer's lines are not these (and that read lists, so audits, no patient); each read that listed the
        // patient was audited.
        as(billing).queryParam("from", MONDAY.toString()).queryParam("to", MONDAY.plusDays(6).toString())
                .queryParam("payer", "s9480").get(BASE + "/billing/claim-lines").then().statusCode(200)
                .body("$", hasSize(0));
        long audited = QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                        "select count(*) from audit_log where patient_id = ?1 and resource_type = 'ClaimLine' "
                                + "and lower(action) = 'read'").setParameter(1, patientId).getSingleResult()).longValue());
        assertThat(audited).as("one audit row per read that listed the patient: 6 in JSON, 1 in CSV").isEqualTo(7);
    }

    @Test
    void claim_lines_refuse_bad_dates_and_unknown_payers_as_problems() {
        Map<String, String> missingFrom = Map.of("to", "2026-04-30");
        Map<String, String> badFrom = Map.of("from", "2026-02-30", "to", "2026-04-30");
        Map<String, String> backwards = Map.of("from", "2026-05-01", "to", "2026-04-30");
        Map<String, String> tooLong = Map.of("from", "2026-01-01", "to", "2027-01-02");
        Map<String, String> unknownPayer = Map.of("from", "2026-04-01", "to", "2026-04-30", "payer", "acme-9");
        for (Map<String, String> query : List.of(missingFrom, badFrom, backwards, tooLong, unknownPayer)) {
            as(billing).queryParams(query).get(BASE + "/billing/claim-lines").then().statusCode(400)
                    .contentType(startsWith("application/problem+json"));
        }
        as(billing).queryParams(Map.of("from", "2026-01-01", "to", "2027-01-01")).get(BASE + "/billing/claim-lines")
                .then().statusCode(200).body("$", hasSize(0));
        as(clinic.clinician).queryParams(Map.of("from", "2026-04-01", "to", "2026-04-30"))
                .get(BASE + "/billing/claim-lines").then().statusCode(403);
    }
}
