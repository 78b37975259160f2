package care.iop.scheduling.track;

import care.iop.events.LevelOfCare;
import com.fasterxml.jackson.annotation.JsonValue;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/** A program track: who it is for, its weekly pattern in the clinic's time zone, hours target and group rules. */
@Entity
public class Track extends PanacheEntityBase {

    public enum Population {
        ADULT("adult"), ADOLESCENT("adolescent");

        private final String value;

        Population(String value) {
            this.value = value;
        }

        @JsonValue
        public String value() {
            return value;
        }

        /** Weekly structured hours an IOP at this population needs at least (CLINICAL-REFERENCE, level 2.1). */
        public BigDecimal defaultWeeklyHours() {
            return this == ADULT ? BigDecimal.valueOf(9) : BigDecimal.valueOf(6);
        }
    }

    /** Open (rolling admission) groups take new members any week; closed groups only at a cohort start. */
    public enum GroupType {
        OPEN("open"), CLOSED("closed");

        private final String value;

        GroupType(String value) {
            this.value = value;
        }

        @JsonValue
        public String value() {
            return value;
        }
    }

    @Id
    public UUID id;
    public UUID clinicId;
    public String code;
    public String name;
    @Enumerated(EnumType.STRING)
    public LevelOfCare levelOfCare;
    @Enumerated(EnumType.STRING)
    public Population population;
    public String timeZone;
    public String days;
    public LocalTime startTime;
    public int durationMinutes;
    public BigDecimal weeklyHoursTarget;
    public int groupSizeLimit;
    @Enumerated(EnumType.STRING)
    public GroupType groupType;
    public LocalDate cohortStartDate;
    public UUID roomId;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<UUID> facilitatorIds = new ArrayList<>();
    public Instant createdAt;
    @Version
    public long version;

    public List<DayOfWeek> daysOfWeek() {
        return Arrays.stream(days.split(",")).map(DayOfWeek::valueOf).sorted().toList();
    }

    public void assignDays(List<DayOfWeek> list) {
        days = list.stream().distinct().sorted().map(Enum::name).collect(Collectors.joining(","));
    }

    public ZoneId zone() {
        return ZoneId.of(timeZone);
    }

    public WeeklyPattern pattern() {
        return new WeeklyPattern(java.util.EnumSet.copyOf(daysOfWeek()), startTime, durationMinutes, zone());
    }

    public int targetMinutes() {
        return weeklyHoursTarget.multiply(BigDecimal.valueOf(60)).intValue();
    }
}
