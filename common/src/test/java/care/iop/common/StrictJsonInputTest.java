package care.iop.common;

import care.iop.common.json.StrictJsonInput;
import care.iop.common.testapp.Widget;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static care.iop.common.Api.WIDGETS;
import static care.iop.common.Api.as;
import static care.iop.common.Api.clinician;
import static care.iop.common.Api.widget;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/**
 * Found by the API fuzzer (issue #10): a body with something after the JSON value, a number where an enum is
 * expected (taken as the constant's position) and dates with years of other than four digits were accepted. All
 * are 400 problems. Issue #15 added the rest of one strict policy (duplicate keys, no coercion, plausible dates,
 * NUL, list sizes, bodies only where an operation reads one and then with a Content-Type).
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
        body.put("dueDate", "1999-01-01");
        as(clinician(clinic)).body(body).post(WIDGETS).then().statusCode(201);
    }

    // Issue #15: one strict policy, class by class. Each refused body changes nothing (the widget count for the
    // patient stays 0), and the answer names the field, never the value or the database.

    @Test
    void a_key_twice_in_one_object_is_malformed_json() {
        String body = "{\"patientId\":\"" + patient + "\",\"code\":\"DUP-001\",\"code\":\"DUP-002\",\"colour\":\"RED\"}";
        as(clinician(clinic)).body(body).post(WIDGETS).then().statusCode(400)
                .body("type", equalTo("urn:iop:problem:malformed-json"))
                .body("detail", startsWith("A key appears twice"));
        assertNoWidgetFor(patient);
    }

    @Test
    void values_of_the_wrong_type_are_not_coerced() {
        Object[][] swaps = {
                {"code", 123}, {"code", true}, {"code", 1.5},          // numbers and booleans are not text
                {"quantity", "12"}, {"quantity", 12.5}, {"quantity", true}, // text, fractions, booleans not numbers
                {"dueDate", 123}, {"dueDate", 20261201},               // a number is not a date
                {"colour", 0}};
        for (Object[] swap : swaps) {
            var body = new HashMap<>(widget(patient, "TYP-001"));
            body.put((String) swap[0], swap[1]);
            as(clinician(clinic)).body(body).post(WIDGETS).then().statusCode(400)
                    .body("type", equalTo("urn:iop:problem:validation-failed"))
                    .body("violations[0].field", equalTo(swap[0]));
        }
        assertNoWidgetFor(patient);
        var right = new HashMap<>(widget(patient, "TYP-002"));
        right.put("quantity", 12);
        as(clinician(clinic)).body(right).post(WIDGETS).then().statusCode(201);
    }

    @Test
    void implausible_dates_are_refused_per_field_kind() {
        for (Object[] bad : new Object[][]{{"dueDate", "0000-01-01"}, {"dueDate", "1899-12-31"},
                {"dueDate", "2200-01-01"}, {"birthDate", LocalDate.now().plusDays(2).toString()},
                {"birthDate", "0000-03-04"}}) {
            var body = new HashMap<>(widget(patient, "PLA-001"));
            body.put((String) bad[0], bad[1]);
            as(clinician(clinic)).body(body).post(WIDGETS).then().statusCode(400)
                    .body("violations[0].field", equalTo(bad[0]))
                    .body("violations[0].message", not(containsString((String) bad[1])));
        }
        assertNoWidgetFor(patient);
        var born = new HashMap<>(widget(patient, "PLA-002"));
        born.put("birthDate", LocalDate.now().minusYears(30).toString());
        as(clinician(clinic)).body(born).post(WIDGETS).then().statusCode(201);
    }

    @Test
    void nul_characters_are_refused_in_bodies_and_addresses() {
        var body = new HashMap<>(widget(patient, "NUL-001"));
        body.put("tags", List.of(Map.of("label", "a\u0000b")));
        as(clinician(clinic)).body(body).post(WIDGETS).then().statusCode(400)
                .body("violations[0].field", equalTo("tags[0].label"))
                .body("violations[0].message", equalTo("must not contain NUL characters"));
        as(clinician(clinic)).urlEncodingEnabled(false).get(WIDGETS + "?code=a%00b").then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("detail", not(containsString("SQL")));
        assertNoWidgetFor(patient);
    }

    @Test
    void text_read_as_an_id_or_an_enum_is_taken_exactly_as_sent() {
        for (Object[] bad : new Object[][]{{"colour", "RED\u0000"}, {"colour", " RED"}, {"colour", "RED\t"},
                {"patientId", patient + "\u0000"}, {"dueDate", "2026-12-01\u0000"}, {"dueDate", " 2026-12-01"}}) {
            var body = new HashMap<>(widget(patient, "EXA-001"));
            body.put((String) bad[0], bad[1]);
            as(clinician(clinic)).body(body).post(WIDGETS).then().statusCode(400)
                    .body("violations[0].field", equalTo(bad[0]));
        }
        assertNoWidgetFor(patient);
    }

    @Test
    void a_set_is_bounded_by_the_items_sent_not_the_ones_it_keeps() {
        var body = new HashMap<>(widget(patient, "SET-001"));
        body.put("shades", Collections.nCopies(StrictJsonInput.MAX_ITEMS + 1, "RED"));
        as(clinician(clinic)).body(body).post(WIDGETS).then().statusCode(400)
                .body("violations[0].field", equalTo("shades"));
        assertNoWidgetFor(patient);
        body.put("shades", List.of("RED", "BLUE"));
        as(clinician(clinic)).body(body).post(WIDGETS).then().statusCode(201);
    }

    @Test
    void lists_are_bounded() {
        var body = new HashMap<>(widget(patient, "BIG-001"));
        body.put("tags", Collections.nCopies(StrictJsonInput.MAX_ITEMS + 1, Map.of("label", "x")));
        as(clinician(clinic)).body(body).post(WIDGETS).then().statusCode(400)
                .body("violations[0].field", equalTo("tags"));
        body.put("tags", Collections.nCopies(StrictJsonInput.MAX_ITEMS, Map.of("label", "x")));
        as(clinician(clinic)).body(body).post(WIDGETS).then().statusCode(201);
    }

    @Test
    void a_body_needs_a_content_type_and_an_operation_that_reads_one() throws Exception {
        String valid = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(widget(patient, "CTY-001"));
        RestAssured.given().header("Authorization", clinician(clinic)).noContentType()
                .body(valid.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post(WIDGETS).then().statusCode(415)
                .contentType(startsWith("application/problem+json"));
        assertNoWidgetFor(patient);
        String id = as(clinician(clinic)).body(valid).post(WIDGETS).then().statusCode(201).extract().path("id");
        RestAssured.given().header("Authorization", clinician(clinic)).contentType("application/json").body("garbage")
                .get(WIDGETS + "/" + id).then().statusCode(400)
                .body("detail", equalTo("This operation takes no request body"));
        RestAssured.given().header("Authorization", clinician(clinic)).contentType("text/plain").body("garbage")
                .get(WIDGETS + "/" + id).then().statusCode(415);
        as(clinician(clinic)).get(WIDGETS + "/" + id).then().statusCode(200);
    }

    private void assertNoWidgetFor(UUID patientId) {
        assertThat(QuarkusTransaction.requiringNew().call(() -> Widget.count("patientId", patientId))).isZero();
    }
}
