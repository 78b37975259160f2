package care.iop.aftercare.fhir;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import care.iop.aftercare.episode.EpisodeApi.EpisodeView;
import care.iop.aftercare.episode.EpisodeService;
import care.iop.common.fhir.FhirIds;
import care.iop.common.fhir.FhirPages;
import care.iop.common.fhir.FhirProfiled;
import care.iop.common.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.hl7.fhir.instance.model.api.IAnyResource;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.IdType;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Treatment episodes as EpisodeOfCare ({@link EpisodeOfCareMapping}) over {@link EpisodeService}: read, and search
 * by patient (with status) and by {@code _id}. Scheduling serves enrollments under the same type and the gateway
 * sends a search to both, so this search takes the parameters scheduling's does; an id of theirs, or a patient
 * aftercare does not know, matches nothing here.
 */
@Singleton
public class EpisodeOfCareProvider implements FhirProfiled {

    @Inject
    EpisodeService episodes;

    @Override
    public Class<EpisodeOfCare> getResourceType() {
        return EpisodeOfCare.class;
    }

    /** Plain R4: US Core has no EpisodeOfCare profile. */
    @Override
    public List<String> supportedProfiles() {
        return List.of();
    }

    @Read
    @RolesAllowed({Roles.CASE_MANAGER, Roles.CLINIC_ADMIN, Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR,
            Roles.PRESCRIBER, Roles.NURSE, Roles.EHR_INTEGRATION})
    public EpisodeOfCare read(@IdParam IdType id) {
        UUID episode = FhirIds.uuid(EpisodeOfCareMapping.ID_PREFIX, id.getIdPart(), "EpisodeOfCare");
        return EpisodeOfCareMapping.toFhir(episodes.get(episode));
    }

    /** By patient (with status), by {@code _id}, or both, as scheduling's search of its enrollments takes them. */
    @Search
    @RolesAllowed({Roles.CASE_MANAGER, Roles.CLINIC_ADMIN, Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR,
            Roles.PRESCRIBER, Roles.NURSE, Roles.EHR_INTEGRATION})
    public IBundleProvider search(@OptionalParam(name = IAnyResource.SP_RES_ID) TokenOrListParam ids,
                                  @OptionalParam(name = EpisodeOfCare.SP_PATIENT) ReferenceParam patient,
                                  @OptionalParam(name = EpisodeOfCare.SP_STATUS) TokenOrListParam status,
                                  @Offset Integer offset, @Count Integer count) {
        if (ids == null && patient == null) {
            throw new InvalidRequestException("Search episodes of care by patient (with status) or _id");
        }
        UUID patientId = patient == null ? null : FhirIds.reference(patient.getValue(), "Patient");
        List<EpisodeView> candidates = ids == null ? episodes.search(patientId)
                : ids.getValuesAsQueryTokens().stream().map(TokenParam::getValue)
                .map(EpisodeOfCareProvider::episodeId).flatMap(Optional::stream).distinct()
                .map(episodes::find).flatMap(Optional::stream)
                .filter(v -> patientId == null || patientId.equals(v.patientId())).toList();
        List<EpisodeOfCare> matches = candidates.stream().map(EpisodeOfCareMapping::toFhir)
                .filter(e -> SearchMatch.tokens(status, List.of(EpisodeOfCareMapping.statusCoding(e)))).toList();
        return FhirPages.of(matches, offset, count);
    }

    /** The episode an {@code _id} names, if it can name one of ours (scheduling's enrollment ids cannot). */
    private static Optional<UUID> episodeId(String idPart) {
        if (idPart == null || !idPart.startsWith(EpisodeOfCareMapping.ID_PREFIX)) {
            return Optional.empty();
        }
        try {
            return Optional.of(FhirIds.uuid(EpisodeOfCareMapping.ID_PREFIX, idPart, "EpisodeOfCare"));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }
}
