package care.iop.intake.fhir;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.RequiredParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import care.iop.common.fhir.FhirPages;
import care.iop.common.fhir.FhirProfiled;
import care.iop.common.security.Roles;
import care.iop.intake.assessment.AssessmentApi.DiagnosisRecord;
import care.iop.intake.assessment.AssessmentService;
import care.iop.intake.search.Slice;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.IdType;

import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Assessment diagnoses as US Core Condition Encounter Diagnosis over {@link AssessmentService}: read and the searches.
 * The roles are those of the REST assessment read ({@code GET assessments/{id}}), which EHR integrations do not hold.
 */
@Singleton
public class ConditionProvider implements FhirProfiled {

    @Inject
    AssessmentService assessments;

    @Override
    public Class<Condition> getResourceType() {
        return Condition.class;
    }

    @Override
    public List<String> supportedProfiles() {
        return List.of(ConditionMapping.PROFILE);
    }

    @Read
    @RolesAllowed({Roles.INTAKE_COORDINATOR, Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR, Roles.CLINIC_ADMIN,
            Roles.PRESCRIBER, Roles.CASE_MANAGER})
    public Condition read(@IdParam IdType id) {
        return ConditionMapping.toFhir(diagnosis(id.getIdPart()));
    }

    @Search
    @RolesAllowed({Roles.INTAKE_COORDINATOR, Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR, Roles.CLINIC_ADMIN,
            Roles.PRESCRIBER, Roles.CASE_MANAGER})
    public IBundleProvider byId(@RequiredParam(name = "_id") TokenParam id, @Offset Integer offset,
                                @Count Integer count) {
        return FhirMatch.orEmpty(() -> FhirPages.of(List.of(ConditionMapping.toFhir(diagnosis(id.getValue()))),
                offset, count), offset, count);
    }

    /** patient, with category, clinical-status, code and recorded-date; each assessment shown audited as read. */
    @Search
    @RolesAllowed({Roles.INTAKE_COORDINATOR, Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR, Roles.CLINIC_ADMIN,
            Roles.PRESCRIBER, Roles.CASE_MANAGER})
    public IBundleProvider search(@RequiredParam(name = Condition.SP_PATIENT) ReferenceParam patient,
                                  @OptionalParam(name = Condition.SP_CATEGORY) TokenOrListParam category,
                                  @OptionalParam(name = Condition.SP_CLINICAL_STATUS) TokenOrListParam clinicalStatus,
                                  @OptionalParam(name = Condition.SP_CODE) TokenOrListParam code,
                                  @OptionalParam(name = Condition.SP_RECORDED_DATE) DateRangeParam recordedDate,
                                  @Offset Integer offset, @Count Integer count) {
        UUID patientId = FhirMatch.patient(patient);
        Predicate<DiagnosisRecord> matches = d -> {
            Condition c = ConditionMapping.toFhir(d);
            return FhirMatch.token(category, c.getCategoryFirstRep().getCoding())
                    && FhirMatch.token(clinicalStatus, c.getClinicalStatus().getCoding())
                    && FhirMatch.token(code, c.getCode().getCoding())
                    && FhirMatch.date(recordedDate, ConditionMapping.recorded(d));
        };
        return FhirMatch.orEmpty(() -> {
            Slice<DiagnosisRecord> slice = assessments.diagnosesOfPatient(patientId, matches,
                    FhirPages.offset(offset), FhirPages.count(count));
            return FhirPages.page(slice.items().stream().map(ConditionMapping::toFhir).toList(), slice.total(),
                    offset, count);
        }, offset, count);
    }

    private DiagnosisRecord diagnosis(String idPart) {
        ConditionMapping.DiagnosisId id = ConditionMapping.parse(idPart);
        return assessments.diagnoses(id.assessmentId()).stream().filter(d -> d.position() == id.position())
                .findFirst().orElseThrow(() -> new ResourceNotFoundException("Condition is not known here"));
    }
}
