package care.iop.scheduling;

import care.iop.scheduling.patient.KnownPatient;
import care.iop.testkit.TestStaff;
import care.iop.testkit.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** One clinic's worth of scheduling set-up over HTTP, for the tests. Every call uses fresh ids, so tests never collide. */
public final class Sched {

    public static final String BASE = "/api/v1/scheduling";
    public static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    public final UUID clinic = UUID.randomUUID();
    public final String scheduler = TestTokens.staff(clinic, "scheduler").bearer();
    public final String clinician = TestTokens.staff(clinic, "clinician").bearer();

    public static RequestSpecification as(String bearer) {
        return RestAssured.given().header("Authorization", bearer).contentType(ContentType.JSON);
    }

    public RequestSpecification asScheduler() {
        return as(scheduler);
    }

    public String room(int capacity) {
        return asScheduler().body(Map.of("name", "Room " + UUID.randomUUID(), "capacity", capacity))
                .post(BASE + "/rooms").then().statusCode(201).extract().path("id");
    }

    /** A new clinician of this clinic, known to the staff directory: an id sessions and tracks accept as facilitator. */
    public String facilitator() {
        return TestStaff.register(clinic, "clinician").toString();
    }

    /** A track with a fresh facilitator of this clinic. */
    public Map<String, Object> track(String code, List<String> days, String startTime, int minutes) {
        Map<String, Object> body = new HashMap<>();
        body.put("code", code);
        body.put("name", "Adult evening IOP");
        body.put("levelOfCare", "2.1");
        body.put("population", "adult");
        body.put("timeZone", NEW_YORK.getId());
        body.put("days", days);
        body.put("startTime", startTime);
        body.put("durationMinutes", minutes);
        body.put("facilitatorIds", List.of(facilitator()));
        return body;
    }

    public String createTrack(Map<String, Object> body) {
        return asScheduler().body(body).post(BASE + "/tracks").then().statusCode(201).extract().path("id");
    }

    /** An in-person session in a fresh room with a fresh facilitator. */
    public Map<String, Object> session(String kind, LocalDate date, String startTime, int minutes) {
        Map<String, Object> body = new HashMap<>();
        body.put("kind", kind);
        body.put("date", date.toString());
        body.put("startTime", startTime);
        body.put("durationMinutes", minutes);
        body.put("timeZone", NEW_YORK.getId());
        body.put("modality", "in-person");
        body.put("roomId", room(20));
        body.put("facilitatorIds", List.of(facilitator()));
        return body;
    }

    public String createSession(Map<String, Object> body) {
        return asScheduler().body(body).post(BASE + "/sessions").then().statusCode(201).extract().path("id");
    }

    /**
     * Makes a patient known to this clinic, as intake's events do (the consumer's own insert; tests that need the
     * event path send the event instead).
     */
    public String know(String patientId) {
        QuarkusTransaction.requiringNew().run(() -> KnownPatient.know(clinic, UUID.fromString(patientId)));
        return patientId;
    }

    /** Enrolls a patient by hand, making them known to the clinic first. */
    public String enroll(String patientId, String trackId, LocalDate start) {
        know(patientId);
        return asScheduler().body(Map.of("patientId", patientId, "trackId", trackId, "startDate", start.toString()))
                .post(BASE + "/enrollments").then().statusCode(201).extract().path("id");
    }

    /** A patient enrolled in a fresh track (no sessions of its own), ready to be booked by hand. */
    public String enrolledPatient() {
        String trackId = createTrack(track("T-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(),
                List.of("monday"), "09:00", 180));
        String patient = UUID.randomUUID().toString();
        enroll(patient, trackId, LocalDate.now(NEW_YORK).minusWeeks(4));
        return patient;
    }

    public String book(String sessionId, String patientId) {
        return asScheduler().body(Map.of("patientId", patientId)).post(BASE + "/sessions/" + sessionId + "/bookings")
                .then().statusCode(201).extract().path("id");
    }

    public static LocalDate nextWeekday(DayOfWeek day, int weeksAhead) {
        return LocalDate.now(NEW_YORK).with(TemporalAdjusters.next(day)).plusWeeks(weeksAhead);
    }
}
