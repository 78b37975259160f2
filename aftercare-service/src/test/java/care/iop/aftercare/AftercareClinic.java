package care.iop.aftercare;

import care.iop.events.CloudEvent;
import care.iop.events.EventData;
import care.iop.events.LevelOfCare;
import care.iop.events.intake.PatientAdmitted;
import care.iop.testkit.EventPublisher;
import care.iop.testkit.StaffMember;
import org.awaitility.Awaitility;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.hasSize;

/** One clinic for an aftercare test: its staff, and patients admitted through intake's events. */
public final class AftercareClinic {

    public static final String BASE = "/api/v1/aftercare";


    public final UUID clinic = UUID.randomUUID();
    public final StaffMember caseManager = person("case-manager");
    public final StaffMember clinician = person("clinician");
    public final StaffMember admin = person("clinic-admin");

    public StaffMember person(String... roles) {
        return StaffMember.of(clinic, roles);
    }

    /** Admits a new patient on a date and waits for the episode; returns the patient id. */
    public UUID admitted(LocalDate on) {
        UUID patient = UUID.randomUUID();
        admit(patient, on, 1);
        return patient;
    }

    /** Admits (again) and waits until the patient has {@code episodes} episodes. */
    public void admit(UUID patient, LocalDate on, int episodes) {
        EventPublisher.send(event("intake-service", new PatientAdmitted(UUID.randomUUID(), "IOP-1",
                LevelOfCare.LEVEL_2_1, on, UUID.randomUUID()), patient));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> caseManager.api()
                .get(BASE + "/patients/" + patient + "/episodes").then().statusCode(200).body("$", hasSize(episodes)));
    }

    public CloudEvent event(String source, EventData data, UUID patient) {
        return EventPublisher.event(source, data, patient, clinic);
    }

    public String episodeOf(UUID patient) {
        return caseManager.api().get(BASE + "/patients/" + patient + "/episodes").then().extract().path("[-1].id");
    }

    /** Discharges the patient's latest episode and returns its follow-ups' ids by kind. */
    public void discharge(UUID patient, int reason, LocalDate on) {
        caseManager.api().body(Map.of("reasonCode", reason, "dischargeDate", on.toString(),
                        "summary", "Completed the program goals.", "stepDownLevel", "1", "timeZone", "America/Chicago"))
                .post(BASE + "/episodes/" + episodeOf(patient) + "/discharge").then().statusCode(201);
    }
}
