package care.iop.medication.fhir;

import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.IncludeParam;
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
import care.iop.medication.order.OrderApi.OrderView;
import care.iop.medication.order.OrderService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MedicationRequest;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * US Core MedicationRequest over {@link OrderService}: read, and the searches US Core requires (patient+intent,
 * patient+intent+status) with patient alone, patient+intent+authoredon and {@code _id}. Reads and searches are the
 * REST order reads ({@code GET orders/{id}}, {@code GET patients/{id}/orders}), audited as they are.
 * {@code _include=MedicationRequest:medication} is accepted and includes nothing: the medication is a
 * CodeableConcept, never a reference.
 */
@Singleton
public class MedicationRequestProvider implements FhirProfiled {

    @Inject
    OrderService orders;

    @Inject
    MedicationData data;

    @Override
    public Class<MedicationRequest> getResourceType() {
        return MedicationRequest.class;
    }

    @Override
    public List<String> supportedProfiles() {
        return List.of(MedicationRequestMapping.PROFILE);
    }

    @Read
    @RolesAllowed({Roles.PRESCRIBER, Roles.NURSE, Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR, Roles.CLINIC_ADMIN,
            Roles.CASE_MANAGER, Roles.EHR_INTEGRATION})
    public MedicationRequest read(@IdParam IdType id) {
        return toFhir(orders.get(FhirIds.uuid(id, "MedicationRequest")));
    }

    @Search
    @RolesAllowed({Roles.PRESCRIBER, Roles.NURSE, Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR, Roles.CLINIC_ADMIN,
            Roles.CASE_MANAGER, Roles.EHR_INTEGRATION})
    public IBundleProvider byId(@RequiredParam(name = "_id") TokenParam id,
                                @IncludeParam(allow = {"MedicationRequest:medication"}) Set<Include> include,
                                @Offset Integer offset, @Count Integer count) {
        UUID uuid = FhirIds.referenceOrNull(id.getValue(), "MedicationRequest");
        List<MedicationRequest> found = uuid == null ? List.of()
                : Searches.unlessNotFound(() -> List.of(toFhir(orders.get(uuid))));
        return FhirPages.of(found, offset, count);
    }

    @Search
    @RolesAllowed({Roles.PRESCRIBER, Roles.NURSE, Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR, Roles.CLINIC_ADMIN,
            Roles.CASE_MANAGER, Roles.EHR_INTEGRATION})
    public IBundleProvider byPatient(@RequiredParam(name = MedicationRequest.SP_PATIENT) ReferenceParam patient,
                                     @OptionalParam(name = MedicationRequest.SP_INTENT) TokenOrListParam intent,
                                     @OptionalParam(name = MedicationRequest.SP_STATUS) TokenOrListParam status,
                                     @OptionalParam(name = MedicationRequest.SP_AUTHOREDON) DateRangeParam authoredOn,
                                     @OptionalParam(name = "_id") TokenParam id,
                                     @IncludeParam(allow = {"MedicationRequest:medication"}) Set<Include> include,
                                     @Offset Integer offset, @Count Integer count) {
        UUID patientId = Searches.patient(patient);
        DateSearch authored = DateSearch.of(authoredOn, MedicationRequest.SP_AUTHOREDON);
        List<MedicationRequest> matches = Searches.unlessNotFound(() -> orders.list(patientId, null)).stream()
                .map(this::toFhir)
                .filter(r -> id == null || r.getIdElement().getIdPart().equals(id.getValue()))
                .filter(r -> Searches.matchesCode(intent, r.getIntent().toCode()))
                .filter(r -> Searches.matchesCode(status, r.getStatus().toCode()))
                .filter(r -> authoredOn == null
                        || authored.matches(r.hasAuthoredOn() ? r.getAuthoredOn().toInstant() : null))
                .toList();
        return FhirPages.of(matches, offset, count);
    }

    private MedicationRequest toFhir(OrderView o) {
        Medication medication = data.catalogue().find(o.medicationId()).orElse(null);
        return MedicationRequestMapping.toFhir(o, medication == null ? o.medicationId() : medication.name(),
                LocalDate.now(ZoneOffset.UTC));
    }
}
