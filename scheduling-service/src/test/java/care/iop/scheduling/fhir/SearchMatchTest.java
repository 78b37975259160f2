package care.iop.scheduling.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.QualifiedParamList;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.hl7.fhir.r4.model.Coding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** FHIR R4 search prefixes on a period and on a moment, and token matching (SearchMatch's rules). */
class SearchMatchTest {

    static final FhirContext FHIR = FhirContext.forR4Cached();
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    /** A session from 09:00 to 12:00 New York time on Monday 3 March 2025 (14:00–17:00 UTC). */
    static final Instant START = LocalDateTime.of(2025, 3, 3, 9, 0).atZone(NEW_YORK).toInstant();
    static final Instant END = LocalDateTime.of(2025, 3, 3, 12, 0).atZone(NEW_YORK).toInstant();

    static DateRangeParam dates(String... values) {
        DateRangeParam range = new DateRangeParam();
        range.setValuesAsQueryTokens(FHIR, "date", Arrays.stream(values).map(QualifiedParamList::singleton).toList());
        return range;
    }

    @ParameterizedTest(name = "date={0} on a 09:00-12:00 session of 2025-03-03 (New York): {1}")
    @CsvSource({
            "2025-03-03, true", "eq2025-03-03, true", "2025-03-04, false", "2025-03, true", "2025, true",
            "ne2025-03-03, false", "ne2025-03-04, true",
            "gt2025-03-02, true", "gt2025-03-03, false",
            "ge2025-03-03, true", "ge2025-03-04, false", "ge2025-03-02, true",
            "lt2025-03-04, true", "lt2025-03-03, false",
            "le2025-03-03, true", "le2025-03-02, false",
            "sa2025-03-02, true", "sa2025-03-03, false",
            "eb2025-03-04, true", "eb2025-03-03, false",
            // moments: the session is running at 10:00 New York time, over by 12:00, not started at 08:59
            "gt2025-03-03T10:00:00-05:00, true", "lt2025-03-03T10:00:00-05:00, true",
            "ge2025-03-03T12:00:00-05:00, false", "le2025-03-03T08:59:00-05:00, false",
            "gt2025-03-03T16:59:00Z, true", "gt2025-03-03T17:00:00Z, false",
    })
    void a_period_against_one_prefix(String value, boolean matches) {
        assertThat(SearchMatch.date(dates(value), START, END, NEW_YORK)).isEqualTo(matches);
    }

    @Test
    void a_day_is_the_sessions_local_day_not_the_utc_one() {
        // 20:00-21:00 New York on 3 March is 01:00-02:00 UTC on 4 March: still the 3rd on the clinic's calendar.
        Instant evening = LocalDateTime.of(2025, 3, 3, 20, 0).atZone(NEW_YORK).toInstant();
        Instant late = evening.plusSeconds(3600);
        assertThat(SearchMatch.date(dates("2025-03-03"), evening, late, NEW_YORK)).isTrue();
        assertThat(SearchMatch.date(dates("2025-03-04"), evening, late, NEW_YORK)).isFalse();
        assertThat(SearchMatch.date(dates("2025-03-04"), evening, late, ZoneId.of("UTC"))).isTrue();
    }

    @Test
    void two_bounds_make_a_window_and_both_must_hold() {
        assertThat(SearchMatch.date(dates("ge2025-03-03", "lt2025-03-10"), START, END, NEW_YORK)).isTrue();
        assertThat(SearchMatch.date(dates("ge2025-03-04", "lt2025-03-10"), START, END, NEW_YORK)).isFalse();
        assertThat(SearchMatch.date(dates("ge2025-02-24", "lt2025-03-03"), START, END, NEW_YORK)).isFalse();
        assertThat(SearchMatch.date(null, START, END, NEW_YORK)).isTrue();
    }

    @Test
    void a_moment_is_matched_like_a_period_of_no_length() {
        assertThat(SearchMatch.date(dates("2025-03-03"), START, START, NEW_YORK)).isTrue();
        assertThat(SearchMatch.date(dates("gt2025-03-03T09:00:00-05:00"), START, START, NEW_YORK)).isFalse();
        assertThat(SearchMatch.date(dates("ge2025-03-03T09:00:00-05:00"), START, START, NEW_YORK)).isTrue();
        assertThat(SearchMatch.date(dates("le2025-03-03T09:00:00-05:00"), START, START, NEW_YORK)).isTrue();
        assertThat(SearchMatch.date(dates("lt2025-03-03T09:00:00-05:00"), START, START, NEW_YORK)).isFalse();
    }

    @Test
    void approximately_is_refused() {
        // HAPI itself refuses ap when it reads the parameter (400); SearchMatch would refuse it too.
        assertThatThrownBy(() -> SearchMatch.date(dates("ap2025-03-03"), START, END, NEW_YORK))
                .isInstanceOf(InvalidRequestException.class);
    }

    static TokenOrListParam tokens(String... values) {
        TokenOrListParam tokens = new TokenOrListParam();
        tokens.setValuesAsQueryTokens(FHIR, "type", QualifiedParamList.splitQueryStringByCommasIgnoreEscape(null,
                String.join(",", values)));
        return tokens;
    }

    @Test
    void tokens_match_code_system_and_code_or_any_code_of_a_system_and_lists_are_or() {
        List<Coding> codings = List.of(new Coding("http://snomed.info/sct", "76168009", null),
                new Coding("urn:iop:session-kind", "group-therapy", null));
        assertThat(SearchMatch.token(tokens("76168009"), codings)).isTrue();
        assertThat(SearchMatch.token(tokens("http://snomed.info/sct|76168009"), codings)).isTrue();
        assertThat(SearchMatch.token(tokens("urn:iop:session-kind|76168009"), codings)).isFalse();
        assertThat(SearchMatch.token(tokens("urn:iop:session-kind|"), codings)).isTrue();
        assertThat(SearchMatch.token(tokens("|group-therapy"), codings)).isFalse();
        assertThat(SearchMatch.token(tokens("family-therapy", "group-therapy"), codings)).isTrue();
        assertThat(SearchMatch.token(tokens("family-therapy"), codings)).isFalse();
        assertThat(SearchMatch.token(null, codings)).isTrue();
        assertThat(SearchMatch.code(tokens("finished"), "http://hl7.org/fhir/encounter-status", "finished")).isTrue();
        assertThat(SearchMatch.code(tokens("cancelled"), "http://hl7.org/fhir/encounter-status", "finished"))
                .isFalse();
    }

    @Test
    void ids_are_our_canonical_uuids_after_the_prefix_or_nothing() {
        UUID id = UUID.randomUUID();
        assertThat(SearchMatch.id("", id.toString())).isEqualTo(id);
        assertThat(SearchMatch.id("enrollment-", "enrollment-" + id)).isEqualTo(id);
        assertThat(SearchMatch.id("enrollment-", "episode-" + id)).isNull();
        assertThat(SearchMatch.id("", id.toString().toUpperCase())).isNull();
        assertThat(SearchMatch.id("", "42")).isNull();
        assertThat(SearchMatch.id("", null)).isNull();
    }
}
