package care.iop.scheduling.fhir;

import care.iop.scheduling.Sched;
import care.iop.testkit.TestTokens;
import care.iop.testkit.fhir.UsCoreValidator;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static care.iop.scheduling.Sched.BASE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One patient's program week, set up through scheduling's REST API, for the FHIR tests. Dates hang from one anchor,
 * {@link #monday}: the Monday three weeks before this week (sessions may be recorded a year back, and attendance only
 * once a session has started), so the assertions name the anchor's days, never today's.
 *
 * <ul>
 *   <li>{@link #group}: group therapy, Monday 09:00–12:00 New York, in person — present (180 minutes);</li>
 *   <li>{@link #individual}: individual therapy, Wednesday 09:00–09:50, telehealth — late (40 minutes);</li>
 *   <li>{@link #family}: family therapy, Friday 13:00–14:00, in person — absent, unexcused;</li>
 *   <li>{@link #upcoming}: individual therapy next week, booked (an Appointment, not yet an Encounter).</li>
 * </ul>
 */
final class ScheduledPatient {

    static final String FHIR = "/fhir/r4";

    final Sched clinic = new Sched();
    final String patient = UUID.randomUUID().toString();
    final LocalDate monday = LocalDate.now(Sched.NEW_YORK).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
            .minusWeeks(3);
    final String trackId;
    final String enrollment;
    final String group;
    final String individual;
    final String family;
    final String upcoming;

    ScheduledPatient() {
        trackId = clinic.createTrack(clinic.track("T-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(),
                List.of("monday"), "09:00", 180));
        enrollment = clinic.enroll(patient, trackId, monday.minusWeeks(1));
        group = booked(clinic.session("group-therapy", monday, "09:00", 180));
        individual = booked(telehealth(clinic.session("individual-therapy", monday.plusDays(2), "09:00", 50)));
        family = booked(clinic.session("family-therapy", monday.plusDays(4), "13:00", 60));
        upcoming = booked(clinic.session("individual-therapy", Sched.nextWeekday(DayOfWeek.MONDAY, 1), "10:00", 50));
        attend(group, "present", null);
        attend(individual, "late", 40);
        attend(family, "absent-unexcused", null);
    }

    private static Map<String, Object> telehealth(Map<String, Object> session) {
        session.put("modality", "telehealth");
        session.remove("roomId");
        session.put("joinUrl", "https://meet.example.org/" + UUID.randomUUID());
        return session;
    }

    private String booked(Map<String, Object> session) {
        return clinic.book(clinic.createSession(session), patient);
    }

    private void attend(String booking, String attendance, Integer minutes) {
        Map<String, Object> body = new HashMap<>(Map.of("attendance", attendance));
        if (minutes != null) {
            body.put("minutesAttended", minutes);
        }
        Sched.as(clinic.clinician).body(body).put(BASE + "/bookings/" + booking + "/attendance").then().statusCode(200);
    }

    /** The clinic's EHR with these SMART scopes. */
    String ehr(String scopes) {
        return TestTokens.ehr(clinic.clinic, "ehr-northside").claim("scope", scopes).bearer();
    }

    /** Another clinic's EHR with every scope it could want. */
    static String otherClinicsEhr() {
        return TestTokens.ehr(UUID.randomUUID(), "ehr-riverside")
                .claim("scope", "system/Encounter.rs system/Appointment.rs system/EpisodeOfCare.rs").bearer();
    }

    static RequestSpecification fhir(String bearer) {
        RequestSpecification spec = RestAssured.given().accept("application/fhir+json");
        return bearer == null ? spec : spec.header("Authorization", bearer);
    }

    static Bundle bundle(Response response) {
        response.then().statusCode(200);
        return parse(response.asString(), Bundle.class);
    }

    static <T extends IBaseResource> T parse(String json, Class<T> type) {
        return UsCoreValidator.get().fhirContext().newJsonParser().parseResource(type, json);
    }

    /** Every resource of the bundle, each validated (0 errors) as served, against US Core where it claims it. */
    static List<Resource> validEntries(Bundle bundle) {
        var parser = UsCoreValidator.get().fhirContext().newJsonParser();
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            String json = parser.encodeResourceToString(entry.getResource());
            assertThat(UsCoreValidator.get().errors(json)).as(entry.getFullUrl()).isEmpty();
        }
        return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).toList();
    }

    static List<String> ids(Bundle bundle) {
        return bundle.getEntry().stream().map(e -> e.getResource().getIdElement().getIdPart()).toList();
    }
}
