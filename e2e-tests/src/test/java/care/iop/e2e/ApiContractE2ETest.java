package care.iop.e2e;

import care.iop.client.ApiException;
import care.iop.client.ApiResponse;
import care.iop.client.api.IntakePatientsApi;
import care.iop.client.api.IntakeReferralsApi;
import care.iop.client.model.IntakeName;
import care.iop.client.model.IntakePatientRequest;
import care.iop.client.model.IntakePatientView;
import care.iop.client.model.IntakeReferralAnswer;
import care.iop.client.model.IntakeReferralPage;
import care.iop.client.model.IntakeReferralRequest;
import care.iop.client.model.IntakeReferralSource;
import care.iop.client.model.IntakeReferralStatus;
import care.iop.client.model.IntakeReferralView;
import care.iop.client.model.IntakeSexAtBirth;
import care.iop.client.model.IntakeUrgency;
import care.iop.testkit.openapi.OpenApiCompleteness;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The API contract, proven: the gateway's live {@code /openapi} is exactly the document the Java client (api-client)
 * was generated from at build time — the services' stored documents, merged by the same code — so a change of the
 * code that its document does not show breaks the build; and the generated client works against the platform, its
 * answers read strictly into the typed models.
 */
class ApiContractE2ETest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_DIFFERENCES = 40;

    @Test
    void the_live_document_is_the_one_the_client_was_generated_from() throws IOException {
        JsonNode live = live();
        JsonNode built;
        try (InputStream in = IntakePatientsApi.class.getResourceAsStream("/iop-openapi.json")) {
            assertThat(in).as("api-client carries the document it was generated from").isNotNull();
            built = JSON.readTree(in);
        }

        assertThat(live.get("x-iop-unavailable")).as("every service answered /q/openapi").isNull();
        List<String> drift = new ArrayList<>();
        differences("", built, live, drift);
        assertThat(drift).as("the live /openapi differs from the build-time document (first %d differences)",
                MAX_DIFFERENCES).isEmpty();
        assertThat(live.at("/paths/~1api~1v1~1patients~1{patientId}~1journey/get").isObject())
                .as("the gateway's own views are documented").isTrue();
    }

    @Test
    void every_operation_documents_its_success_with_a_named_schema() throws IOException {
        OpenApiCompleteness.assertComplete(live());
    }

    @Test
    void an_ehr_upserts_a_patient_and_a_coordinator_refers_them_through_the_generated_client() throws ApiException {
        IntakePatientsApi ehrPatients = new IntakePatientsApi(Platform.clientApi("ehr-northside"));
        String identifier = "client-" + UUID.randomUUID();
        IntakePatientRequest patient = new IntakePatientRequest()
                .legalName(new IntakeName().given("Ada").family("Contract"))
                .birthDate(LocalDate.of(1984, 3, 9)).sexAtBirth(IntakeSexAtBirth.FEMALE);

        ApiResponse<IntakePatientView> created = ehrPatients.apiV1IntakePatientsByIdentifierSystemValuePutWithHttpInfo(
                "urn:e2e:client", identifier, patient, null);
        assertThat(created.getStatusCode()).isEqualTo(201);
        IntakePatientView registered = created.getData();
        assertThat(registered.getId()).isNotNull();
        assertThat(registered.getLegalName().getGiven()).isEqualTo("Ada");
        assertThat(registered.getBirthDate()).isEqualTo(LocalDate.of(1984, 3, 9));
        assertThat(registered.getSexAtBirth()).isEqualTo(IntakeSexAtBirth.FEMALE);
        ApiResponse<IntakePatientView> again = ehrPatients.apiV1IntakePatientsByIdentifierSystemValuePutWithHttpInfo(
                "urn:e2e:client", identifier, patient, null);
        assertThat(again.getStatusCode()).as("the same identifier names the same patient").isEqualTo(200);
        assertThat(again.getData().getId()).isEqualTo(registered.getId());

        IntakeReferralsApi referrals = new IntakeReferralsApi(Platform.api("coordinator.a"));
        IntakeReferralRequest referral = new IntakeReferralRequest().clinicId(Platform.CLINIC_A)
                .patientId(registered.getId()).source(IntakeReferralSource.PRIMARY_CARE)
                .urgency(IntakeUrgency.URGENT).reasonCode("opioid-use-disorder");
        String key = UUID.randomUUID().toString();
        IntakeReferralView sent = staffView(referrals.apiV1IntakeReferralsPost(referral, key));
        assertThat(sent.getStatus()).isEqualTo(IntakeReferralStatus.RECEIVED);
        assertThat(sent.getPatientId()).isEqualTo(registered.getId());
        assertThat(sent.getUrgency()).isEqualTo(IntakeUrgency.URGENT);
        assertThat(staffView(referrals.apiV1IntakeReferralsPost(referral, key)).getId())
                .as("a retry with the same Idempotency-Key is the same referral").isEqualTo(sent.getId());

        IntakeReferralView read = staffView(referrals.apiV1IntakeReferralsIdGet(sent.getId()));
        assertThat(read.getId()).isEqualTo(sent.getId());
        assertThat(read.getSource()).isEqualTo(IntakeReferralSource.PRIMARY_CARE);
        assertThat(read.getReasonCode()).isEqualTo("opioid-use-disorder");
        assertThat(read.getReceivedAt()).isNotNull();

        assertThat(referrals.apiV1IntakePatientsPatientIdReferralsGet(registered.getId()))
                .extracting(IntakeReferralView::getId).containsExactly(sent.getId());
        assertThat(listed(referrals, IntakeReferralStatus.RECEIVED)).contains(sent.getId());

        assertThatThrownBy(() -> referrals.apiV1IntakeReferralsIdGet(UUID.randomUUID()))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(404);
                    assertThat(e.getResponseHeaders().firstValue("Content-Type")).hasValue("application/problem+json");
                    assertThat(e.getResponseBody()).contains("urn:iop:problem:not-found");
                });
    }

    /** The ids of every referral in a status, page by page; each listed one is in that status. */
    private static List<UUID> listed(IntakeReferralsApi referrals, IntakeReferralStatus status) throws ApiException {
        List<UUID> ids = new ArrayList<>();
        String cursor = null;
        do {
            IntakeReferralPage page = referrals.apiV1IntakeReferralsGet(cursor, 100, null, null, status);
            page.getItems().stream().map(ApiContractE2ETest::staffView).forEach(r -> {
                assertThat(r.getStatus()).isEqualTo(status);
                ids.add(r.getId());
            });
            cursor = page.getNextCursor();
        } while (cursor != null);
        return ids;
    }

    private static IntakeReferralView staffView(IntakeReferralAnswer answer) {
        assertThat(answer.getActualInstance()).as("the clinic's staff read the whole referral")
                .isInstanceOf(IntakeReferralView.class);
        return (IntakeReferralView) answer.getActualInstance();
    }

    private static JsonNode live() throws IOException {
        Platform.stack();
        return JSON.readTree(RestAssured.given().get("/openapi").then().statusCode(200).extract().asByteArray());
    }

    /** Where two documents differ, as JSON pointers (objects by key, arrays by position). */
    private static void differences(String at, JsonNode expected, JsonNode actual, List<String> out) {
        if (out.size() >= MAX_DIFFERENCES || expected.equals(actual)) {
            return;
        }
        if (expected.isObject() && actual.isObject()) {
            TreeSet<String> keys = new TreeSet<>();
            expected.fieldNames().forEachRemaining(keys::add);
            actual.fieldNames().forEachRemaining(keys::add);
            for (Iterator<String> it = keys.iterator(); it.hasNext() && out.size() < MAX_DIFFERENCES; ) {
                String key = it.next();
                String path = at + "/" + key.replace("~", "~0").replace("/", "~1");
                if (!actual.has(key)) {
                    out.add(path + ": only in the build-time document");
                } else if (!expected.has(key)) {
                    out.add(path + ": only in the live document");
                } else {
                    differences(path, expected.get(key), actual.get(key), out);
                }
            }
        } else if (expected.isArray() && actual.isArray() && expected.size() == actual.size()) {
            for (int i = 0; i < expected.size(); i++) {
                differences(at + "/" + i, expected.get(i), actual.get(i), out);
            }
        } else {
            out.add(at + ": build time " + abbreviate(expected) + ", live " + abbreviate(actual));
        }
    }

    private static String abbreviate(JsonNode node) {
        String text = node.toString();
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
