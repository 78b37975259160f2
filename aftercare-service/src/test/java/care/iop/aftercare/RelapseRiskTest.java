package care.iop.aftercare;

import care.iop.events.CloudEvent;
import care.iop.events.EventJson;
import care.iop.events.EventSchemas;
import care.iop.events.Topics;
import care.iop.events.intake.ScreeningCompleted;
import care.iop.events.intake.ScreeningInstrument;
import care.iop.events.medication.DoseMissed;
import care.iop.events.medication.DrugScreenResulted;
import care.iop.events.medication.ScreenResult;
import care.iop.events.medication.SubstanceResult;
import care.iop.events.scheduling.AttendanceComplianceChanged;
import care.iop.events.scheduling.ComplianceStatus;
import care.iop.events.scheduling.SessionKind;
import care.iop.events.scheduling.SessionMissed;
import care.iop.testkit.EventCapture;
import care.iop.testkit.EventPublisher;
import io.quarkus.test.junit.QuarkusTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static care.iop.aftercare.AftercareClinic.BASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

/** Each risk factor from real events moves the score; crossing the threshold flags once; redelivery counts once. */
@QuarkusTest
class RelapseRiskTest {

    private final AftercareClinic clinic = new AftercareClinic();

    private void awaitScore(UUID patient, double score) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> clinic.caseManager.api()
                .get(BASE + "/patients/" + patient + "/relapse-risk").then().statusCode(200)
                .body("score", equalTo((float) score)));
    }

    private CloudEvent missed(UUID patient, boolean excused) {
        return clinic.event("scheduling-service", new SessionMissed(UUID.randomUUID(), SessionKind.GROUP_THERAPY,
                excused, Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS), 1), patient);
    }

    @Test
    void signals_from_scheduling_and_medication_add_up_and_crossing_the_threshold_flags_once() {
        UUID patient = clinic.admitted(LocalDate.now().minusDays(20));
        EventPublisher.send(missed(patient, false), missed(patient, false), missed(patient, true));
        awaitScore(patient, 4.5);
        CloudEvent screen = clinic.event("medication-service", new DrugScreenResulted(UUID.randomUUID(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS), List.of(new SubstanceResult("FEN", ScreenResult.POSITIVE,
                false)), true), patient);
        EventPublisher.send(screen, screen);
        awaitScore(patient, 9.5);
        clinic.caseManager.api().get(BASE + "/worklist").then()
                .body("riskFlags.findAll { it.patientId == '" + patient + "' }", hasSize(0));

        try (EventCapture events = EventCapture.from(Topics.AFTERCARE)) {
            EventPublisher.send(clinic.event("medication-service", new DoseMissed(UUID.randomUUID(), "6813",
                    Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS),
                    Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS)), patient));
            CloudEvent flagged = events.await("care.iop.aftercare.relapse-risk.flagged.v1", patient);
            EventSchemas.assertValid(EventJson.write(flagged));
            assertThat(flagged.data().get("score").decimalValue()).isEqualByComparingTo("11.5");
            assertThat(flagged.data().get("threshold").decimalValue()).isEqualByComparingTo("10");
            assertThat(flagged.data().get("factors").findValuesAsText("code")).containsExactly(
                    "session-missed-unexcused", "session-missed-excused", "dose-missed", "unexpected-positive-screen");
            // Above the threshold already and the flag is open: more signals do not flag again.
            EventPublisher.send(missed(patient, false));
            awaitScore(patient, 13.5);
            events.assertNone(r -> r.value().contains("relapse-risk.flagged") && r.key().equals(patient.toString())
                    && !r.value().contains(flagged.id()), Duration.ofSeconds(3));
        }
        clinic.caseManager.api().get(BASE + "/patients/" + patient + "/relapse-risk").then()
                .body("factors.find { it.code == 'session-missed-unexcused' }.occurrences", equalTo(3))
                .body("factors.find { it.code == 'session-missed-unexcused' }.weight", equalTo(2))
                .body("openFlag.status", equalTo("open"));
        String flagId = clinic.caseManager.api().get(BASE + "/worklist").then()
                .body("riskFlags.findAll { it.patientId == '" + patient + "' }", hasSize(1))
                .extract().path("riskFlags.find { it.patientId == '" + patient + "' }.flagId");
        clinic.clinician.api().body(Map.of("action", "called-patient"))
                .post(BASE + "/risk-flags/" + flagId + "/acknowledge").then().statusCode(403);
        // The field was actionCode until issue #19; it is action, as in intake's screening acknowledgement.
        clinic.caseManager.api().body(Map.of("actionCode", "called-patient"))
                .post(BASE + "/risk-flags/" + flagId + "/acknowledge").then().statusCode(400);
        try (EventCapture events = EventCapture.from(Topics.AFTERCARE)) {
            String acknowledgedBy = clinic.caseManager.api().body(Map.of("action", "called-patient"))
                    .post(BASE + "/risk-flags/" + flagId + "/acknowledge").then().statusCode(200)
                    .body("status", equalTo("acknowledged")).body("acknowledgementAction", equalTo("called-patient"))
                    .body("$", not(hasKey("actionCode"))).extract().path("acknowledgedBy");
            CloudEvent acknowledged = events.await("care.iop.aftercare.relapse-risk.acknowledged.v1", patient);
            EventSchemas.assertValid(EventJson.write(acknowledged));
            assertThat(acknowledged.data().get("flagId").asText()).isEqualTo(flagId);
            assertThat(acknowledged.data().get("actionCode").asText()).isEqualTo("called-patient");
            assertThat(acknowledged.data().get("acknowledgedBy").asText()).isEqualTo(acknowledgedBy);
        }
        clinic.caseManager.api().get(BASE + "/worklist").then()
                .body("riskFlags.findAll { it.patientId == '" + patient + "' }", hasSize(0));
        clinic.caseManager.api().body(Map.of("action", "again"))
                .post(BASE + "/risk-flags/" + flagId + "/acknowledge").then().statusCode(409);
    }

    @Test
    void a_worsening_phq9_with_item_9_and_non_compliant_attendance_count_and_other_instruments_do_not() {
        UUID patient = clinic.admitted(LocalDate.now().minusDays(20));
        EventPublisher.send(clinic.event("intake-service", new ScreeningCompleted(UUID.randomUUID(),
                        ScreeningInstrument.GAD_7, "70274-6", 18, "severe", List.of("further-evaluation"), 9,
                        Instant.now().truncatedTo(ChronoUnit.SECONDS)), patient),
                clinic.event("intake-service", new ScreeningCompleted(UUID.randomUUID(), ScreeningInstrument.PHQ_9,
                        "44261-6", 16, "moderately-severe", List.of("suicide-risk-follow-up"), 6,
                        Instant.now().truncatedTo(ChronoUnit.SECONDS)), patient));
        awaitScore(patient, 10.0);
        EventPublisher.send(clinic.event("scheduling-service", new AttendanceComplianceChanged(UUID.randomUUID(),
                LocalDate.now().minusDays(7), ComplianceStatus.AT_RISK, ComplianceStatus.NON_COMPLIANT,
                new BigDecimal("9.00"), new BigDecimal("6.00"), new BigDecimal("9.00"), 2), patient));
        awaitScore(patient, 13.0);
        clinic.caseManager.api().get(BASE + "/patients/" + patient + "/relapse-risk").then()
                .body("factors.code", equalTo(List.of("attendance-non-compliant", "phq9-worsened", "phq9-item9")))
                .body("openFlag.score", equalTo(10.0f));
    }

    @Test
    void the_rule_table_is_published_with_its_weights() {
        clinic.caseManager.api().get(BASE + "/risk-rules").then().statusCode(200)
                .body("find { it.code == 'unexpected-positive-screen' }.weight", equalTo(5));
    }
}
