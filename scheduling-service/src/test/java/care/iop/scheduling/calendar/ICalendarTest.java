package care.iop.scheduling.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import care.iop.scheduling.calendar.ICalendar.Event;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ICalendarTest {

    private static final String CRLF = "\r\n";
    private static final String PRODUCT_ID = "-//IOP Platform//Scheduling//EN";
    private static final UUID UID = UUID.fromString("3f2c1a9e-8b7d-4c6e-9f01-23456789abcd");
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Instant STARTS_AT = Instant.parse("2026-03-09T13:00:00Z");
    private static final Instant ENDS_AT = Instant.parse("2026-03-09T16:00:00Z");
    private static final Instant LAST_MODIFIED = Instant.parse("2026-02-27T08:15:30.123Z");

    @Test
    void writesOneEventExactly() {
        Event event = new Event(UID, STARTS_AT, ENDS_AT, "Group therapy", "Room 2", "https://iop.example/s/42",
                "CONFIRMED", 2, LAST_MODIFIED);

        String ics = ICalendar.write(PRODUCT_ID, "IOP schedule", List.of(event), NOW);

        assertThat(ics).isEqualTo(crlfLines(
                "BEGIN:VCALENDAR",
                "VERSION:2.0",
                "PRODID:-//IOP Platform//Scheduling//EN",
                "CALSCALE:GREGORIAN",
                "METHOD:PUBLISH",
                "X-WR-CALNAME:IOP schedule",
                "BEGIN:VEVENT",
                "UID:3f2c1a9e-8b7d-4c6e-9f01-23456789abcd@iop-platform",
                "DTSTAMP:20260301T120000Z",
                "DTSTART:20260309T130000Z",
                "DTEND:20260309T160000Z",
                "SUMMARY:Group therapy",
                "LOCATION:Room 2",
                "URL:https://iop.example/s/42",
                "STATUS:CONFIRMED",
                "SEQUENCE:2",
                "LAST-MODIFIED:20260227T081530Z",
                "END:VEVENT",
                "END:VCALENDAR"));
    }

    @Test
    void emptyEventListIsStillACalendar() {
        String ics = ICalendar.write(PRODUCT_ID, "Empty", List.of(), NOW);

        assertThat(ics).isEqualTo(crlfLines(
                "BEGIN:VCALENDAR",
                "VERSION:2.0",
                "PRODID:-//IOP Platform//Scheduling//EN",
                "CALSCALE:GREGORIAN",
                "METHOD:PUBLISH",
                "X-WR-CALNAME:Empty",
                "END:VCALENDAR"));
    }

    @Test
    void cancelledEventWithoutLocationOrUrl() {
        Event event = new Event(UID, STARTS_AT, ENDS_AT, "Family session", null, null, "CANCELLED", 3,
                LAST_MODIFIED);

        String ics = ICalendar.write(PRODUCT_ID, "IOP schedule", List.of(event), NOW);

        assertThat(ics)
                .contains(CRLF + "SUMMARY:Family session" + CRLF + "STATUS:CANCELLED" + CRLF + "SEQUENCE:3" + CRLF)
                .doesNotContain("LOCATION:")
                .doesNotContain("URL:");
    }

    @Test
    void eventsAreWrittenInOrder() {
        UUID second = UUID.fromString("00000000-0000-0000-0000-000000000002");
        List<Event> events = List.of(
                new Event(UID, STARTS_AT, ENDS_AT, "First", null, null, "CONFIRMED", 0, LAST_MODIFIED),
                new Event(second, STARTS_AT, ENDS_AT, "Second", null, null, "CONFIRMED", 0, LAST_MODIFIED));

        String ics = ICalendar.write(PRODUCT_ID, "IOP schedule", events, NOW);

        assertThat(ics).containsSubsequence("BEGIN:VEVENT", "UID:" + UID + "@iop-platform", "END:VEVENT",
                "BEGIN:VEVENT", "UID:" + second + "@iop-platform", "END:VEVENT", "END:VCALENDAR");
    }

    @Test
    void escapesTextValues() {
        Event event = new Event(UID, STARTS_AT, ENDS_AT, "a,b;c\\d\nsecond line", "Room 1\r\nLevel 2", null,
                "CONFIRMED", 0, LAST_MODIFIED);

        String ics = ICalendar.write(PRODUCT_ID, "Dr. Smith; week, 1", List.of(event), NOW);

        assertThat(ics)
                .contains(CRLF + "SUMMARY:a\\,b\\;c\\\\d\\nsecond line" + CRLF)
                .contains(CRLF + "LOCATION:Room 1\\nLevel 2" + CRLF)
                .contains(CRLF + "X-WR-CALNAME:Dr. Smith\\; week\\, 1" + CRLF);
    }

    @Test
    void dropsLoneCarriageReturnsAndControlCharactersButKeepsTabs() {
        assertThat(ICalendar.escape("a\rb\u0007c\td\u007F")).isEqualTo("abc\td");
    }

    @Test
    void urlIsNotEscaped() {
        Event event = new Event(UID, STARTS_AT, ENDS_AT, "s", null, "https://x.example/a;b,c", "CONFIRMED", 0,
                LAST_MODIFIED);

        assertThat(ICalendar.write(PRODUCT_ID, "c", List.of(event), NOW))
                .contains(CRLF + "URL:https://x.example/a;b,c" + CRLF);
    }

    @Test
    void noBareLineFeedsOrCarriageReturns() {
        Event event = new Event(UID, STARTS_AT, ENDS_AT, "line 1\nline 2\r\nline 3\r", "a\nb", null,
                "CONFIRMED", 0, LAST_MODIFIED);

        String ics = ICalendar.write(PRODUCT_ID, "x\ny", List.of(event), NOW);

        assertThat(ics).endsWith("END:VCALENDAR" + CRLF);
        assertThat(ics.replace(CRLF, "")).doesNotContain("\n").doesNotContain("\r");
    }

    @Test
    void lineOfExactly75OctetsIsNotFolded() {
        String summary = "a".repeat(75 - "SUMMARY:".length());

        assertThat(summaryLines(summary)).containsExactly("SUMMARY:" + summary);
    }

    @Test
    void lineOf76OctetsIsFolded() {
        String summary = "a".repeat(76 - "SUMMARY:".length());

        assertThat(summaryLines(summary)).containsExactly("SUMMARY:" + "a".repeat(67), " a");
    }

    @Test
    void multiByteCharacterAtTheLimitMovesToTheNextLine() {
        // 74 octets, then a 2-octet "é" that would end at octet 76
        String twoByte = "a".repeat(66) + "\u00e9b";
        // 73 octets, then a 4-octet emoji (a surrogate pair in Java) that would end at octet 77
        String fourByte = "a".repeat(65) + "\uD83E\uDDE0b";

        assertThat(summaryLines(twoByte)).containsExactly("SUMMARY:" + "a".repeat(66), " \u00e9b");
        assertThat(summaryLines(fourByte)).containsExactly("SUMMARY:" + "a".repeat(65), " \uD83E\uDDE0b");
    }

    @Test
    void foldsLongMultiByteSummaryWithoutSplittingCharacters() throws CharacterCodingException {
        String summary = "Gruppentherapie f\u00fcr Jugendliche \u2013 \u00dcberg\u00e4nge gestalten \u2713 "
                + "\uD83E\uDDE0 \u65e5\u672c\u8a9e ".repeat(6);
        Event event = new Event(UID, STARTS_AT, ENDS_AT, summary, null, null, "CONFIRMED", 0, LAST_MODIFIED);

        byte[] ics = ICalendar.write(PRODUCT_ID, "c", List.of(event), NOW).getBytes(StandardCharsets.UTF_8);

        List<String> physicalLines = new ArrayList<>();
        for (byte[] line : splitOnCrlf(ics)) {
            assertThat(line.length).isLessThanOrEqualTo(75);
            // a strict decoder fails if a fold had cut a multi-byte sequence apart
            physicalLines.add(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(line))
                    .toString());
        }
        int first = indexOfProperty(physicalLines, "SUMMARY:");
        assertThat(physicalLines.get(first + 1)).startsWith(" ");
        assertThat(physicalLines.get(first + 2)).startsWith(" ");

        String unfolded = new String(ics, StandardCharsets.UTF_8).replace(CRLF + " ", "");
        assertThat(unfolded).contains(CRLF + "SUMMARY:" + summary + CRLF);
    }

    @Test
    void rejectsInvalidEvents() {
        assertThatThrownBy(() -> new Event(UID, STARTS_AT, ENDS_AT, "s", null, null, "TENTATIVE", 0,
                LAST_MODIFIED)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("status");
        assertThatThrownBy(() -> new Event(UID, STARTS_AT, STARTS_AT, "s", null, null, "CONFIRMED", 0,
                LAST_MODIFIED)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("endsAt");
        assertThatThrownBy(() -> new Event(UID, STARTS_AT, ENDS_AT, "s", null, null, "CONFIRMED", -1,
                LAST_MODIFIED)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sequence");
        assertThatThrownBy(() -> new Event(UID, STARTS_AT, ENDS_AT, "s", null, "https://x\r\nX-EVIL:1",
                "CONFIRMED", 0, LAST_MODIFIED)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("url");
        assertThatThrownBy(() -> new Event(UID, STARTS_AT, ENDS_AT, null, null, null, "CONFIRMED", 0,
                LAST_MODIFIED)).isInstanceOf(NullPointerException.class).hasMessageContaining("summary");
    }

    /** The physical lines of the SUMMARY property, still folded. */
    private static List<String> summaryLines(String summary) {
        Event event = new Event(UID, STARTS_AT, ENDS_AT, summary, null, null, "CONFIRMED", 0, LAST_MODIFIED);
        List<String> lines = Arrays.asList(ICalendar.write(PRODUCT_ID, "c", List.of(event), NOW).split(CRLF));
        int start = indexOfProperty(lines, "SUMMARY:");
        int end = start + 1;
        while (lines.get(end).startsWith(" ")) {
            end++;
        }
        return lines.subList(start, end);
    }

    private static int indexOfProperty(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no line starting with " + prefix);
    }

    private static List<byte[]> splitOnCrlf(byte[] bytes) {
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i + 1 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                lines.add(Arrays.copyOfRange(bytes, start, i));
                start = i + 2;
                i++;
            }
        }
        assertThat(start).as("output ends with CRLF").isEqualTo(bytes.length);
        return lines;
    }

    private static String crlfLines(String... lines) {
        return String.join(CRLF, lines) + CRLF;
    }
}
