package care.iop.intake.assessment;

import care.iop.common.audit.AuditLog;
import care.iop.common.idempotency.Idempotency;
import care.iop.common.outbox.Outbox;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import care.iop.common.security.ClinicScope;
import care.iop.common.transaction.RetryOnConflict;
import care.iop.events.audit.AuditAction;
import care.iop.events.intake.AsamDimensions;
import care.iop.events.intake.AssessmentCompleted;
import care.iop.intake.assessment.AssessmentApi.AssessmentRequest;
import care.iop.intake.assessment.AssessmentApi.Diagnosis;
import care.iop.intake.assessment.AssessmentApi.DiagnosisRecord;
import care.iop.intake.patient.Patient;
import care.iop.intake.referral.Referral;
import care.iop.intake.referral.ReferralStatus;
import care.iop.intake.search.Slice;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Assessments: the recommendation comes from {@link LevelOfCareRules} (the versioned table), diagnoses are checked by
 * {@link Icd10}; completes and reads assessments in their own transactions and is the only writer of their audit
 * records and {@code assessment.completed} events.
 */
@ApplicationScoped
@Transactional
@RetryOnConflict
public class AssessmentService {

    static final String RESOURCE = "Assessment";

    /** Loaded on first use (the table is a classpath resource). */
    private static final class Rules {
        static final LevelOfCareRules TABLE = LevelOfCareRules.load();
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

    /**
     * Completes an assessment (once per Idempotency-Key; {@code answer} maps it to the stored response); a final level
     * other than the recommended one needs a reason, and the referral named moves to assessed.
     */
    public Response complete(UUID patientId, AssessmentRequest request, String idempotencyKey,
                             Function<Assessment, Response> answer) {
        return idempotency.create(idempotencyKey, request, () -> answer.apply(complete(patientId, request)));
    }

    private Assessment complete(UUID patientId, AssessmentRequest request) {
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
            referral.moveTo(ReferralStatus.ASSESSED, a.completedAt);
        }
        outbox.publish(new AssessmentCompleted(a.id, d, a.recommendedLevel, a.finalLevel, a.ruleTableVersion,
                recommendation.firedRules(), a.completedAt), patient.id, patient.clinicId);
        audit.record(AuditLog.Entry.success(AuditAction.CREATE, RESOURCE, a.id, patient.id, patient.clinicId));
        return a;
    }

    /** One assessment of the caller's clinic, audited as read. */
    public Assessment get(UUID id) {
        Assessment a = clinicScope.require(Assessment.class, id);
        audit.record(AuditLog.Entry.success(AuditAction.READ, RESOURCE, a.id, a.patientId, a.clinicId));
        return a;
    }

    /**
     * All assessments of one patient of the caller's clinic, oldest first, each audited as read (as {@link #get}
     * does; none found is one read of the patient's assessments, so the look is on the trail). An unknown patient,
     * or another clinic's, is a 404.
     */
    public List<Assessment> ofPatient(UUID patientId) {
        Patient patient = clinicScope.require(Patient.class, patientId);
        List<Assessment> found = Assessment.list("clinicId = ?1 and patientId = ?2 order by completedAt, id",
                patient.clinicId, patient.id);
        audit.recordAll(found.isEmpty()
                ? List.of(AuditLog.Entry.success(AuditAction.READ, RESOURCE, null, patient.id, patient.clinicId))
                : found.stream().map(a -> AuditLog.Entry.success(AuditAction.READ, RESOURCE, a.id, a.patientId,
                        a.clinicId)).toList());
        return found;
    }

    /** The diagnoses of one assessment of the caller's clinic, in their order; audited as {@link #get} audits it. */
    public List<DiagnosisRecord> diagnoses(UUID id) {
        return diagnosesOf(get(id));
    }

    /**
     * A patient's assessment diagnoses that {@code filter} keeps, oldest assessment first: the page from
     * {@code offset}, each assessment with a diagnosis on it audited as read (as {@link #get} audits it). An unknown
     * patient, or another clinic's, is a 404.
     */
    public Slice<DiagnosisRecord> diagnosesOfPatient(UUID patientId, Predicate<DiagnosisRecord> filter, int offset,
                                                     int count) {
        Patient patient = clinicScope.require(Patient.class, patientId);
        List<DiagnosisRecord> matches = Assessment.<Assessment>list(
                        "clinicId = ?1 and patientId = ?2 order by completedAt, id", patient.clinicId, patient.id)
                .stream().flatMap(a -> diagnosesOf(a).stream()).filter(filter).toList();
        Slice<DiagnosisRecord> slice = Slice.of(matches, offset, count);
        audit.recordAll(slice.items().stream().map(DiagnosisRecord::assessmentId).distinct()
                .map(id -> AuditLog.Entry.success(AuditAction.READ, RESOURCE, id, patient.id, patient.clinicId))
                .toList());
        return slice;
    }

    private List<DiagnosisRecord> diagnosesOf(Assessment a) {
        JsonNode diagnoses;
        try {
            diagnoses = json.readTree(a.content).path("diagnoses");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read the stored assessment", e);
        }
        List<DiagnosisRecord> found = new ArrayList<>();
        for (int i = 0; i < diagnoses.size(); i++) {
            found.add(new DiagnosisRecord(a.id, i + 1, a.patientId, diagnoses.get(i).path("icd10").asText(),
                    a.completedAt, a.version));
        }
        return found;
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
