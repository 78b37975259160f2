package care.iop.scheduling.billing;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns attended pieces into {@link ServiceDay}s: per patient and calendar date in the track's zone, the countable
 * minutes, the distinct countable services and the telehealth minutes.
 * <ul>
 *   <li>A piece crossing local midnight is split at the zone's midnight, found with java.time, so a DST date is 23 or
 *       25 hours long and a piece spanning the spring-forward gap counts the time that really passed.</li>
 *   <li>Minutes are the length of the union of the pieces, so a patient recorded in two overlapping sessions is not
 *       paid twice for the same time; seconds are dropped per date (2 h 59 min 59 s is 179 minutes), never rounded
 *       up, because a payer's minimum is a floor.</li>
 *   <li>Breaks (not countable kinds) add nothing; a date with only breaks yields no ServiceDay.</li>
 * </ul>
 */
public final class ServiceMinutes {

    private ServiceMinutes() {
    }

    private record Key(String patientId, LocalDate date) {
    }

    private record Slice(AttendedService piece, Instant start, Instant end) {
    }

    /** The service days of every patient in the pieces, ordered by patient id, then date. */
    public static List<ServiceDay> byDay(Collection<AttendedService> pieces, ZoneId trackZone) {
        Map<Key, List<Slice>> slicesByDay = new TreeMap<>(
                Comparator.comparing(Key::patientId).thenComparing(Key::date));
        for (AttendedService piece : pieces) {
            if (!piece.kind().countable()) {
                continue;
            }
            Instant from = piece.start();
            while (from.isBefore(piece.end())) {
                LocalDate date = from.atZone(trackZone).toLocalDate();
                Instant nextMidnight = date.plusDays(1).atStartOfDay(trackZone).toInstant();
                Instant to = piece.end().isBefore(nextMidnight) ? piece.end() : nextMidnight;
                slicesByDay.computeIfAbsent(new Key(piece.patientId(), date), k -> new ArrayList<>())
                        .add(new Slice(piece, from, to));
                from = to;
            }
        }
        List<ServiceDay> days = new ArrayList<>();
        slicesByDay.forEach((key, slices) -> days.add(day(key, slices)));
        return days;
    }

    private static ServiceDay day(Key key, List<Slice> slices) {
        slices.sort(Comparator.comparing(Slice::start));
        Map<String, List<Slice>> byService = new LinkedHashMap<>();
        slices.forEach(s -> byService.computeIfAbsent(s.piece().serviceId(), id -> new ArrayList<>()).add(s));
        List<ServiceDay.Service> services = new ArrayList<>();
        byService.forEach((id, own) -> {
            ServiceKind kind = own.get(0).piece().kind();
            if (own.stream().anyMatch(s -> s.piece().kind() != kind)) {
                throw new IllegalArgumentException("service " + id + " is recorded with more than one kind");
            }
            services.add(new ServiceDay.Service(id, kind, minutes(own), minutes(telehealth(own))));
        });
        return new ServiceDay(key.patientId(), key.date(), minutes(slices), minutes(telehealth(slices)), services);
    }

    private static List<Slice> telehealth(List<Slice> slices) {
        return slices.stream().filter(s -> s.piece().telehealth()).toList();
    }

    /** Whole minutes covered by the union of the slices (sorted by start). */
    private static int minutes(List<Slice> sortedSlices) {
        Duration covered = Duration.ZERO;
        Instant runStart = null;
        Instant runEnd = null;
        for (Slice s : sortedSlices) {
            if (runEnd == null || s.start().isAfter(runEnd)) {
                if (runEnd != null) {
                    covered = covered.plus(Duration.between(runStart, runEnd));
                }
                runStart = s.start();
                runEnd = s.end();
            } else if (s.end().isAfter(runEnd)) {
                runEnd = s.end();
            }
        }
        if (runEnd != null) {
            covered = covered.plus(Duration.between(runStart, runEnd));
        }
        return Math.toIntExact(covered.toMinutes());
    }
}
