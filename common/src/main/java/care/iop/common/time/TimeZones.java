package care.iop.common.time;

import care.iop.common.problem.ProblemException;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** Session times live in IANA zones (America/New_York), never in fixed offsets that ignore daylight saving. */
public final class TimeZones {

    private TimeZones() {
    }

    public static ZoneId parse(String value, String field) {
        try {
            ZoneId zone = ZoneId.of(value);
            if (zone instanceof ZoneOffset || !value.contains("/") || value.startsWith("Etc/")) {
                throw ProblemException.invalid(field, "must be an IANA time zone such as America/New_York");
            }
            return zone;
        } catch (DateTimeException e) {
            throw ProblemException.invalid(field, "must be an IANA time zone such as America/New_York");
        }
    }
}
