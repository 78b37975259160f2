package care.iop.scheduling.authorization;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A payer's per-diem authorisation, projected from intake's {@code coverage.authorized} events. */
@Entity
public class PayerAuthorization extends PanacheEntityBase {

    @Id
    public UUID coverageId;
    public UUID clinicId;
    public UUID patientId;
    public int authorizedUnits;
    public LocalDate authorizedFrom;
    public LocalDate authorizedTo;
    /** The payer rule table's rule set for billing (e.g. h0015); null when intake was not told: not billed. */
    public String payerRuleSet;
    /** The payer's authorization number, for the claim lines; may be null. */
    public String authorizationNumber;
    /** When billing announced it expiring (authorization.expiring, once); null until then. */
    public Instant expiringAnnouncedAt;
}
