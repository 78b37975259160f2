package care.iop.analytics;

import com.fasterxml.jackson.annotation.JsonValue;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;

/** The reporting period: an ISO week (Monday to Sunday) or a calendar month. */
@Schema(name = "PeriodKind", type = SchemaType.STRING, enumeration = {"week", "month"})
public enum PeriodKind {
    WEEK("week"),
    MONTH("month");

    private final String value;

    PeriodKind(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }

    /** The wire value ({@code week}, {@code month}); JAX-RS uses it for the query parameter. */
    public static PeriodKind fromString(String value) {
        for (PeriodKind kind : values()) {
            if (kind.value.equals(value)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("period must be week or month");
    }

    public LocalDate startOf(LocalDate day) {
        return this == WEEK ? day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)) : day.withDayOfMonth(1);
    }

    public LocalDate endOf(LocalDate start) {
        return this == WEEK ? start.plusDays(6) : start.with(TemporalAdjusters.lastDayOfMonth());
    }

    /** {@code 2026-W05} for a week (ISO week-based year), {@code 2026-01} for a month. */
    public String label(LocalDate start) {
        return this == WEEK
                ? String.format("%d-W%02d", start.get(IsoFields.WEEK_BASED_YEAR), start.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR))
                : String.format("%d-%02d", start.getYear(), start.getMonthValue());
    }
}
