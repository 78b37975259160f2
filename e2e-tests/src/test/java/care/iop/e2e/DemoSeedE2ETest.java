package care.iop.e2e;

import care.iop.devstack.DevStack;
import care.iop.devstack.demo.PlatformDemo;
import care.iop.devstack.demo.PlatformDemo.Person;
import io.restassured.path.json.JsonPath;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static care.iop.e2e.Platform.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

/**
 * {@code ./iop up --demo}'s seeder against the shared stack of the run: afterwards the demo's records are there in
 * both clinics, as the clinics' own accounts see them through the gateway, and a second run adds nothing. Other test
 * classes share the stack, so every assertion is scoped to the demo's own records (its track codes, its people).
 */
class DemoSeedE2ETest {

    static final String INTAKE = "/api/v1/intake";
    static final String SCHEDULING = "/api/v1/scheduling";
    static final String NOTES = "/api/v1/notes";
    static final String MEDICATIONS = "/api/v1/medications";
    static final String AFTERCARE = "/api/v1/aftercare";
    static final Duration WAIT = Duration.ofSeconds(60);

    private final LocalDate demoWeek = LocalDate.now(PlatformDemo.ZONE).minusDays(7)
            .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));

    @Test
    void the_demo_is_seeded_through_the_gateway_in_both_clinics_and_a_second_run_adds_nothing() {
        long t0 = System.nanoTime();
        DevStack stack = Platform.stack();
        System.out.printf("[demo] platform ready after %.1f s%n", (System.nanoTime() - t0) / 1e9);

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PlatformDemo.Seeded first = new PlatformDemo().run(stack, new PrintStream(printed, true, StandardCharsets.UTF_8));
        String summary = printed.toString(StandardCharsets.UTF_8);
        System.out.print(summary);
        System.out.printf("[demo] first run: %d writes in %.1f s%n", first.writes(), first.took().toNanos() / 1e9);
        assertThat(first.writes()).isPositive();

        clinicA(first);
        clinicB(first);
        // The summary says who to log in as and names the demo's fictional people, nothing else about them.
        assertThat(summary).contains("coordinator.a", "clinician.a", "casemanager.a", "partner.p", "scheduler.b",
                PlatformDemo.TRACK_A, PlatformDemo.TRACK_B, first.id("northside.jordan.patient"));
        for (Person p : List.of(PlatformDemo.RILEY, PlatformDemo.MORGAN, PlatformDemo.JORDAN, PlatformDemo.AVERY,
                PlatformDemo.QUINN)) {
            assertThat(summary).contains(p.name()).doesNotContain(p.birthDate(), p.phone(), "@example.org");
        }

        // Scheduling ends Avery's enrollment once the discharge has travelled; wait so the snapshot is stable.
        Awaitility.await().atMost(WAIT).untilAsserted(() -> as("scheduler.a")
                .queryParam("patientId", first.id("northside.avery.patient")).get(SCHEDULING + "/enrollments").then()
                .statusCode(200).body("items[0].status", equalTo("ended"))
                .body("items[0].endReason", equalTo("discharged"))
                .body("items[0].endDate", equalTo(demoWeek.plusDays(4).toString())));

        Map<String, Object> before = snapshot(first);
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        PlatformDemo.Seeded second = new PlatformDemo().run(stack, new PrintStream(again, true, StandardCharsets.UTF_8));
        System.out.print(again.toString(StandardCharsets.UTF_8));
        System.out.printf("[demo] second run: %d writes in %.1f s%n", second.writes(), second.took().toNanos() / 1e9);
        assertThat(second.writes()).as("writes of the second run").isZero();
        assertThat(again.toString(StandardCharsets.UTF_8)).contains("nothing added");
        assertThat(second.ids()).isEqualTo(first.ids());
        assertThat(snapshot(second)).isEqualTo(before);
    }

    // ------------------------------------------------------------------------------------------------ clinic A

    private void clinicA(PlatformDemo.Seeded s) {
        track("scheduler.a", PlatformDemo.TRACK_A, s.id("northside.track"), List.of("monday", "wednesday", "friday"),
                "18:00:00", 180);
        as("scheduler.a").get(SCHEDULING + "/rooms").then().statusCode(200)
                .body("find { it.id == '" + s.id("northside.room") + "' }.name", equalTo("Demo group room (Northside)"));
        as("scheduler.a").get(SCHEDULING + "/series/" + s.id("northside.series")).then().statusCode(200)
                .body("trackId", equalTo(s.id("northside.track"))).body("timeZone", equalTo("America/New_York"))
                .body("firstDate", equalTo(demoWeek.toString())).body("sessions.size()", org.hamcrest.Matchers.greaterThan(0));

        // Riley: referred by the partner, received.
        String riley = onePatient("coordinator.a", PlatformDemo.RILEY);
        assertThat(riley).isEqualTo(s.id("northside.riley.patient"));
        String rileyReferral = s.id("northside.riley.referral");
        as("coordinator.a").get(INTAKE + "/referrals/" + rileyReferral).then().statusCode(200)
                .body("patientId", equalTo(riley)).body("status", equalTo("received"))
                .body("source", equalTo("partner")).body("partnerId", equalTo(PlatformDemo.PARTNER.toString()))
                .body("requestedTrackCode", equalTo(PlatformDemo.TRACK_A));
        as("partner.p").get(INTAKE + "/referrals/" + rileyReferral).then().statusCode(200)
                .body("status", equalTo("received"));

        // Morgan: screened and assessed, waiting for admission.
        String morgan = onePatient("coordinator.a", PlatformDemo.MORGAN);
        as("coordinator.a").get(INTAKE + "/referrals/" + s.id("northside.morgan.referral")).then().statusCode(200)
                .body("patientId", equalTo(morgan)).body("status", equalTo("assessed"));
        as("coordinator.a").get(INTAKE + "/patients/" + morgan + "/screenings").then().statusCode(200)
                .body("$", hasSize(1)).body("[0].instrument", equalTo("PHQ-9")).body("[0].band", equalTo("moderate"));
        as("coordinator.a").get(INTAKE + "/patients/" + morgan).then().body("status", org.hamcrest.Matchers.not("active"));

        // Jordan: admitted last Monday, enrolled by scheduling, attending, documented, medicated, consenting.
        String jordan = onePatient("coordinator.a", PlatformDemo.JORDAN);
        as("coordinator.a").get(INTAKE + "/patients/" + jordan).then().body("status", equalTo("active"));
        as("coordinator.a").get(INTAKE + "/referrals/" + s.id("northside.jordan.referral")).then()
                .body("status", equalTo("admitted"));
        as("scheduler.a").queryParam("patientId", jordan).get(SCHEDULING + "/enrollments").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].id", equalTo(s.id("northside.jordan.enrollment")))
                .body("items[0].status", equalTo("active")).body("items[0].trackId", equalTo(s.id("northside.track")))
                .body("items[0].startDate", equalTo(demoWeek.toString()));
        // Present at every group session of last week (Mon/Wed/Fri, all over by now).
        JsonPath lastWeek = as("scheduler.a").queryParam("trackId", s.id("northside.track"))
                .queryParam("from", demoWeek.toString()).queryParam("to", demoWeek.plusDays(6).toString())
                .get(SCHEDULING + "/sessions").then().statusCode(200).extract().jsonPath();
        List<String> lastWeekSessions = lastWeek.getList("items.id", String.class);
        assertThat(lastWeekSessions).hasSize(3);
        for (String session : lastWeekSessions) {
            as("scheduler.a").get(SCHEDULING + "/sessions/" + session + "/roster").then().statusCode(200)
                    .body("participants.find { it.patientId == '" + jordan + "' }.attendance", equalTo("present"));
        }
        JsonPath notes = as("clinician.a").queryParam("kind", "progress")
                .get(NOTES + "/patients/" + jordan + "/notes").then().statusCode(200).extract().jsonPath();
        assertThat(notes.getList("items.id", String.class)).containsExactly(s.id("northside.jordan.note"));
        as("clinician.a").get(NOTES + "/notes/" + s.id("northside.jordan.note")).then().statusCode(200)
                .body("status", equalTo("signed")).body("format", equalTo("soap"))
                .body("authorId", equalTo("aaaaaaaa-0000-4000-8000-000000000002"))
                .body("sessionId", equalTo(lastWeekSessions.get(0)));
        as("prescriber.a").get(MEDICATIONS + "/patients/" + jordan + "/orders").then().statusCode(200)
                .body("$", hasSize(1)).body("[0].id", equalTo(s.id("northside.jordan.order")))
                .body("[0].medicationId", equalTo(PlatformDemo.MEDICATION)).body("[0].status", equalTo("active"))
                .body("[0].mat", equalTo(true)).body("[0].deaSchedule", equalTo("III"));
        List<String> doses = as("nurse.a").queryParam("from", demoWeek.toString())
                .queryParam("to", LocalDate.now(java.time.ZoneOffset.UTC).plusDays(1).toString())
                .get(MEDICATIONS + "/patients/" + jordan + "/administrations").then().statusCode(200).extract()
                .jsonPath().getList("findAll { it.outcome == 'administered' }.orderId", String.class);
        assertThat(doses).hasSizeBetween(2, 3).containsOnly(s.id("northside.jordan.order"));
        as("coordinator.a").get(INTAKE + "/patients/" + jordan + "/consents").then().statusCode(200)
                .body("$", hasSize(1)).body("[0].id", equalTo(s.id("northside.jordan.consent")))
                .body("[0].active", equalTo(true))
                .body("[0].recipientPartnerId", equalTo(PlatformDemo.PARTNER.toString()))
                .body("[0].categories", hasItems("demographics", "medications"));
        // What the partner may now see of Jordan: demographics and medications, nothing else.
        JsonPath disclosed = as("partner.p").header("X-Purpose-Of-Use", "COC")
                .get("/api/v1/partner/patients/" + jordan + "/disclosure").then().statusCode(200).extract().jsonPath();
        assertThat(disclosed.getMap("categories")).containsOnlyKeys("demographics", "medications");
        assertThat(disclosed.getString("categories.demographics.familyName")).isEqualTo("Demo");
        assertThat(disclosed.getList("categories.medications.orders.rxnorm", String.class)).containsExactly("352364");
        assertThat(disclosed.getString("notice")).contains("42 CFR part 2");
        // ...and the others it referred or not, nothing.
        as("partner.p").get("/api/v1/partner/patients/" + riley + "/disclosure").then().statusCode(403);

        // Avery: admitted four weeks before last week, present at its groups, discharged on its Friday; follow-ups.
        String avery = onePatient("coordinator.a", PlatformDemo.AVERY);
        LocalDate discharged = demoWeek.plusDays(4);
        as("casemanager.a").get(AFTERCARE + "/patients/" + avery + "/episodes").then().statusCode(200)
                .body("$", hasSize(1)).body("[0].id", equalTo(s.id("northside.avery.episode")))
                .body("[0].status", equalTo("closed")).body("[0].openedOn", equalTo(demoWeek.minusWeeks(4).toString()))
                .body("[0].closedOn", equalTo(discharged.toString())).body("[0].discharge.reasonCode", equalTo(1))
                .body("[0].discharge.lengthOfStayDays", equalTo(32))
                .body("[0].dischargePlan.receivingPartnerId", equalTo(PlatformDemo.PARTNER.toString()))
                .body("[0].dischargePlan.stepDownLevel", equalTo("1"));
        as("casemanager.a").get(AFTERCARE + "/patients/" + avery + "/follow-ups").then().statusCode(200)
                .body("kind", hasItems("day-7", "day-30", "day-60", "day-90"))
                .body("find { it.kind == 'day-7' }.dueDate", equalTo(discharged.plusDays(7).toString()))
                .body("episodeId", hasItem(s.id("northside.avery.episode")));
        for (String session : lastWeekSessions) {
            as("scheduler.a").get(SCHEDULING + "/sessions/" + session + "/roster").then()
                    .body("participants.find { it.patientId == '" + avery + "' }.attendance", equalTo("present"));
        }

        // Clinic B's staff see none of it.
        as("coordinator.b").get(INTAKE + "/patients/" + jordan).then().statusCode(404);
        as("coordinator.b").queryParam("name", PlatformDemo.JORDAN.name()).get(INTAKE + "/patients").then()
                .statusCode(200).body("items", hasSize(0));
    }

    // ------------------------------------------------------------------------------------------------ clinic B

    private void clinicB(PlatformDemo.Seeded s) {
        track("scheduler.b", PlatformDemo.TRACK_B, s.id("riverside.track"), List.of("tuesday", "thursday"),
                "17:00:00", 270);
        as("scheduler.b").get(SCHEDULING + "/series/" + s.id("riverside.series")).then().statusCode(200)
                .body("trackId", equalTo(s.id("riverside.track")));
        String quinn = onePatient("coordinator.b", PlatformDemo.QUINN);
        as("coordinator.b").get(INTAKE + "/patients/" + quinn).then().body("status", equalTo("active"));
        as("scheduler.b").queryParam("patientId", quinn).get(SCHEDULING + "/enrollments").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].status", equalTo("active"))
                .body("items[0].trackId", equalTo(s.id("riverside.track")))
                .body("items[0].startDate", equalTo(LocalDate.now(PlatformDemo.ZONE).toString()));
        as("casemanager.b").get(AFTERCARE + "/patients/" + quinn + "/episodes").then().statusCode(200)
                .body("[0].status", equalTo("open"));
        // Clinic A sees neither the patient nor the track.
        as("coordinator.a").get(INTAKE + "/patients/" + quinn).then().statusCode(404);
        as("scheduler.a").get(SCHEDULING + "/tracks").then().statusCode(200)
                .body("code", org.hamcrest.Matchers.not(hasItem(PlatformDemo.TRACK_B)));
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static void track(String scheduler, String code, String id, List<String> days, String start, int minutes) {
        as(scheduler).get(SCHEDULING + "/tracks").then().statusCode(200)
                .body("findAll { it.code == '" + code + "' }.id", equalTo(List.of(id)))
                .body("find { it.code == '" + code + "' }.levelOfCare", equalTo("2.1"))
                .body("find { it.code == '" + code + "' }.population", equalTo("adult"))
                .body("find { it.code == '" + code + "' }.timeZone", equalTo("America/New_York"))
                .body("find { it.code == '" + code + "' }.days", equalTo(days))
                .body("find { it.code == '" + code + "' }.startTime", org.hamcrest.Matchers.startsWith(start.substring(0, 5)))
                .body("find { it.code == '" + code + "' }.durationMinutes", equalTo(minutes));
    }

    /** The one patient of the caller's clinic with the person's name and birth date. */
    private static String onePatient(String coordinator, Person p) {
        List<String> ids = as(coordinator).queryParam("name", p.name()).queryParam("birthDate", p.birthDate())
                .get(INTAKE + "/patients").then().statusCode(200).body("items", notNullValue()).extract().jsonPath()
                .getList("items.findAll { it.legalName.given == '" + p.given() + "' && it.legalName.family == '"
                        + p.family() + "' }.id", String.class);
        assertThat(ids).as("patients named %s", p.name()).hasSize(1);
        return ids.get(0);
    }

    /** Counts of every kind of demo record, as the clinics see them through the gateway. */
    private Map<String, Object> snapshot(PlatformDemo.Seeded s) {
        Map<String, Object> counts = new LinkedHashMap<>();
        for (String[] clinic : List.of(new String[]{"a", "northside", PlatformDemo.TRACK_A},
                new String[]{"b", "riverside", PlatformDemo.TRACK_B})) {
            String x = clinic[0];
            counts.put(x + ".rooms", as("scheduler." + x).get(SCHEDULING + "/rooms").then().extract().jsonPath()
                    .getList("findAll { it.name.startsWith('Demo group room') }").size());
            counts.put(x + ".tracks", as("scheduler." + x).get(SCHEDULING + "/tracks").then().extract().jsonPath()
                    .getList("findAll { it.code == '" + clinic[2] + "' }").size());
            JsonPath sessions = as("scheduler." + x).queryParam("trackId", s.id(clinic[1] + ".track"))
                    .queryParam("from", demoWeek.toString()).queryParam("to", demoWeek.plusDays(55).toString())
                    .queryParam("limit", 200).get(SCHEDULING + "/sessions").then().statusCode(200).extract().jsonPath();
            counts.put(x + ".sessions", sessions.getList("items").size());
            counts.put(x + ".series", sessions.getList("items.seriesId").stream().filter(Objects::nonNull).distinct()
                    .count());
            counts.put(x + ".bookings", sessions.getList("items.booked"));
        }
        for (Person p : List.of(PlatformDemo.RILEY, PlatformDemo.MORGAN, PlatformDemo.JORDAN, PlatformDemo.AVERY)) {
            counts.put(p.key() + ".patients", as("coordinator.a").queryParam("name", p.name())
                    .get(INTAKE + "/patients").then().extract().jsonPath().getList("items").size());
        }
        counts.put("quinn.patients", as("coordinator.b").queryParam("name", PlatformDemo.QUINN.name())
                .get(INTAKE + "/patients").then().extract().jsonPath().getList("items").size());
        List<String> referred = as("coordinator.a").queryParam("limit", 200).get(INTAKE + "/referrals").then()
                .extract().jsonPath().getList("items.patientId", String.class);
        for (String p : List.of("riley", "morgan", "jordan", "avery")) {
            String id = s.id("northside." + p + ".patient");
            counts.put(p + ".referrals", referred.stream().filter(id::equals).count());
            counts.put(p + ".screenings", as("coordinator.a").get(INTAKE + "/patients/" + id + "/screenings").then()
                    .extract().jsonPath().getList("$").size());
            counts.put(p + ".consents", as("coordinator.a").get(INTAKE + "/patients/" + id + "/consents").then()
                    .extract().jsonPath().getList("$").size());
        }
        String jordan = s.id("northside.jordan.patient");
        counts.put("jordan.notes", as("clinician.a").get(NOTES + "/patients/" + jordan + "/notes").then().extract()
                .jsonPath().getList("items").size());
        counts.put("jordan.orders", as("prescriber.a").get(MEDICATIONS + "/patients/" + jordan + "/orders").then()
                .extract().jsonPath().getList("$").size());
        counts.put("jordan.doses", as("nurse.a").queryParam("from", demoWeek.toString())
                .queryParam("to", LocalDate.now(java.time.ZoneOffset.UTC).plusDays(1).toString())
                .get(MEDICATIONS + "/patients/" + jordan + "/administrations").then().extract().jsonPath()
                .getList("$").size());
        String avery = s.id("northside.avery.patient");
        counts.put("avery.episodes", as("casemanager.a").get(AFTERCARE + "/patients/" + avery + "/episodes").then()
                .extract().jsonPath().getList("$").size());
        counts.put("avery.follow-ups", as("casemanager.a").get(AFTERCARE + "/patients/" + avery + "/follow-ups")
                .then().extract().jsonPath().getList("$").size());
        for (String[] p : List.of(new String[]{"a", "northside.jordan"}, new String[]{"a", "northside.avery"},
                new String[]{"b", "riverside.quinn"})) {
            counts.put(p[1] + ".enrollments", as("scheduler." + p[0]).queryParam("patientId", s.id(p[1] + ".patient"))
                    .get(SCHEDULING + "/enrollments").then().extract().jsonPath().getList("items").size());
        }
        return counts;
    }
}
