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
import ca.uhn.fhir.rest.param.UriParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import care.iop.common.fhir.FhirIds;
import care.iop.common.fhir.FhirPages;
import care.iop.common.fhir.FhirProfiled;
import care.iop.common.idempotency.Idempotency;
import care.iop.common.security.Roles;
import care.iop.intake.patient.PatientService;
import care.iop.intake.screening.ScreeningApi.ScreeningRecord;
import care.iop.intake.screening.ScreeningService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.QuestionnaireResponse;

import java.util.List;
import java.util.UUID;

/**
 * The answers of the five screening instruments as US Core QuestionnaireResponse over {@link ScreeningService}: read,
 * search by patient, and an EHR's completed response, scored on arrival by the same service method as the REST API
 * (same validation, score, band, flags, event and audit); its Observation is {@code Observation/screening-<id>}.
 */
@Singleton
public class QuestionnaireResponseProvider implements FhirProfiled {

    @Inject
    ScreeningService screenings;

    @Inject
    PatientService patients;

    @Override
    public Class<QuestionnaireResponse> getResourceType() {
        return QuestionnaireResponse.class;
    }

    @Override
    public List<String> supportedProfiles() {
        return List.of(QuestionnaireResponseMapping.PROFILE);
    }

    @Read
    @RolesAllowed({Roles.INTAKE_COORDINATOR, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION, Roles.CLINICIAN,
            Roles.CLINICAL_SUPERVISOR, Roles.PRESCRIBER, Roles.CASE_MANAGER})
    public QuestionnaireResponse read(@IdParam IdType id) {
        return QuestionnaireResponseMapping.toFhir(screenings.read(FhirIds.uuid(id, "QuestionnaireResponse")));
    }

    @Search
    @RolesAllowed({Roles.INTAKE_COORDINATOR, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION, Roles.CLINICIAN,
            Roles.CLINICAL_SUPERVISOR, Roles.PRESCRIBER, Roles.CASE_MANAGER})
    public IBundleProvider byId(@RequiredParam(name = "_id") TokenParam id, @Offset Integer offset,
                                @Count Integer count) {
        return FhirMatch.orEmpty(() -> FhirPages.of(List.of(QuestionnaireResponseMapping.toFhir(screenings.read(
                FhirIds.uuid(id.getValue(), "QuestionnaireResponse")))), offset, count), offset, count);
    }

    /** patient, with questionnaire, authored and status as US Core suggests; audited as the screening history. */
    @Search
    @RolesAllowed({Roles.INTAKE_COORDINATOR, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION, Roles.CLINICIAN,
            Roles.CLINICAL_SUPERVISOR, Roles.PRESCRIBER, Roles.CASE_MANAGER})
    public IBundleProvider search(@RequiredParam(name = QuestionnaireResponse.SP_PATIENT) ReferenceParam patient,
                                  @OptionalParam(name = QuestionnaireResponse.SP_QUESTIONNAIRE) UriParam questionnaire,
                                  @OptionalParam(name = QuestionnaireResponse.SP_AUTHORED) DateRangeParam authored,
                                  @OptionalParam(name = QuestionnaireResponse.SP_STATUS) TokenOrListParam status,
                                  @Offset Integer offset, @Count Integer count) {
        UUID patientId = FhirMatch.patient(patient);
        return FhirMatch.orEmpty(() -> FhirPages.of(screenings.records(patientId).stream()
                .filter(s -> FhirMatch.date(authored, QuestionnaireResponseMapping.authored(s)))
                .filter(s -> questionnaire == null
                        || Questionnaires.canonical(s.instrument()).equals(questionnaire.getValue()))
                .map(QuestionnaireResponseMapping::toFhir)
                .filter(qr -> FhirMatch.token(status, List.of(new Coding(qr.getStatus().getSystem(),
                        qr.getStatus().toCode(), null))))
                .toList(), offset, count), offset, count);
    }

    /**
     * A completed response of one of the five instruments, scored on arrival by {@link ScreeningService} exactly as
     * the REST API scores it. Idempotency-Key makes a retry answer the first screening again. Answers that do not fit
     * the instrument are a 422 naming the item; nothing is written.
     */
    @Create
    @RolesAllowed({Roles.INTAKE_COORDINATOR, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION, Roles.CLINICIAN,
            Roles.CLINICAL_SUPERVISOR})
    public MethodOutcome create(@ResourceParam QuestionnaireResponse response,
                                @ConditionalUrlParam String conditionalUrl, RequestDetails request) {
        if (conditionalUrl != null) {
            throw new InvalidRequestException("If-None-Exist is not supported for QuestionnaireResponse (a screening "
                    + "keeps no identifier); send Idempotency-Key to make retries safe");
        }
        QuestionnaireResponseMapping.Incoming incoming = QuestionnaireResponseMapping.toRequest(response);
        if (!patients.exists(incoming.patientId())) {
            throw FhirInput.refuse("QuestionnaireResponse.subject", "is not a patient of this clinic");
        }
        ScreeningRecord scored = FhirInput.withElements(() -> screenings.recordAnswers(incoming.patientId(),
                incoming.request(), request.getHeader(Idempotency.HEADER)), Questionnaires::element);
        QuestionnaireResponse answer = QuestionnaireResponseMapping.toFhir(scored);
        MethodOutcome outcome = new MethodOutcome(answer.getIdElement(), true);
        outcome.setResource(answer);
        return outcome;
    }
}
