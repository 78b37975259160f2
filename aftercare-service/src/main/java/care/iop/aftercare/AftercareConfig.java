package care.iop.aftercare;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;

/** Settings of the aftercare service ({@code aftercare.*}). */
@ConfigMapping(prefix = "aftercare")
public interface AftercareConfig {

    /** Outreach after discharge, in days (common practice, not a standard; HEDIS IET checks come on top). */
    @WithDefault("7,30,60,90")
    List<Integer> followUpDays();

    /** The clinic's time zone for due dates, when a discharge does not name one. */
    @WithDefault("America/New_York")
    String defaultTimeZone();

    /** How often follow-ups are checked for having become due. */
    @WithDefault("1m")
    Duration dueCheckInterval();
}
