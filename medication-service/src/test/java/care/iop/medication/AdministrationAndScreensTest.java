package care.iop.medication;

import care.iop.events.CloudEvent;
import care.iop.events.EventJson;
import care.iop.events.EventSchemas;
import care.iop.events.LevelOfCare;
import care.iop.events.Topics;
import care.iop.events.aftercare.PatientDischarged;
import care.iop.testkit.EventCapture;
import care.iop.testkit.EventPublisher;
import care.iop.medication.mar.MissedDoses;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static care.iop.medication.MedClinic.BASE;
import static care.iop.medication.MedClinic.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/** Dose administration and missed doses, drug screens, discharge review and reconciliation. */
@QuarkusTest
class AdministrationAndScreensTest {

    static final ZoneId ZONE = ZoneId.of("America/New_York");

    private final MedClinic clinic = new MedClinic();

    @Inject
    MissedDoses missedDoses;

    @Test
    void observed_doses_are_recorded_by_nurses_and_a_dose_not_given_in_its_window_becomes_missed() {
        UUID patient = clinic.admittedPatient();
        LocalDateTime now = LocalDateTime.now(ZONE).truncatedTo(ChronoUnit.MINUTES);
        var methadone = order("methadone", "oral", 60, "mg");
        methadone.put("matProgram", true);
        methadone.put("startDate", now.toLocalDate().minusDays(1).toString());
        // Due five minutes ago (given now), in twenty minutes and in ninety; half an hour either side to give each.
        methadone.put("administration", Map.of("times", List.of(now.minusMinutes(5).toLocalTime().toString(),
                now.plusMinutes(20).toLocalTime().toString(), now.plusMinutes(90).toLocalTime().toString()),
                "timeZone", ZONE.getId(), "windowMinutes", 30));
        String orderId = clinic.prescribe(patient, methadone);
        clinic.clinician.api().body(Map.of("outcome", "administered"))
                .post(BASE + "/orders/" + orderId + "/administrations").then().statusCode(403);
        try (EventCapture events = EventCapture.from(Topics.MEDICATION)) {
            String slot = clinic.nurse.api().body(Map.of("outcome", "administered", "takeHomeDoses", 2))
                    .post(BASE + "/orders/" + orderId + "/administrations").then().statusCode(201)
                    .body("takeHomeDoses", equalTo(2)).extract().path("scheduledFor");
            assertThat(Instant.parse(slot)).isEqualTo(now.minusMinutes(5).atZone(ZONE).toInstant());
            CloudEvent given = events.await("care.iop.medication.dose.administered.v1", patient);
            assertThat(given.data().get("takeHome").asBoolean()).isTrue();
            assertThat(given.data().get("takeHomeDoses").asInt()).isEqualTo(2);
            // A second nurse a minute later: that dose was given, and nothing else is due within its window.
            clinic.nurse.api().body(Map.of("outcome", "administered"))
                    .post(BASE + "/orders/" + orderId + "/administrations").then().statusCode(409);
            clinic.nurse.api().body(Map.of("outcome", "refused"))
                    .post(BASE + "/orders/" + orderId + "/administrations").then().statusCode(400)
                    .body("violations[0].field", equalTo("reasonCode"));

            // Three hours on, the two later doses have passed their windows unrecorded.
            // (The timer runs too; an order it is checking at that moment is skipped, so count until both are in.)
            int[] marked = {0};
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                    (marked[0] += missedDoses.markMissed(Instant.now().plus(3, ChronoUnit.HOURS))) >= 2);
            assertThat(marked[0]).isEqualTo(2);
            assertThat(missedDoses.markMissed(Instant.now().plus(3, ChronoUnit.HOURS))).isZero();
            var missed = events.awaitCount(r -> r.key().equals(patient.toString())
                    && r.value().contains("dose.missed"), 2, Duration.ofSeconds(20));
            EventSchemas.assertValid(missed.get(0).value());
            assertThat(EventJson.parse(missed.get(0).value()).data().get("orderId").asText()).isEqualTo(orderId);
        }
        clinic.nurse.api().queryParam("from", now.toLocalDate().minusDays(1).toString())
                .get(BASE + "/patients/" + patient + "/adherence").then().statusCode(200)
                .body("[0].scheduled", equalTo(1)).body("[0].administered", equalTo(1))
                .body("[0].adherencePercent", equalTo(100.0f)).body("[0].takeHomeDoses", equalTo(2));
        clinic.nurse.api().queryParam("to", now.toLocalDate().plusDays(1).toString())
                .get(BASE + "/patients/" + patient + "/administrations").then().statusCode(200)
                .body("findAll { it.outcome == 'missed' }.size()", equalTo(2));
    }

    @Test
    void an_injectable_needs_its_lot_and_take_homes_need_a_mat_program_order() {
        UUID patient = clinic.admittedPatient();
        String xr = clinic.prescribe(patient, order("naltrexone-xr-injectable", "intramuscular", 380, "mg"));
        clinic.nurse.api().body(Map.of("outcome", "administered")).post(BASE + "/orders/" + xr + "/administrations")
                .then().statusCode(400).body("violations[0].field", equalTo("lot"));
        clinic.nurse.api().body(Map.of("outcome", "administered", "lot", "LOT-4471"))
                .post(BASE + "/orders/" + xr + "/administrations").then().statusCode(201).body("lot", equalTo("LOT-4471"));
        String sertraline = clinic.prescribe(patient, order("sertraline", "oral", 50, "mg"));
        clinic.nurse.api().body(Map.of("outcome", "administered", "takeHomeDoses", 3))
                .post(BASE + "/orders/" + sertraline + "/administrations").then().statusCode(400)
                .body("violations[0].field", equalTo("takeHomeDoses"));
    }

    @Test
    void a_positive_for_a_prescribed_medication_is_expected_and_any_other_is_flagged() {
        UUID patient = clinic.admittedPatient();
        clinic.prescribe(patient, order("buprenorphine", "sublingual", 8, "mg"));
        clinic.clinician.api().body(Map.of("specimen", "urine", "panel", List.of("BUP")))
                .post(BASE + "/patients/" + patient + "/drug-screens").then().statusCode(403);
        String screen = clinic.prescriber.api().body(Map.of("specimen", "urine", "panel", List.of("BUP", "FEN", "THC")))
                .post(BASE + "/patients/" + patient + "/drug-screens").then().statusCode(201)
                .body("status", equalTo("ordered")).extract().path("id");
        var results = Map.of("results", List.of(Map.of("substanceCode", "BUP", "result", "positive"),
                Map.of("substanceCode", "FEN", "result", "positive"), Map.of("substanceCode", "THC", "result", "negative")));
        clinic.nurse.api().body(results).post(BASE + "/drug-screens/" + screen + "/results").then().statusCode(409);
        clinic.nurse.api().body(Map.of()).post(BASE + "/drug-screens/" + screen + "/collection").then().statusCode(200)
                .body("status", equalTo("collected"));
        clinic.nurse.api().body(Map.of("results", List.of(Map.of("substanceCode", "BUP", "result", "positive"))))
                .post(BASE + "/drug-screens/" + screen + "/results").then().statusCode(400);
        try (EventCapture events = EventCapture.from(Topics.MEDICATION)) {
            clinic.nurse.api().body(results).post(BASE + "/drug-screens/" + screen + "/results").then().statusCode(200)
                    .body("unexpectedPositive", equalTo(true))
                    .body("results.find { it.substanceCode == 'BUP' }.expected", equalTo(true))
                    .body("results.find { it.substanceCode == 'FEN' }.expected", equalTo(false));
            CloudEvent resulted = events.await("care.iop.medication.drug-screen.resulted.v1", patient);
            EventSchemas.assertValid(EventJson.write(resulted));
            assertThat(resulted.data().get("unexpectedPositive").asBoolean()).isTrue();
            assertThat(resulted.data().get("substances")).hasSize(3);
        }
        clinic.nurse.api().body(results).post(BASE + "/drug-screens/" + screen + "/results").then().statusCode(409);

        String clean = clinic.prescriber.api().body(Map.of("specimen", "oral-fluid", "panel", List.of("BUP")))
                .post(BASE + "/patients/" + patient + "/drug-screens").then().extract().path("id");
        clinic.nurse.api().body(Map.of()).post(BASE + "/drug-screens/" + clean + "/collection").then().statusCode(200);
        clinic.nurse.api().body(Map.of("results", List.of(Map.of("substanceCode", "BUP", "result", "positive"))))
                .post(BASE + "/drug-screens/" + clean + "/results").then().statusCode(200)
                .body("unexpectedPositive", equalTo(false));
    }

    @Test
    void discharge_puts_active_orders_on_a_review_worklist_instead_of_stopping_them() {
        UUID patient = clinic.admittedPatient();
        String bup = clinic.prescribe(patient, order("buprenorphine", "sublingual", 8, "mg"));
        var decision = Map.of("decision", "continued", "reasonCode", "handed-to-outpatient-prescriber");
        // Before the discharge has arrived here, the decision waits for it: 409 naming the event, with Retry-After.
        clinic.prescriber.api().body(decision).post(BASE + "/orders/" + bup + "/discharge-review").then()
                .statusCode(409).header("Retry-After", "2")
                .body("type", equalTo("urn:iop:problem:awaiting-event"))
                .body("awaitedEvent", equalTo("care.iop.aftercare.patient.discharged.v1"));
        clinic.prescriber.api().get(BASE + "/orders/" + bup).then().body("dischargeReview", nullValue());
        var discharge = EventPublisher.event("aftercare-service", new PatientDischarged(UUID.randomUUID(),
                UUID.randomUUID(), 1, LocalDate.now(), 60, LevelOfCare.LEVEL_1), patient, clinic.clinic);
        EventPublisher.send(discharge, discharge);
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                clinic.prescriber.api().get(BASE + "/discharge-review").then().statusCode(200)
                        .body("findAll { it.id == '" + bup + "' }", hasSize(1)));
        clinic.prescriber.api().get(BASE + "/orders/" + bup).then().body("status", equalTo("active"))
                .body("dischargeReview", equalTo("pending"))
                .body("history.action", equalTo(List.of("prescribed", "discharge-review-requested")));
        clinic.prescriber.api().body(decision)
                .post(BASE + "/orders/" + bup + "/discharge-review").then().statusCode(200)
                .body("dischargeReview", equalTo("continued")).body("status", equalTo("active"));
        // Decided once: a second decision is a plain conflict, nothing to wait for.
        clinic.prescriber.api().body(decision).post(BASE + "/orders/" + bup + "/discharge-review").then()
                .statusCode(409).header("Retry-After", nullValue()).body("type", equalTo("urn:iop:problem:conflict"));
        clinic.prescriber.api().get(BASE + "/discharge-review").then()
                .body("findAll { it.id == '" + bup + "' }", hasSize(0));
    }

    @Test
    void reconciliation_is_completed_by_a_prescriber_with_a_decision_per_home_medication() {
        UUID patient = clinic.admittedPatient();
        var body = Map.of("items", List.of(
                Map.of("medication", "sertraline 50 mg", "catalogueId", "sertraline", "decision", "continue"),
                Map.of("medication", "oxycodone 5 mg", "decision", "stop", "note", "opioid use disorder")));
        clinic.nurse.api().body(body).post(BASE + "/patients/" + patient + "/reconciliations").then().statusCode(403);
        clinic.prescriber.api().body(Map.of("items", List.of(Map.of("medication", "x", "catalogueId", "nope",
                "decision", "stop")))).post(BASE + "/patients/" + patient + "/reconciliations").then().statusCode(400);
        clinic.prescriber.api().body(body).post(BASE + "/patients/" + patient + "/reconciliations").then()
                .statusCode(201).body("items.decision", equalTo(List.of("continue", "stop")))
                .body("completedBy", equalTo(clinic.prescriber.id().toString()));
        clinic.nurse.api().get(BASE + "/patients/" + patient + "/reconciliations").then().body("$", hasSize(1));
    }
}
