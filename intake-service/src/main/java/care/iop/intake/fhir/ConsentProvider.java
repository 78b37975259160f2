package care.iop.intake.fhir;

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
import care.iop.intake.consent.ConsentService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.IdType;

import java.util.List;
import java.util.UUID;

/** 42 CFR Part 2 consents as R4 Consent over {@link ConsentService}: read and search by patient (sensitive reads). */
@Singleton
public class ConsentProvider implements FhirProfiled {

    @Inject
    ConsentService consents;

    @Override
    public Class<Consent> getResourceType() {
        return Consent.class;
    }

    @Override
    public List<String> supportedProfiles() {
        return List.of();
    }

    @Read
    @RolesAllowed({Roles.INTAKE_COORDINATOR, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION, Roles.CLINICIAN,
            Roles.CASE_MANAGER})
    public Consent read(@IdParam IdType id) {
        return ConsentMapping.toFhir(consents.read(FhirIds.uuid(id, "Consent")));
    }

    @Search
    @RolesAllowed({Roles.INTAKE_COORDINATOR, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION, Roles.CLINICIAN,
            Roles.CASE_MANAGER})
    public IBundleProvider byId(@RequiredParam(name = "_id") TokenParam id, @Offset Integer offset,
                                @Count Integer count) {
        return FhirMatch.orEmpty(() -> FhirPages.of(List.of(ConsentMapping.toFhir(consents.read(
                FhirIds.uuid(id.getValue(), "Consent")))), offset, count), offset, count);
    }

    /** A patient's consents, active and past, audited as the REST list is (one sensitive read). */
    @Search
    @RolesAllowed({Roles.INTAKE_COORDINATOR, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION, Roles.CLINICIAN,
            Roles.CASE_MANAGER})
    public IBundleProvider search(@RequiredParam(name = Consent.SP_PATIENT) ReferenceParam patient,
                                  @OptionalParam(name = Consent.SP_STATUS) TokenOrListParam status,
                                  @Offset Integer offset, @Count Integer count) {
        UUID patientId = FhirMatch.patient(patient);
        return FhirMatch.orEmpty(() -> FhirPages.of(consents.views(patientId).stream().map(ConsentMapping::toFhir)
                .filter(c -> FhirMatch.token(status, List.of(new Coding(c.getStatus().getSystem(),
                        c.getStatus().toCode(), null))))
                .toList(), offset, count), offset, count);
    }
}
