package care.iop.scheduling.calendar;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Writes an RFC 5545 iCalendar feed ({@code VCALENDAR} with one {@code VEVENT} per event).
 *
 * <p>Output uses CRLF line endings, UTC date-times, TEXT escaping (§3.3.11) and folds content lines
 * longer than 75 octets (§3.1) without splitting a multi-byte UTF-8 character.
 */
public final class ICalendar {

    public static final String CONFIRMED = "CONFIRMED";
    public static final String CANCELLED = "CANCELLED";

    private static final String CRLF = "\r\n";
    private static final int MAX_LINE_OCTETS = 75;
    private static final String UID_DOMAIN = "@iop-platform";
    private static final DateTimeFormatter UTC_DATE_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private ICalendar() {}

    /**
     * One VEVENT. status is CONFIRMED or CANCELLED. location and url may be null.
     *
     * @param uid          stable event id; the UID is {@code <uid>@iop-platform}
     * @param startsAt     start, written as UTC
     * @param endsAt       end, written as UTC; must be after {@code startsAt}
     * @param summary      title
     * @param location     optional location
     * @param url          optional link, written as-is (URI, not TEXT)
     * @param status       {@link #CONFIRMED} or {@link #CANCELLED}
     * @param sequence     revision number, incremented by the publisher on significant changes
     * @param lastModified last change of the event
     */
    public record Event(UUID uid, Instant startsAt, Instant endsAt, String summary, String location, String url,
                        String status, long sequence, Instant lastModified) {

        public Event {
            Objects.requireNonNull(uid, "uid");
            Objects.requireNonNull(startsAt, "startsAt");
            Objects.requireNonNull(endsAt, "endsAt");
            Objects.requireNonNull(summary, "summary");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(lastModified, "lastModified");
            if (!endsAt.isAfter(startsAt)) {
                throw new IllegalArgumentException("endsAt must be after startsAt");
            }
            if (!status.equals(CONFIRMED) && !status.equals(CANCELLED)) {
                throw new IllegalArgumentException("status must be CONFIRMED or CANCELLED, was " + status);
            }
            if (sequence < 0) {
                throw new IllegalArgumentException("sequence must not be negative");
            }
            // A URL is written unescaped, so a line break in it would start a new property.
            if (url != null && (url.indexOf('\r') >= 0 || url.indexOf('\n') >= 0)) {
                throw new IllegalArgumentException("url must not contain line breaks");
            }
        }
    }

    /** The whole VCALENDAR text. */
    public static String write(String productId, String calendarName, List<Event> events, Instant now) {
        Objects.requireNonNull(productId, "productId");
        Objects.requireNonNull(calendarName, "calendarName");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(now, "now");

        StringBuilder out = new StringBuilder();
        line(out, "BEGIN:VCALENDAR");
        line(out, "VERSION:2.0");
        line(out, "PRODID:" + escape(productId));
        line(out, "CALSCALE:GREGORIAN");
        line(out, "METHOD:PUBLISH");
        line(out, "X-WR-CALNAME:" + escape(calendarName));
        for (Event event : events) {
            writeEvent(out, event, now);
        }
        line(out, "END:VCALENDAR");
        return out.toString();
    }

    private static void writeEvent(StringBuilder out, Event event, Instant now) {
        line(out, "BEGIN:VEVENT");
        line(out, "UID:" + event.uid() + UID_DOMAIN);
        line(out, "DTSTAMP:" + UTC_DATE_TIME.format(now));
        line(out, "DTSTART:" + UTC_DATE_TIME.format(event.startsAt()));
        line(out, "DTEND:" + UTC_DATE_TIME.format(event.endsAt()));
        line(out, "SUMMARY:" + escape(event.summary()));
        if (event.location() != null) {
            line(out, "LOCATION:" + escape(event.location()));
        }
        if (event.url() != null) {
            line(out, "URL:" + event.url());
        }
        line(out, "STATUS:" + event.status());
        line(out, "SEQUENCE:" + event.sequence());
        line(out, "LAST-MODIFIED:" + UTC_DATE_TIME.format(event.lastModified()));
        line(out, "END:VEVENT");
    }

    /** Escapes a TEXT value (RFC 5545 §3.3.11). */
    static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case ';' -> sb.append("\\;");
                case ',' -> sb.append("\\,");
                case '\n' -> sb.append("\\n");
                case '\r' -> { } // CRLF becomes a single \n; a lone CR is dropped
                default -> {
                    // TEXT allows no control characters except HTAB.
                    if ((c >= 0x20 && c != 0x7F) || c == '\t') {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    /** Appends one content line, folded to at most 75 octets per physical line (RFC 5545 §3.1). */
    private static void line(StringBuilder out, String contentLine) {
        int octets = 0;
        for (int i = 0; i < contentLine.length(); ) {
            int codePoint = contentLine.codePointAt(i);
            int size = utf8Length(codePoint);
            if (octets + size > MAX_LINE_OCTETS) {
                out.append(CRLF).append(' ');
                octets = 1; // the leading space counts towards the limit
            }
            out.appendCodePoint(codePoint);
            octets += size;
            i += Character.charCount(codePoint);
        }
        out.append(CRLF);
    }

    private static int utf8Length(int codePoint) {
        if (codePoint < 0x80) {
            return 1;
        } else if (codePoint < 0x800) {
            return 2;
        } else if (codePoint < 0x10000) {
            return 3;
        }
        return 4;
    }
}
