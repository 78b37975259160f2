package care.iop.intake;

import care.iop.testkit.TestTokens;
import care.iop.testkit.openapi.OpenApiCompleteness;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static care.iop.intake.Api.BASE;
import static care.iop.intake.Api.as;
import static care.iop.intake.Api.patient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * What intake's document promises is what it does (issue #19): every success answer is a named schema, creations
 * answer 201 with a Location that reads the record back, enums are documented and accepted by their kebab-case wire
 * values (the old upper-case names are a 400), and query enums are documented as enums.
 */
@QuarkusTest
class ApiContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final UUID clinic = UUID.randomUUID();
    private final String coordinator = TestTokens.staff(clinic, "intake-coordinator").bearer();
    private final String clinician = TestTokens.staff(clinic, "clinician").bearer();

    private static JsonNode document() throws Exception {
        return JSON.readTree(RestAssured.given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().asString());
    }

    @Test
    void every_success_answer_is_documented_with_a_named_schema() throws Exception {
        OpenApiCompleteness.assertComplete(document());
    }

    @Test
    void the_document_lists_the_wire_values_of_intakes_enums() throws Exception {
        JsonNode schemas = document().path("components").path("schemas");
        Map<String, List<String>> expected = Map.of(
                "SexAtBirth", List.of("female", "male", "intersex", "unknown"),
                "PatientStatus", List.of("referred", "active", "waitlisted", "discharged", "inactive"),
                "SubstanceRoute", List.of("oral", "smoked", "inhaled", "injected", "intranasal", "other"),
                "SignatureMethod", List.of("electronic", "wet-ink", "verbal-witnessed"),
                "WaitlistStatus", List.of("waiting", "offered", "admitted", "declined"));
        expected.forEach((name, values) -> assertThat(texts(schemas.path(name).path("enum"))).as(name)
                .containsExactlyElementsOf(values));
        // Every enum intake documents is kebab-case, except the codes of outside standards (PHQ-9, C-SSRS, 2.1…).
        List<String> upper = new ArrayList<>();
        schemas.fields().forEachRemaining(s -> texts(s.getValue().path("enum")).stream()
                .filter(v -> !v.equals(v.toLowerCase()) && !s.getKey().equals("ScreeningInstrument"))
                .forEach(v -> upper.add(s.getKey() + "." + v)));
        assertThat(upper).isEmpty();
    }

    @Test
    void query_parameters_that_take_enums_are_documented_as_enums() throws Exception {
        JsonNode paths = document().path("paths");
        assertThat(queryRef(paths, "/api/v1/intake/patients", "status")).isEqualTo("PatientStatus");
        assertThat(queryRef(paths, "/api/v1/intake/referrals", "status")).isEqualTo("ReferralStatus");
        assertThat(queryRef(paths, "/api/v1/intake/patients/{patientId}/screenings", "instrument"))
                .isEqualTo("ScreeningInstrument");
        assertThat(queryRef(paths, "/api/v1/intake/consent-authorizations", "category")).isEqualTo("ConsentCategory");
        assertThat(queryRef(paths, "/api/v1/intake/partner-consents", "state")).isEqualTo("PartnerConsentFilter");
    }

    @Test
    void a_referral_is_one_of_the_staff_or_the_partner_view() throws Exception {
        JsonNode doc = document();
        JsonNode answer = doc.path("components").path("schemas").path("ReferralAnswer");
        assertThat(answer.path("oneOf").findValuesAsText("$ref")).containsExactly(
                "#/components/schemas/ReferralView", "#/components/schemas/PartnerReferralView");
        JsonNode referrals = doc.path("paths").path("/api/v1/intake/referrals");
        assertThat(ref(referrals.path("post").path("responses").path("201"))).isEqualTo("ReferralAnswer");
        assertThat(ref(referrals.path("get").path("responses").path("200"))).isEqualTo("ReferralPage");
        assertThat(ref(doc.path("paths").path("/api/v1/intake/referrals/{id}").path("get").path("responses")
                .path("200"))).isEqualTo("ReferralAnswer");
        assertThat(doc.path("components").path("schemas").path("ReferralPage").path("properties").path("items")
                .path("items").path("$ref").asText()).isEqualTo("#/components/schemas/ReferralAnswer");
        // A client tells the two apart by view (the partner view's members are a subset of the staff view's).
        assertThat(answer.path("discriminator").path("propertyName").asText()).isEqualTo("view");
        assertThat(answer.path("discriminator").path("mapping").path("staff").asText())
                .isEqualTo("#/components/schemas/ReferralView");
        assertThat(answer.path("discriminator").path("mapping").path("partner").asText())
                .isEqualTo("#/components/schemas/PartnerReferralView");
    }

    @Test
    void a_referral_says_which_view_it_is() {
        UUID partnerId = UUID.randomUUID();
        String partner = TestTokens.partner(partnerId).bearer();
        String id = as(partner).body(Map.of("clinicId", clinic.toString(), "patient", patient(), "source", "partner",
                        "urgency", "routine", "reasonCode", "opioid-use-disorder")).post(BASE + "/referrals").then()
                .statusCode(201).body("view", equalTo("partner")).extract().path("id");
        as(partner).get(BASE + "/referrals/" + id).then().statusCode(200).body("view", equalTo("partner"))
                .body("patientId", equalTo(null));
        as(partner).get(BASE + "/referrals").then().statusCode(200).body("items.view", org.hamcrest.Matchers.everyItem(
                equalTo("partner")));
        as(coordinator).get(BASE + "/referrals/" + id).then().statusCode(200).body("view", equalTo("staff"))
                .body("partnerId", equalTo(partnerId.toString()));
        as(coordinator).body(Map.of("status", "screening")).post(BASE + "/referrals/" + id + "/status").then()
                .statusCode(200).body("view", equalTo("staff"));
    }

    @Test
    void every_creation_answers_201_with_a_location_that_reads_the_record_back() {
        String patientId = readBack(as(coordinator).body(patient()).post(BASE + "/patients"), coordinator);
        readBack(as(coordinator).body(Map.of("patientId", patientId, "source", "self", "urgency", "routine",
                "reasonCode", "alcohol-use-disorder")).post(BASE + "/referrals"), coordinator);
        String key = UUID.randomUUID().toString();
        Map<String, Object> phq9 = Map.of("instrument", "PHQ-9", "answers", List.of(1, 1, 1, 1, 1, 1, 1, 1, 0));
        String screening = readBack(as(coordinator).header("Idempotency-Key", key).body(phq9)
                .post(BASE + "/patients/" + patientId + "/screenings"), coordinator);
        // A retry under the same key answers the same creation again, Location included.
        as(coordinator).header("Idempotency-Key", key).body(phq9).post(BASE + "/patients/" + patientId + "/screenings")
                .then().statusCode(201).body("id", equalTo(screening))
                .header("Location", org.hamcrest.Matchers.endsWith("/api/v1/intake/screenings/" + screening));
        readBack(as(clinician).body(IntakeJourneyTest.assessment(null, IntakeJourneyTest.dimensions(1, 0, 2, 1, 2, 1),
                "2.1")).post(BASE + "/patients/" + patientId + "/assessments"), clinician);
        String coverageId = readBack(as(coordinator).body(Map.of("payer", "Acme Health", "memberId", "AC-1"))
                .post(BASE + "/patients/" + patientId + "/coverages"), coordinator);
        readBack(as(coordinator).body(consent("electronic")).post(BASE + "/patients/" + patientId + "/consents"),
                coordinator);
        String waitlisted = Api.createPatient(coordinator);
        readBack(as(coordinator).body(Map.of("patientId", waitlisted, "trackCode", "IOP-CONTRACT"))
                .post(BASE + "/waitlist"), coordinator);
        readBack(as(coordinator).body(Map.of("patientId", patientId, "trackCode", "IOP-CONTRACT", "levelOfCare", "2.1",
                        "admissionDate", LocalDate.of(2026, 1, 5).toString(), "primaryCounselorId",
                        UUID.randomUUID().toString(), "coverageId", coverageId))
                .post(BASE + "/admissions"), coordinator);
        // Another clinic's records stay out of reach through the new reads.
        String other = TestTokens.staff(UUID.randomUUID(), "intake-coordinator").bearer();
        as(other).get(BASE + "/coverages/" + coverageId).then().statusCode(404);
    }

    @Test
    void sex_at_birth_takes_the_wire_value_and_refuses_the_old_name() {
        Map<String, Object> body = patient();
        body.put("sexAtBirth", "female");
        String id = as(coordinator).body(body).post(BASE + "/patients").then().statusCode(201)
                .body("sexAtBirth", equalTo("female")).extract().path("id");
        as(coordinator).get(BASE + "/patients/" + id).then().statusCode(200).body("sexAtBirth", equalTo("female"));
        Map<String, Object> old = patient();
        old.put("sexAtBirth", "FEMALE");
        as(coordinator).body(old).post(BASE + "/patients").then().statusCode(400)
                .body("violations[0].field", equalTo("sexAtBirth"));
    }

    @Test
    void patient_status_is_answered_and_searched_by_its_wire_value() {
        String id = Api.createPatient(coordinator);
        as(coordinator).get(BASE + "/patients/" + id).then().statusCode(200).body("status", equalTo("referred"));
        as(coordinator).queryParam("status", "referred").get(BASE + "/patients").then().statusCode(200)
                .body("items.id", hasItem(id)).body("items.status", hasItem("referred"));
        as(coordinator).queryParam("status", "REFERRED").get(BASE + "/patients").then().statusCode(400)
                .body("violations[0].field", equalTo("status"));
    }

    @Test
    void a_substance_route_takes_the_wire_value_and_refuses_the_old_name() {
        String patientId = Api.createPatient(coordinator);
        Map<String, Object> body = IntakeJourneyTest.assessment(null, IntakeJourneyTest.dimensions(1, 0, 2, 1, 2, 1), "2.1");
        body.put("substanceUse", List.of(Map.of("substance", "opioids", "route", "INTRANASAL", "frequency", "daily")));
        as(clinician).body(body).post(BASE + "/patients/" + patientId + "/assessments").then().statusCode(400)
                .body("violations[0].field", equalTo("substanceUse[0].route"));
        body.put("substanceUse", List.of(Map.of("substance", "opioids", "route", "intranasal", "frequency", "daily")));
        as(clinician).body(body).post(BASE + "/patients/" + patientId + "/assessments").then().statusCode(201);
    }

    @Test
    void a_signature_method_takes_the_wire_value_and_refuses_the_old_name() {
        String patientId = Api.createPatient(coordinator);
        String url = BASE + "/patients/" + patientId + "/consents";
        as(coordinator).body(consent("WET_INK")).post(url).then().statusCode(400)
                .body("violations[0].field", equalTo("signatureMethod"));
        as(coordinator).body(consent("wet-ink")).post(url).then().statusCode(201)
                .body("signatureMethod", equalTo("wet-ink"));
        as(coordinator).get(url).then().statusCode(200).body("[0].signatureMethod", equalTo("wet-ink"));
    }

    @Test
    void a_waitlist_entry_answers_its_status_by_wire_value_also_in_a_refused_move() {
        String patientId = Api.createPatient(coordinator);
        String id = as(coordinator).body(Map.of("patientId", patientId, "trackCode", "IOP-WIRE")).post(BASE + "/waitlist")
                .then().statusCode(201).body("status", equalTo("waiting")).extract().path("id");
        Map<String, Object> decline = Map.of("reasonCode", "patient-declined");
        as(coordinator).body(decline).post(BASE + "/waitlist/entries/" + id + "/decline").then().statusCode(200)
                .body("status", equalTo("declined"));
        as(coordinator).get(BASE + "/waitlist/entries/" + id).then().statusCode(200)
                .body("status", equalTo("declined")).body("position", equalTo(null));
        as(coordinator).body(decline).post(BASE + "/waitlist/entries/" + id + "/decline").then().statusCode(409)
                .body("currentState", equalTo("declined")).body("requestedState", equalTo("declined"));
    }

    /** Asserts 201 + Location + ETag, reads the Location back (200, same id and version) and answers the id. */
    private static String readBack(Response created, String token) {
        ExtractableResponse<Response> c = created.then().statusCode(201).extract();
        String location = c.header("Location");
        assertThat(location).as("Location of " + c.body().asString()).isNotNull();
        String id = c.path("id");
        assertThat(location).endsWith("/" + id);
        as(token).get(URI.create(location).getPath()).then().statusCode(200).body("id", equalTo(id))
                .header("ETag", equalTo(c.header("ETag")));
        return id;
    }

    private static Map<String, Object> consent(String signatureMethod) {
        Map<String, Object> body = new HashMap<>();
        body.put("recipientClass", "treating-providers");
        body.put("categories", List.of("demographics"));
        body.put("purpose", "treatment");
        body.put("expiresAt", Instant.now().plusSeconds(86_400).toString());
        body.put("signedAt", Instant.now().minusSeconds(60).toString());
        body.put("signatureMethod", signatureMethod);
        return body;
    }

    private static String queryRef(JsonNode paths, String path, String name) {
        for (JsonNode p : paths.path(path).path("get").path("parameters")) {
            if (p.path("in").asText().equals("query") && p.path("name").asText().equals(name)) {
                return p.path("schema").path("$ref").asText().replace("#/components/schemas/", "");
            }
        }
        throw new AssertionError("no query parameter " + name + " on GET " + path);
    }

    private static String ref(JsonNode response) {
        return response.path("content").path("application/json").path("schema").path("$ref").asText()
                .replace("#/components/schemas/", "");
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }
}
