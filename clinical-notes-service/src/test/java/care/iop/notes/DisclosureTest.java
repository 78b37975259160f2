package care.iop.notes;

import care.iop.common.disclosure.Disclosures;
import care.iop.testkit.ConsentGrants;
import care.iop.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static care.iop.notes.NotesClinic.BASE;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/** Partners read a treatment plan summary only with an active consent for it, checked on every request. */
@QuarkusTest
class DisclosureTest {

    @ConfigProperty(name = "iop.consent-authority.url")
    URI authority;

    private final NotesClinic clinic = new NotesClinic();
    private final UUID partnerId = UUID.randomUUID();
    private final String partner = TestTokens.partner(partnerId).bearer();

    private static RequestSpecification as(String bearer) {
        return RestAssured.given().header("Authorization", bearer);
    }

    private static String url(UUID patient) {
        return BASE + "/disclosures/patients/" + patient + "/treatment-plan-summary";
    }

    @Test
    void the_plan_summary_only_with_a_live_consent_and_never_the_notes() {
        ConsentGrants grants = new ConsentGrants(authority);
        UUID patient = clinic.admittedPatient();
        LocalDate target = LocalDate.now().plusWeeks(6);
        Map<String, Object> content = new HashMap<>();
        content.put("problems", List.of(Map.of("icd10", "F10.20", "description", "Alcohol use disorder, moderate")));
        content.put("goals", List.of(Map.of("inPatientsWords", "I want to keep my job")));
        content.put("objectives", List.of(Map.of("goal", 0, "description", "Attend 90% of groups",
                "targetDate", target.toString())));
        content.put("interventions", List.of(Map.of("modality", "cbt", "frequency", "3 groups a week",
                "responsibleStaffId", clinic.clinician.id().toString())));
        var created = clinic.clinician.api().body(Map.of("content", content, "patientParticipated", true))
                .post(BASE + "/patients/" + patient + "/treatment-plans").then().statusCode(201).extract();
        String objectiveId = created.path("current.content.objectives[0].id");
        clinic.supervisor.api().header("If-Match", created.header("ETag"))
                .body(Map.of("ratings", List.of(Map.of("objectiveId", objectiveId, "rating", "progressing",
                        "comment", "Private review comment")), "summary", "Private review summary"))
                .post(BASE + "/treatment-plans/" + created.path("id") + "/reviews").then().statusCode(201);
        clinic.clinician.api().body(NotesClinic.soap("Talked about a private matter", "p"))
                .post(BASE + "/patients/" + patient + "/notes").then().statusCode(201);

        as(partner).get(url(patient)).then().statusCode(403).contentType("application/problem+json");
        UUID other = grants.grant(patient, partnerId, clinic.clinic, "diagnoses");
        as(partner).get(url(patient)).then().statusCode(403);
        UUID consent = grants.grant(patient, partnerId, clinic.clinic, "treatment-plan-summary");
        String body = as(partner).header("X-Purpose-Of-Use", "COC").get(url(patient)).then().statusCode(200)
                .body("category", equalTo("treatment-plan-summary")).body("consentId", equalTo(consent.toString()))
                .body("purposeOfUse", equalTo("COC")).body("notice", equalTo(Disclosures.NOTICE))
                .body("data.planVersion", equalTo(1))
                .body("data.nextReviewDue", not(nullValue()))
                .body("data.problems[0].icd10", equalTo("F10.20"))
                .body("data.goals[0].inPatientsWords", equalTo("I want to keep my job"))
                .body("data.objectives[0].targetDate", equalTo(target.toString()))
                .body("data.objectives[0].status", equalTo("progressing"))
                .body("data.interventions[0].modality", equalTo("cbt"))
                .body("data.interventions[0]", not(hasKey("responsibleStaffId")))
                .body("data.latestReview.reviewedAt", not(nullValue()))
                .body("data.latestReview.ratings[0].rating", equalTo("progressing"))
                .extract().asString();
        org.assertj.core.api.Assertions.assertThat(body).doesNotContain("Private", "private matter");

        // No plan: empty data, not a 404 that would tell patients apart.
        UUID planless = UUID.randomUUID();
        grants.grant(planless, partnerId, clinic.clinic, "treatment-plan-summary");
        as(partner).get(url(planless)).then().statusCode(200).body("data.planVersion", nullValue())
                .body("data.problems", hasSize(0)).body("data.latestReview", nullValue());

        as(TestTokens.partner(UUID.randomUUID()).bearer()).get(url(patient)).then().statusCode(403);
        // Staff use the record itself, not the disclosure endpoints.
        clinic.clinician.api().get(url(patient)).then().statusCode(403);

        clinic.person("auditor").api().queryParam("patientId", patient.toString()).get(BASE + "/audit-records")
                .then().statusCode(200).body("items.action", hasItem("disclose"))
                .body("items.findAll { it.action == 'disclose' }.purposeOfUse", hasItem("COC"));

        grants.down(true);
        try {
            as(partner).get(url(patient)).then().statusCode(503).contentType("application/problem+json");
        } finally {
            grants.down(false);
        }
        grants.revoke(consent);
        as(partner).get(url(patient)).then().statusCode(403).contentType("application/problem+json");
        grants.revoke(other);
    }
}
