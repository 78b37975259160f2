package care.iop.scheduling.track;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SUNDAY;
import static java.time.DayOfWeek.TUESDAY;
import static java.time.DayOfWeek.WEDNESDAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import care.iop.scheduling.track.WeeklyPattern.Occurrence;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class WeeklyPatternTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final LocalTime NINE = LocalTime.of(9, 0);
    private static final Set<DayOfWeek> MON_WED_FRI = Set.of(MONDAY, WEDNESDAY, FRIDAY);

    private static final WeeklyPattern NY_MWF = new WeeklyPattern(MON_WED_FRI, NINE, 180, NEW_YORK);
    private static final WeeklyPattern BERLIN_MWF = new WeeklyPattern(MON_WED_FRI, NINE, 180, BERLIN);

    @Nested
    class NewYork {

        @Test
        void springForwardKeepsLocalTimeAndShiftsUtcByAnHour() {
            // DST starts Sunday 2026-03-08 02:00: EST (UTC-5) before, EDT (UTC-4) after.
            List<Occurrence> occurrences = NY_MWF.occurrences(LocalDate.of(2026, 3, 2), LocalDate.of(2026, 3, 13));

            assertThat(occurrences).extracting(Occurrence::localDate).containsExactly(
                    LocalDate.of(2026, 3, 2), LocalDate.of(2026, 3, 4), LocalDate.of(2026, 3, 6),
                    LocalDate.of(2026, 3, 9), LocalDate.of(2026, 3, 11), LocalDate.of(2026, 3, 13));
            assertThat(occurrences).extracting(Occurrence::startsAt).containsExactly(
                    utc("2026-03-02T14:00:00Z"), utc("2026-03-04T14:00:00Z"), utc("2026-03-06T14:00:00Z"),
                    utc("2026-03-09T13:00:00Z"), utc("2026-03-11T13:00:00Z"), utc("2026-03-13T13:00:00Z"));
            assertThat(occurrences).extracting(Occurrence::endsAt).containsExactly(
                    utc("2026-03-02T17:00:00Z"), utc("2026-03-04T17:00:00Z"), utc("2026-03-06T17:00:00Z"),
                    utc("2026-03-09T16:00:00Z"), utc("2026-03-11T16:00:00Z"), utc("2026-03-13T16:00:00Z"));
            assertLocalStartAndElapsedDuration(occurrences, NEW_YORK, NINE, 180);
        }

        @Test
        void fallBackKeepsLocalTimeAndShiftsUtcByAnHour() {
            // DST ends Sunday 2026-11-01 02:00: EDT (UTC-4) before, EST (UTC-5) after.
            List<Occurrence> occurrences = NY_MWF.occurrences(LocalDate.of(2026, 10, 26), LocalDate.of(2026, 11, 6));

            assertThat(occurrences).extracting(Occurrence::startsAt).containsExactly(
                    utc("2026-10-26T13:00:00Z"), utc("2026-10-28T13:00:00Z"), utc("2026-10-30T13:00:00Z"),
                    utc("2026-11-02T14:00:00Z"), utc("2026-11-04T14:00:00Z"), utc("2026-11-06T14:00:00Z"));
            assertThat(occurrences).extracting(Occurrence::endsAt).containsExactly(
                    utc("2026-10-26T16:00:00Z"), utc("2026-10-28T16:00:00Z"), utc("2026-10-30T16:00:00Z"),
                    utc("2026-11-02T17:00:00Z"), utc("2026-11-04T17:00:00Z"), utc("2026-11-06T17:00:00Z"));
            assertLocalStartAndElapsedDuration(occurrences, NEW_YORK, NINE, 180);
        }

        @Test
        void startInSpringForwardGapMovesForwardByTheGap() {
            Occurrence occurrence = WeeklyPattern.at(LocalDate.of(2026, 3, 8), LocalTime.of(2, 30), 60, NEW_YORK);

            assertThat(occurrence.localDate()).isEqualTo(LocalDate.of(2026, 3, 8));
            assertThat(occurrence.startsAt()).isEqualTo(utc("2026-03-08T07:30:00Z"));
            assertThat(wallClock(occurrence.startsAt(), NEW_YORK)).isEqualTo("2026-03-08T03:30-04:00");
            assertThat(occurrence.endsAt()).isEqualTo(utc("2026-03-08T08:30:00Z"));
        }

        @Test
        void weeklySessionInTheGapLandsOnTheSameInstantAsTheWeekBefore() {
            // 02:30 EST on 03-01 and 03:30 EDT on 03-08 are both 07:30Z.
            WeeklyPattern sundays = new WeeklyPattern(Set.of(SUNDAY), LocalTime.of(2, 30), 60, NEW_YORK);

            assertThat(sundays.occurrences(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 15)))
                    .extracting(Occurrence::startsAt)
                    .containsExactly(utc("2026-03-01T07:30:00Z"), utc("2026-03-08T07:30:00Z"),
                            utc("2026-03-15T06:30:00Z"));
        }

        @Test
        void startInFallBackOverlapUsesTheEarlierOffset() {
            Occurrence occurrence = WeeklyPattern.at(LocalDate.of(2026, 11, 1), LocalTime.of(1, 30), 60, NEW_YORK);

            assertThat(occurrence.startsAt()).isEqualTo(utc("2026-11-01T05:30:00Z"));
            assertThat(occurrence.startsAt().atZone(NEW_YORK).getOffset()).isEqualTo(ZoneOffset.ofHours(-4));
            // One elapsed hour later the wall clock reads 01:30 again, now in EST.
            assertThat(occurrence.endsAt()).isEqualTo(utc("2026-11-01T06:30:00Z"));
            assertThat(wallClock(occurrence.endsAt(), NEW_YORK)).isEqualTo("2026-11-01T01:30-05:00");
        }

        @Test
        void sessionSpanningSpringForwardEndsOneWallClockHourLater() {
            Occurrence occurrence = WeeklyPattern.at(LocalDate.of(2026, 3, 8), LocalTime.of(1, 0), 180, NEW_YORK);

            assertThat(occurrence.startsAt()).isEqualTo(utc("2026-03-08T06:00:00Z"));
            assertThat(occurrence.endsAt()).isEqualTo(utc("2026-03-08T09:00:00Z"));
            assertThat(occurrence.endsAt().atZone(NEW_YORK).toLocalTime()).isEqualTo(LocalTime.of(5, 0));
        }

        @Test
        void sessionSpanningFallBackEndsOneWallClockHourEarlier() {
            Occurrence occurrence = WeeklyPattern.at(LocalDate.of(2026, 11, 1), LocalTime.of(0, 30), 180, NEW_YORK);

            assertThat(occurrence.startsAt()).isEqualTo(utc("2026-11-01T04:30:00Z"));
            assertThat(occurrence.endsAt()).isEqualTo(utc("2026-11-01T07:30:00Z"));
            assertThat(occurrence.endsAt().atZone(NEW_YORK).toLocalTime()).isEqualTo(LocalTime.of(2, 30));
        }
    }

    @Nested
    class Berlin {

        @Test
        void springForward() {
            // DST starts Sunday 2026-03-29 02:00: CET (UTC+1) before, CEST (UTC+2) after.
            List<Occurrence> occurrences =
                    BERLIN_MWF.occurrences(LocalDate.of(2026, 3, 23), LocalDate.of(2026, 4, 3));

            assertThat(occurrences).extracting(Occurrence::startsAt).containsExactly(
                    utc("2026-03-23T08:00:00Z"), utc("2026-03-25T08:00:00Z"), utc("2026-03-27T08:00:00Z"),
                    utc("2026-03-30T07:00:00Z"), utc("2026-04-01T07:00:00Z"), utc("2026-04-03T07:00:00Z"));
            assertLocalStartAndElapsedDuration(occurrences, BERLIN, NINE, 180);
        }

        @Test
        void fallBack() {
            // DST ends Sunday 2026-10-25 03:00: CEST (UTC+2) before, CET (UTC+1) after.
            List<Occurrence> occurrences =
                    BERLIN_MWF.occurrences(LocalDate.of(2026, 10, 19), LocalDate.of(2026, 10, 30));

            assertThat(occurrences).extracting(Occurrence::startsAt).containsExactly(
                    utc("2026-10-19T07:00:00Z"), utc("2026-10-21T07:00:00Z"), utc("2026-10-23T07:00:00Z"),
                    utc("2026-10-26T08:00:00Z"), utc("2026-10-28T08:00:00Z"), utc("2026-10-30T08:00:00Z"));
            assertLocalStartAndElapsedDuration(occurrences, BERLIN, NINE, 180);
        }

        @Test
        void gapAndOverlap() {
            Occurrence inGap = WeeklyPattern.at(LocalDate.of(2026, 3, 29), LocalTime.of(2, 30), 60, BERLIN);
            Occurrence inOverlap = WeeklyPattern.at(LocalDate.of(2026, 10, 25), LocalTime.of(2, 30), 60, BERLIN);

            assertThat(wallClock(inGap.startsAt(), BERLIN)).isEqualTo("2026-03-29T03:30+02:00");
            assertThat(inGap.startsAt()).isEqualTo(utc("2026-03-29T01:30:00Z"));
            assertThat(inOverlap.startsAt().atZone(BERLIN).getOffset()).isEqualTo(ZoneOffset.ofHours(2));
            assertThat(inOverlap.startsAt()).isEqualTo(utc("2026-10-25T00:30:00Z"));
        }

        @Test
        void usAndEuChangeOnDifferentDates() {
            // Between 2026-03-08 and 2026-03-29 New York is only 5 hours behind Berlin instead of 6.
            LocalDate wednesday = LocalDate.of(2026, 3, 11);
            Instant ny = NY_MWF.occurrences(wednesday, wednesday).get(0).startsAt();
            Instant berlin = BERLIN_MWF.occurrences(wednesday, wednesday).get(0).startsAt();

            assertThat(Duration.between(berlin, ny)).isEqualTo(Duration.ofHours(5));
        }
    }

    @Nested
    class Ranges {

        @Test
        void boundsAreInclusive() {
            List<Occurrence> occurrences = NY_MWF.occurrences(LocalDate.of(2026, 3, 2), LocalDate.of(2026, 3, 6));

            assertThat(occurrences).extracting(Occurrence::localDate).containsExactly(
                    LocalDate.of(2026, 3, 2), LocalDate.of(2026, 3, 4), LocalDate.of(2026, 3, 6));
        }

        @Test
        void singleDayRange() {
            LocalDate wednesday = LocalDate.of(2026, 3, 4);
            LocalDate tuesday = LocalDate.of(2026, 3, 3);

            assertThat(NY_MWF.occurrences(wednesday, wednesday)).extracting(Occurrence::localDate)
                    .containsExactly(wednesday);
            assertThat(NY_MWF.occurrences(tuesday, tuesday)).isEmpty();
        }

        @Test
        void fromAfterToIsEmpty() {
            assertThat(NY_MWF.occurrences(LocalDate.of(2026, 3, 6), LocalDate.of(2026, 3, 2))).isEmpty();
        }

        @Test
        void occurrencesAreInTimeOrderAcrossDstChanges() {
            WeeklyPattern everyDay = new WeeklyPattern(EnumSet.allOf(DayOfWeek.class), LocalTime.of(1, 30), 60,
                    NEW_YORK);

            List<Occurrence> occurrences = everyDay.occurrences(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31));

            assertThat(occurrences).hasSize(365);
            assertThat(occurrences).isSortedAccordingTo(Comparator.comparing(Occurrence::startsAt));
            assertThat(occurrences).extracting(Occurrence::startsAt).doesNotHaveDuplicates();
        }

        @Test
        void resultIsUnmodifiable() {
            List<Occurrence> occurrences = NY_MWF.occurrences(LocalDate.of(2026, 3, 2), LocalDate.of(2026, 3, 6));

            assertThatThrownBy(occurrences::clear).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Nested
    class Validation {

        @Test
        void daysAreCopiedAndUnmodifiable() {
            Set<DayOfWeek> input = new HashSet<>(Set.of(MONDAY));
            WeeklyPattern pattern = new WeeklyPattern(input, NINE, 60, NEW_YORK);
            input.add(TUESDAY);

            assertThat(pattern.days()).containsExactly(MONDAY);
            assertThatThrownBy(() -> pattern.days().add(TUESDAY))
                    .isInstanceOf(UnsupportedOperationException.class);
        }

        @Test
        void patternsWithEqualValuesAreEqual() {
            assertThat(new WeeklyPattern(new HashSet<>(MON_WED_FRI), NINE, 180, NEW_YORK)).isEqualTo(NY_MWF);
        }

        @Test
        void rejectsEmptyOrNullDays() {
            assertInvalid(() -> new WeeklyPattern(Set.of(), NINE, 60, NEW_YORK), "days");
            assertInvalid(() -> new WeeklyPattern(null, NINE, 60, NEW_YORK), "days");
            assertInvalid(() -> new WeeklyPattern(new HashSet<>(Arrays.asList(MONDAY, null)), NINE, 60, NEW_YORK),
                    "days");
        }

        @Test
        void rejectsMissingStartTimeOrZone() {
            assertInvalid(() -> new WeeklyPattern(MON_WED_FRI, null, 60, NEW_YORK), "start time");
            assertInvalid(() -> new WeeklyPattern(MON_WED_FRI, NINE, 60, null), "zone");
        }

        @Test
        void durationMustBeBetween15And720Minutes() {
            assertInvalid(() -> new WeeklyPattern(MON_WED_FRI, NINE, 14, NEW_YORK), "duration");
            assertInvalid(() -> new WeeklyPattern(MON_WED_FRI, NINE, 721, NEW_YORK), "duration");
            assertInvalid(() -> new WeeklyPattern(MON_WED_FRI, NINE, 0, NEW_YORK), "duration");
            assertInvalid(() -> new WeeklyPattern(MON_WED_FRI, NINE, -60, NEW_YORK), "duration");

            assertThat(new WeeklyPattern(MON_WED_FRI, NINE, 15, NEW_YORK).durationMinutes()).isEqualTo(15);
            assertThat(new WeeklyPattern(MON_WED_FRI, NINE, 720, NEW_YORK).durationMinutes()).isEqualTo(720);
        }

        @Test
        void rejectsNullRangeBounds() {
            assertInvalid(() -> NY_MWF.occurrences(null, LocalDate.of(2026, 3, 6)), "from");
            assertInvalid(() -> NY_MWF.occurrences(LocalDate.of(2026, 3, 6), null), "to");
        }

        @Test
        void atValidatesItsArguments() {
            LocalDate date = LocalDate.of(2026, 3, 4);
            assertInvalid(() -> WeeklyPattern.at(null, NINE, 60, NEW_YORK), "date");
            assertInvalid(() -> WeeklyPattern.at(date, null, 60, NEW_YORK), "start time");
            assertInvalid(() -> WeeklyPattern.at(date, NINE, 60, null), "zone");
            assertInvalid(() -> WeeklyPattern.at(date, NINE, 10, NEW_YORK), "duration");
        }
    }

    private static void assertLocalStartAndElapsedDuration(List<Occurrence> occurrences, ZoneId zone,
                                                           LocalTime localStart, int minutes) {
        assertThat(occurrences).allSatisfy(occurrence -> {
            ZonedDateTime start = occurrence.startsAt().atZone(zone);
            assertThat(start.toLocalDate()).isEqualTo(occurrence.localDate());
            assertThat(start.toLocalTime()).isEqualTo(localStart);
            assertThat(Duration.between(occurrence.startsAt(), occurrence.endsAt()))
                    .isEqualTo(Duration.ofMinutes(minutes));
        });
    }

    private static void assertInvalid(ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    /** Local date-time with offset, e.g. 2026-03-08T03:30-04:00. */
    private static String wallClock(Instant instant, ZoneId zone) {
        return instant.atZone(zone).toOffsetDateTime().toString();
    }

    private static Instant utc(String text) {
        return Instant.parse(text);
    }
}
