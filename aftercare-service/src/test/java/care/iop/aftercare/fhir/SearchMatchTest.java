package care.iop.aftercare.fhir;

import ca.uhn.fhir.rest.param.DateAndListParam;
import ca.uhn.fhir.rest.param.DateOrListParam;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.param.TokenParamModifier;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.hl7.fhir.r4.model.Coding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** FHIR R4 search semantics (3.1.1.4 date, 3.1.1.5 token) over the ranges our resources cover. */
class SearchMatchTest {

    /** An episode from 2025-01-06 to 2025-02-24 (whole days). */
    private static final SearchMatch.Range FINISHED = SearchMatch.Range.ofDays(LocalDate.of(2025, 1, 6),
            LocalDate.of(2025, 2, 24));
    /** An episode since 2025-06-02, still running. */
    private static final SearchMatch.Range RUNNING = SearchMatch.Range.ofDays(LocalDate.of(2025, 6, 2), null);
    /** A plan first written at 2025-03-10T14:30:05Z, in force since. */
    private static final SearchMatch.Range PLAN = SearchMatch.Range.from(Instant.parse("2025-03-10T14:30:05Z"));

    @ParameterizedTest(name = "{0} on Jan 6 – Feb 24: {1}; since Jun 2: {2}")
    @CsvSource({
            // the day the finished episode ended belongs to it
            "ge2025-02-24, true,  true",
            "gt2025-02-24, false, true",
            "gt2025-02-23, true,  true",
            "lt2025-01-06, false, false",
            "le2025-01-06, true,  false",
            "lt2025-01-07, true,  false",
            "lt2025-06-02, true,  false",
            "le2025-06-02, true,  true",
            // eq: the search value contains the whole period; an open period is in no range
            "2025,         true,  false",
            "eq2025,       true,  false",
            "2025-02,      false, false",
            "ne2025,       false, true",
            // sa / eb / ap
            "sa2024-12-31, true,  true",
            "sa2025-01-06, false, true",
            "eb2025-02-25, true,  false",
            "eb2025-02-24, false, false",
            "ap2025-02,    true,  false",
            "ap2025-07,    false, true",
            // dateTimes: a second, or a minute without seconds; no zone is UTC
            "le2025-01-06T00:00:00Z,      true,  false",
            "lt2025-01-06T00:00:00Z,      false, false",
            "lt2025-01-06T00:00:01+01:00, false, false",
            "gt2025-02-24T23:59:59Z,      false, true",
            "gt2025-02-24T23:58,          true,  true",
    })
    void date_prefixes_compare_the_search_range_with_the_period(String value, boolean finished, boolean running) {
        assertThat(SearchMatch.date(new DateParam(value), FINISHED)).as("finished").isEqualTo(finished);
        assertThat(SearchMatch.date(new DateParam(value), RUNNING)).as("running").isEqualTo(running);
    }

    @ParameterizedTest(name = "{0} on a plan since 2025-03-10T14:30:05Z: {1}")
    @CsvSource({
            "lt2025-03-10,           false",
            "le2025-03-10,           true",
            "lt2025-03-10T14:30:05Z, false",
            "lt2025-03-10T14:30:06Z, true",
            "le2025-03-10T14:30:04Z, false",
            "le2025-03-10T14:30:05Z, true",
            "gt2030-01-01,           true",
            "ge2030-01-01,           true",
            "eq2025-03-10,           false",
    })
    void a_plan_in_force_reaches_past_every_date(String value, boolean matches) {
        assertThat(SearchMatch.date(new DateParam(value), PLAN)).isEqualTo(matches);
    }

    @Test
    void repeated_parameters_are_anded_and_comma_values_ored() {
        DateAndListParam between = new DateAndListParam()
                .addAnd(new DateOrListParam().addOr(new DateParam("ge2025-02-01")))
                .addAnd(new DateOrListParam().addOr(new DateParam("le2025-05-31")));
        assertThat(SearchMatch.dates(between, FINISHED)).isTrue();
        assertThat(SearchMatch.dates(between, RUNNING)).isFalse();
        DateAndListParam either = new DateAndListParam()
                .addAnd(new DateOrListParam().addOr(new DateParam("lt2025-01-01")).addOr(new DateParam("gt2025-12-31")));
        assertThat(SearchMatch.dates(either, FINISHED)).isFalse();
        assertThat(SearchMatch.dates(either, RUNNING)).isTrue();
        assertThat(SearchMatch.dates(null, FINISHED)).isTrue();
    }

    @Test
    void a_value_that_is_no_date_is_a_bad_request() {
        assertThatThrownBy(() -> SearchMatch.searchRange("2025-13-01")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> SearchMatch.searchRange("yesterday")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> SearchMatch.searchRange("2025-01-01T")).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void tokens_match_on_code_alone_or_on_system_and_code() {
        List<Coding> codes = List.of(new Coding("http://hl7.org/fhir/us/core/CodeSystem/careplan-category",
                "assess-plan", null), new Coding("urn:iop:careplan-category", "relapse-prevention", null));
        assertThat(SearchMatch.tokens(null, codes)).isTrue();
        assertThat(SearchMatch.tokens(new TokenOrListParam(null, "assess-plan"), codes)).isTrue();
        assertThat(SearchMatch.tokens(new TokenOrListParam(
                "http://hl7.org/fhir/us/core/CodeSystem/careplan-category", "assess-plan"), codes)).isTrue();
        assertThat(SearchMatch.tokens(new TokenOrListParam("urn:iop:careplan-category", "assess-plan"), codes))
                .isFalse();
        assertThat(SearchMatch.tokens(new TokenOrListParam(null, "treatment-plan"), codes)).isFalse();
        assertThat(SearchMatch.tokens(new TokenOrListParam().add(null, "x").add(null, "relapse-prevention"), codes))
                .isTrue();
        assertThat(SearchMatch.tokens(new TokenOrListParam().add("", "assess-plan"), codes))
                .as("|code asks for a code without a system").isFalse();
        assertThat(SearchMatch.tokens(new TokenOrListParam().add("urn:iop:careplan-category", null), codes))
                .as("system| asks for any code of the system").isTrue();
        assertThatThrownBy(() -> SearchMatch.tokens(new TokenOrListParam().add(new TokenParam(null, "assess-plan")
                .setModifier(TokenParamModifier.NOT)), codes)).isInstanceOf(InvalidRequestException.class);
    }
}
