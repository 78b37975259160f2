package care.iop.e2e;

import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static care.iop.e2e.Platform.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

/** A partner sees a patient only as far as a Part 2 consent allows, from the moment it is signed until it is revoked. */
class PartnerDisclosureE2ETest {

    @Test
    void without_consent_403_with_consent_only_its_categories_with_the_notice_after_revocation_403() {
        Admitted patient = Admitted.inClinicA("E2E-PARTNER");
        String disclosure = "/api/v1/partner/patients/" + patient.patientId() + "/disclosure";
        as("partner.p").get(disclosure).then().statusCode(403).contentType(startsWith("application/problem+json"));

        String consentId = as("coordinator.a").body(Map.of("recipientPartnerId", Platform.PARTNER.toString(),
                        "categories", List.of("demographics", "medications"), "purpose", "care-coordination",
                        "expiresAt", Instant.now().plus(90, ChronoUnit.DAYS).toString(),
                        "signedAt", Instant.now().minusSeconds(60).toString(), "signatureMethod", "electronic"))
                .post("/api/v1/intake/patients/" + patient.patientId() + "/consents").then().statusCode(201)
                .extract().path("id");

        JsonPath shown = as("partner.p").header("X-Purpose-Of-Use", "COC").get(disclosure).then().statusCode(200)
                .extract().jsonPath();
        assertThat(shown.getMap("categories")).containsOnlyKeys("demographics", "medications");
        assertThat(shown.getString("categories.demographics.familyName")).isEqualTo("Person");
        assertThat(shown.getList("categories.medications.orders")).isEmpty();
        assertThat(shown.getString("notice")).contains("42 CFR part 2").contains("redisclos");
        assertThat(shown.getString("purposeOfUse")).isEqualTo("COC");
        assertThat(shown.getMap("consents")).containsEntry("demographics", consentId);
        assertThat(shown.getList("notConsented", String.class)).containsExactlyInAnyOrder("diagnoses",
                "enrollment-attendance", "treatment-plan-summary", "discharge-summary");
        assertThat(shown.getList("unavailable")).isEmpty();
        // Each service that disclosed audited it with the purpose of use.
        as("auditor.a").queryParam("patientId", patient.patientId()).get("/api/v1/intake/audit-records").then()
                .statusCode(200).body("items.findAll { it.action == 'disclose' }.purposeOfUse", hasItem("COC"));
        as("auditor.a").queryParam("patientId", patient.patientId()).get("/api/v1/medications/audit-records").then()
                .statusCode(200).body("items.findAll { it.action == 'disclose' }.actorRoles.flatten()", hasItem("partner"));

        as("coordinator.a").post("/api/v1/intake/consents/" + consentId + "/revocation").then().statusCode(200);
        as("partner.p").get(disclosure).then().statusCode(403).contentType(startsWith("application/problem+json"));
    }
}
