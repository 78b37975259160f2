package care.iop.scheduling.fhir;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Whether a record matches FHIR search criteria, for the searches that filter a patient's records in hand (tens, not
 * thousands). Plain rules, tested in {@code SearchMatchTest}.
 *
 * <p>Dates (FHIR R4 search, "prefixes"): the search value is a range — a day, a month, a year, or a moment to its
 * precision — and the record's time is a period (an Encounter's) or a moment (an Appointment's start). A value
 * without a time of day is read in the session's own time zone, where the clinic's calendar puts the session.
 * {@code eq}: the value's range holds the whole period; {@code ne}: not so; {@code gt}: the period reaches past the
 * value's range; {@code lt}: it starts before it; {@code ge}/{@code le}: {@code gt}/{@code lt} or {@code eq};
 * {@code sa}: it starts after the range; {@code eb}: it ends before it. {@code ap} is refused (400): "approximately"
 * is the server's to define and we have not.
 *
 * <p>Tokens: {@code code} (any system), {@code system|code}, {@code |code} (no system), {@code system|} (any code of
 * the system); a comma-separated list matches any of its values. Modifiers ({@code :not}, {@code :text}, ...) are
 * refused (400).
 */
final class SearchMatch {

    private SearchMatch() {
    }

    /** Whether the period from {@code start} to {@code end} (equal for a moment) matches every bound of the range. */
    static boolean date(DateRangeParam range, Instant start, Instant end, ZoneId zone) {
        if (range == null) {
            return true;
        }
        for (DateParam condition : conditions(range)) {
            if (!matches(condition, start, end, zone)) {
                return false;
            }
        }
        return true;
    }

    private static boolean matches(DateParam condition, Instant start, Instant end, ZoneId zone) {
        Instant[] value = range(condition, zone);
        Instant from = value[0];
        Instant until = value[1];
        // The period as a closed range: a period's end is where it stops, not a moment in it.
        Instant last = end.equals(start) ? end : end.minusNanos(1);
        boolean within = !start.isBefore(from) && last.isBefore(until);
        ParamPrefixEnum prefix = condition.getPrefix() == null ? ParamPrefixEnum.EQUAL : condition.getPrefix();
        return switch (prefix) {
            case EQUAL -> within;
            case NOT_EQUAL -> !within;
            case GREATERTHAN -> !last.isBefore(until);
            case LESSTHAN -> start.isBefore(from);
            case GREATERTHAN_OR_EQUALS -> within || !last.isBefore(until);
            case LESSTHAN_OR_EQUALS -> within || start.isBefore(from);
            case STARTS_AFTER -> !start.isBefore(until);
            case ENDS_BEFORE -> last.isBefore(from);
            case APPROXIMATE -> throw new InvalidRequestException("date: the ap prefix is not supported");
        };
    }

    /** HAPI gives {@code date=X} and {@code date=eqX} as the same parameter in both bounds: one condition then. */
    private static List<DateParam> conditions(DateRangeParam range) {
        DateParam lower = range.getLowerBound();
        DateParam upper = range.getUpperBound();
        List<DateParam> conditions = new ArrayList<>();
        if (lower != null) {
            conditions.add(lower);
        }
        boolean same = lower != null && upper != null && lower.getPrefix() == upper.getPrefix()
                && String.valueOf(lower.getValueAsString()).equals(upper.getValueAsString());
        if (upper != null && !same) {
            conditions.add(upper);
        }
        return conditions;
    }

    /** The range a search value stands for, [from, until): a whole year, month or day in the zone, or a moment. */
    static Instant[] range(DateParam condition, ZoneId zone) {
        String text = condition.getValueAsString();
        TemporalPrecisionEnum precision = condition.getPrecision();
        if (text == null || text.isBlank() || precision == null) {
            throw new InvalidRequestException("date: a date or date-time is required");
        }
        return switch (precision) {
            case YEAR -> local(LocalDate.of(Integer.parseInt(text.substring(0, 4)), 1, 1),
                    LocalDate.of(Integer.parseInt(text.substring(0, 4)), 1, 1).plusYears(1), zone);
            case MONTH -> {
                LocalDate first = LocalDate.parse(text.substring(0, 7) + "-01");
                yield local(first, first.plusMonths(1), zone);
            }
            case DAY -> {
                LocalDate day = LocalDate.parse(text.substring(0, 10));
                yield local(day, day.plusDays(1), zone);
            }
            default -> {
                DateTimeType moment = new DateTimeType(text);
                yield new Instant[] {moment.getValue().toInstant(), precision.add(moment.getValue(), 1).toInstant()};
            }
        };
    }

    private static Instant[] local(LocalDate from, LocalDate until, ZoneId zone) {
        return new Instant[] {from.atStartOfDay(zone).toInstant(), until.atStartOfDay(zone).toInstant()};
    }

    /** Whether one of the codings matches one of the tokens (no tokens: everything matches). */
    static boolean token(TokenOrListParam tokens, List<Coding> codings) {
        if (tokens == null || tokens.getValuesAsQueryTokens().isEmpty()) {
            return true;
        }
        for (TokenParam token : tokens.getValuesAsQueryTokens()) {
            if (token.getModifier() != null || token.isText()) {
                throw new InvalidRequestException("Token modifiers are not supported");
            }
            for (Coding coding : codings) {
                if (token(token, coding.getSystem(), coding.getCode())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** As {@link #token(TokenOrListParam, List)} for a code of a fixed system (a status). */
    static boolean code(TokenOrListParam tokens, String system, String code) {
        return token(tokens, List.of(new Coding(system, code, null)));
    }

    private static boolean token(TokenParam token, String system, String code) {
        String wantedSystem = token.getSystem();
        String wantedCode = token.getValue();
        if (wantedSystem != null) {
            boolean sameSystem = wantedSystem.isEmpty() ? system == null || system.isEmpty()
                    : wantedSystem.equals(system);
            if (!sameSystem) {
                return false;
            }
        }
        return wantedCode == null || wantedCode.isEmpty() || wantedCode.equals(code);
    }

    /**
     * The UUID an id or identifier token names after {@code prefix}, in its canonical lower-case form only; null
     * when it cannot name one of our records (such a search matches nothing).
     */
    static UUID id(String prefix, String value) {
        if (value == null || !value.startsWith(prefix)) {
            return null;
        }
        String text = value.substring(prefix.length());
        try {
            UUID uuid = UUID.fromString(text);
            return uuid.toString().equals(text) ? uuid : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
