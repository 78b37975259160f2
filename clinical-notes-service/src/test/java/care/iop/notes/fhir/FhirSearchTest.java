package care.iop.notes.fhir;

import ca.uhn.fhir.rest.param.DateAndListParam;
import ca.uhn.fhir.rest.param.DateOrListParam;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import care.iop.notes.fhir.FhirSearch.Range;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** FHIR R4 search comparisons (spec 3.1.1.4.1-2): date prefixes over ranges, and tokens. */
class FhirSearchTest {

    private static DateParam date(String prefixed) {
        return new DateParam(prefixed);
    }

    /** An instant (a note's signing time, 2026-03-02 18:30 UTC) against each prefix and precision. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "2026-03-02, true", "2026-03-03, false", "eq2026-03, true", "2026, true", "eq2025, false",
            "ne2026-03-02, false", "ne2026-03-01, true",
            "ge2026-03-02, true", "ge2026-03-03, false", "gt2026-03-02, false", "gt2026-03-01, true",
            "le2026-03-02, true", "le2026-03-01, false", "lt2026-03-02, false", "lt2026-03-03, true",
            "sa2026-03-01, true", "sa2026-03-02, false", "eb2026-03-03, true", "eb2026-03-02, false",
            "ge2026-03-02T18:30:00Z, true", "gt2026-03-02T18:30:00Z, false", "lt2026-03-02T18:30:01Z, true",
            "le2026-03-02T18:29:59Z, false", "eq2026-03-02T18:30Z, true", "ge2026-03-02T20:30:00+02:00, true",
            "gt2026-03-02T20:29:00+02:00, true"
    })
    void an_instant_against_each_prefix(String param, boolean expected) {
        Range signed = Range.instant(Instant.parse("2026-03-02T18:30:00.123456Z"));
        assertThat(FhirSearch.matches(date(param), signed)).isEqualTo(expected);
    }

    /** A date (a goal's target date) is its UTC day. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "2026-04-13, true", "ge2026-04-13, true", "gt2026-04-13, false", "le2026-04-13, true",
            "lt2026-04-13, false", "gt2026-04-12, true", "lt2026-04-14, true", "ge2026-04-14, false",
            "le2026-04-12, false", "2026-04, true", "ne2026-04-13, false"
    })
    void a_day_against_each_prefix(String param, boolean expected) {
        assertThat(FhirSearch.matches(date(param), Range.day(LocalDate.parse("2026-04-13")))).isEqualTo(expected);
    }

    /** A period still open (a plan in force since 2026-03-02 15:00): it reaches past every later date. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "ge2026-03-02, true", "gt2030-01-01, true", "le2026-03-02, true", "lt2026-03-02, false",
            "lt2026-03-03, true", "le2026-03-01, false", "eq2026-03-02, false", "sa2026-03-01, true",
            "sa2026-03-02, false", "eb2030-01-01, false"
    })
    void an_open_period_against_each_prefix(String param, boolean expected) {
        assertThat(FhirSearch.matches(date(param), Range.from(Instant.parse("2026-03-02T15:00:00Z"))))
                .isEqualTo(expected);
    }

    @Test
    void repeated_parameters_all_match_and_commas_any() {
        Range signed = Range.instant(Instant.parse("2026-03-02T18:30:00Z"));
        DateAndListParam between = new DateAndListParam()
                .addAnd(new DateOrListParam().add(date("ge2026-03-01")))
                .addAnd(new DateOrListParam().add(date("lt2026-03-03")));
        assertThat(FhirSearch.matches(between, signed)).isTrue();
        DateAndListParam outside = new DateAndListParam()
                .addAnd(new DateOrListParam().add(date("ge2026-03-03")))
                .addAnd(new DateOrListParam().add(date("lt2026-03-05")));
        assertThat(FhirSearch.matches(outside, signed)).isFalse();
        DateAndListParam either = new DateAndListParam()
                .addAnd(new DateOrListParam().add(date("lt2026-01-01")).add(date("2026-03-02")));
        assertThat(FhirSearch.matches(either, signed)).isTrue();
        // A repeating element matches when any of its values does.
        DateAndListParam april = new DateAndListParam().addAnd(new DateOrListParam().add(date("2026-04-27")));
        assertThat(FhirSearch.matches(april, List.of(Range.day(LocalDate.parse("2026-04-13")),
                Range.day(LocalDate.parse("2026-04-27"))))).isTrue();
    }

    @Test
    void approximately_is_refused() {
        DateAndListParam ap = new DateAndListParam().addAnd(new DateOrListParam().add(date("ap2026-03-02")));
        assertThatThrownBy(() -> FhirSearch.check(ap)).isInstanceOf(InvalidRequestException.class);
        FhirSearch.check(null);
    }

    @Test
    void tokens_match_by_code_or_system_and_code() {
        String system = "http://loinc.org";
        assertThat(FhirSearch.matches((TokenOrListParam) null, system, "11506-3")).isTrue();
        assertThat(FhirSearch.matches(new TokenOrListParam(null, "11506-3"), system, "11506-3")).isTrue();
        assertThat(FhirSearch.matches(new TokenOrListParam(system, "11506-3"), system, "11506-3")).isTrue();
        assertThat(FhirSearch.matches(new TokenOrListParam("http://snomed.info/sct", "11506-3"), system, "11506-3"))
                .isFalse();
        assertThat(FhirSearch.matches(new TokenOrListParam(system, "34787-2"), system, "11506-3")).isFalse();
        assertThat(FhirSearch.matches(new TokenOrListParam().add(system, "34787-2").add(system, "11506-3"), system,
                "11506-3")).isTrue();
        assertThat(FhirSearch.matches(new TokenParam(system, null), system, "11506-3")).isTrue();
    }
}
