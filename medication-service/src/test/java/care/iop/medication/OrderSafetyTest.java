package care.iop.medication;

import care.iop.events.CloudEvent;
import care.iop.events.EventJson;
import care.iop.events.EventSchemas;
import care.iop.events.Topics;
import care.iop.testkit.EventCapture;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static care.iop.medication.MedClinic.BASE;
import static care.iop.medication.MedClinic.order;
import static care.iop.medication.MedClinic.resolution;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

/** Every safety rule refused, warned, acknowledged and overridden; role limits; the prescribing events. */
@QuarkusTest
class OrderSafetyTest {

    private final MedClinic clinic = new MedClinic();

    private io.restassured.response.ValidatableResponse attempt(UUID patient, Map<String, Object> body) {
        return clinic.prescriber.api().body(body).post(BASE + "/patients/" + patient + "/orders").then();
    }

    @Test
    void buprenorphine_needs_a_recent_pdmp_check_and_only_a_prescriber_orders_it() {
        UUID patient = clinic.admittedPatient();
        var bup = order("buprenorphine-naloxone", "sublingual", 8, "mg");
        bup.put("matProgram", true);
        bup.remove("pdmpCheckedOn");
        attempt(patient, bup).statusCode(422).contentType(startsWith("application/problem+json"));
        bup.put("pdmpCheckedOn", LocalDate.now().minusDays(30).toString());
        attempt(patient, bup).statusCode(422);
        bup.put("pdmpCheckedOn", LocalDate.now().minusDays(1).toString());
        clinic.nurse.api().body(bup).post(BASE + "/patients/" + patient + "/orders").then().statusCode(403);
        clinic.clinician.api().body(bup).post(BASE + "/patients/" + patient + "/orders").then().statusCode(403);
        var wrongRoute = new java.util.HashMap<>(bup);
        wrongRoute.put("route", "oral");
        attempt(patient, wrongRoute).statusCode(400).body("violations[0].field", equalTo("route"));
        try (EventCapture events = EventCapture.from(Topics.MEDICATION)) {
            String id = attempt(patient, bup).statusCode(201).body("status", equalTo("active"))
                    .body("deaSchedule", equalTo("III")).body("mat", equalTo(true)).body("matProgram", equalTo(true))
                    .extract().path("id");
            CloudEvent prescribed = events.await("care.iop.medication.medication.prescribed.v1", patient);
            EventSchemas.assertValid(EventJson.write(prescribed));
            assertThat(prescribed.data().get("orderId").asText()).isEqualTo(id);
            assertThat(prescribed.data().get("medicationCode").asText()).matches("[0-9]+");
            assertThat(prescribed.data().get("mat").asBoolean()).isTrue();
            assertThat(prescribed.data().get("deaSchedule").asText()).isEqualTo("III");
        }
        var notMat = order("sertraline", "oral", 50, "mg");
        notMat.put("matProgram", true);
        attempt(patient, notMat).statusCode(400).body("violations[0].field", equalTo("matProgram"));
        attempt(patient, order("unobtainium", "oral", 1, "mg")).statusCode(400)
                .body("violations[0].field", equalTo("medicationId"));
    }

    @Test
    void an_opioid_agonist_with_a_benzodiazepine_is_a_warning_that_needs_an_acknowledged_reason() {
        UUID patient = clinic.admittedPatient();
        clinic.prescribe(patient, order("methadone", "oral", 60, "mg"));
        var lorazepam = order("lorazepam", "oral", 1, "mg");
        attempt(patient, lorazepam).statusCode(409).body("type", org.hamcrest.Matchers.endsWith("safety-check"))
                .body("findings[0].rule", equalTo("opioid-agonist-with-benzodiazepine"))
                .body("findings[0].severity", equalTo("warning"))
                .body("findings[0].resolveWith", equalTo("acknowledgements"));
        clinic.prescriber.api().get(BASE + "/patients/" + patient + "/orders").then().body("$", hasSize(1));
        lorazepam.put("acknowledgements", List.of(resolution("opioid-agonist-with-benzodiazepine",
                "short-term-alcohol-withdrawal")));
        try (EventCapture events = EventCapture.from(Topics.MEDICATION)) {
            attempt(patient, lorazepam).statusCode(201)
                    .body("safetyFindings[0].rule", equalTo("opioid-agonist-with-benzodiazepine"))
                    .body("safetyFindings[0].resolution", equalTo("acknowledged"))
                    .body("safetyFindings[0].reasonCode", equalTo("short-term-alcohol-withdrawal"));
            CloudEvent e = EventJson.parse(events.awaitCount(r -> r.key().equals(patient.toString())
                    && r.value().contains("medication.prescribed"), 1, java.time.Duration.ofSeconds(20)).get(0).value());
            assertThat(e.data().get("overriddenRules").toString()).contains("opioid-agonist-with-benzodiazepine");
            assertThat(e.data().toString()).doesNotContain("discussed with patient");
        }
    }

