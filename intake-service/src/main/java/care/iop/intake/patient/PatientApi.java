package care.iop.intake.patient;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Past;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** The patient API's request and response shapes. */
public final class PatientApi {

    private PatientApi() {
    }

    public record Name(@NotBlank @Size(max = 100) String given, @NotBlank @Size(max = 100) String family) {
    }

    public record Address(@Size(max = 200) String line, @Size(max = 100) String city, @Size(max = 100) String region,
                          @Size(max = 20) String postalCode) {
    }

    public record Contact(@Pattern(regexp = "\\+?[0-9 ()-]{7,20}") String phone, @Email @Size(max = 200) String email,
                          @Valid Address address) {
    }

    public record EmergencyContact(@NotBlank @Size(max = 200) String name,
                                   @NotBlank @Pattern(regexp = "\\+?[0-9 ()-]{7,20}") String phone,
                                   @Size(max = 50) String relationship) {
    }

    public record Identifier(@NotBlank @Pattern(regexp = "[A-Za-z0-9.:/_-]{1,100}") String system,
                             @NotBlank @Pattern(regexp = "[A-Za-z0-9.:/_-]{1,100}") String value) {
    }

    /** Sex assigned at birth; the wire values are kebab-case ({@code female}). */
    public enum SexAtBirth {
        FEMALE("female"),
        MALE("male"),
        INTERSEX("intersex"),
        UNKNOWN("unknown");

        private final String value;

        SexAtBirth(String value) {
            this.value = value;
        }

        /** The wire value. */
        @JsonValue
        public String value() {
            return value;
        }
    }

    public record PatientRequest(@NotNull @Valid Name legalName,
                                 @Size(max = 100) String preferredName,
                                 @Size(max = 40) String pronouns,
                                 @NotNull @Past LocalDate birthDate,
                                 SexAtBirth sexAtBirth,
                                 @Size(max = 60) String genderIdentity,
                                 @Pattern(regexp = "[a-z]{2,3}(-[A-Za-z0-9]{2,8})*") String preferredLanguage,
                                 @Valid Contact contact,
                                 @Valid EmergencyContact emergencyContact,
                                 @Size(max = 10) List<@NotNull @Valid Identifier> identifiers) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PatientView(UUID id, String mrn, Name legalName, String preferredName, String pronouns,
                              LocalDate birthDate, SexAtBirth sexAtBirth, String genderIdentity,
                              String preferredLanguage, Contact contact, EmergencyContact emergencyContact,
                              List<Identifier> identifiers, Patient.Status status, long version) {
    }

    public record CoverageRequest(@NotBlank @Size(max = 100) String payer, @Size(max = 100) String plan,
                                  @NotBlank @Size(max = 50) String memberId,
                                  @Size(max = 50) @Pattern(regexp = AUTHORIZATION_NUMBER,
                                          message = "letters, digits, spaces and . _ : / - only")
                                  String authorizationNumber,
                                  @PositiveOrZero Integer authorizedUnits,
                                  LocalDate authorizedFrom, LocalDate authorizedTo,
                                  @Pattern(regexp = PAYER_RULE_SET, message = "a billing rule set id, e.g. h0015")
                                  String payerRuleSet) {
    }

    /** As the {@code coverage.authorized} event's schema allows it (the number goes on the event, for the claim). */
    static final String AUTHORIZATION_NUMBER = "[A-Za-z0-9][A-Za-z0-9 ._:/-]*";

    /** A rule set id of scheduling's payer rule table (lower case), e.g. {@code h0015}, {@code medicare-iop}. */
    static final String PAYER_RULE_SET = "[a-z0-9][a-z0-9-]{0,39}";

    public record CoverageView(UUID id, UUID patientId, String payer, String plan, String memberId,
                               String authorizationNumber, Integer authorizedUnits, LocalDate authorizedFrom,
                               LocalDate authorizedTo, String payerRuleSet, long version) {
        static CoverageView of(Coverage c) {
            return new CoverageView(c.id, c.patientId, c.payer, c.plan, c.memberId, c.authorizationNumber,
                    c.authorizedUnits, c.authorizedFrom, c.authorizedTo, c.payerRuleSet, c.version);
        }
    }
}
