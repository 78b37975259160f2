package care.iop.analytics.dashboard;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Today, for the dashboard's defaults and its "latest complete period" (UTC, as the event dates are). The tests pin
 * it with {@code analytics.dashboard.today}; nothing else sets that.
 */
@ApplicationScoped
public class DashboardClock {

    @ConfigProperty(name = "analytics.dashboard.today")
    Optional<LocalDate> pinned;

    public LocalDate today() {
        return pinned.orElseGet(() -> LocalDate.now(ZoneOffset.UTC));
    }
}
