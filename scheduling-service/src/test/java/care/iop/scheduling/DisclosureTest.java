package care.iop.scheduling;

import care.iop.common.disclosure.Disclosures;
import care.iop.testkit.ConsentGrants;
import care.iop.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static care.iop.scheduling.Sched.BASE;
import static care.iop.scheduling.Sched.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

/** Partners read enrollments and attendance only with an active consent for enrollment-attendance, checked each time. */
@QuarkusTest
class DisclosureTest {

    @ConfigProperty(name = "iop.consent-authority.url")
    URI authority;

    private final Sched clinic = new Sched();
    private final UUID partnerId = UUID.randomUUID();
    private final String partner = TestTokens.partner(partnerId).bearer();

    @Test
    void enrollment_and_attendance_only_with_a_live_consent_for_the_category() {
        ConsentGrants grants = new ConsentGrants(authority);
        LocalDate today = LocalDate.now(Sched.NEW_YORK);
        String code = "T-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        String trackId = clinic.createTrack(clinic.track(code, List.of("monday", "wednesday", "friday"), "09:00", 180));
        String patient = UUID.randomUUID().toString();
        LocalDate start = today.minusWeeks(4);
        clinic.enroll(patient, trackId, start);
        LocalDate lastMonday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).minusWeeks(1);
        var session = clinic.session("group-therapy", lastMonday, "09:00", 180);
        session.put("trackId", trackId);
        session.remove("timeZone");
        String sessionId = clinic.createSession(session);
        String booking = clinic.asScheduler().get(BASE + "/sessions/" + sessionId + "/roster").then().extract()
                .path("participants.find { it.patientId == '" + patient + "' }.id");
        as(clinic.clinician).body(Map.of("attendance", "present")).put(BASE + "/bookings/" + booking + "/attendance")
                .then().statusCode(200);

        UUID patientId = UUID.fromString(patient);
        String url = BASE + "/disclosures/patients/" + patient + "/enrollment-attendance";
        as(partner).get(url).then().statusCode(403).contentType("application/problem+json");

        UUID other = grants.grant(patientId, partnerId, clinic.clinic, "medications");
        as(partner).get(url).then().statusCode(403);
        UUID consent = grants.grant(patientId, partnerId, clinic.clinic, "enrollment-attendance");
        as(partner).header("X-Purpose-Of-Use", "COC").get(url).then().statusCode(200)
                .body("category", equalTo("enrollment-attendance")).body("consentId", equalTo(consent.toString()))
                .body("purposeOfUse", equalTo("COC")).body("notice", equalTo(Disclosures.NOTICE))
                .body("data.enrollments", hasSize(1))
                .body("data.enrollments[0].trackCode", equalTo(code))
                .body("data.enrollments[0].status", equalTo("active"))
                .body("data.enrollments[0].startDate", equalTo(start.toString()))
                .body("data.enrollments[0]", not(hasKey("patientId")))
                .body("data.weeks.find { it.weekStart == '" + lastMonday + "' }.attendedHours", equalTo(3.0f))
                .body("data.weeks.find { it.weekStart == '" + lastMonday + "' }.scheduledHours", equalTo(3.0f))
                .body("data.weeks.find { it.weekStart == '" + lastMonday + "' }.targetHours", equalTo(9.0f))
                .body("data.weeks.find { it.weekStart == '" + lastMonday + "' }.status", equalTo("non-compliant"))
                .body("data.weeks.find { it.weekStart == '" + lastMonday + "' }.trackCode", equalTo(code));

        as(TestTokens.partner(UUID.randomUUID()).bearer()).get(url).then().statusCode(403);
        // Staff use the record itself, not the disclosure endpoints.
        as(clinic.scheduler).get(url).then().statusCode(403);

        as(TestTokens.staff(clinic.clinic, "auditor").bearer()).queryParam("patientId", patient)
                .get(BASE + "/audit-records").then().statusCode(200).body("items.action", hasItem("disclose"))
                .body("items.findAll { it.action == 'disclose' }.purposeOfUse", hasItem("COC"));

        grants.down(true);
        try {
            as(partner).get(url).then().statusCode(503).contentType("application/problem+json");
        } finally {
            grants.down(false);
        }
        as(partner).get(url).then().statusCode(200);
        grants.revoke(consent);
        as(partner).get(url).then().statusCode(403).contentType("application/problem+json");
        grants.revoke(other);
    }
}
