package care.iop.aftercare.fhir;

import ca.uhn.fhir.rest.param.DateAndListParam;
import ca.uhn.fhir.rest.param.DateOrListParam;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.hl7.fhir.r4.model.Coding;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Whether one of our resources matches a token or date search parameter, decided in memory over the few records a
 * patient has (FHIR R4 search, section 3.1.1.4: "date", and 3.1.1.5: "token").
 * <p>
 * Dates: a search value is the range its precision names ({@code 2025} is the whole year, {@code 2025-03-01} the day,
 * a dateTime its second or minute); a value without a zone is read in UTC. The target is a range too: a Period from
 * its start to its end, open-ended when it has none. The prefixes compare the two ranges: {@code eq} the search range
 * contains the target, {@code ne} it does not, {@code gt}/{@code ge} the target reaches after the search value's
 * end/start, {@code lt}/{@code le} the target begins before the search value's start/end, {@code sa} the target
 * starts after the search range, {@code eb} it ends before it, {@code ap} the two overlap. So an open-ended Period
 * (a plan in force) matches every {@code gt} and {@code ge}. Repeated parameters are ANDed,
 * comma-separated values ORed.
 */
final class SearchMatch {

    /** A range of time, {@code [from, to)}; {@code to} null when it has no end. */
    record Range(Instant from, Instant to) {

        static Range ofDays(LocalDate first, LocalDate lastOrNull) {
            return new Range(first.atStartOfDay(ZoneOffset.UTC).toInstant(),
                    lastOrNull == null ? null : lastOrNull.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        }

        static Range from(Instant start) {
            return new Range(start, null);
        }
    }

    private SearchMatch() {
    }

    /** Every AND part has an OR value the target matches; no parameter matches everything. */
    static boolean dates(DateAndListParam parameter, Range target) {
        if (parameter == null) {
            return true;
        }
        for (DateOrListParam alternatives : parameter.getValuesAsQueryTokens()) {
            if (alternatives.getValuesAsQueryTokens().stream().noneMatch(value -> date(value, target))) {
                return false;
            }
        }
        return true;
    }

    static boolean date(DateParam value, Range target) {
        Range search = searchRange(value.getValueAsString());
        Instant s = target.from();
        Instant e = target.to();
        Instant a = search.from();
        Instant b = search.to();
        boolean contained = !s.isBefore(a) && e != null && !e.isAfter(b);
        ParamPrefixEnum prefix = value.getPrefix() == null ? ParamPrefixEnum.EQUAL : value.getPrefix();
        return switch (prefix) {
            case EQUAL -> contained;
            case NOT_EQUAL -> !contained;
            case GREATERTHAN -> e == null || e.isAfter(b);
            case GREATERTHAN_OR_EQUALS -> e == null || e.isAfter(a);
            case LESSTHAN -> s.isBefore(a);
            case LESSTHAN_OR_EQUALS -> s.isBefore(b);
            case STARTS_AFTER -> !s.isBefore(b);
            case ENDS_BEFORE -> e != null && !e.isAfter(a);
            case APPROXIMATE -> s.isBefore(b) && (e == null || e.isAfter(a));
        };
    }

    /** The range a search value names, by its precision; 400 for what is not a FHIR date or dateTime. */
    static Range searchRange(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidRequestException("A date search needs a value");
        }
        try {
            if (text.length() == 4) {
                Year year = Year.parse(text);
                return new Range(year.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
                        year.plusYears(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant());
            }
            if (text.length() == 7) {
                YearMonth month = YearMonth.parse(text);
                return new Range(month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
                        month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant());
            }
            if (text.length() == 10) {
                LocalDate day = LocalDate.parse(text);
                return Range.ofDays(day, day);
            }
            boolean hasZone = text.endsWith("Z") || text.lastIndexOf('+') > 10 || text.lastIndexOf('-') > 10;
            Instant at = hasZone ? OffsetDateTime.parse(text).toInstant()
                    : LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            // hh:mm names a minute; hh:mm:ss (with or without a fraction) a second.
            String time = text.substring(11);
            boolean minute = time.length() >= 5 && (time.length() == 5 || time.charAt(5) != ':');
            ChronoUnit unit = minute ? ChronoUnit.MINUTES : ChronoUnit.SECONDS;
            Instant from = at.truncatedTo(unit);
            return new Range(from, from.plus(1, unit));
        } catch (DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw new InvalidRequestException("Not a FHIR date or dateTime: " + text);
        }
    }

    /** The parameter is absent, or one of its values names one of the codes ({@code code} or {@code system|code}). */
    static boolean tokens(TokenOrListParam parameter, List<Coding> codes) {
        if (parameter == null) {
            return true;
        }
        return parameter.getValuesAsQueryTokens().stream().anyMatch(token -> codes.stream()
                .anyMatch(code -> token(token, code)));
    }

    private static boolean token(TokenParam token, Coding code) {
        if (token.getModifier() != null) {
            throw new InvalidRequestException("Token modifiers (" + token.getModifier().getValue()
                    + ") are not supported here");
        }
        boolean codeMatches = token.getValue() == null || token.getValue().isEmpty()
                || token.getValue().equals(code.getCode());
        if (token.getSystem() == null) {
            return codeMatches; // code alone: any system
        }
        if (token.getSystem().isEmpty()) {
            return codeMatches && !code.hasSystem(); // |code: no system
        }
        return codeMatches && token.getSystem().equals(code.getSystem());
    }
}
