package care.iop.intake.patient;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Version;

import java.time.LocalDate;
import java.util.UUID;

/** Insurance coverage with the payer's authorisation (units and dates) that scheduling warns against. */
@Entity
public class Coverage extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID clinicId;
    public UUID patientId;
    public String payer;
    public String plan;
    public String memberId;
    public String authorizationNumber;
    public Integer authorizedUnits;
    public LocalDate authorizedFrom;
    public LocalDate authorizedTo;
    /** Scheduling's billing rule set for this coverage (e.g. h0015); null when not given. */
    public String payerRuleSet;
    @Version
    public long version;
}
