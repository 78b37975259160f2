package care.iop.scheduling.billing;

import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PayerRulesTest {

    /** A valid per-diem rule set; rows replace one piece of it. */
    static final String VALID = """
            {"id": "x", "name": "X", "description": "test", "billing": "per-diem", "claimForm": "professional",
             "code": "H0015", "minMinutesPerDay": 180, "minQualifyingDaysPerWeek": 3,
             "treatmentPlanRequired": true, "authorizationRequired": true, "conditionCodes": [],
             "telehealth": {"modifier": "95", "placeOfService": "10"}}""";

    static PayerRules table(String ruleSets) throws Exception {
        String json = "{\"version\": \"t1\", \"ruleSets\": [" + ruleSets + "]}";
        return PayerRules.fromJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void the_bundled_table_loads() {
        PayerRules rules = PayerRules.load();
        assertThat(rules.version()).isEqualTo("2026.1");
        assertThat(rules.ruleSetIds()).containsExactlyInAnyOrder("h0015", "s9480", "medicare-iop", "group-90853");
        assertThat(rules.ruleSet("h0015").minMinutesPerDay()).isEqualTo(180);
        assertThat(rules.ruleSet("medicare-iop").conditionCodes()).containsExactly("92");
    }

    @Test
    void a_valid_test_table_loads() throws Exception {
        assertThat(table(VALID).ruleSet("x").code()).isEqualTo("H0015");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no name                         | "name": "X",                      | "name": " ",                     | rule set x: name is missing
            unknown billing                 | "billing": "per-diem"             | "billing": null                  | rule set x: billing must be per-diem or per-service
            plan rule left out              | "treatmentPlanRequired": true,    | ''                               | rule set x: treatmentPlanRequired must be true or false
            weekly rule without a day rule  | "minMinutesPerDay": 180,          | ''                               | rule set x: minQualifyingDaysPerWeek needs minMinutesPerDay (a day qualifies by its minutes)
            eight days a week               | "minQualifyingDaysPerWeek": 3     | "minQualifyingDaysPerWeek": 8    | rule set x: minQualifyingDaysPerWeek must be 1 to 7
            a code of four characters       | "code": "H0015"                   | "code": "H001"                   | rule set x: code H001 is not a five-character HCPCS/CPT code
            revenue code on a CMS-1500 line | "code": "H0015"                   | "code": "H0015", "revenueCode": "0905" | rule set x: a professional claim has no revenueCode
            institutional without revenue   | "claimForm": "professional"       | "claimForm": "institutional"     | rule set x: an institutional claim needs a four-digit revenueCode
            place of service of one digit   | "placeOfService": "10"            | "placeOfService": "2"            | rule set x: telehealth.placeOfService must be two digits on a professional claim
            condition codes left out        | "conditionCodes": [],             | ''                               | rule set x: conditionCodes are missing (use [] for none)
            per diem with neither code nor classes | "code": "H0015",           | ''                               | rule set x: a per-diem rule set needs a code or perDiemClasses
            classes not ascending           | "code": "H0015",                  | "perDiemClasses": [{"minServices": 4, "perDiemClass": "a"}, {"minServices": 3, "perDiemClass": "b"}], | rule set x: perDiemClasses must have minServices >= 1, strictly ascending
            """)
    void a_bad_rule_set_is_refused_with_a_clear_message(String name, String replace, String with, String problem) {
        String broken = VALID.replace(replace, with);
        assertThat(broken).as("the row must change the table").isNotEqualTo(VALID);
        assertThatThrownBy(() -> table(broken)).isInstanceOf(IllegalStateException.class)
                .hasMessage("Invalid payer rule table: " + problem);
    }

    @Test
    void per_service_rules() {
        String perService = """
                {"id": "y", "name": "Y", "description": "test", "billing": "per-service", "claimForm": "professional",
                 "treatmentPlanRequired": false, "authorizationRequired": true, "conditionCodes": [],
                 "perService": [{"kind": "group-therapy", "code": "90853", "minMinutes": 45}]}""";
        assertThat(catchMessage(perService.replace("group-therapy", "break")))
                .isEqualTo("Invalid payer rule table: rule set y: perService kind must be a countable kind");
        assertThat(catchMessage(perService.replace("\"treatmentPlanRequired\"", "\"code\": \"H0015\","
                + " \"treatmentPlanRequired\"")))
                .isEqualTo("Invalid payer rule table: rule set y: a per-service rule set takes its codes from"
                        + " perService only");
        assertThat(catchMessage(perService.replace("45", "0")))
                .isEqualTo("Invalid payer rule table: rule set y: perService minMinutes must be > 0");
    }

    @Test
    void repeated_ids_and_missing_version_are_refused() throws Exception {
        assertThat(catchMessage(VALID + ", " + VALID))
                .isEqualTo("Invalid payer rule table: rule set id x is repeated");
        assertThatThrownBy(() -> PayerRules.fromJson(new ByteArrayInputStream(
                "{\"ruleSets\": []}".getBytes(StandardCharsets.UTF_8))))
                .hasMessage("Invalid payer rule table: version is missing");
    }

    @Test
    void a_misspelt_field_is_refused_not_ignored() {
        assertThatThrownBy(() -> table(VALID.replace("minMinutesPerDay", "minMinutesPerDays")))
                .isInstanceOf(UnrecognizedPropertyException.class);
    }

    static String catchMessage(String ruleSets) {
        try {
            table(ruleSets);
        } catch (Exception e) {
            return e.getMessage();
        }
        return "loaded";
    }
}
