package care.iop.intake.fhir;

import ca.uhn.fhir.rest.annotation.ConditionalUrlParam;
import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.RequiredParam;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import care.iop.common.fhir.FhirIds;
import care.iop.common.fhir.FhirPages;
import care.iop.common.fhir.FhirProfiled;
import care.iop.common.idempotency.Idempotency;
import care.iop.common.security.Roles;
import care.iop.intake.patient.PatientService;
import care.iop.intake.referral.ReferralApi.Received;
import care.iop.intake.referral.ReferralApi.ReferralRecord;
import care.iop.intake.referral.ReferralService;
import care.iop.intake.search.Slice;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.validation.Validator;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.ServiceRequest;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * US Core ServiceRequest over {@link ReferralService}: read, the US Core searches, and an EHR's referral into the
 * clinic ({@code POST}, with If-None-Exist on its identifier and Idempotency-Key as on the REST API).
 */
@Singleton
public class ServiceRequestProvider implements FhirProfiled {

    /** Fields of the REST referral request, as the ServiceRequest elements they come from. */
    private static final Map<String, String> ELEMENTS = Map.of(
            "patientId", "ServiceRequest.subject",
            "source", "ServiceRequest.extension('" + ServiceRequestMapping.SOURCE_EXTENSION + "')",
            "urgency", "ServiceRequest.priority",
            "reasonCode", "ServiceRequest.reasonCode",
            "requestedTrackCode", "ServiceRequest.code");

    @Inject
    ReferralService referrals;

    @Inject
    PatientService patients;

    @Inject
    Validator validator;

    @Override
    public Class<ServiceRequest> getResourceType() {
        return ServiceRequest.class;
    }

    @Override
    public List<String> supportedProfiles() {
        return List.of(ServiceRequestMapping.PROFILE);
    }

    @Read
    @RolesAllowed({Roles.INTAKE_COORDINATOR, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION, Roles.CLINICIAN,
            Roles.CLINICAL_SUPERVISOR, Roles.CASE_MANAGER, Roles.PARTNER})
    public ServiceRequest read(@IdParam IdType id) {
        return ServiceRequestMapping.toFhir(referrals.readRecord(FhirIds.uuid(id, "ServiceRequest")));
    }

    @Search
    @RolesAllowed({Roles.INTAKE_COORDINATOR, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION, Roles.CLINICIAN,
            Roles.CLINICAL_SUPERVISOR, Roles.CASE_MANAGER, Roles.PARTNER})
    public IBundleProvider byId(@RequiredParam(name = "_id") TokenParam id, @Offset Integer offset,
                                @Count Integer count) {
        return FhirMatch.orEmpty(() -> FhirPages.of(List.of(ServiceRequestMapping.toFhir(
                referrals.readRecord(FhirIds.uuid(id.getValue(), "ServiceRequest")))), offset, count), offset, count);
    }

    @Search
    @RolesAllowed({Roles.INTAKE_COORDINATOR, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION, Roles.CLINICIAN,
            Roles.CLINICAL_SUPERVISOR, Roles.CASE_MANAGER, Roles.PARTNER})
    public IBundleProvider search(@RequiredParam(name = ServiceRequest.SP_PATIENT) ReferenceParam patient,
                                  @OptionalParam(name = ServiceRequest.SP_CATEGORY) TokenOrListParam category,
                                  @OptionalParam(name = ServiceRequest.SP_CODE) TokenOrListParam code,
                                  @OptionalParam(name = ServiceRequest.SP_AUTHORED) DateRangeParam authored,
                                  @OptionalParam(name = ServiceRequest.SP_STATUS) TokenOrListParam status,
                                  @OptionalParam(name = ServiceRequest.SP_IDENTIFIER) TokenParam identifier,
                                  @Offset Integer offset, @Count Integer count) {
        UUID patientId = FhirMatch.patient(patient);
        Predicate<ReferralRecord> matches = r -> {
            ServiceRequest sr = ServiceRequestMapping.toFhir(r);
            return FhirMatch.token(category, sr.getCategoryFirstRep().getCoding())
                    && FhirMatch.token(code, sr.getCode().getCoding())
                    && FhirMatch.date(authored, ServiceRequestMapping.authoredOn(r))
                    && FhirMatch.token(status, List.of(new Coding(sr.getStatus().getSystem(),
                    sr.getStatus().toCode(), null)))
                    && FhirMatch.token(identifier, sr.getIdentifier().stream()
                    .map(i -> new Coding(i.getSystem(), i.getValue(), null)).toList());
        };
        return FhirMatch.orEmpty(() -> {
            Slice<ReferralRecord> slice = referrals.recordsOfPatient(patientId, matches, FhirPages.offset(offset),
                    FhirPages.count(count));
            return FhirPages.page(slice.items().stream().map(ServiceRequestMapping::toFhir).toList(), slice.total(),
                    offset, count);
        }, offset, count);
    }

    /**
     * A referral into the clinic. {@code If-None-Exist: identifier=system|value}: when the clinic already holds a
     * referral with that identifier, it is the answer (200) and nothing is written; otherwise the referral is made with
     * that identifier. {@code Idempotency-Key}: a retry gets the first answer again, as on the REST API.
     */
    @Create
    @RolesAllowed({Roles.INTAKE_COORDINATOR, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION, Roles.PARTNER})
    public MethodOutcome create(@ResourceParam ServiceRequest serviceRequest,
                                @ConditionalUrlParam String conditionalUrl, RequestDetails request) {
        String[] identifier = conditionalUrl == null ? null : FhirIds.identifierOf(
                conditionalUrl.contains("?") ? conditionalUrl : "ServiceRequest?" + conditionalUrl);
        ServiceRequestMapping.Incoming incoming = ServiceRequestMapping.toReferral(serviceRequest, identifier);
        FhirInput.validate(validator, incoming.request(), "ServiceRequest", ELEMENTS::get);
        if (!patients.exists(incoming.patientId())) {
            throw FhirInput.refuse("ServiceRequest.subject", "is not a patient of this clinic");
        }
        Received received = FhirInput.withElements(() -> referrals.receiveExternal(incoming.request(),
                incoming.external(), identifier != null, request.getHeader(Idempotency.HEADER)), ELEMENTS::get);
        ServiceRequest answer = ServiceRequestMapping.toFhir(received.referral());
        MethodOutcome outcome = new MethodOutcome(answer.getIdElement(), received.created());
        outcome.setResource(answer);
        return outcome;
    }
}