    @Test
    void naltrexone_with_an_opioid_agonist_is_refused_unless_a_prescriber_overrides_it() {
        UUID patient = clinic.admittedPatient();
        clinic.prescribe(patient, order("buprenorphine", "sublingual", 8, "mg"));
        var naltrexone = order("naltrexone-oral", "oral", 50, "mg");
        attempt(patient, naltrexone).statusCode(409)
                .body("findings.rule", hasItem("naltrexone-with-opioid-agonist"))
                .body("findings.find { it.rule == 'naltrexone-with-opioid-agonist' }.severity",
                        equalTo("contraindicated"));
        naltrexone.put("acknowledgements", List.of(resolution("naltrexone-with-opioid-agonist", "tapering")));
        attempt(patient, naltrexone).statusCode(409);
        naltrexone.remove("acknowledgements");
        naltrexone.put("overrides", List.of(resolution("naltrexone-with-opioid-agonist", "buprenorphine-stopping-today")));
        attempt(patient, naltrexone).statusCode(201).body("safetyFindings[0].resolution", equalTo("overridden"));
        // Naloxone rescue alongside the agonist is fine.
        clinic.prescribe(patient, order("naloxone-rescue", "intranasal", 4, "mg"));
    }

    @Test
    void duplicate_therapy_and_allergies_are_found_and_resolved_with_reasons() {
        UUID patient = clinic.admittedPatient();
        clinic.prescribe(patient, order("sertraline", "oral", 50, "mg"));
        var fluoxetine = order("fluoxetine", "oral", 20, "mg");
        attempt(patient, fluoxetine).statusCode(409).body("findings[0].rule", equalTo("duplicate-therapy"));
        fluoxetine.put("acknowledgements", List.of(resolution("duplicate-therapy", "cross-taper")));
        attempt(patient, fluoxetine).statusCode(201);
        clinic.prescribe(patient, order("venlafaxine", "oral", 75, "mg"));

        clinic.nurse.api().body(Map.of("substance", "benzodiazepine", "reaction", "paradoxical agitation",
                "severity", "moderate")).post(BASE + "/patients/" + patient + "/allergies").then().statusCode(201);
        clinic.nurse.api().body(Map.of("substance", "moonrock", "severity", "mild"))
                .post(BASE + "/patients/" + patient + "/allergies").then().statusCode(400);
        var diazepam = order("diazepam", "oral", 5, "mg");
        attempt(patient, diazepam).statusCode(409).body("findings[0].rule", equalTo("allergy"))
                .body("findings[0].severity", equalTo("contraindicated"));
        diazepam.put("overrides", List.of(resolution("allergy", "allergy-disputed")));
        attempt(patient, diazepam).statusCode(201);
    }

    @Test
    void a_discontinued_order_keeps_its_history_and_other_clinics_see_nothing() {
        UUID patient = clinic.admittedPatient();
        String id = clinic.prescribe(patient, order("acamprosate", "oral", 666, "mg"));
        clinic.nurse.api().body(Map.of("reasonCode", "side-effects")).post(BASE + "/orders/" + id + "/discontinue")
                .then().statusCode(403);
        try (EventCapture events = EventCapture.from(Topics.MEDICATION)) {
            clinic.prescriber.api().body(Map.of("reasonCode", "side-effects"))
                    .post(BASE + "/orders/" + id + "/discontinue").then().statusCode(200)
                    .body("status", equalTo("discontinued"))
                    .body("history.action", equalTo(List.of("prescribed", "discontinued")));
            CloudEvent stopped = events.await("care.iop.medication.medication.discontinued.v1", patient);
            assertThat(stopped.data().get("reasonCode").asText()).isEqualTo("side-effects");
        }
        clinic.prescriber.api().body(Map.of("reasonCode", "again")).post(BASE + "/orders/" + id + "/discontinue")
                .then().statusCode(409);
        MedClinic other = new MedClinic();
        other.prescriber.api().get(BASE + "/orders/" + id).then().statusCode(404);
        other.prescriber.api().get(BASE + "/patients/" + patient + "/orders").then().statusCode(404);
        // Another clinic's patient looks like one whose admission has not arrived yet (nothing is probed).
        other.prescriber.api().body(order("sertraline", "oral", 50, "mg"))
                .post(BASE + "/patients/" + patient + "/orders").then().statusCode(409)
                .body("type", equalTo("urn:iop:problem:awaiting-event"));
        clinic.prescriber.api().body("{\"medicationId\": 12").post(BASE + "/patients/" + patient + "/orders").then()
                .statusCode(400).contentType(startsWith("application/problem+json"));
    }
}
