package care.iop.medication.fhir;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A FHIR date search ({@code date=ge2025-03-01&date=lt2025-04-01}) over an instant-valued element, with FHIR's
 * semantics: a search value stands for the range its precision spans ({@code 2025-03-05} is that whole day, in UTC
 * when no offset is given), and a prefix compares the element with that range: {@code eq} within it, {@code ge} at or
 * after its start, {@code gt}/{@code sa} after its end, {@code le} before its end, {@code lt}/{@code eb} before its
 * start, {@code ne} outside it. {@code ap} (approximately) is refused (400) rather than guessed.
 * <p>
 * {@link #from()} and {@link #until()} bound a query; {@link #matches(Instant)} is the exact test (it also applies
 * {@code ne}, which no single window expresses).
 */
final class DateSearch {

    private record Condition(ParamPrefixEnum prefix, Instant start, Instant end) {

        boolean matches(Instant t) {
            return switch (prefix) {
                case EQUAL -> !t.isBefore(start) && t.isBefore(end);
                case NOT_EQUAL -> t.isBefore(start) || !t.isBefore(end);
                case GREATERTHAN, STARTS_AFTER -> !t.isBefore(end);
                case GREATERTHAN_OR_EQUALS -> !t.isBefore(start);
                case LESSTHAN, ENDS_BEFORE -> t.isBefore(start);
                case LESSTHAN_OR_EQUALS -> t.isBefore(end);
                case APPROXIMATE -> throw new IllegalStateException("refused when parsed");
            };
        }

        Instant lowerBound() {
            return switch (prefix) {
                case EQUAL, GREATERTHAN_OR_EQUALS -> start;
                case GREATERTHAN, STARTS_AFTER -> end;
                default -> null;
            };
        }

        Instant upperBound() {
            return switch (prefix) {
                case EQUAL, LESSTHAN_OR_EQUALS -> end;
                case LESSTHAN, ENDS_BEFORE -> start;
                default -> null;
            };
        }
    }

    private static final DateSearch ANY = new DateSearch(List.of());

    private final List<Condition> conditions;

    private DateSearch(List<Condition> conditions) {
        this.conditions = conditions;
    }

    /** The search a request's date parameter(s) make; no parameter matches everything. */
    static DateSearch of(DateRangeParam range, String parameterName) {
        if (range == null || range.getValuesAsQueryTokens().isEmpty()) {
            return ANY;
        }
        List<Condition> conditions = new ArrayList<>();
        for (DateParam param : range.getValuesAsQueryTokens()) {
            if (param == null || param.isEmpty()) {
                continue;
            }
            ParamPrefixEnum prefix = param.getPrefix() == null ? ParamPrefixEnum.EQUAL : param.getPrefix();
            if (prefix == ParamPrefixEnum.APPROXIMATE) {
                throw new InvalidRequestException(parameterName + ": the prefix ap is not supported; use ge and le");
            }
            Instant[] span = span(param, parameterName);
            conditions.add(new Condition(prefix, span[0], span[1]));
        }
        return new DateSearch(List.copyOf(conditions));
    }

    /** The earliest instant that can match, or null. */
    Instant from() {
        return conditions.stream().map(Condition::lowerBound).filter(Objects::nonNull)
                .max(Instant::compareTo).orElse(null);
    }

    /** The first instant past every match (exclusive), or null. */
    Instant until() {
        return conditions.stream().map(Condition::upperBound).filter(Objects::nonNull)
                .min(Instant::compareTo).orElse(null);
    }

    boolean matches(Instant t) {
        if (conditions.isEmpty()) {
            return true;
        }
        return t != null && conditions.stream().allMatch(c -> c.matches(t));
    }

    /** The range a search value stands for: [start, end). */
    private static Instant[] span(DateParam param, String parameterName) {
        String text = param.getValueAsString();
        TemporalPrecisionEnum precision = param.getPrecision();
        try {
            if (precision == null || text == null) {
                throw new DateTimeParseException("no value", String.valueOf(text), 0);
            }
            return switch (precision) {
                case YEAR -> {
                    LocalDate start = LocalDate.of(Integer.parseInt(text.substring(0, 4)), 1, 1);
                    yield days(start, start.plusYears(1));
                }
                case MONTH -> {
                    YearMonth month = YearMonth.parse(text.substring(0, 7));
                    yield days(month.atDay(1), month.plusMonths(1).atDay(1));
                }
                case DAY -> {
                    LocalDate day = LocalDate.parse(text.substring(0, 10));
                    yield days(day, day.plusDays(1));
                }
                case MINUTE, SECOND, MILLI -> {
                    Instant start = instant(text);
                    ChronoUnit unit = precision == TemporalPrecisionEnum.MINUTE ? ChronoUnit.MINUTES
                            : precision == TemporalPrecisionEnum.SECOND ? ChronoUnit.SECONDS : ChronoUnit.MILLIS;
                    yield new Instant[] {start, start.plus(1, unit)};
                }
            };
        } catch (DateTimeParseException | NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new InvalidRequestException(parameterName + ": not a FHIR date or dateTime: " + text);
        }
    }

    private static Instant[] days(LocalDate start, LocalDate end) {
        return new Instant[] {start.atStartOfDay(ZoneOffset.UTC).toInstant(),
                end.atStartOfDay(ZoneOffset.UTC).toInstant()};
    }

    /** A dateTime with an offset as given; without one, in UTC. */
    private static Instant instant(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        }
    }
}
