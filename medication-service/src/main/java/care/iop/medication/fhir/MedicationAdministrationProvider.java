package care.iop.medication.fhir;

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
import care.iop.common.fhir.FhirIds;
import care.iop.common.fhir.FhirPages;
import care.iop.common.fhir.FhirProfiled;
import care.iop.common.security.Roles;
import care.iop.medication.MedicationData;
import care.iop.medication.catalogue.Medication;
import care.iop.medication.mar.AdministrationService;
import care.iop.medication.mar.AdministrationService.MarLine;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MedicationAdministration;

import java.util.List;
import java.util.UUID;

/**
 * The MAR as R4 MedicationAdministration over {@link AdministrationService}: read, and search by patient with
 * {@code effective-time} (gt/ge/lt/le/eq/ne) and {@code status}, and by {@code _id}. Audited as the REST MAR read
 * ({@code GET patients/{id}/administrations}): one read per search, one per line read. No US Core profile exists for
 * this type, so none is claimed.
 */
@Singleton
public class MedicationAdministrationProvider implements FhirProfiled {

    @Inject
    AdministrationService administrations;

    @Inject
    MedicationData data;

    @Override
    public Class<MedicationAdministration> getResourceType() {
        return MedicationAdministration.class;
    }

    @Override
    public List<String> supportedProfiles() {
        return List.of();
    }

    @Read
    @RolesAllowed({Roles.PRESCRIBER, Roles.NURSE, Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR, Roles.CLINIC_ADMIN,
            Roles.CASE_MANAGER, Roles.EHR_INTEGRATION})
    public MedicationAdministration read(@IdParam IdType id) {
        return toFhir(administrations.line(FhirIds.uuid(id, "MedicationAdministration")));
    }

    @Search
    @RolesAllowed({Roles.PRESCRIBER, Roles.NURSE, Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR, Roles.CLINIC_ADMIN,
            Roles.CASE_MANAGER, Roles.EHR_INTEGRATION})
    public IBundleProvider byId(@RequiredParam(name = "_id") TokenParam id, @Offset Integer offset,
                                @Count Integer count) {
        UUID uuid = FhirIds.referenceOrNull(id.getValue(), "MedicationAdministration");
        List<MedicationAdministration> found = uuid == null ? List.of()
                : Searches.unlessNotFound(() -> List.of(toFhir(administrations.line(uuid))));
        return FhirPages.of(found, offset, count);
    }

    @Search
    @RolesAllowed({Roles.PRESCRIBER, Roles.NURSE, Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR, Roles.CLINIC_ADMIN,
            Roles.CASE_MANAGER, Roles.EHR_INTEGRATION})
    public IBundleProvider byPatient(
            @RequiredParam(name = MedicationAdministration.SP_PATIENT) ReferenceParam patient,
            @OptionalParam(name = MedicationAdministration.SP_EFFECTIVE_TIME) DateRangeParam effectiveTime,
            @OptionalParam(name = MedicationAdministration.SP_STATUS) TokenOrListParam status,
            @OptionalParam(name = "_id") TokenParam id,
            @Offset Integer offset, @Count Integer count) {
        UUID patientId = Searches.patient(patient);
        DateSearch when = DateSearch.of(effectiveTime, MedicationAdministration.SP_EFFECTIVE_TIME);
        List<MedicationAdministration> matches = Searches.unlessNotFound(
                        () -> administrations.lines(patientId, when.from(), when.until())).stream()
                .filter(line -> when.matches(line.effectiveAt()))
                .map(this::toFhir)
                .filter(m -> id == null || m.getIdElement().getIdPart().equals(id.getValue()))
                .filter(m -> Searches.matchesCode(status, m.getStatus().toCode()))
                .toList();
        return FhirPages.of(matches, offset, count);
    }

    private MedicationAdministration toFhir(MarLine line) {
        return MedicationAdministrationMapping.toFhir(line, data.catalogue().find(line.medicationId())
                .map(Medication::name).orElse(line.medicationId()));
    }
}
