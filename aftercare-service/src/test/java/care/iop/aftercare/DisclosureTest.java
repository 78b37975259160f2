package care.iop.aftercare;

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
import java.util.Map;
import java.util.UUID;

import static care.iop.aftercare.AftercareClinic.BASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;

/** Partners read discharge summaries only with an active consent for discharge-summary, checked on every request. */
@QuarkusTest
class DisclosureTest {

    @ConfigProperty(name = "iop.consent-authority.url")
    URI authority;

    private final AftercareClinic clinic = new AftercareClinic();
    private final UUID partnerId = UUID.randomUUID();
    private final String partner = TestTokens.partner(partnerId).bearer();

    private static RequestSpecification as(String bearer) {
        return RestAssured.given().header("Authorization", bearer);
    }

    @Test
    void discharge_summaries_only_with_a_live_consent_for_the_category() {
        ConsentGrants grants = new ConsentGrants(authority);
        LocalDate admitted = LocalDate.now().minusDays(40);
        LocalDate discharged = LocalDate.now().minusDays(2);
        UUID patient = clinic.admitted(admitted);
        clinic.caseManager.api().body(Map.of("reasonCode", 1, "dischargeDate", discharged.toString(),
                        "summary", "Completed the program goals; continues in weekly outpatient.",
                        "stepDownLevel", "1", "timeZone", "America/Chicago"))
                .post(BASE + "/episodes/" + clinic.episodeOf(patient) + "/discharge").then().statusCode(201);
        String url = BASE + "/disclosures/patients/" + patient + "/discharge-summary";

        as(partner).get(url).then().statusCode(403).contentType("application/problem+json");
        UUID other = grants.grant(patient, partnerId, clinic.clinic, "treatment-plan-summary");
        as(partner).get(url).then().statusCode(403);
        UUID consent = grants.grant(patient, partnerId, clinic.clinic, "discharge-summary");
        String body = as(partner).header("X-Purpose-Of-Use", "COC").get(url).then().statusCode(200)
                .body("category", equalTo("discharge-summary")).body("consentId", equalTo(consent.toString()))
                .body("purposeOfUse", equalTo("COC")).body("notice", equalTo(Disclosures.NOTICE))
                .body("data.discharges", hasSize(1))
                .body("data.discharges[0].dischargeDate", equalTo(discharged.toString()))
                .body("data.discharges[0].reasonCode", equalTo(1))
                .body("data.discharges[0].lengthOfStayDays", equalTo(38))
                .body("data.discharges[0].stepDownLevel", equalTo("1"))
                .body("data.discharges[0].summary",
                        equalTo("Completed the program goals; continues in weekly outpatient."))
                .body("data.discharges[0].followUps.kind", hasItems("day-7", "day-30"))
                .body("data.discharges[0].followUps.find { it.kind == 'day-7' }.dueDate",
                        equalTo(discharged.plusDays(7).toString()))
                .extract().asString();
        assertThat(body).doesNotContain("recordedBy", "outcome", "phq9", "America/Chicago");

        as(TestTokens.partner(UUID.randomUUID()).bearer()).get(url).then().statusCode(403);
        // Staff use the record itself, not the disclosure endpoints.
        clinic.caseManager.api().get(url).then().statusCode(403);

        clinic.person("auditor").api().queryParam("patientId", patient.toString()).get(BASE + "/audit-records")
                .then().statusCode(200).body("items.action", hasItem("disclose"))
                .body("items.findAll { it.action == 'disclose' }.purposeOfUse", hasItem("COC"));

        grants.down(true);
        try {
            as(partner).get(url).then().statusCode(503).contentType("application/problem+json");
        } finally {
            grants.down(false);
        }
        grants.revoke(consent);
        as(partner).get(url).then().statusCode(403).contentType("application/problem+json");
        grants.revoke(other);
    }
}
