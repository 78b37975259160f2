package care.iop.intake.fhir;

import care.iop.common.fhir.Part2Labels;
import care.iop.intake.patient.PatientApi.CoverageView;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;

/**
 * A patient's insurance coverage as a US Core Coverage. The member id is served (it is the clinic's own data, read
 * by its own EHR; the {@code coverage.authorized} events still carry none). The payer is named by display (payers
 * are not served as Organizations); the plan is the plan class. The record does not say how the patient relates to
 * the subscriber, so relationship carries data-absent-reason "unknown", as US Core asks for a required element
 * without data. The payer's authorisation (units, dates) is not the coverage period and is not served here.
 */
final class CoverageMapping {

    static final String PROFILE = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-coverage";
    static final String IDENTIFIER_TYPE = "http://terminology.hl7.org/CodeSystem/v2-0203";
    static final String COVERAGE_CLASS = "http://terminology.hl7.org/CodeSystem/coverage-class";
    static final String DATA_ABSENT_REASON = "http://hl7.org/fhir/StructureDefinition/data-absent-reason";

    private CoverageMapping() {
    }

    static Coverage toFhir(CoverageView c) {
        Coverage coverage = new Coverage();
        coverage.setId(new IdType("Coverage", c.id().toString(), Long.toString(c.version())));
        coverage.getMeta().setVersionId(Long.toString(c.version())).addProfile(PROFILE);
        Part2Labels.label(coverage);
        coverage.addIdentifier().setType(new CodeableConcept(new Coding(IDENTIFIER_TYPE, "MB", "Member Number")))
                .setValue(c.memberId());
        coverage.setStatus(Coverage.CoverageStatus.ACTIVE);
        coverage.setBeneficiary(new Reference("Patient/" + c.patientId()));
        CodeableConcept relationship = new CodeableConcept();
        relationship.addExtension(new Extension(DATA_ABSENT_REASON, new CodeType("unknown")));
        coverage.setRelationship(relationship);
        coverage.addPayor(new Reference().setDisplay(c.payer()));
        if (c.plan() != null) {
            coverage.addClass_().setType(new CodeableConcept(new Coding(COVERAGE_CLASS, "plan", "Plan")))
                    .setValue(c.plan()).setName(c.plan());
        }
        return coverage;
    }
}
