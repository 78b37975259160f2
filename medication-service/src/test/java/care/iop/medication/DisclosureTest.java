package care.iop.medication;

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

import static care.iop.medication.MedClinic.BASE;
import static care.iop.medication.MedClinic.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/** Partners read medication orders only with an active consent for medications, checked on every request. */
@QuarkusTest
class DisclosureTest {

    @ConfigProperty(name = "iop.consent-authority.url")
    URI authority;

    private final MedClinic clinic = new MedClinic();
    private final UUID partnerId = UUID.randomUUID();
    private final String partner = TestTokens.partner(partnerId).bearer();

    private static RequestSpecification as(String bearer) {
        return RestAssured.given().header("Authorization", bearer);
    }

    @Test
    void orders_only_with_a_live_consent_for_medications() {
        ConsentGrants grants = new ConsentGrants(authority);
        UUID patient = clinic.admittedPatient();
        var bup = order("buprenorphine-naloxone", "sublingual", 8, "mg");
        bup.put("matProgram", true);
        clinic.prescribe(patient, bup);
        String sertraline = clinic.prescribe(patient, order("sertraline", "oral", 50, "mg"));
        clinic.prescriber.api().body(Map.of("reasonCode", "side-effects"))
                .post(BASE + "/orders/" + sertraline + "/discontinue").then().statusCode(200);
        String url = BASE + "/disclosures/patients/" + patient + "/medications";

        as(partner).get(url).then().statusCode(403).contentType("application/problem+json");
        UUID other = grants.grant(patient, partnerId, clinic.clinic, "enrollment-attendance");
        as(partner).get(url).then().statusCode(403);
        UUID consent = grants.grant(patient, partnerId, clinic.clinic, "medications");
        String body = as(partner).header("X-Purpose-Of-Use", "COC").get(url).then().statusCode(200)
                .body("category", equalTo("medications")).body("consentId", equalTo(consent.toString()))
                .body("purposeOfUse", equalTo("COC")).body("notice", equalTo(Disclosures.NOTICE))
                .body("data.orders", hasSize(2))
                .body("data.orders[0].medicationName", equalTo("buprenorphine / naloxone"))
                .body("data.orders[0].rxnorm", equalTo("352364"))
                .body("data.orders[0].doseUnit", equalTo("mg"))
                .body("data.orders[0].route", equalTo("sublingual"))
                .body("data.orders[0].frequency", equalTo("daily"))
                .body("data.orders[0].mat", equalTo(true))
                .body("data.orders[0].status", equalTo("active"))
                .body("data.orders[0].startDate", equalTo(LocalDate.now().toString()))
                .body("data.orders[0].discontinuationReasonCode", nullValue())
                .body("data.orders[1].medicationName", equalTo("sertraline"))
                .body("data.orders[1].mat", equalTo(false))
                .body("data.orders[1].status", equalTo("discontinued"))
                .body("data.orders[1].discontinuationReasonCode", equalTo("side-effects"))
                .extract().asString();
        assertThat(io.restassured.path.json.JsonPath.from(body).getDouble("data.orders[0].dose")).isEqualTo(8.0);
        assertThat(body).doesNotContain("pdmp", "prescriber", "indication", "F11.20", "override");

        as(TestTokens.partner(UUID.randomUUID()).bearer()).get(url).then().statusCode(403);
        // Staff use the record itself, not the disclosure endpoints.
        clinic.prescriber.api().get(url).then().statusCode(403);

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
