package care.iop.medication.fhir;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.RequiredParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import care.iop.common.fhir.FhirIds;
import care.iop.common.fhir.FhirPages;
import care.iop.common.fhir.FhirProfiled;
import care.iop.common.security.Roles;
import care.iop.medication.MedicationData;
import care.iop.medication.order.AllergyService;
import care.iop.medication.order.AllergyService.AllergyRecord;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.IdType;

import java.util.List;
import java.util.UUID;

/**
 * US Core AllergyIntolerance over {@link AllergyService}: read, search by patient (US Core SHALL), by patient and
 * clinical-status (SHOULD), and by {@code _id}. Audited as the REST allergy reads.
 */
@Singleton
public class AllergyIntoleranceProvider implements FhirProfiled {

    @Inject
    AllergyService allergies;

    @Inject
    MedicationData data;

    @Override
    public Class<AllergyIntolerance> getResourceType() {
        return AllergyIntolerance.class;
    }

    @Override
    public List<String> supportedProfiles() {
        return List.of(AllergyIntoleranceMapping.PROFILE);
    }

    @Read
    @RolesAllowed({Roles.PRESCRIBER, Roles.NURSE, Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR, Roles.CLINIC_ADMIN,
            Roles.CASE_MANAGER, Roles.EHR_INTEGRATION})
    public AllergyIntolerance read(@IdParam IdType id) {
        return toFhir(allergies.record(FhirIds.uuid(id, "AllergyIntolerance")));
    }

    @Search
    @RolesAllowed({Roles.PRESCRIBER, Roles.NURSE, Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR, Roles.CLINIC_ADMIN,
            Roles.CASE_MANAGER, Roles.EHR_INTEGRATION})
    public IBundleProvider byId(@RequiredParam(name = "_id") TokenParam id, @Offset Integer offset,
                                @Count Integer count) {
        UUID uuid = FhirIds.referenceOrNull(id.getValue(), "AllergyIntolerance");
        List<AllergyIntolerance> found = uuid == null ? List.of()
                : Searches.unlessNotFound(() -> List.of(toFhir(allergies.record(uuid))));
        return FhirPages.of(found, offset, count);
    }

    @Search
    @RolesAllowed({Roles.PRESCRIBER, Roles.NURSE, Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR, Roles.CLINIC_ADMIN,
            Roles.CASE_MANAGER, Roles.EHR_INTEGRATION})
    public IBundleProvider byPatient(@RequiredParam(name = AllergyIntolerance.SP_PATIENT) ReferenceParam patient,
                                     @OptionalParam(name = AllergyIntolerance.SP_CLINICAL_STATUS)
                                     TokenOrListParam clinicalStatus,
                                     @OptionalParam(name = "_id") TokenParam id,
                                     @Offset Integer offset, @Count Integer count) {
        UUID patientId = Searches.patient(patient);
        List<AllergyIntolerance> matches = Searches.unlessNotFound(() -> allergies.records(patientId)).stream()
                .map(this::toFhir)
                .filter(a -> id == null || a.getIdElement().getIdPart().equals(id.getValue()))
                .filter(a -> Searches.matches(clinicalStatus, a.getClinicalStatus()))
                .toList();
        return FhirPages.of(matches, offset, count);
    }

    private AllergyIntolerance toFhir(AllergyRecord a) {
        return AllergyIntoleranceMapping.toFhir(a, data.catalogue().find(a.substance()));
    }
}
