package care.iop.intake.consent;

import care.iop.events.intake.ConsentCategory;
import care.iop.events.intake.ConsentPurpose;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** A 42 CFR Part 2 consent: who may receive which categories of a patient's record, for what, until when. */
@Entity
public class Consent extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID clinicId;
    public UUID patientId;
    public UUID recipientPartnerId;
    public String recipientClass;
    /** Comma-separated category names. */
    public String categories;
    @Enumerated(EnumType.STRING)
    public ConsentPurpose purpose;
    public Instant expiresAt;
    public Instant signedAt;
    public String signatureMethod;
    public Instant revokedAt;
    @Version
    public long version;

    public List<ConsentCategory> categoryList() {
        return Arrays.stream(categories.split(",")).map(ConsentCategory::valueOf).toList();
    }

    /** Not revoked and not yet expired at {@code now} ({@link ConsentRules#activeAt}). */
    public boolean activeAt(Instant now) {
        return ConsentRules.activeAt(terms(), now);
    }

    /** What this consent says, for {@link ConsentRules}. */
    public ConsentRules.Terms terms() {
        return new ConsentRules.Terms(recipientPartnerId, recipientClass, categoryList(), purpose, expiresAt, revokedAt);
    }
}
