package care.iop.medication.screen;

import java.time.LocalDate;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which positives a patient's medications explain in a specimen, judged on the orders' clinical dates only: a
 * course is in force from its start date through its end date or its discontinuation's effective date, whichever
 * comes first, and still explains a positive for {@link #WASHOUT_DAYS} days after (a drug stays detectable for
 * days after the last dose). When the order row was written plays no part: an order entered today with a start
 * date three days ago explains a specimen collected two days ago. Plain Java, no framework.
 */
public final class ScreenExpectation {

    /** Days after a course ends in which its substances still count as expected. */
    public static final int WASHOUT_DAYS = 7;

    /**
     * One order's clinical dates and the screen substances its medication shows as.
     *
     * @param endDate        planned last day, or null for none
     * @param discontinuedOn effective date of its discontinuation, or null while it runs
     */
    public record Course(Set<String> screensAs, LocalDate startDate, LocalDate endDate, LocalDate discontinuedOn) {

        public Course {
            screensAs = Set.copyOf(screensAs);
            Objects.requireNonNull(startDate, "startDate");
        }

        /** The last day the medication was to be taken, or null for a course that has not ended. */
        public LocalDate lastDay() {
            if (endDate == null) {
                return discontinuedOn;
            }
            return discontinuedOn == null || endDate.isBefore(discontinuedOn) ? endDate : discontinuedOn;
        }

        /** Whether a specimen collected on {@code collectedOn} may show this medication. */
        public boolean explains(LocalDate collectedOn) {
            LocalDate last = lastDay();
            if (last != null && last.isBefore(startDate)) {
                return false; // stopped before it started: never taken
            }
            return !collectedOn.isBefore(startDate)
                    && (last == null || !collectedOn.isAfter(last.plusDays(WASHOUT_DAYS)));
        }
    }

    private ScreenExpectation() {
    }

    /** Substances the courses explain in a specimen collected on {@code collectedOn}. */
    public static Set<String> explained(Collection<Course> courses, LocalDate collectedOn) {
        Objects.requireNonNull(collectedOn, "collectedOn");
        return courses.stream().filter(c -> c.explains(collectedOn)).flatMap(c -> c.screensAs().stream())
                .collect(Collectors.toUnmodifiableSet());
    }
}
