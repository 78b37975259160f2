package care.iop.portal.web;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the pages write dates and times: in words a person reads at a glance, times in UTC with the zone named. */
public final class Dates {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter MOMENT = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH);

    private Dates() {
    }

    public static String day(LocalDate date) {
        return date == null ? "" : DAY.format(date);
    }

    public static String day(OffsetDateTime moment) {
        return moment == null ? "" : DAY.format(moment.withOffsetSameInstant(ZoneOffset.UTC));
    }

    public static String moment(OffsetDateTime moment) {
        return moment == null ? "" : MOMENT.format(moment.withOffsetSameInstant(ZoneOffset.UTC));
    }
}
