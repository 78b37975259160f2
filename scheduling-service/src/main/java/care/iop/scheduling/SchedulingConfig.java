package care.iop.scheduling;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the scheduling service ({@code scheduling.*}). */
@ConfigMapping(prefix = "scheduling")
public interface SchedulingConfig {

    /** How many weeks ahead weekly series are materialised into bookable sessions. */
    @WithDefault("8")
    int materializeWeeks();

    /** How often ended weeks are re-evaluated (an ended week below target becomes non-compliant). */
    @WithDefault("15m")
    java.time.Duration weekCloseInterval();
}
