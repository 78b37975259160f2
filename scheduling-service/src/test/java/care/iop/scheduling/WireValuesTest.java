package care.iop.scheduling;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static care.iop.scheduling.Sched.BASE;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

/**
 * Issue #19: enums are kebab-case on the wire, in bodies and query parameters; the old spelling is a 400 that
 * changes nothing. Creations answer 201 with the created resource's Location.
 */
@QuarkusTest
class WireValuesTest {

    private final Sched clinic = new Sched();

    private static String code() {
        return "T-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    }

    @Test
    void track_days_are_lowercase_and_the_old_uppercase_names_are_refused() {
        String code = code();
        Map<String, Object> track = clinic.track(code, List.of("MONDAY", "WEDNESDAY"), "09:00", 180);
        clinic.asScheduler().body(track).post(BASE + "/tracks").then().statusCode(400);
        clinic.asScheduler().get(BASE + "/tracks").then().statusCode(200)
                .body("findAll { it.code == '" + code + "' }", org.hamcrest.Matchers.empty());

        track.put("days", List.of("monday", "wednesday"));
        var created = clinic.asScheduler().body(track).post(BASE + "/tracks").then().statusCode(201)
                .body("days", equalTo(List.of("monday", "wednesday"))).extract();
        String id = created.path("id");
        created.response().then().header("Location", endsWith("/api/v1/scheduling/tracks/" + id));
        clinic.asScheduler().get(created.header("Location")).then().statusCode(200).body("code", equalTo(code))
                .body("days", equalTo(List.of("monday", "wednesday")));
    }

    @Test
    void series_days_are_lowercase_and_the_old_uppercase_names_are_refused() {
        Map<String, Object> series = new HashMap<>();
        series.put("kind", "individual-therapy");
        series.put("days", List.of("TUESDAY"));
        series.put("startTime", "07:00");
        series.put("durationMinutes", 60);
        series.put("timeZone", Sched.NEW_YORK.getId());
        series.put("firstDate", Sched.nextWeekday(DayOfWeek.MONDAY, 0).toString());
        series.put("lastDate", Sched.nextWeekday(DayOfWeek.MONDAY, 1).toString());
        series.put("modality", "telehealth");
        series.put("joinUrl", "https://video.example.org/room/1");
        series.put("facilitatorIds", List.of(clinic.facilitator()));
        clinic.asScheduler().body(series).post(BASE + "/series").then().statusCode(400);

        series.put("days", List.of("tuesday"));
        String id = clinic.asScheduler().body(series).post(BASE + "/series").then().statusCode(201)
                .body("days", equalTo(List.of("tuesday"))).header("Location", org.hamcrest.Matchers.notNullValue())
                .extract().path("id");
        clinic.asScheduler().get(BASE + "/series/" + id).then().statusCode(200)
                .body("days", equalTo(List.of("tuesday")));
    }

    @Test
    void query_enums_take_the_wire_values_only() {
        clinic.asScheduler().queryParam("kind", "group-therapy").queryParam("status", "booked")
                .get(BASE + "/sessions").then().statusCode(200);
        clinic.asScheduler().queryParam("kind", "GROUP_THERAPY").get(BASE + "/sessions").then().statusCode(400)
                .body("violations[0].field", equalTo("kind"));
        clinic.asScheduler().queryParam("status", "BOOKED").get(BASE + "/sessions").then().statusCode(400)
                .body("violations[0].field", equalTo("status"));
        clinic.asScheduler().queryParam("status", "pending-track").get(BASE + "/enrollments").then().statusCode(200);
        clinic.asScheduler().queryParam("status", "PENDING_TRACK").get(BASE + "/enrollments").then().statusCode(400)
                .body("violations[0].field", equalTo("status"));
    }

    @Test
    void every_creation_answers_201_with_the_location_of_what_it_created() {
        String room = clinic.asScheduler().body(Map.of("name", "Room " + UUID.randomUUID(), "capacity", 10))
                .post(BASE + "/rooms").then().statusCode(201).extract().header("Location");
        clinic.asScheduler().get(room).then().statusCode(200).body("capacity", equalTo(10));

        var session = clinic.session("individual-therapy", Sched.nextWeekday(DayOfWeek.TUESDAY, 1), "08:00", 60);
        var created = clinic.asScheduler().body(session).post(BASE + "/sessions").then().statusCode(201).extract();
        String sessionId = created.path("id");
        created.response().then().header("Location", endsWith("/api/v1/scheduling/sessions/" + sessionId));

        String patient = clinic.enrolledPatient();
        var booked = clinic.asScheduler().body(Map.of("patientId", patient))
                .post(BASE + "/sessions/" + sessionId + "/bookings").then().statusCode(201).extract();
        clinic.asScheduler().get(booked.header("Location")).then().statusCode(200)
                .body("id", equalTo(booked.path("id"))).body("patientId", equalTo(patient));

        String enrollment = clinic.asScheduler().queryParam("patientId", patient).get(BASE + "/enrollments").then()
                .extract().path("items[0].id");
        clinic.asScheduler().get(BASE + "/enrollments/" + enrollment).then().statusCode(200)
                .body("firstBooking.bookedFrom", org.hamcrest.Matchers.notNullValue());
    }
}
