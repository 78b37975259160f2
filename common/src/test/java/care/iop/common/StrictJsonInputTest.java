package care.iop.common;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.UUID;

import static care.iop.common.Api.WIDGETS;
import static care.iop.common.Api.as;
import static care.iop.common.Api.clinician;
import static care.iop.common.Api.widget;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * Found by the API fuzzer (issue #10): a body with something after the JSON value, a number where an enum is
 * expected (taken as the constant's position) and dates with years of other than four digits were accepted. All
 * are 400 problems.
 */
@QuarkusTest
class StrictJsonInputTest {

    private final UUID clinic = UUID.randomUUID();
    private final UUID patient = UUID.randomUUID();

    @Test
    void content_after_the_json_value_is_malformed_json() throws Exception {
        String valid = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(widget(patient, "TRL-001"));
        for (String body : new String[]{valid + "}", valid + ",{}", valid + valid}) {
            as(clinician(clinic)).body(body).post(WIDGETS).then().statusCode(400)
                    .contentType(startsWith("application/problem+json"))
                    .body("type", equalTo("urn:iop:problem:malformed-json"));
        }
        as(clinician(clinic)).body(valid).post(WIDGETS).then().statusCode(201);
    }

    @Test
    void a_number_for_an_enum_is_a_validation_problem_not_a_constant_by_position() {
        var body = new HashMap<>(widget(patient, "ENM-001"));
        body.put("colour", 0);
        as(clinician(clinic)).body(body).post(WIDGETS).then().statusCode(400)
                .body("type", equalTo("urn:iop:problem:validation-failed"))
                .body("violations[0].field", equalTo("colour"));
    }

    @Test
    void a_date_whose_year_is_not_four_digits_is_a_validation_problem() {
        for (String date : new String[]{"-0001-01-01", "+12345-01-01", "12345-01-01"}) {
            var body = new HashMap<>(widget(patient, "DAT-" + (100 + date.length())));
            body.put("dueDate", date);
            as(clinician(clinic)).body(body).post(WIDGETS).then().statusCode(400)
                    .body("type", equalTo("urn:iop:problem:validation-failed"))
                    .body("violations[0].field", equalTo("dueDate"));
        }
        var body = new HashMap<>(widget(patient, "DAT-999"));
        body.put("dueDate", "0999-01-01");
        as(clinician(clinic)).body(body).post(WIDGETS).then().statusCode(201);
    }
}
