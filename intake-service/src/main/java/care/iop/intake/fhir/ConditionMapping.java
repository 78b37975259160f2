package care.iop.intake.fhir;

import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import care.iop.common.fhir.FhirIds;
import care.iop.common.fhir.Part2Labels;
import care.iop.intake.assessment.AssessmentApi.DiagnosisRecord;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * An assessment's diagnosis as a US Core Condition Encounter Diagnosis: the diagnoses a clinician records in the
 * intake assessment are made in that encounter. Id {@code <assessment id>-<n>}, the n-th diagnosis of the assessment
 * (a diagnosis is part of its assessment, not a record of its own); version the assessment's.
 *
 * <p>code ICD-10-CM as recorded; category encounter-diagnosis; clinicalStatus active (intake records no resolution:
 * the diagnosis stands as made); no verificationStatus (the assessment does not say); recordedDate and the
 * assertedDate extension the time the assessment was completed (to the second); no onset (not recorded) and no
 * encounter reference (the assessment is not served as an Encounter).
 */
final class ConditionMapping {

    static final String PROFILE =
            "http://hl7.org/fhir/us/core/StructureDefinition/us-core-condition-encounter-diagnosis";
    static final String ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm";
    static final String CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/condition-category";
    static final String CLINICAL_SYSTEM = "http://terminology.hl7.org/CodeSystem/condition-clinical";
    static final String ASSERTED_DATE = "http://hl7.org/fhir/StructureDefinition/condition-assertedDate";

    private ConditionMapping() {
    }

    /** The assessment and the position of its diagnosis a Condition id names. */
    record DiagnosisId(UUID assessmentId, int position) {
    }

    static String id(DiagnosisRecord d) {
        return d.assessmentId() + "-" + d.position();
    }

    /** The parts of a Condition id; an id that cannot be ours is not found (404). */
    static DiagnosisId parse(String idPart) {
        if (idPart == null || idPart.length() < 38 || idPart.charAt(36) != '-'
                || !idPart.substring(37).matches("[1-9][0-9]{0,2}")) {
            throw new ResourceNotFoundException("Condition is not known here");
        }
        return new DiagnosisId(FhirIds.uuid(idPart.substring(0, 36), "Condition"),
                Integer.parseInt(idPart.substring(37)));
    }

    static Condition toFhir(DiagnosisRecord d) {
        Condition c = new Condition();
        c.setId(new IdType("Condition", id(d), Long.toString(d.version())));
        c.getMeta().setVersionId(Long.toString(d.version())).addProfile(PROFILE);
        Part2Labels.label(c);
        c.addExtension(new Extension(ASSERTED_DATE, dateTime(recorded(d))));
        c.setClinicalStatus(new CodeableConcept(new Coding(CLINICAL_SYSTEM, "active", "Active")));
        c.addCategory(new CodeableConcept(new Coding(CATEGORY_SYSTEM, "encounter-diagnosis", "Encounter Diagnosis")));
        c.setCode(new CodeableConcept(new Coding(ICD10CM, d.icd10(), null)).setText("ICD-10-CM " + d.icd10()));
        c.setSubject(new Reference("Patient/" + d.patientId()));
        c.setRecordedDateElement(dateTime(recorded(d)));
        return c;
    }

    /** When the diagnosis was recorded (the assessment completed), to the second, as served and matched. */
    static Instant recorded(DiagnosisRecord d) {
        return d.recordedAt().truncatedTo(ChronoUnit.SECONDS);
    }

    private static DateTimeType dateTime(Instant at) {
        return FhirTimes.seconds(at);
    }
}
