package care.iop.intake;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** common's StandardResponses filter documents, in the served document, the statuses each operation can answer. */
@QuarkusTest
class StandardResponsesDocsTest {

    private static final String PROBLEM = "#/components/schemas/Problem";

    @Test
    void each_operation_lists_the_problem_statuses_that_apply_to_it() {
        JsonPath doc = RestAssured.given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().jsonPath();

        String create = "paths.'/api/v1/intake/referrals'.post.";
        assertThat(doc.getMap(create + "responses")).containsKeys("201", "400", "401", "403", "409", "422", "429", "503")
                .doesNotContainKeys("404", "412", "428");
        assertThat(doc.getString(create + "responses.'401'.content.'application/problem+json'.schema.$ref"))
                .isEqualTo(PROBLEM);
        assertThat(doc.getMap(create + "responses.'201'.headers")).containsKey("Location");
        assertThat(doc.getMap(create + "responses.'429'.headers")).containsKey("Retry-After");
        assertThat(doc.getString(create + "parameters.find { it.name == 'Idempotency-Key' }.description"))
                .contains("24 hours").contains("422");

        String read = "paths.'/api/v1/intake/referrals/{id}'.get.";
        assertThat(doc.getMap(read + "responses")).containsKeys("200", "400", "401", "403", "404", "429", "503")
                .doesNotContainKeys("409", "412");

        // If-Match is honoured but not required on a referral's status change: 412, never 428.
        String status = "paths.'/api/v1/intake/referrals/{id}/status'.post.";
        assertThat(doc.getMap(status + "responses")).containsKeys("404", "409", "412").doesNotContainKey("428");
        assertThat(doc.getString(status + "parameters.find { it.name == 'If-Match' }.description")).contains("412");

        assertThat(doc.getMap("components.schemas.Problem.properties")).containsKeys("type", "title", "status",
                "detail", "violations");
    }
}
