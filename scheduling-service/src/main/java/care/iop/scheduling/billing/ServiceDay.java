package care.iop.scheduling.billing;

import java.time.LocalDate;
import java.util.List;

/**
 * One patient's countable attendance on one calendar date in the track's time zone.
 *
 * @param countableMinutes  whole minutes of countable service (overlapping pieces counted once, seconds dropped)
 * @param telehealthMinutes whole minutes of countable service attended by telehealth
 * @param services          each distinct countable service attended that date, in order of first attendance
 */
public record ServiceDay(String patientId, LocalDate date, int countableMinutes, int telehealthMinutes,
                         List<Service> services) {

    /** A distinct countable service attended on the date: its minutes that date and its telehealth minutes. */
    public record Service(String serviceId, ServiceKind kind, int minutes, int telehealthMinutes) {
    }

    public ServiceDay {
        services = List.copyOf(services);
    }

    public int distinctServices() {
        return services.size();
    }

    /** Share of the countable minutes attended by telehealth, 0 to 1 (0 on a day without countable minutes). */
    public double telehealthShare() {
        return countableMinutes == 0 ? 0 : (double) telehealthMinutes / countableMinutes;
    }

    public boolean allTelehealth() {
        return countableMinutes > 0 && telehealthMinutes == countableMinutes;
    }
}
