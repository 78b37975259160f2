package care.iop.notes;

import care.iop.events.LevelOfCare;
import care.iop.events.intake.PatientAdmitted;
import care.iop.events.scheduling.AttendanceStatus;
import care.iop.events.scheduling.SessionAttended;
import care.iop.events.scheduling.SessionKind;
import care.iop.testkit.EventPublisher;
import care.iop.testkit.StaffMember;
import org.awaitility.Awaitility;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** One clinic for a notes test: its staff (with stable ids), patients admitted and sessions attended via Kafka. */
public final class NotesClinic {

    public static final String BASE = "/api/v1/notes";


    public final UUID clinic = UUID.randomUUID();
    public final StaffMember clinician = person("clinician");
    public final StaffMember otherClinician = person("clinician");
    public final StaffMember supervisor = person("clinical-supervisor");

    public StaffMember person(String... roles) {
        return StaffMember.of(clinic, roles);
    }

    /** Admits a new patient through intake's event and waits until this service knows them. */
    public UUID admittedPatient() {
        UUID patient = UUID.randomUUID();
        admit(patient);
        return patient;
    }

    /** Admits {@code patient} through intake's event and waits until this service knows them. */
    public void admit(UUID patient) {
        EventPublisher.send(EventPublisher.event("intake-service", new PatientAdmitted(UUID.randomUUID(), "IOP-1",
                LevelOfCare.LEVEL_2_1, LocalDate.now(), UUID.randomUUID()), patient, clinic));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                clinician.api().get(BASE + "/patients/" + patient + "/notes").then().statusCode(200));
    }

    /** Scheduling's word that the patient attended a session that started at {@code startedAt}; waits for it. */
    public void attended(UUID session, UUID patient, Instant startedAt, UUID facilitator) {
        EventPublisher.send(EventPublisher.event("scheduling-service", new SessionAttended(session,
                SessionKind.GROUP_THERAPY, AttendanceStatus.PRESENT, 180, startedAt.truncatedTo(ChronoUnit.SECONDS),
                List.of(facilitator)), patient, clinic));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> clinician.api()
                .get(BASE + "/worklist").then().statusCode(200)
                .body("notes.findAll { it.sessionId == '" + session + "' && it.patientId == '" + patient + "' }",
                        org.hamcrest.Matchers.hasSize(1)));
    }

    public static Map<String, Object> soap(String subjective, String plan) {
        Map<String, Object> sections = new HashMap<>();
        sections.put("subjective", subjective);
        sections.put("objective", "Alert, oriented, engaged in session.");
        sections.put("assessment", "Early remission, motivation improving.");
        if (plan != null) {
            sections.put("plan", plan);
        }
        Map<String, Object> body = new HashMap<>();
        body.put("kind", "progress");
        body.put("format", "soap");
        body.put("serviceDate", LocalDate.now().toString());
        body.put("sections", sections);
        body.put("mentalStatus", Map.of("mood", "euthymic", "affect", "congruent", "thoughtProcess", "linear"));
        body.put("risk", Map.of("suicidalIdeation", "none", "homicidalIdeation", "none", "selfHarm", false,
                "level", "low", "safetyPlanReviewed", true));
        body.put("interventions", List.of("cbt", "motivational-interviewing"));
        return body;
    }
}
