package care.iop.intake.assessment;

import care.iop.events.LevelOfCare;
import care.iop.events.intake.AsamDimensions;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Request and response shapes of assessments. */
public final class AssessmentApi {

    private AssessmentApi() {
    }

    /** How a substance is taken; the wire values are kebab-case ({@code intranasal}). */
    @Schema(name = "SubstanceRoute")
    public enum Route {
        ORAL("oral"),
        SMOKED("smoked"),
        INHALED("inhaled"),
        INJECTED("injected"),
        INTRANASAL("intranasal"),
        OTHER("other");

        private final String value;

        Route(String value) {
            this.value = value;
        }

        /** The wire value. */
        @JsonValue
        public String value() {
            return value;
        }
    }

    public record SubstanceUse(@NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,40}") String substance,
                               @NotNull Route route, @NotBlank @Size(max = 60) String frequency,
                               @Min(1) @Max(100) Integer ageOfFirstUse, LocalDate lastUse) {
    }

    public record Diagnosis(@NotBlank String icd10) {
    }

    public record DimensionRating(@NotNull @Min(0) @Max(4) Integer rating, @NotBlank @Size(max = 2000) String rationale) {
    }

    public record Dimensions(@NotNull @Valid DimensionRating d1, @NotNull @Valid DimensionRating d2,
                             @NotNull @Valid DimensionRating d3, @NotNull @Valid DimensionRating d4,
                             @NotNull @Valid DimensionRating d5, @NotNull @Valid DimensionRating d6) {
        AsamDimensions ratings() {
            return new AsamDimensions(d1.rating(), d2.rating(), d3.rating(), d4.rating(), d5.rating(), d6.rating());
        }
    }

    public record AssessmentRequest(UUID referralId,
                                    @Size(max = 20) List<@NotNull @Valid SubstanceUse> substanceUse,
                                    @Size(max = 20) List<@NotNull @Valid Diagnosis> diagnoses,
                                    @Size(max = 4000) String medicalHistory, @Size(max = 2000) String livingSituation,
                                    @Size(max = 2000) String supportSystem, @Size(max = 2000) String employmentOrSchool,
                                    @Size(max = 2000) String legal, @Size(max = 2000) String readiness,
                                    @NotNull @Valid Dimensions dimensions, @NotNull LevelOfCare finalLevel,
                                    @Size(max = 2000) String finalLevelReason) {
    }

    /**
     * One diagnosis of an assessment, as the FHIR face serves it (a Condition): the ICD-10-CM code at its position
     * (from 1) in the assessment's list, recorded when the assessment was completed.
     */
    public record DiagnosisRecord(UUID assessmentId, int position, UUID patientId, String icd10, Instant recordedAt,
                                  long version) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AssessmentView(UUID id, UUID patientId, UUID referralId, AsamDimensions dimensions,
                                 LevelOfCare recommendedLevel, List<String> firedRules, String ruleTableVersion,
                                 LevelOfCare finalLevel, boolean referOut, Instant completedAt, long version) {
        static AssessmentView of(Assessment a) {
            return new AssessmentView(a.id, a.patientId, a.referralId, new AsamDimensions(a.d1, a.d2, a.d3, a.d4, a.d5,
                    a.d6), a.recommendedLevel, Arrays.asList(a.firedRules.split(",")), a.ruleTableVersion, a.finalLevel,
                    LevelOfCareRules.isReferOut(a.finalLevel), a.completedAt, a.version);
        }
    }
}
