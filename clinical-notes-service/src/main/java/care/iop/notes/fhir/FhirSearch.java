package care.iop.notes.fhir;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.rest.param.DateAndListParam;
import ca.uhn.fhir.rest.param.DateOrListParam;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collection;

/**
 * How this service's FHIR searches compare search values with a resource's values (FHIR R4 search, 3.1.1.4.x).
 * <p>
 * Dates: a search value stands for the range its precision implies ({@code 2026-03} is all of March); a date without
 * a time is taken in UTC, as every date this service stores is. The resource's value is a range too: an instant is a
 * range of one microsecond (the precision stored), a date is its UTC day, a period without an end is open. Then,
 * with the search range [lo, hi) and the resource's range [start, end):
 * {@code eq} the resource's range lies within the search range; {@code ne} it does not; {@code gt} the resource's
 * range reaches past hi; {@code ge} it reaches past lo; {@code lt} it starts before lo; {@code le} it starts before
 * hi; {@code sa} it starts at or after hi; {@code eb} it ends at or before lo. For an instant these are the usual
 * comparisons (ge 2026-03-02 = at or after the start of that day, le 2026-03-02 = before its end). {@code ap} is
 * refused (400). Parameters repeated are all to match (and); values separated by commas, any (or).
 * <p>
 * Tokens: {@code code} matches the code in any system, {@code system|code} in that system only, {@code |code} codes
 * without a system (none here), {@code system|} any code of the system.
 */
final class FhirSearch {

    /** A resource value as a range: {@code end} exclusive, {@code null} for a period still open. */
    record Range(Instant start, Instant end) {

        static Range instant(Instant at) {
            return new Range(at, at.plus(1, ChronoUnit.MICROS));
        }

        static Range day(LocalDate day) {
            return new Range(startOf(day), startOf(day.plusDays(1)));
        }

        static Range from(Instant start) {
            return new Range(start, null);
        }
    }

    private FhirSearch() {
    }

    /** Whether the value (one of several values of a repeating element: any may match) satisfies every parameter. */
    static boolean matches(DateAndListParam params, Collection<Range> values) {
        if (params == null) {
            return true;
        }
        for (DateOrListParam or : params.getValuesAsQueryTokens()) {
            boolean any = false;
            for (DateParam p : or.getValuesAsQueryTokens()) {
                for (Range value : values) {
                    any |= matches(p, value);
                }
            }
            if (!any) {
                return false;
            }
        }
        return true;
    }

    /** Refuses (400) what a date search cannot use, before anything is looked up. */
    static void check(DateAndListParam params) {
        if (params == null) {
            return;
        }
        for (DateOrListParam or : params.getValuesAsQueryTokens()) {
            for (DateParam p : or.getValuesAsQueryTokens()) {
                matches(p, Range.instant(Instant.EPOCH));
            }
        }
    }

    static boolean matches(DateAndListParam params, Range value) {
        return matches(params, java.util.List.of(value));
    }

    static boolean matches(DateParam param, Range value) {
        Range search = searchRange(param);
        Instant lo = search.start();
        Instant hi = search.end();
        Instant start = value.start();
        Instant end = value.end();
        ParamPrefixEnum prefix = param.getPrefix() == null ? ParamPrefixEnum.EQUAL : param.getPrefix();
        boolean within = !start.isBefore(lo) && end != null && !end.isAfter(hi);
        return switch (prefix) {
            case EQUAL -> within;
            case NOT_EQUAL -> !within;
            case GREATERTHAN -> end == null || end.isAfter(hi);
            case GREATERTHAN_OR_EQUALS -> end == null || end.isAfter(lo);
            case LESSTHAN -> start.isBefore(lo);
            case LESSTHAN_OR_EQUALS -> start.isBefore(hi);
            case STARTS_AFTER -> !start.isBefore(hi);
            case ENDS_BEFORE -> end != null && !end.isAfter(lo);
            case APPROXIMATE -> throw new InvalidRequestException("The ap (approximately) date prefix is not "
                    + "supported here; use ge and le");
        };
    }

    /** The range a search value stands for: its precision's unit from the value, a date's day(s) in UTC. */
    static Range searchRange(DateParam param) {
        String text = param.getValueAsString();
        TemporalPrecisionEnum precision = param.getPrecision();
        if (text == null || precision == null || param.getValue() == null) {
            throw new InvalidRequestException("A date search value is needed, e.g. ge2026-03-02");
        }
        try {
            return switch (precision) {
                case YEAR -> {
                    int year = Integer.parseInt(text.substring(0, 4));
                    yield new Range(startOf(LocalDate.of(year, 1, 1)), startOf(LocalDate.of(year + 1, 1, 1)));
                }
                case MONTH -> {
                    YearMonth month = YearMonth.parse(text.substring(0, 7));
                    yield new Range(startOf(month.atDay(1)), startOf(month.plusMonths(1).atDay(1)));
                }
                case DAY -> Range.day(LocalDate.parse(text.substring(0, 10)));
                case MINUTE -> span(param, ChronoUnit.MINUTES);
                case SECOND -> span(param, ChronoUnit.SECONDS);
                case MILLI -> span(param, ChronoUnit.MILLIS);
            };
        } catch (RuntimeException e) {
            if (e instanceof InvalidRequestException invalid) {
                throw invalid;
            }
            throw new InvalidRequestException("Not a FHIR date: " + text);
        }
    }

    private static Range span(DateParam param, ChronoUnit unit) {
        Instant at = param.getValue().toInstant();
        return new Range(at, at.plus(1, unit));
    }

    private static Instant startOf(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** Whether a coding of ours ({@code system}, {@code code}) satisfies any of the token values; no values: yes. */
    static boolean matches(TokenOrListParam tokens, String system, String code) {
        if (tokens == null || tokens.getValuesAsQueryTokens().isEmpty()) {
            return true;
        }
        return tokens.getValuesAsQueryTokens().stream().anyMatch(t -> matches(t, system, code));
    }

    static boolean matches(TokenParam token, String system, String code) {
        if (token.getModifier() != null) {
            throw new InvalidRequestException("Token modifiers (:" + token.getModifier().getValue()
                    + ") are not supported here");
        }
        String wantedSystem = token.getSystem();
        String wantedCode = token.getValue();
        boolean systemMatches = wantedSystem == null || wantedSystem.equals(system == null ? "" : system);
        boolean codeMatches = wantedCode == null || wantedCode.isEmpty() || wantedCode.equals(code);
        return systemMatches && codeMatches;
    }
}
