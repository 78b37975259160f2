package care.iop.intake.fhir;

import ca.uhn.fhir.rest.annotation.ConditionalUrlParam;
import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.RequiredParam;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.MethodNotAllowedException;
import care.iop.common.fhir.FhirIds;
import care.iop.common.fhir.FhirPages;
import care.iop.common.fhir.FhirProfiled;
import care.iop.common.security.Roles;
import care.iop.intake.patient.PatientApi.PatientRequest;
import care.iop.intake.patient.PatientService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.validation.Validator;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;

import java.util.List;

/** US Core Patient over {@link PatientService}: read, the US Core searches, and the EHR's upsert by identifier. */
@Singleton
public class PatientProvider implements FhirProfiled {

    private static final int SEARCH_WINDOW = 200;

    @Inject
    PatientService patients;

    @Inject
    Validator validator;

    @Override
    public Class<Patient> getResourceType() {
        return Patient.class;
    }

    @Override
    public List<String> supportedProfiles() {
        return List.of(PatientMapping.PROFILE);
    }

    @Read
    @RolesAllowed({Roles.INTAKE_COORDINATOR, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION, Roles.CLINICIAN,
            Roles.CLINICAL_SUPERVISOR, Roles.CASE_MANAGER, Roles.NURSE, Roles.PRESCRIBER, Roles.SCHEDULER})
    public Patient read(@IdParam IdType id) {
        return PatientMapping.toFhir(patients.read(FhirIds.uuid(id, "Patient")));
    }

    @Search
    @RolesAllowed({Roles.INTAKE_COORDINATOR, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION, Roles.CLINICIAN,
            Roles.CLINICAL_SUPERVISOR, Roles.CASE_MANAGER, Roles.NURSE, Roles.PRESCRIBER, Roles.SCHEDULER})
    public IBundleProvider byIdentifier(@RequiredParam(name = Patient.SP_IDENTIFIER) TokenParam identifier,
                                        @Offset Integer offset, @Count Integer count) {
        if (identifier.getSystem() == null || identifier.getSystem().isBlank()) {
            throw new InvalidRequestException("identifier must be system|value");
        }
        return FhirPages.of(patients.readByIdentifier(identifier.getSystem(), identifier.getValue())
                .map(PatientMapping::toFhir).stream().toList(), offset, count);
    }

    @Search
    @RolesAllowed({Roles.INTAKE_COORDINATOR, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION, Roles.CLINICIAN,
            Roles.CLINICAL_SUPERVISOR, Roles.CASE_MANAGER, Roles.NURSE, Roles.PRESCRIBER, Roles.SCHEDULER})
    public IBundleProvider search(@OptionalParam(name = "_id") TokenParam id,
                                  @OptionalParam(name = Patient.SP_NAME) StringParam name,
                                  @OptionalParam(name = Patient.SP_BIRTHDATE) DateParam birthDate,
                                  @OptionalParam(name = Patient.SP_GENDER) TokenParam gender,
                                  @Offset Integer offset, @Count Integer count) {
        if (id != null) {
            // Another clinic's patient (or an id that cannot be ours) is absent from a search, not a 404.
            return FhirMatch.orEmpty(() -> FhirPages.of(List.of(PatientMapping.toFhir(
                    patients.read(FhirIds.uuid(id.getValue(), "Patient")))), offset, count), offset, count);
        }
        if (name == null && birthDate == null) {
            throw new InvalidRequestException("Search patients by _id, identifier, name, or name with birthdate "
                    + "or gender");
        }
        if (birthDate != null && birthDate.getPrefix() != null
                && birthDate.getPrefix() != ca.uhn.fhir.rest.param.ParamPrefixEnum.EQUAL) {
            throw new InvalidRequestException("birthdate is searched by exact date");
        }
        var page = patients.search(name == null ? null : name.getValue(), null,
                birthDate == null ? null : PatientMapping.localDate(birthDate), null, SEARCH_WINDOW, null);
        List<Patient> matches = page.items().stream().map(PatientMapping::toFhir)
                .filter(p -> gender == null || p.getGender() != null
                        && p.getGender().toCode().equals(gender.getValue()))
                .toList();
        return FhirPages.of(matches, offset, count);
    }

    /** {@code PUT Patient?identifier=system|value}: the EHR's upsert; concurrent calls make one patient. */
    @Update
    @RolesAllowed({Roles.INTAKE_COORDINATOR, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION})
    public MethodOutcome upsert(@ResourceParam Patient patient, @IdParam IdType id,
                                @ConditionalUrlParam String conditionalUrl, RequestDetails request) {
        if (conditionalUrl == null) {
            throw new MethodNotAllowedException("Update a patient by its identifier: PUT Patient?identifier=system|value");
        }
        String[] systemValue = FhirIds.identifierOf(conditionalUrl);
        PatientRequest mapped = PatientMapping.toRequest(patient);
        // The REST upsert's own constraints (@Valid there): without them an EHR could store what REST refuses.
        FhirInput.validate(validator, mapped, "Patient", PatientMapping::element);
        var saved = patients.upsertByIdentifier(systemValue[0], systemValue[1], mapped,
                FhirIds.ifMatch(request.getHeader("If-Match")));
        Patient answer = PatientMapping.toFhir(saved.view());
        MethodOutcome outcome = new MethodOutcome(answer.getIdElement(), saved.created());
        outcome.setResource(answer);
        return outcome;
    }
}
