package care.iop.scheduling.billing;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * One claim line of a billable day: an {@code original} line of a determined day, or the {@code reversal} of one.
 * A row is never edited, except that an original is marked {@code reversed} when its reversal is stored.
 */
@Entity
public class BillableLine extends PanacheEntityBase {

    public static final String ORIGINAL = "original";
    public static final String REVERSAL = "reversal";

    @Id
    public UUID id;
    public UUID billableDayId;
    public UUID clinicId;
    public UUID patientId;
    public UUID coverageId;
    public LocalDate serviceDate;
    public String ruleSet;
    public String kind;
    public UUID reversesLineId;
    public boolean reversed;
    public String code;
    public String revenueCode;
    public int units;
    /** Comma-separated, like conditionCodes and renderingStaffIds. */
    public String modifiers;
    public String placeOfService;
    public String perDiemClass;
    public String conditionCodes;
    public String renderingStaffIds;
    public String authorizationNumber;
    public String rulesVersion;
    public Instant recordedAt;

    public BillableDayChange.LineContent content() {
        return new BillableDayChange.LineContent(code, revenueCode, units, split(modifiers), placeOfService,
                perDiemClass, split(conditionCodes), split(renderingStaffIds), authorizationNumber, rulesVersion);
    }

    void setContent(BillableDayChange.LineContent c) {
        code = c.code();
        revenueCode = c.revenueCode();
        units = c.units();
        modifiers = String.join(",", c.modifiers());
        placeOfService = c.placeOfService();
        perDiemClass = c.perDiemClass();
        conditionCodes = String.join(",", c.conditionCodes());
        renderingStaffIds = String.join(",", c.renderingStaffIds());
        authorizationNumber = c.authorizationNumber();
        rulesVersion = c.rulesVersion();
    }

    static List<String> split(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    }
}
