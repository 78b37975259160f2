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
import care.iop.common.fhir.FhirIds;
import care.iop.common.fhir.FhirPages;
import care.iop.common.fhir.FhirProfiled;
import care.iop.common.security.Roles;
import care.iop.intake.screening.ScreeningService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;

import java.util.List;
import java.util.UUID;

/**
 * Screening scores as US Core Observation Screening Assessment over {@link ScreeningService}: read
 * ({@code Observation/screening-<id>}) and the US Core searches. Medication's drug screens are the other Observations
 * of the platform ({@code drug-screen-<id>}); the gateway routes by the prefix.
 */
@Singleton
public class ObservationProvider implements FhirProfiled {

    @Inject
    ScreeningService screenings;

    @Override
    public Class<Observation> getResourceType() {
        return Observation.class;
    }

    @Override
    public List<String> supportedProfiles() {
        return List.of(ObservationMapping.PROFILE);
    }

    @Read
    @RolesAllowed({Roles.INTAKE_COORDINATOR, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION, Roles.CLINICIAN,
            Roles.CLINICAL_SUPERVISOR, Roles.PRESCRIBER, Roles.CASE_MANAGER})
    public Observation read(@IdParam IdType id) {
        return ObservationMapping.toFhir(screenings.read(FhirIds.uuid(ObservationMapping.ID_PREFIX, id.getIdPart(),
                "Observation")));
    }

    @Search
    @RolesAllowed({Roles.INTAKE_COORDINATOR, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION, Roles.CLINICIAN,
            Roles.CLINICAL_SUPERVISOR, Roles.PRESCRIBER, Roles.CASE_MANAGER})
    public IBundleProvider byId(@RequiredParam(name = "_id") TokenParam id, @Offset Integer offset,
                                @Count Integer count) {
        return FhirMatch.orEmpty(() -> FhirPages.of(List.of(ObservationMapping.toFhir(screenings.read(
                FhirIds.uuid(ObservationMapping.ID_PREFIX, id.getValue(), "Observation")))), offset, count),
                offset, count);
    }

    /** patient, with category, code, date (gt/ge/lt/le/eq/ne) and status as US Core asks; audited as the history. */
    @Search
    @RolesAllowed({Roles.INTAKE_COORDINATOR, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION, Roles.CLINICIAN,
            Roles.CLINICAL_SUPERVISOR, Roles.PRESCRIBER, Roles.CASE_MANAGER})
    public IBundleProvider search(@RequiredParam(name = Observation.SP_PATIENT) ReferenceParam patient,
                                  @OptionalParam(name = Observation.SP_CATEGORY) TokenOrListParam category,
                                  @OptionalParam(name = Observation.SP_CODE) TokenOrListParam code,
                                  @OptionalParam(name = Observation.SP_DATE) DateRangeParam date,
                                  @OptionalParam(name = Observation.SP_STATUS) TokenOrListParam status,
                                  @Offset Integer offset, @Count Integer count) {
        UUID patientId = FhirMatch.patient(patient);
        return FhirMatch.orEmpty(() -> FhirPages.of(screenings.records(patientId).stream()
                .filter(s -> FhirMatch.date(date, ObservationMapping.effective(s)))
                .map(ObservationMapping::toFhir)
                .filter(o -> FhirMatch.token(category, o.getCategory().stream()
                        .flatMap(c -> c.getCoding().stream()).toList())
                        && FhirMatch.token(code, o.getCode().getCoding())
                        && FhirMatch.token(status, List.of(new Coding(o.getStatus().getSystem(),
                        o.getStatus().toCode(), null))))
                .toList(), offset, count), offset, count);
    }
}
