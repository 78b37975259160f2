package care.iop.intake.patient;

import com.fasterxml.jackson.annotation.JsonValue;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Version;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.text.Normalizer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import java.util.UUID;

@Entity
public class Patient extends PanacheEntityBase {

    /** Where the patient stands; the wire values are kebab-case ({@code active}), the column keeps the names. */
    @Schema(name = "PatientStatus")
    public enum Status {
        REFERRED("referred"),
        ACTIVE("active"),
        WAITLISTED("waitlisted"),
        DISCHARGED("discharged"),
        INACTIVE("inactive");

        private final String value;

        Status(String value) {
            this.value = value;
        }

        /** The wire value. */
        @JsonValue
        public String value() {
            return value;
        }
    }

    @Id
    public UUID id;
    public UUID clinicId;
    public String mrn;
    public String legalGivenName;
    public String legalFamilyName;
    public String preferredName;
    public String pronouns;
    public LocalDate birthDate;
    public String sexAtBirth;
    public String genderIdentity;
    public String preferredLanguage;
    public String phone;
    public String email;
    public String addressLine;
    public String city;
    public String region;
    public String postalCode;
    public String emergencyName;
    public String emergencyPhone;
    public String emergencyRelation;
    @Enumerated(EnumType.STRING)
    public Status status;
    /** Normalised legal name used for duplicate detection (case, accents, spacing and punctuation ignored). */
    public String nameKey;
    public Instant createdAt;
    @Version
    public long version;

    static String nameKey(String given, String family) {
        String joined = (given + " " + family).toLowerCase(Locale.ROOT);
        String stripped = Normalizer.normalize(joined, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return stripped.replaceAll("[^a-z0-9]+", " ").trim();
    }
}
