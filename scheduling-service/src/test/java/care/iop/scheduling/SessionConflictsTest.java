package care.iop.scheduling;

import care.iop.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static care.iop.scheduling.Sched.BASE;
import static care.iop.scheduling.Sched.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

/** Tracks and sessions over HTTP: defaults, validation, and every kind of double-booking refused with 409. */
@QuarkusTest
class SessionConflictsTest {

    private final Sched clinic = new Sched();
    private final LocalDate day = Sched.nextWeekday(DayOfWeek.TUESDAY, 1);

    @Test
    void a_track_gets_the_iop_defaults_and_refuses_other_levels_zones_and_duplicate_codes() {
        var body = clinic.track("IOP-ADULT-PM", List.of("monday", "wednesday", "thursday"), "17:30", 180);
        String id = clinic.createTrack(body);
        clinic.asScheduler().get(BASE + "/tracks/" + id).then().statusCode(200)
                .body("weeklyHoursTarget", equalTo(9.0f)).body("groupSizeLimit", equalTo(12))
                .body("groupType", equalTo("open")).body("days", equalTo(List.of("monday", "wednesday", "thursday")));

        clinic.asScheduler().body(body).post(BASE + "/tracks").then().statusCode(409)
                .body("conflictingId", equalTo(id));
        var residential = new HashMap<>(body);
        residential.put("code", "RES-1");
        residential.put("levelOfCare", "3.5");
        clinic.asScheduler().body(residential).post(BASE + "/tracks").then().statusCode(422);
        var fixedOffset = new HashMap<>(body);
        fixedOffset.put("code", "IOP-UTC");
        fixedOffset.put("timeZone", "+02:00");
        clinic.asScheduler().body(fixedOffset).post(BASE + "/tracks").then().statusCode(400)
                .contentType(startsWith("application/problem+json")).body("violations[0].field", equalTo("timeZone"));
        var adolescent = new HashMap<>(body);
        adolescent.put("code", "IOP-TEEN");
        adolescent.put("population", "adolescent");
        adolescent.put("groupSizeLimit", 8);
        String teen = clinic.createTrack(adolescent);
        clinic.asScheduler().get(BASE + "/tracks/" + teen).then().body("weeklyHoursTarget", equalTo(6.0f))
                .body("groupSizeLimit", equalTo(8));
    }

    @Test
    void a_room_in_two_overlapping_sessions_is_refused_naming_the_other_session() {
        var first = clinic.session("group-therapy", day, "09:00", 180);
        String firstId = clinic.createSession(first);
        var overlapping = clinic.session("skills-group", day, "11:30", 60);
        overlapping.put("roomId", first.get("roomId"));
        clinic.asScheduler().body(overlapping).post(BASE + "/sessions").then().statusCode(409)
                .contentType(startsWith("application/problem+json"))
                .body("conflictingSessionId", equalTo(firstId)).body("detail", containsString("room"));
        var backToBack = clinic.session("skills-group", day, "12:00", 60);
        backToBack.put("roomId", first.get("roomId"));
        clinic.createSession(backToBack);
    }

    @Test
    void a_facilitator_in_two_overlapping_sessions_is_refused() {
        var first = clinic.session("psychoeducation", day, "13:00", 90);
        String firstId = clinic.createSession(first);
        var second = clinic.session("individual-therapy", day, "14:00", 50);
        second.put("facilitatorIds", List.of(clinic.facilitator(), ((List<?>) first.get("facilitatorIds")).get(0)));
        clinic.asScheduler().body(second).post(BASE + "/sessions").then().statusCode(409)
                .body("conflictingSessionId", equalTo(firstId)).body("detail", containsString("facilitator"));
    }

    @Test
    void a_patient_in_two_overlapping_sessions_is_refused() {
        String patient = clinic.enrolledPatient();
        String group = clinic.createSession(clinic.session("group-therapy", day, "09:00", 180));
        String individual = clinic.createSession(clinic.session("individual-therapy", day, "10:00", 50));
        clinic.book(group, patient);
        clinic.asScheduler().body(Map.of("patientId", patient)).post(BASE + "/sessions/" + individual + "/bookings")
                .then().statusCode(409).body("conflictingSessionId", equalTo(group));
        clinic.asScheduler().body(Map.of("patientId", patient)).post(BASE + "/sessions/" + group + "/bookings")
                .then().statusCode(409).body("conflictingSessionId", equalTo(group));
    }

    @Test
    void settings_are_validated_before_anything_is_written() {
        var telehealth = clinic.session("individual-therapy", day, "15:00", 50);
        telehealth.put("modality", "telehealth");
        telehealth.remove("roomId");
        clinic.asScheduler().body(telehealth).post(BASE + "/sessions").then().statusCode(400)
                .body("violations[0].field", equalTo("joinUrl"));
        telehealth.put("joinUrl", "https://meet.example.org/iop/abc");
        clinic.asScheduler().body(telehealth).post(BASE + "/sessions").then().statusCode(201)
                .body("roomId", equalTo(null)).body("capacity", equalTo(1));

        var tooBig = clinic.session("group-therapy", day, "16:00", 60);
        tooBig.put("roomId", clinic.room(6));
        tooBig.put("capacity", 10);
        clinic.asScheduler().body(tooBig).post(BASE + "/sessions").then().statusCode(400)
                .body("violations[0].field", equalTo("capacity"));
        var noZone = clinic.session("group-therapy", day, "16:00", 60);
        noZone.remove("timeZone");
        clinic.asScheduler().body(noZone).post(BASE + "/sessions").then().statusCode(400);
        var unknownKind = clinic.session("yoga", day, "16:00", 60);
        clinic.asScheduler().body(unknownKind).post(BASE + "/sessions").then().statusCode(400)
                .contentType(startsWith("application/problem+json"));
        clinic.asScheduler().body("{\"kind\": ").post(BASE + "/sessions").then().statusCode(400)
                .contentType(startsWith("application/problem+json"));
        clinic.asScheduler().queryParam("from", day.toString()).queryParam("to", day.toString())
                .get(BASE + "/sessions").then().statusCode(200).body("items", hasSize(1));
    }

    @Test
    void other_clinics_and_other_roles_see_nothing_and_change_nothing() {
        String sessionId = clinic.createSession(clinic.session("group-therapy", day, "09:00", 60));
        Sched other = new Sched();
        other.asScheduler().get(BASE + "/sessions/" + sessionId).then().statusCode(404)
                .contentType(startsWith("application/problem+json"));
        other.asScheduler().body(Map.of("reasonCode", "staff-illness"))
                .post(BASE + "/sessions/" + sessionId + "/cancel").then().statusCode(404);
        other.asScheduler().queryParam("from", day.toString()).queryParam("to", day.toString())
                .get(BASE + "/sessions").then().body("items", hasSize(0));
        as(TestTokens.staff(clinic.clinic, "nurse").bearer()).body(clinic.session("group-therapy", day, "18:00", 60))
                .post(BASE + "/sessions").then().statusCode(403);
        as(TestTokens.partner(UUID.randomUUID()).bearer()).get(BASE + "/sessions/" + sessionId).then().statusCode(403);
        io.restassured.RestAssured.given().get(BASE + "/sessions/" + sessionId).then().statusCode(401);
        clinic.asScheduler().get(BASE + "/sessions/" + sessionId).then().statusCode(200)
                .body("status", equalTo("booked"));
    }
}
