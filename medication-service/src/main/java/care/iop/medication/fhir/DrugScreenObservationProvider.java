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
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import care.iop.common.fhir.FhirIds;
import care.iop.common.fhir.FhirPages;
import care.iop.common.fhir.FhirProfiled;
import care.iop.common.security.Roles;
import care.iop.medication.screen.DrugScreenApi.ScreenView;
import care.iop.medication.screen.DrugScreenService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Drug screens as US Core Laboratory Result Observations over {@link DrugScreenService}
 * ({@link DrugScreenObservationMapping}): read of a panel ({@code drug-screen-<id>}) or an analyte
 * ({@code drug-screen-<id>-<substance>}); the US Core searches patient+category, patient+code,
 * patient+category+date (and patient alone, patient+category+status) and {@code _id}. Audited as the REST screen
 * reads. The gateway sends every Observation search to intake (surveys) and here: a search for another category
 * (e.g. {@code survey}) or another code is simply empty.
 */
@Singleton
public class DrugScreenObservationProvider implements FhirProfiled {

    private static final int UUID_LENGTH = 36;

    @Inject
    DrugScreenService screens;

    @Override
    public Class<Observation> getResourceType() {
        return Observation.class;
    }

    @Override
    public List<String> supportedProfiles() {
        return List.of(DrugScreenObservationMapping.PROFILE);
    }

    @Read
    @RolesAllowed({Roles.PRESCRIBER, Roles.NURSE, Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR, Roles.CLINIC_ADMIN,
            Roles.CASE_MANAGER, Roles.EHR_INTEGRATION})
    public Observation read(@IdParam IdType id) {
        return find(id.getIdPart()).orElseThrow(() -> new ResourceNotFoundException("Observation is not known here"));
    }

    @Search
    @RolesAllowed({Roles.PRESCRIBER, Roles.NURSE, Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR, Roles.CLINIC_ADMIN,
            Roles.CASE_MANAGER, Roles.EHR_INTEGRATION})
    public IBundleProvider byId(@RequiredParam(name = "_id") TokenParam id, @Offset Integer offset,
                                @Count Integer count) {
        List<Observation> found = Searches.unlessNotFound(() -> find(id.getValue()).stream().toList());
        return FhirPages.of(found, offset, count);
    }

    @Search
    @RolesAllowed({Roles.PRESCRIBER, Roles.NURSE, Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR, Roles.CLINIC_ADMIN,
            Roles.CASE_MANAGER, Roles.EHR_INTEGRATION})
    public IBundleProvider byPatient(@RequiredParam(name = Observation.SP_PATIENT) ReferenceParam patient,
                                     @OptionalParam(name = Observation.SP_CATEGORY) TokenOrListParam category,
                                     @OptionalParam(name = Observation.SP_CODE) TokenOrListParam code,
                                     @OptionalParam(name = Observation.SP_DATE) DateRangeParam date,
                                     @OptionalParam(name = Observation.SP_STATUS) TokenOrListParam status,
                                     @OptionalParam(name = "_id") TokenParam id,
                                     @Offset Integer offset, @Count Integer count) {
        UUID patientId = Searches.patient(patient);
        DateSearch when = DateSearch.of(date, Observation.SP_DATE);
        List<Observation> matches = Searches.unlessNotFound(() -> screens.list(patientId)).stream()
                .filter(DrugScreenObservationMapping::served)
                .filter(s -> when.matches(s.collectedAt()))
                .sorted(Comparator.comparing(ScreenView::collectedAt).reversed())
                .flatMap(s -> DrugScreenObservationMapping.toFhir(s).stream())
                .filter(o -> id == null || o.getIdElement().getIdPart().equals(id.getValue()))
                .filter(o -> Searches.matchesAny(category, o.getCategory()))
                .filter(o -> Searches.matches(code, o.getCode()))
                .filter(o -> Searches.matchesCode(status, o.getStatus().toCode()))
                .toList();
        return FhirPages.of(matches, offset, count);
    }

    /**
     * The Observation an id names: {@code drug-screen-<uuid>} (the panel) or {@code drug-screen-<uuid>-<code>} (one
     * substance), of a resulted screen of the caller's clinic. The screen read is audited as the REST one.
     */
    private Optional<Observation> find(String idPart) {
        if (idPart == null || !idPart.startsWith(DrugScreenObservationMapping.ID_PREFIX)
                || idPart.length() < DrugScreenObservationMapping.ID_PREFIX.length() + UUID_LENGTH) {
            return Optional.empty();
        }
        int uuidEnd = DrugScreenObservationMapping.ID_PREFIX.length() + UUID_LENGTH;
        String rest = idPart.substring(uuidEnd);
        if (!rest.isEmpty() && !rest.startsWith("-")) {
            return Optional.empty();
        }
        UUID screenId;
        try {
            screenId = FhirIds.uuid(DrugScreenObservationMapping.ID_PREFIX, idPart.substring(0, uuidEnd),
                    "Observation");
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
        ScreenView screen = screens.get(screenId);
        if (!DrugScreenObservationMapping.served(screen)) {
            return Optional.empty();
        }
        return DrugScreenObservationMapping.toFhir(screen).stream()
                .filter(o -> o.getIdElement().getIdPart().equals(idPart)).findFirst();
    }
}
