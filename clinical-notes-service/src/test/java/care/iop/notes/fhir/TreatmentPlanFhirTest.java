package care.iop.notes.fhir;

import care.iop.notes.NotesClinic;
import care.iop.testkit.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Goal;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static care.iop.notes.NotesClinic.BASE;
import static care.iop.notes.fhir.Fhir.as;
import static care.iop.notes.fhir.Fhir.bundle;
import static care.iop.notes.fhir.Fhir.ids;
import static care.iop.notes.fhir.Fhir.valid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * A treatment plan as a US Core CarePlan with its goals as US Core Goals (issue #18): reads, the US Core searches with
 * date comparators, _include=CarePlan:goal, paging, goal status after a review, and 404/401/403.
 */
@QuarkusTest
class TreatmentPlanFhirTest {

    private static final String CATEGORY = "http://hl7.org/fhir/us/core/CodeSystem/careplan-category|assess-plan";

    private final NotesClinic clinic = new NotesClinic();
    private final String ehr = Fhir.ehr(clinic.clinic, "system/CarePlan.rs system/Goal.rs");

    @Inject
    AgroalDataSource dataSource;

    /** A written plan: its id, ETag, goal ids, objective ids and when its current version was written. */
    private record Plan(String id, String etag, List<String> goals, List<String> objectives, Instant written) {
    }

    /** Two goals: the first with objectives due 2026-06-01 and 2026-06-15, the second with one due 2026-07-01. */
    private Plan plan(UUID patient) {
        Map<String, Object> content = new HashMap<>();
        content.put("problems", List.of(Map.of("icd10", "F10.20", "description", "Alcohol use disorder, moderate")));
        content.put("goals", List.of(Map.of("inPatientsWords", "I want to stop drinking and keep my job"),
                Map.of("inPatientsWords", "I want to sleep through the night")));
        content.put("objectives", List.of(
                Map.of("goal", 0, "description", "Attend 90% of groups for 4 weeks", "targetDate", "2026-06-01"),
                Map.of("goal", 0, "description", "Name three triggers and a plan for each", "targetDate",
                        "2026-06-15"),
                Map.of("goal", 1, "description", "Keep a sleep diary for two weeks", "targetDate", "2026-07-01")));
        content.put("interventions", List.of(Map.of("modality", "cbt", "frequency", "3 groups a week",
                "responsibleStaffId", clinic.clinician.id().toString())));
        var created = clinic.clinician.api().body(Map.of("content", content, "patientParticipated", true))
                .post(BASE + "/patients/" + patient + "/treatment-plans").then().statusCode(201).extract();
        return new Plan(created.path("id"), created.header("ETag"), created.path("current.content.goals.id"),
                created.path("current.content.objectives.id"), Instant.parse(created.path("current.createdAt")));
    }

    private Bundle search(String bearer, String type, String query, String profile) {
        return bundle(as(bearer).get(Fhir.BASE + "/" + type + "?" + query).then().statusCode(200).extract().asString(),
                profile);
    }

    private Bundle carePlans(String bearer, String query) {
        return search(bearer, "CarePlan", query, CarePlanMapping.PROFILE);
    }

    private Bundle goals(String bearer, String query) {
        return search(bearer, "Goal", query, GoalMapping.PROFILE);
    }

    @Test
    void the_plan_reads_as_a_labelled_us_core_care_plan_audited_like_the_rest_read() throws Exception {
        UUID patient = clinic.admittedPatient();
        Plan plan = plan(patient);
        String carePlanId = "treatment-plan-" + plan.id();

        String fhirRequest = "fhir-read-" + UUID.randomUUID();
        String json = as(ehr).header("X-Request-Id", fhirRequest).get(Fhir.BASE + "/CarePlan/" + carePlanId).then()
                .statusCode(200).header("ETag", "W/\"" + plan.etag().replace("\"", "") + "\"").extract().asString();
        CarePlan c = valid(json, CarePlan.class, CarePlanMapping.PROFILE);
        assertThat(c.getIdElement().getIdPart()).isEqualTo(carePlanId);
        assertThat(c.getMeta().getSecurity()).extracting(x -> x.getCode()).contains("R", "42CFRPart2", "ETH");
        assertThat(c.getStatus().toCode()).isEqualTo("active");
        assertThat(c.getIntent().toCode()).isEqualTo("plan");
        assertThat(c.getSubject().getReference()).isEqualTo("Patient/" + patient);
        assertThat(c.getGoal()).extracting(r -> r.getReference())
                .containsExactly("Goal/" + plan.goals().get(0), "Goal/" + plan.goals().get(1));
        assertThat(c.getText().getStatus().toCode()).isEqualTo("generated");
        assertThat(c.getText().getDivAsString()).contains("version 1", "2 goals", "3 objectives")
                .doesNotContain("drinking");

        String restRequest = "rest-read-" + UUID.randomUUID();
        RestAssured.given().header("Authorization", ehr).header("X-Request-Id", restRequest)
                .get(BASE + "/patients/" + patient + "/treatment-plans/current").then().statusCode(200);
        assertThat(Fhir.audit(dataSource, fhirRequest))
                .containsExactly("read TreatmentPlan " + plan.id() + " " + patient + " success TREAT")
                .isEqualTo(Fhir.audit(dataSource, restRequest));

        String goalRequest = "fhir-goal-" + UUID.randomUUID();
        Goal goal = valid(as(ehr).header("X-Request-Id", goalRequest).get(Fhir.BASE + "/Goal/" + plan.goals().get(0))
                .then().statusCode(200).extract().asString(), Goal.class, GoalMapping.PROFILE);
        assertThat(goal.getDescription().getText()).isEqualTo("I want to stop drinking and keep my job");
        assertThat(goal.getLifecycleStatus().toCode()).isEqualTo("active");
        assertThat(goal.getTarget()).extracting(t -> t.getDueDateType().getValueAsString())
                .containsExactly("2026-06-01", "2026-06-15");
        assertThat(goal.getMeta().getSecurity()).extracting(x -> x.getCode()).contains("42CFRPart2");
        assertThat(Fhir.audit(dataSource, goalRequest))
                .containsExactly("read TreatmentPlan " + plan.id() + " " + patient + " success TREAT");
    }

    @Test
    void care_plan_searches_by_patient_category_date_status_and_id_with_goals_included() {
        UUID patient = clinic.admittedPatient();
        Plan plan = plan(patient);
        String id = "treatment-plan-" + plan.id();
        String p = "patient=Patient/" + patient;

        assertThat(ids(carePlans(ehr, p + "&category=" + CATEGORY))).containsExactly(id);
        assertThat(ids(carePlans(ehr, p + "&category=assess-plan"))).containsExactly(id);
        assertThat(ids(carePlans(ehr, p))).containsExactly(id);
        assertThat(ids(carePlans(ehr, p + "&category=http://hl7.org/fhir/us/core/CodeSystem/careplan-category|x")))
                .isEmpty();
        assertThat(ids(carePlans(ehr, "patient=" + clinic.admittedPatient() + "&category=" + CATEGORY))).isEmpty();
        assertThat(ids(carePlans(ehr, p + "&category=" + CATEGORY + "&status=active"))).containsExactly(id);
        assertThat(ids(carePlans(ehr, p + "&category=" + CATEGORY + "&status=completed"))).isEmpty();
        assertThat(ids(carePlans(ehr, "_id=" + id))).containsExactly(id);
        assertThat(ids(carePlans(ehr, "_id=treatment-plan-" + UUID.randomUUID()))).isEmpty();
        assertThat(ids(carePlans(ehr, "_id=relapse-prevention-" + plan.id()))).isEmpty();

        // date is the period the plan is in force: from when its current version was written, open-ended.
        LocalDate written = plan.written().atZone(ZoneOffset.UTC).toLocalDate();
        String c = p + "&category=" + CATEGORY + "&date=";
        assertThat(ids(carePlans(ehr, c + "ge" + written))).containsExactly(id);
        assertThat(ids(carePlans(ehr, c + "gt" + written.plusYears(5)))).containsExactly(id);
        assertThat(ids(carePlans(ehr, c + "le" + written))).containsExactly(id);
        assertThat(ids(carePlans(ehr, c + "lt" + written))).isEmpty();
        assertThat(ids(carePlans(ehr, c + "le" + written.minusDays(1)))).isEmpty();
        assertThat(ids(carePlans(ehr, c + "lt" + written.plusDays(1)))).containsExactly(id);

        Bundle withGoals = carePlans(ehr, p + "&category=" + CATEGORY + "&_include=CarePlan:goal");
        assertThat(ids(withGoals)).containsExactly(id);
        assertThat(withGoals.getEntry()).filteredOn(Fhir::included)
                .extracting(e -> e.getResource().getIdElement().getIdPart())
                .containsExactlyInAnyOrderElementsOf(plan.goals());
        for (Bundle.BundleEntryComponent e : withGoals.getEntry()) {
            if (Fhir.included(e)) {
                String goal = care.iop.testkit.fhir.UsCoreValidator.get().fhirContext().newJsonParser()
                        .encodeResourceToString(e.getResource());
                assertThat(care.iop.testkit.fhir.UsCoreValidator.get().errors(goal, GoalMapping.PROFILE)).isEmpty();
            }
        }
        assertThat(carePlans(ehr, "_id=" + id + "&_include=CarePlan:goal").getEntry()).hasSize(3);
        // Goals through an include need a Goal scope as a Goal search does.
        as(Fhir.ehr(clinic.clinic, "system/CarePlan.rs")).get(Fhir.BASE + "/CarePlan?" + p
                        + "&category=assess-plan&_include=CarePlan:goal").then().statusCode(403)
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].diagnostics", containsString("system/Goal.s"));
        assertThat(ids(carePlans(Fhir.ehr(clinic.clinic, "system/CarePlan.rs"), p + "&category=assess-plan")))
                .containsExactly(id);
    }

    @Test
    void goal_searches_by_patient_lifecycle_status_and_target_date_page_and_follow_a_review() {
        UUID patient = clinic.admittedPatient();
        Plan plan = plan(patient);
        String p = "patient=" + patient;
        String first = plan.goals().get(0);
        String second = plan.goals().get(1);

        assertThat(ids(goals(ehr, p))).containsExactly(first, second);
        assertThat(ids(goals(ehr, "patient=" + clinic.admittedPatient()))).isEmpty();
        assertThat(ids(goals(ehr, p + "&lifecycle-status=active"))).containsExactly(first, second);
        assertThat(ids(goals(ehr, p + "&lifecycle-status=completed"))).isEmpty();
        assertThat(ids(goals(ehr, p + "&target-date=2026-06-15"))).containsExactly(first);
        assertThat(ids(goals(ehr, p + "&target-date=ge2026-06-16"))).containsExactly(second);
        assertThat(ids(goals(ehr, p + "&target-date=gt2026-06-15"))).containsExactly(second);
        assertThat(ids(goals(ehr, p + "&target-date=le2026-06-01"))).containsExactly(first);
        assertThat(ids(goals(ehr, p + "&target-date=lt2026-06-01"))).isEmpty();
        assertThat(ids(goals(ehr, p + "&target-date=gt2026-07-01"))).isEmpty();
        assertThat(ids(goals(ehr, p + "&target-date=ge2026-06-02&target-date=le2026-06-30")))
                .containsExactly(first);

        Bundle page1 = goals(ehr, p + "&_count=1");
        assertThat(page1.getTotal()).isEqualTo(2);
        assertThat(ids(page1)).containsExactly(first);
        String next = page1.getLink("next").getUrl();
        assertThat(next).contains("_offset=1");
        Bundle page2 = bundle(as(ehr).get(next).then().statusCode(200).extract().asString(), GoalMapping.PROFILE);
        assertThat(ids(page2)).containsExactly(second);

        // A review rating both objectives of the first goal achieved completes it; the plan's version moves on.
        var ratings = Map.of("ratings", List.of(
                Map.of("objectiveId", plan.objectives().get(0), "rating", "achieved"),
                Map.of("objectiveId", plan.objectives().get(1), "rating", "achieved"),
                Map.of("objectiveId", plan.objectives().get(2), "rating", "regressed")));
        clinic.supervisor.api().header("If-Match", plan.etag()).body(ratings)
                .post(BASE + "/treatment-plans/" + plan.id() + "/reviews").then().statusCode(201);
        assertThat(ids(goals(ehr, p + "&lifecycle-status=completed"))).containsExactly(first);
        Goal worsening = valid(as(ehr).get(Fhir.BASE + "/Goal/" + second).then().statusCode(200).extract().asString(),
                Goal.class, GoalMapping.PROFILE);
        assertThat(worsening.getAchievementStatus().getCodingFirstRep().getCode()).isEqualTo("worsening");
        assertThat(worsening.getMeta().getVersionId()).isNotEqualTo(plan.etag().replace("\"", ""));
    }

    @Test
    void another_clinic_gets_404_and_nothing_no_token_401_and_a_token_without_the_scope_403() {
        UUID patient = clinic.admittedPatient();
        Plan plan = plan(patient);
        String riverside = TestTokens.ehr(UUID.randomUUID(), "ehr-riverside")
                .claim("scope", "system/CarePlan.rs system/Goal.rs").bearer();
        for (String url : List.of("/CarePlan/treatment-plan-" + plan.id(), "/Goal/" + plan.goals().get(0))) {
            as(riverside).get(Fhir.BASE + url).then().statusCode(404)
                    .body("resourceType", equalTo("OperationOutcome")).body("issue[0].code", equalTo("not-found"));
            as(null).get(Fhir.BASE + url).then().statusCode(401).body("resourceType", equalTo("OperationOutcome"));
        }
        assertThat(carePlans(riverside, "patient=" + patient + "&category=assess-plan").getTotal()).isZero();
        assertThat(ids(carePlans(riverside, "_id=treatment-plan-" + plan.id()))).isEmpty();
        assertThat(goals(riverside, "patient=" + patient).getTotal()).isZero();
        as(ehr).get(Fhir.BASE + "/CarePlan/" + plan.id()).then().statusCode(404);
        as(ehr).get(Fhir.BASE + "/Goal/" + UUID.randomUUID()).then().statusCode(404);

        as(Fhir.ehr(clinic.clinic, "system/Goal.rs")).get(Fhir.BASE + "/CarePlan/treatment-plan-" + plan.id())
                .then().statusCode(403).body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].diagnostics", containsString("system/CarePlan.r"));
        as(Fhir.ehr(clinic.clinic, "system/CarePlan.rs")).get(Fhir.BASE + "/Goal?patient=" + patient).then()
                .statusCode(403).body("issue[0].diagnostics", containsString("system/Goal.s"));
        as(clinic.person("scheduler").bearer()).get(Fhir.BASE + "/Goal/" + plan.goals().get(0)).then()
                .statusCode(403).body("resourceType", equalTo("OperationOutcome"));
        // Staff read as on the REST API.
        assertThat(valid(as(clinic.person("nurse").bearer()).get(Fhir.BASE + "/CarePlan/treatment-plan-" + plan.id())
                .then().statusCode(200).extract().asString(), CarePlan.class, CarePlanMapping.PROFILE)).isNotNull();
    }
}
