package care.iop.medication;

import care.iop.events.LevelOfCare;
import care.iop.events.intake.PatientAdmitted;
import care.iop.testkit.EventPublisher;
import care.iop.testkit.StaffMember;
import org.awaitility.Awaitility;

import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** One clinic for a medication test: prescriber, nurse and clinician, and patients admitted through Kafka. */
public final class MedClinic {

    public static final String BASE = "/api/v1/medications";


    public final UUID clinic = UUID.randomUUID();
    public final StaffMember prescriber = person("prescriber");
    public final StaffMember nurse = person("nurse");
    public final StaffMember clinician = person("clinician");

    public StaffMember person(String... roles) {
        return StaffMember.of(clinic, roles);
    }

    public UUID admittedPatient() {
        UUID patient = UUID.randomUUID();
        EventPublisher.send(EventPublisher.event("intake-service", new PatientAdmitted(UUID.randomUUID(), "IOP-1",
                LevelOfCare.LEVEL_2_1, LocalDate.now(), UUID.randomUUID()), patient, clinic));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                prescriber.api().get(BASE + "/patients/" + patient + "/orders").then().statusCode(200));
        return patient;
    }

    public static Map<String, Object> order(String medicationId, String route, double dose, String unit) {
        Map<String, Object> body = new HashMap<>();
        body.put("medicationId", medicationId);
        body.put("dose", dose);
        body.put("doseUnit", unit);
        body.put("route", route);
        body.put("frequency", "daily");
        body.put("startDate", LocalDate.now().toString());
        body.put("indication", "F11.20");
        body.put("pdmpCheckedOn", LocalDate.now().toString());
        return body;
    }

    public String prescribe(UUID patient, Map<String, Object> order) {
        return prescriber.api().body(order).post(BASE + "/patients/" + patient + "/orders").then().statusCode(201)
                .extract().path("id");
    }

    public static Map<String, Object> resolution(String rule, String reason) {
        return Map.of("rule", rule, "reasonCode", reason, "note", "discussed with patient");
    }

    public static List<Map<String, Object>> list(Map<String, Object> one) {
        return List.of(one);
    }
}
