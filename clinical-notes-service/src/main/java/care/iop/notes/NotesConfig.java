package care.iop.notes;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Settings of the clinical notes service ({@code notes.*}). */
@ConfigMapping(prefix = "notes")
public interface NotesConfig {

    /** A session's note is due this long after the session starts; signed later, it is marked late. */
    @WithDefault("72h")
    Duration signWithin();

    /** The initial treatment plan is due this long after admission. */
    @WithDefault("7d")
    Duration initialPlanWithin();

    /** Days between treatment-plan reviews. */
    @WithDefault("30")
    int reviewEveryDays();

    /** How often due notes are checked for having become overdue. */
    @WithDefault("1m")
    Duration overdueCheckInterval();
}
