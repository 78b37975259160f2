package care.iop.intake.fhir;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.RequiredParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import care.iop.common.fhir.FhirIds;
import care.iop.common.fhir.FhirPages;
import care.iop.common.fhir.FhirProfiled;
import care.iop.common.security.Roles;
import care.iop.intake.patient.PatientService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.IdType;

import java.util.List;
import java.util.UUID;

/** A patient's coverages as US Core Coverage over {@link PatientService}: read and search by patient. */
@Singleton
public class CoverageProvider implements FhirProfiled {

    @Inject
    PatientService patients;

    @Override
    public Class<Coverage> getResourceType() {
        return Coverage.class;
    }

    @Override
    public List<String> supportedProfiles() {
        return List.of(CoverageMapping.PROFILE);
    }

    @Read
    @RolesAllowed({Roles.INTAKE_COORDINATOR, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION, Roles.SCHEDULER,
            Roles.CASE_MANAGER})
    public Coverage read(@IdParam IdType id) {
        return CoverageMapping.toFhir(patients.coverage(FhirIds.uuid(id, "Coverage")));
    }

    @Search
    @RolesAllowed({Roles.INTAKE_COORDINATOR, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION, Roles.SCHEDULER,
            Roles.CASE_MANAGER})
    public IBundleProvider byId(@RequiredParam(name = "_id") TokenParam id, @Offset Integer offset,
                                @Count Integer count) {
        return FhirMatch.orEmpty(() -> FhirPages.of(List.of(CoverageMapping.toFhir(patients.coverage(
                FhirIds.uuid(id.getValue(), "Coverage")))), offset, count), offset, count);
    }

    /** A patient's coverages, audited as the REST list is (one read of the patient's coverages). */
    @Search
    @RolesAllowed({Roles.INTAKE_COORDINATOR, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION, Roles.SCHEDULER,
            Roles.CASE_MANAGER})
    public IBundleProvider search(@RequiredParam(name = Coverage.SP_PATIENT) ReferenceParam patient,
                                  @Offset Integer offset, @Count Integer count) {
        UUID patientId = FhirMatch.patient(patient);
        return FhirMatch.orEmpty(() -> FhirPages.of(patients.coverages(patientId).stream()
                .map(CoverageMapping::toFhir).toList(), offset, count), offset, count);
    }
}
