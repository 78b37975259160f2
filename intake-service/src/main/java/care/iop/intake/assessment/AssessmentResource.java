package care.iop.intake.assessment;

import care.iop.common.audit.AuditLog;
import care.iop.common.http.ETags;
import care.iop.common.idempotency.Idempotency;
import care.iop.common.outbox.Outbox;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import care.iop.common.security.ClinicScope;
import care.iop.common.security.Roles;
import care.iop.common.transaction.RetryOnConflict;
import care.iop.events.LevelOfCare;
import care.iop.events.audit.AuditAction;
import care.iop.events.intake.AsamDimensions;
import care.iop.events.intake.AssessmentCompleted;
import care.iop.intake.patient.Patient;
import care.iop.intake.referral.Referral;
import care.iop.intake.referral.ReferralStatus;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The biopsychosocial assessment: six dimension ratings, a level-of-care recommendation from the versioned rule
 * table (with the rules that fired), and the clinician's final level (a reason when it differs).
 */
@Path("/api/v1/intake")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Assessments")
@RetryOnConflict
public class AssessmentResource {

    static final String RESOURCE = "Assessment";

    /** Loaded on first use (the table is a classpath resource). */
    private static final class Rules {
        static final LevelOfCareRules TABLE = LevelOfCareRules.load();
    }

    public enum Route { ORAL, SMOKED, INHALED, INJECTED, INTRANASAL, OTHER }

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

    @Inject
    ClinicScope clinicScope;

    @Inject
    CallerContext caller;

    @Inject
    Outbox outbox;

    @Inject
    AuditLog audit;

    @Inject
    Idempotency idempotency;

    @Inject
    ObjectMapper json;

    @POST
    @Path("patients/{patientId}/assessments")
    @Transactional
    @RolesAllowed({Roles.INTAKE_COORDINATOR, Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR, Roles.CLINIC_ADMIN})
    @Operation(summary = "Complete an assessment",
            description = "Returns the rule table's recommendation, the rules that fired and the table version. A final "
                    + "level that differs from the recommendation needs finalLevelReason. Accepts Idempotency-Key.")
    public Response complete(@PathParam("patientId") UUID patientId, @NotNull @Valid AssessmentRequest request,
                             @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        return idempotency.create(idempotencyKey, request, () -> {
            Patient patient = clinicScope.require(Patient.class, patientId);
            validateDiagnoses(request.diagnoses());
            LevelOfCareRules.Recommendation recommendation = Rules.TABLE.recommend(request.dimensions().ratings());
            if (request.finalLevel() != recommendation.level()
                    && (request.finalLevelReason() == null || request.finalLevelReason().isBlank())) {
                throw ProblemException.invalid("finalLevelReason",
                        "is required when the final level differs from the recommended " + recommendation.level().value());
            }
            Referral referral = request.referralId() == null ? null : clinicScope.require(Referral.class, request.referralId());
            if (referral != null && !referral.patientId.equals(patient.id)) {
                throw ProblemException.invalid("referralId", "belongs to another patient");
            }
            Assessment a = new Assessment();
            a.id = UUID.randomUUID();
            a.clinicId = patient.clinicId;
            a.patientId = patient.id;
            a.referralId = request.referralId();
            a.content = write(request);
            AsamDimensions d = request.dimensions().ratings();
            a.d1 = d.d1();
            a.d2 = d.d2();
            a.d3 = d.d3();
            a.d4 = d.d4();
            a.d5 = d.d5();
            a.d6 = d.d6();
            a.recommendedLevel = recommendation.level();
            a.firedRules = String.join(",", recommendation.firedRules());
            a.ruleTableVersion = recommendation.rulesVersion();
            a.finalLevel = request.finalLevel();
            a.finalLevelReason = request.finalLevelReason();
            a.assessedBy = caller.subject();
            a.completedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            a.persistAndFlush();
            if (referral != null) {
                referral.moveTo(ReferralStatus.ASSESSED);
            }
            outbox.publish(new AssessmentCompleted(a.id, d, a.recommendedLevel, a.finalLevel, a.ruleTableVersion,
                    recommendation.firedRules(), a.completedAt), patient.id, patient.clinicId);
            audit.record(AuditLog.Entry.success(AuditAction.CREATE, RESOURCE, a.id, patient.id, patient.clinicId));
            return Response.status(Response.Status.CREATED).entity(AssessmentView.of(a)).tag(ETags.of(a.version)).build();
        });
    }

    @GET
    @Path("assessments/{id}")
    @Transactional
    @RolesAllowed({Roles.INTAKE_COORDINATOR, Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR, Roles.CLINIC_ADMIN,
            Roles.PRESCRIBER, Roles.CASE_MANAGER})
    @Operation(summary = "Read an assessment's ratings and levels")
    public Response get(@PathParam("id") UUID id) {
        Assessment a = clinicScope.require(Assessment.class, id);
        audit.record(AuditLog.Entry.success(AuditAction.READ, RESOURCE, a.id, a.patientId, a.clinicId));
        return Response.ok(AssessmentView.of(a)).tag(ETags.of(a.version)).build();
    }

    private static void validateDiagnoses(List<Diagnosis> diagnoses) {
        if (diagnoses == null) {
            return;
        }
        for (int i = 0; i < diagnoses.size(); i++) {
            if (!Icd10.isValidFormat(diagnoses.get(i).icd10())) {
                throw ProblemException.invalid("diagnoses[" + i + "].icd10", "is not an ICD-10-CM code");
            }
        }
    }

    private String write(AssessmentRequest request) {
        try {
            return json.writeValueAsString(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot store the assessment", e);
        }
    }
}
