package care.iop.medication.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.QualifiedParamList;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** FHIR date search semantics over instants: a value is the range its precision spans, in UTC without an offset. */
class DateSearchTest {

    static final Instant BEFORE = Instant.parse("2025-03-04T23:59:59.999Z");
    static final Instant START = Instant.parse("2025-03-05T00:00:00Z");
    static final Instant NOON = Instant.parse("2025-03-05T12:00:00Z");
    static final Instant NEXT = Instant.parse("2025-03-06T00:00:00Z");

    /** The parameter as HAPI's server parses {@code date=<v1>&date=<v2>}. */
    static DateSearch search(String... values) {
        DateRangeParam range = new DateRangeParam();
        range.setValuesAsQueryTokens(FhirContext.forR4Cached(), "date",
                Arrays.stream(values).map(QualifiedParamList::singleton).toList());
        return DateSearch.of(range, "date");
    }

    @Test
    void a_day_is_the_whole_utc_day_and_each_prefix_compares_with_it() {
        assertThat(search("2025-03-05").matches(START)).isTrue();
        assertThat(search("2025-03-05").matches(NOON)).isTrue();
        assertThat(search("2025-03-05").matches(NEXT)).isFalse();
        assertThat(search("2025-03-05").matches(BEFORE)).isFalse();
        assertThat(search("ge2025-03-05").matches(START)).isTrue();
        assertThat(search("ge2025-03-05").matches(BEFORE)).isFalse();
        assertThat(search("gt2025-03-05").matches(NOON)).isFalse();
        assertThat(search("gt2025-03-05").matches(NEXT)).isTrue();
        assertThat(search("le2025-03-05").matches(NOON)).isTrue();
        assertThat(search("le2025-03-05").matches(NEXT)).isFalse();
        assertThat(search("lt2025-03-05").matches(START)).isFalse();
        assertThat(search("lt2025-03-05").matches(BEFORE)).isTrue();
        assertThat(search("ne2025-03-05").matches(NOON)).isFalse();
        assertThat(search("ne2025-03-05").matches(NEXT)).isTrue();
    }

    @Test
    void a_time_is_its_second_and_an_offset_is_honoured() {
        assertThat(search("gt2025-03-05T12:00:00Z").matches(NOON)).isFalse();
        assertThat(search("gt2025-03-05T12:00:00Z").matches(NOON.plusSeconds(1))).isTrue();
        assertThat(search("ge2025-03-05T12:00:00Z").matches(NOON)).isTrue();
        assertThat(search("le2025-03-05T07:00:00-05:00").matches(NOON)).isTrue();
        assertThat(search("lt2025-03-05T07:00:00-05:00").matches(NOON)).isFalse();
    }

    @Test
    void two_values_bound_a_window_a_query_can_use() {
        DateSearch march5 = search("ge2025-03-05", "lt2025-03-06");
        assertThat(march5.from()).isEqualTo(START);
        assertThat(march5.until()).isEqualTo(NEXT);
        assertThat(march5.matches(NOON)).isTrue();
        assertThat(march5.matches(NEXT)).isFalse();
        assertThat(search("2025-03").from()).isEqualTo(Instant.parse("2025-03-01T00:00:00Z"));
        assertThat(search("2025-03").until()).isEqualTo(Instant.parse("2025-04-01T00:00:00Z"));
        assertThat(search("2025").until()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(DateSearch.of(null, "date").matches(NOON)).isTrue();
        assertThat(DateSearch.of(null, "date").from()).isNull();
    }

    @Test
    void approximately_is_refused() {
        assertThatThrownBy(() -> search("ap2025-03-05")).isInstanceOf(InvalidRequestException.class);
        DateRangeParam approximately = new DateRangeParam();
        approximately.setLowerBound(new DateParam(ParamPrefixEnum.APPROXIMATE, "2025-03-05"));
        assertThatThrownBy(() -> DateSearch.of(approximately, "date")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("ap");
    }
}
