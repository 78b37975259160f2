package care.iop.common.http;

import care.iop.common.problem.ProblemException;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * Query parameters that need parsing. JAX-RS answers a query parameter it cannot convert with 404, which tells a
 * caller nothing; taking the text and parsing it here gives a 400 naming the parameter.
 */
public final class QueryParams {

    private QueryParams() {
    }

    /** An ISO date (YYYY-MM-DD), or null when absent. */
    public static LocalDate date(String value, String parameter) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(parameter, "must be a date, YYYY-MM-DD");
        }
    }
}
