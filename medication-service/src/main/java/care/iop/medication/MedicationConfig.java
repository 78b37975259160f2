package care.iop.medication;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Settings of the medication service ({@code medications.*}). */
@ConfigMapping(prefix = "medications")
public interface MedicationConfig {

    /** Schedule II–IV orders need a prescription-drug-monitoring check attested within this many days. */
    @WithDefault("7")
    int pdmpWindowDays();

    /** How often scheduled doses are checked for having passed their window unrecorded. */
    @WithDefault("1m")
    Duration missedDoseCheckInterval();

    /** Window after a scheduled time in which a dose counts as on time, unless the order says otherwise. */
    @WithDefault("120")
    int defaultWindowMinutes();
}
