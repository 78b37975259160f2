package care.iop.gateway;

import ca.uhn.fhir.context.FhirContext;
import care.iop.testkit.OidcTestResource;
import care.iop.testkit.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonObject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The FHIR R4 API through the gateway (issue #18), in front of the services' FHIR servers in miniature
 * ({@link FhirOwnerServices}: intake, scheduling, medications, aftercare up, notes down; public URL
 * {@value FhirOwnerServices#PUBLIC_URL}): routing by type and by id prefix, merged searches with paging, links on the
 * public URL, the merged CapabilityStatement, SMART discovery, and OperationOutcomes for what the gateway refuses.
 */
@QuarkusTest
@WithTestResource(OidcTestResource.class)
@WithTestResource(FhirOwnerServices.class)
class FhirGatewayTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();

    /** A caller of its own (its own rate-limit bucket): an EHR integration's service account. */
    private static RequestSpecification ehr() {
        String client = "ehr-" + UUID.randomUUID();
        return RestAssured.given().header("Authorization", TestTokens.ehr(UUID.randomUUID(), client)
                .claim("scope", "system/Patient.rs system/Observation.rs system/Patient.cu").bearer());
    }

    private static JsonObject json(Response response) {
        return new JsonObject(response.asString());
    }

    private static Bundle bundle(Response response) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/fhir+json");
        return FHIR.newJsonParser().parseResource(Bundle.class, response.asString());
    }

    /** The gateway's own refusal: an OperationOutcome with one error issue of this code, never a problem document. */
    private static OperationOutcome outcome(Response response, int status, String code) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/fhir+json");
        OperationOutcome outcome = FHIR.newJsonParser().parseResource(OperationOutcome.class, response.asString());
        assertThat(outcome.getIssue()).hasSize(1);
        assertThat(outcome.getIssueFirstRep().getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
        assertThat(outcome.getIssueFirstRep().getCode().toCode()).isEqualTo(code);
        assertThat(outcome.getIssueFirstRep().getDiagnostics()).isNotBlank().doesNotContain("Exception")
                .doesNotContain("\tat ");
        return outcome;
    }

    /** A link the gateway gave, asked as it is (already encoded), at this test's gateway instead of the public URL. */
    private static Response follow(String publicLink) {
        assertThat(publicLink).startsWith(FhirOwnerServices.PUBLIC_URL);
        return ehr().urlEncodingEnabled(false).get(publicLink.substring(FhirOwnerServices.PUBLIC_URL.length()));
    }

    private static String owner(String area) {
        return ConfigProvider.getConfig().getValue("gateway.routes." + area + ".url", String.class);
    }

    private static List<String> ids(Bundle bundle) {
        return bundle.getEntry().stream().map(e -> e.getResource().getIdElement().getIdPart()).toList();
    }

    @Test
    void each_type_goes_to_its_owner_with_method_path_query_body_and_headers_intact() {
        Map<String, String> owners = Map.ofEntries(Map.entry("Patient", "intake"), Map.entry("ServiceRequest", "intake"),
                Map.entry("QuestionnaireResponse", "intake"), Map.entry("Condition", "intake"),
                Map.entry("Coverage", "intake"), Map.entry("Consent", "intake"),
                Map.entry("Encounter", "scheduling"), Map.entry("Appointment", "scheduling"),
                Map.entry("MedicationRequest", "medications"), Map.entry("MedicationAdministration", "medications"),
                Map.entry("AllergyIntolerance", "medications"));
        owners.forEach((type, area) -> {
            Response read = ehr().get("/fhir/r4/" + type + "/r-1");
            assertThat(read.statusCode()).as(type).isEqualTo(200);
            assertThat(json(read).getString("owner")).as(type).isEqualTo(area);
            assertThat(json(read).getString("path")).isEqualTo("/fhir/r4/" + type + "/r-1");
            assertThat(read.header("ETag")).isEqualTo("W/\"2\"");
            assertThat(read.header("Last-Modified")).isEqualTo("Sat, 05 Dec 2026 10:00:00 GMT");
        });

        String body = "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"urn:ehr\",\"value\":\"42\"}]}";
        Response created = ehr().header("X-Request-Id", "fhir-create-1").header("Content-Type", "application/fhir+json")
                .header("Accept", "application/fhir+json").header("If-None-Exist", "identifier=urn:ehr|42")
                .header("Prefer", "return=representation").body(body).post("/fhir/r4/Patient");
        assertThat(created.statusCode()).isEqualTo(201);
        JsonObject echo = json(created);
        assertThat(echo.getString("owner")).isEqualTo("intake");
        assertThat(echo.getString("method")).isEqualTo("POST");
        assertThat(echo.getString("body")).isEqualTo(body);
        JsonObject seen = echo.getJsonObject("headers");
        assertThat(seen.getString("authorization")).startsWith("Bearer ");
        assertThat(seen.getString("if-none-exist")).isEqualTo("identifier=urn:ehr|42");
        assertThat(seen.getString("prefer")).isEqualTo("return=representation");
        assertThat(seen.getString("content-type")).startsWith("application/fhir+json");
        assertThat(seen.getString("accept")).isEqualTo("application/fhir+json");
        assertThat(seen.getString("x-request-id")).isEqualTo("fhir-create-1");
        assertThat(seen.getString("x-forwarded-for")).isEqualTo("127.0.0.1");
        // The service named its own address (the Host it was asked at): the caller gets the public one.
        assertThat(created.header("Location")).isEqualTo(FhirOwnerServices.PUBLIC_FHIR + "/Patient/p-1/_history/1");
        assertThat(created.header("Content-Location")).isEqualTo(FhirOwnerServices.PUBLIC_FHIR
                + "/Patient/p-1/_history/1");
        assertThat(created.header("X-Request-Id")).isEqualTo("fhir-create-1");
        assertThat(created.header("Cache-Control")).isEqualTo("no-store");

        Response conditional = ehr().header("If-Match", "W/\"1\"").header("Content-Type", "application/fhir+json")
                .queryParam("identifier", "urn:ehr|42").body(body).put("/fhir/r4/Patient");
        assertThat(conditional.statusCode()).isEqualTo(200);
        assertThat(json(conditional).getString("owner")).isEqualTo("intake");
        assertThat(json(conditional).getString("method")).isEqualTo("PUT");
        assertThat(json(conditional).getString("query")).isEqualTo("identifier=urn%3Aehr%7C42");
        assertThat(json(conditional).getJsonObject("headers").getString("if-match")).isEqualTo("W/\"1\"");
        Response cached = ehr().header("If-None-Match", "W/\"2\"").get("/fhir/r4/AllergyIntolerance/a-1");
        assertThat(json(cached).getJsonObject("headers").getString("if-none-match")).isEqualTo("W/\"2\"");

        // The notes service is down: its types answer 503 as an OperationOutcome, with when to retry.
        Response down = ehr().get("/fhir/r4/Goal/g-1");
        outcome(down, 503, "transient");
        assertThat(down.header("Retry-After")).isNotBlank();
        outcome(ehr().get("/fhir/r4/DocumentReference?patient=Patient/1"), 503, "transient");
    }

    @Test
    void ids_of_a_two_owner_type_go_to_the_owner_their_prefix_names_and_an_unknown_prefix_is_not_found() {
        Map<String, String> byId = Map.of("Observation/screening-7", "intake",
                "Observation/drug-screen-7", "medications", "EpisodeOfCare/enrollment-7", "scheduling",
                "EpisodeOfCare/episode-7", "aftercare", "CarePlan/relapse-prevention-7", "aftercare",
                "Observation/screening-7/_history/2", "intake");
        byId.forEach((path, area) -> {
            Response read = ehr().get("/fhir/r4/" + path);
            assertThat(read.statusCode()).as(path).isEqualTo(200);
            assertThat(json(read).getString("owner")).as(path).isEqualTo(area);
            assertThat(json(read).getString("path")).isEqualTo("/fhir/r4/" + path);
        });
        Response update = ehr().header("If-Match", "W/\"4\"").header("Content-Type", "application/fhir+json")
                .body("{\"resourceType\":\"Observation\",\"id\":\"drug-screen-7\"}").put("/fhir/r4/Observation/drug-screen-7");
        assertThat(json(update).getString("owner")).isEqualTo("medications");
        assertThat(json(update).getJsonObject("headers").getString("if-match")).isEqualTo("W/\"4\"");
        // A treatment plan is the notes service's, which is down.
        outcome(ehr().get("/fhir/r4/CarePlan/treatment-plan-7"), 503, "transient");

        for (String unknown : List.of("Observation/lab-7", "Observation/screening-", "EpisodeOfCare/7",
                "CarePlan/plan-7")) {
            Response refused = ehr().get("/fhir/r4/" + unknown);
            OperationOutcome outcome = outcome(refused, 404, "not-found");
            assertThat(outcome.getIssueFirstRep().getDiagnostics()).as(unknown).doesNotContain("lab-7", "plan-7");
        }
    }

    @Test
    void a_search_of_a_two_owner_type_asks_both_owners_and_answers_one_bundle_with_a_next_link_on_the_public_url() {
        RequestSpecification caller = ehr().header("X-Request-Id", "fhir-search-1")
                .header("X-Forwarded-For", "203.0.113.9");
        Bundle first = bundle(caller.get("/fhir/r4/Observation?patient=Patient/p-9&_count=2"));
        assertThat(first.getType()).isEqualTo(Bundle.BundleType.SEARCHSET);
        assertThat(first.getTotal()).isEqualTo(3 + 1);
        assertThat(ids(first)).containsExactly("screening-intake-1", "screening-intake-2", "drug-screen-medications-1");
        assertThat(first.getEntry()).allSatisfy(e -> assertThat(e.getFullUrl())
                .isEqualTo(FhirOwnerServices.PUBLIC_FHIR + "/Observation/" + e.getResource().getIdElement().getIdPart()));
        assertThat(first.getLink("self").getUrl())
                .isEqualTo(FhirOwnerServices.PUBLIC_FHIR + "/Observation?patient=Patient%2Fp-9&_count=2");
        // Intake has a third screening; medications had only one, so only intake has a next page.
        String next = first.getLink("next").getUrl();
        assertThat(next).isEqualTo(FhirOwnerServices.PUBLIC_FHIR + "/Observation?patient=Patient%2Fp-9&_count=2&_offset=2");
        assertThat(first.getLink("previous")).isNull();

        // Both owners were asked the same query, with the caller's token and request id.
        for (String area : List.of("intake", "medications")) {
            JsonObject seen = new JsonObject(RestAssured.given().get(owner(area) + "/test/seen-search").asString());
            assertThat(seen.getString("method")).isEqualTo("GET");
            assertThat(seen.getString("path")).isEqualTo("/fhir/r4/Observation");
            assertThat(seen.getString("query")).isEqualTo("patient=Patient%2Fp-9&_count=2");
            assertThat(seen.getJsonObject("headers").getString("authorization")).startsWith("Bearer ");
            assertThat(seen.getJsonObject("headers").getString("x-request-id")).isEqualTo("fhir-search-1");
            // The caller's own claim about its address is replaced, as on the proxied paths.
            assertThat(seen.getJsonObject("headers").getString("x-forwarded-for")).isEqualTo("127.0.0.1");
        }

        Bundle second = bundle(follow(next));
        assertThat(ids(second)).containsExactly("screening-intake-3");
        assertThat(second.getTotal()).isEqualTo(4);
        assertThat(second.getLink("next")).isNull();
        assertThat(second.getLink("previous").getUrl())
                .isEqualTo(FhirOwnerServices.PUBLIC_FHIR + "/Observation?patient=Patient%2Fp-9&_count=2&_offset=0");

        // Without _count the owners' own page size (from their next links) is used; none here, all fit.
        Bundle all = bundle(ehr().get("/fhir/r4/EpisodeOfCare?patient=Patient/p-9"));
        assertThat(ids(all)).containsExactly("enrollment-scheduling-1", "enrollment-scheduling-2",
                "episode-aftercare-1", "episode-aftercare-2");
        assertThat(all.getLink("next")).isNull();
    }

    @Test
    void a_post_search_of_a_two_owner_type_is_asked_of_both_with_its_form_and_paged_as_a_get() {
        Bundle merged = bundle(ehr().contentType("application/x-www-form-urlencoded")
                .body("patient=Patient%2Fp-9&_count=1").post("/fhir/r4/Observation/_search"));
        assertThat(ids(merged)).containsExactly("screening-intake-1", "drug-screen-medications-1");
        assertThat(merged.getLink("next").getUrl())
                .isEqualTo(FhirOwnerServices.PUBLIC_FHIR + "/Observation?patient=Patient%2Fp-9&_count=1&_offset=1");
        for (String area : List.of("intake", "medications")) {
            JsonObject seen = new JsonObject(RestAssured.given().get(owner(area) + "/test/seen-search").asString());
            assertThat(seen.getString("method")).isEqualTo("POST");
            assertThat(seen.getString("path")).isEqualTo("/fhir/r4/Observation/_search");
            assertThat(seen.getString("body")).isEqualTo("patient=Patient%2Fp-9&_count=1");
            assertThat(seen.getJsonObject("headers").getString("content-type"))
                    .startsWith("application/x-www-form-urlencoded");
        }
    }

    @Test
    void an_owners_refusal_or_absence_is_the_answer_of_a_merged_search() {
        // The owner's own OperationOutcome, as it gave it.
        Response refused = ehr().get("/fhir/r4/Observation?patient=Patient/p-9&fail=medications");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.contentType()).startsWith("application/fhir+json");
        assertThat(refused.asString()).contains("system/Observation.rs");
        // Treatment plans are the notes service's, which is down; a slow owner is a timeout.
        Response down = ehr().get("/fhir/r4/CarePlan?patient=Patient/p-9");
        outcome(down, 503, "transient");
        assertThat(down.header("Retry-After")).isNotBlank();
        long started = System.nanoTime();
        outcome(ehr().get("/fhir/r4/EpisodeOfCare?patient=Patient/p-9&slow=scheduling"), 504, "timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2_900));
        outcome(ehr().get("/fhir/r4/Appointment?patient=Patient/p-9&slow=scheduling"), 504, "timeout");
    }

    @Test
    void a_one_owner_search_passes_through_with_its_links_and_full_urls_on_the_public_url() {
        // The service built its links from the Host it was asked at, the gateway's own.
        Bundle patients = bundle(ehr().get("/fhir/r4/Patient?name=rivera&_count=2"));
        assertThat(patients.getTotal()).isEqualTo(3);
        assertThat(ids(patients)).containsExactly("intake-1", "intake-2");
        assertThat(patients.getEntryFirstRep().getFullUrl()).isEqualTo(FhirOwnerServices.PUBLIC_FHIR + "/Patient/intake-1");
        assertThat(patients.getLink("self").getUrl()).startsWith(FhirOwnerServices.PUBLIC_FHIR + "/Patient?");
        assertThat(patients.getLink("next").getUrl())
                .isEqualTo(FhirOwnerServices.PUBLIC_FHIR + "/Patient?name=rivera&_count=2&_offset=2");
        Bundle page = bundle(follow(patients.getLink("next").getUrl()));
        assertThat(ids(page)).containsExactly("intake-3");
    }

    @Test
    void metadata_is_one_capability_statement_merged_from_the_services_and_names_the_one_that_did_not_answer() {
        Response response = RestAssured.given().get("/fhir/r4/metadata");
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/fhir+json");
        CapabilityStatement cs = FHIR.newJsonParser().parseResource(CapabilityStatement.class, response.asString());
        assertThat(cs.getFhirVersion().toCode()).isEqualTo("4.0.1");
        assertThat(cs.getFormat()).extracting(f -> f.getValue()).containsExactly("json");
        assertThat(cs.getInstantiates()).extracting(i -> i.getValue())
                .containsExactly("http://hl7.org/fhir/us/core/CapabilityStatement/us-core-server");
        assertThat(cs.getImplementation().getUrl()).isEqualTo(FhirOwnerServices.PUBLIC_FHIR);
        assertThat(cs.getImplementation().getDescription()).contains("notes");
        assertThat(cs.getRest()).hasSize(1);
        var rest = cs.getRestFirstRep();
        assertThat(rest.getMode()).isEqualTo(CapabilityStatement.RestfulCapabilityMode.SERVER);
        assertThat(rest.getInteraction()).as("no system-level interactions through the gateway").isEmpty();
        assertThat(rest.getSecurity().getServiceFirstRep().getCodingFirstRep().getSystem())
                .isEqualTo("http://terminology.hl7.org/CodeSystem/restful-security-service");
        assertThat(rest.getSecurity().getServiceFirstRep().getCodingFirstRep().getCode()).isEqualTo("SMART-on-FHIR");
        Extension uris = rest.getSecurity()
                .getExtensionByUrl("http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris");
        assertThat(uris.getExtensionByUrl("token").getValue().primitiveValue())
                .isEqualTo(TestTokens.ISSUER + "/protocol/openid-connect/token");
        assertThat(uris.getExtensionByUrl("authorize").getValue().primitiveValue())
                .isEqualTo(TestTokens.ISSUER + "/protocol/openid-connect/auth");

        Map<String, CapabilityStatementRestResourceComponent> resources = rest.getResource().stream()
                .collect(Collectors.toMap(CapabilityStatementRestResourceComponent::getType, r -> r));
        // Notes did not answer: its own types are missing, the plans aftercare holds are there; nothing unroutable.
        assertThat(resources.keySet()).contains("Patient", "Observation", "EpisodeOfCare", "CarePlan", "Encounter",
                "MedicationRequest").doesNotContain("DocumentReference", "Goal", "OperationDefinition");
        assertThat(rest.getResource()).extracting(CapabilityStatementRestResourceComponent::getType).isSorted();

        CapabilityStatementRestResourceComponent observation = resources.get("Observation");
        assertThat(observation.getInteraction()).extracting(i -> i.getCode())
                .containsExactlyInAnyOrder(TypeRestfulInteraction.READ, TypeRestfulInteraction.VREAD,
                        TypeRestfulInteraction.SEARCHTYPE)
                .as("intake offers create, but a new Observation could not be routed").doesNotContain(
                        TypeRestfulInteraction.CREATE);
        assertThat(observation.getSearchParam()).extracting(p -> p.getName())
                .containsExactly("patient", "_id", "category", "code", "date");
        assertThat(observation.getSearchInclude()).extracting(i -> i.getValue())
                .containsExactly("Observation:patient", "Observation:specimen");
        assertThat(observation.getSupportedProfile()).extracting(p -> p.getValue()).containsExactly(
                "http://hl7.org/fhir/us/core/StructureDefinition/us-core-observation-screening-assessment",
                "http://hl7.org/fhir/us/core/StructureDefinition/us-core-observation-lab");
        assertThat(observation.getReadHistory()).isTrue();
        assertThat(observation.getDocumentation()).contains("screening-", "drug-screen-");
        assertThat(resources.get("CarePlan").getDocumentation()).contains("notes", "not answering");
        // A one-owner type keeps what its owner offers.
        assertThat(resources.get("Patient").getInteraction()).extracting(i -> i.getCode())
                .contains(TypeRestfulInteraction.CREATE, TypeRestfulInteraction.UPDATE);
        assertThat(resources.get("Patient").getConditionalUpdate()).isTrue();
    }

    @Test
    void metadata_is_a_503_operation_outcome_when_no_service_answers_and_back_when_they_do() throws Exception {
        RestAssured.given().get(owner("intake") + "/test/metadata-fails?on=true").then().statusCode(200);
        try {
            Thread.sleep(1_200); // past the kept statement (gateway.fhir.metadata-cache-for=1s in the test)
            Response none = RestAssured.given().get("/fhir/r4/metadata");
            outcome(none, 503, "transient");
            assertThat(none.header("Retry-After")).isNotBlank();
        } finally {
            RestAssured.given().get(owner("intake") + "/test/metadata-fails?on=false").then().statusCode(200);
        }
        assertThat(RestAssured.given().get("/fhir/r4/metadata").statusCode()).isEqualTo(200);
    }

    @Test
    void smart_configuration_names_the_realms_public_endpoints_and_what_it_offers() {
        Response response = RestAssured.given().get("/fhir/r4/.well-known/smart-configuration");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        JsonObject smart = json(response);
        String realm = TestTokens.ISSUER;
        assertThat(smart.getString("issuer")).isEqualTo(realm);
        assertThat(smart.getString("jwks_uri")).isEqualTo(realm + "/protocol/openid-connect/certs");
        assertThat(smart.getString("token_endpoint")).isEqualTo(realm + "/protocol/openid-connect/token");
        assertThat(smart.getString("authorization_endpoint")).isEqualTo(realm + "/protocol/openid-connect/auth");
        assertThat(smart.getJsonArray("grant_types_supported").getList())
                .containsExactlyInAnyOrder("client_credentials", "authorization_code");
        assertThat(smart.getJsonArray("token_endpoint_auth_methods_supported").getList())
                .containsExactlyInAnyOrder("client_secret_basic", "client_secret_post", "private_key_jwt");
        assertThat(smart.getJsonArray("token_endpoint_auth_signing_alg_values_supported").getList())
                .containsExactlyInAnyOrder("RS384", "ES384");
        assertThat(smart.getJsonArray("scopes_supported").getList()).contains("openid", "system/Patient.rs",
                "system/Observation.rs", "system/AllergyIntolerance.rs", "system/Patient.cu",
                "system/ServiceRequest.c", "system/QuestionnaireResponse.c").hasSize(1 + 16 + 3);
        assertThat(smart.getJsonArray("response_types_supported").getList()).containsExactly("code");
        assertThat(smart.getJsonArray("capabilities").getList()).contains("client-confidential-symmetric",
                "client-confidential-asymmetric", "permission-v2");
        assertThat(smart.getJsonArray("code_challenge_methods_supported").getList()).containsExactly("S256");
    }

    @Test
    void what_the_gateway_refuses_on_fhir_paths_is_an_operation_outcome() {
        Response noToken = RestAssured.given().get("/fhir/r4/Patient/p-1");
        outcome(noToken, 401, "login");
        assertThat(noToken.header("WWW-Authenticate")).startsWith("Bearer");
        outcome(RestAssured.given().header("Authorization", "Bearer " + TestTokens.ehr(UUID.randomUUID(), "ehr-x")
                .tampered()).get("/fhir/r4/Patient/p-1"), 401, "login");

        outcome(ehr().get("/fhir/r4/Spaceship/1"), 404, "not-found");
        outcome(ehr().get("/fhir/r4/Spaceship?name=x"), 404, "not-found");
        outcome(ehr().get("/fhir/r5/Patient/1"), 404, "not-found");
        outcome(ehr().get("/fhir/r4"), 404, "not-found");

        Response create = ehr().header("Content-Type", "application/fhir+json")
                .body("{\"resourceType\":\"Observation\"}").post("/fhir/r4/Observation");
        outcome(create, 405, "not-supported");
        assertThat(create.header("Allow")).isEqualTo("GET, HEAD");
        outcome(ehr().post("/fhir/r4/metadata"), 405, "not-supported");

        outcome(ehr().header("Content-Type", "application/fhir+json").body("{\"a\":\"" + "x".repeat(1_100_000) + "\"}")
                .post("/fhir/r4/Patient"), 413, "too-costly");
        outcome(ehr().queryParam("name", "a".repeat(10_000)).get("/fhir/r4/Patient"), 414, "too-costly");

        // The rate limit (10 per user in this test) is "throttled", with when to retry.
        RequestSpecification greedy = ehr();
        Response throttled = null;
        for (int i = 0; i < 14 && throttled == null; i++) {
            Response r = greedy.get("/fhir/r4/Patient/p-1");
            if (r.statusCode() == 429) {
                throttled = r;
            }
        }
        assertThat(throttled).as("a 429 within 14 requests").isNotNull();
        outcome(throttled, 429, "throttled");
        assertThat(Integer.parseInt(throttled.header("Retry-After"))).isPositive();
    }

    @Test
    void api_paths_keep_problem_documents() {
        Response unknown = ehr().get("/api/v1/billing/invoices");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        Response noToken = RestAssured.given().get("/api/v1/intake/patients");
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(noToken.contentType()).startsWith("application/problem+json");
        assertThat(json(noToken).getString("type")).isEqualTo("urn:iop:problem:unauthorized");
    }
}
