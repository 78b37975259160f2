package care.iop.scheduling.fhir;

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
import care.iop.common.fhir.FhirIds;
import care.iop.common.fhir.FhirPages;
import care.iop.common.fhir.FhirProfiled;
import care.iop.common.security.Roles;
import care.iop.scheduling.Slice;
import care.iop.scheduling.enrollment.EnrollmentService;
import care.iop.scheduling.enrollment.EnrollmentSummary;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.IdType;

import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Track enrollments as plain R4 EpisodeOfCare, ids {@code enrollment-<uuid>}, over {@link EnrollmentService}
 * ({@link EpisodeOfCareMapping}): read, and search by {@code patient} (with {@code status}) or {@code _id}. Roles are
 * those of the REST enrollment read; every EpisodeOfCare served is audited as that read is.
 */
@Singleton
public class EpisodeOfCareProvider implements FhirProfiled {

    @Inject
    EnrollmentService enrollments;

    @Override
    public Class<EpisodeOfCare> getResourceType() {
        return EpisodeOfCare.class;
    }

    /** US Core profiles no EpisodeOfCare. */
    @Override
    public List<String> supportedProfiles() {
        return List.of();
    }

    @Read
    @RolesAllowed({Roles.SCHEDULER, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION, Roles.CLINICIAN,
            Roles.CLINICAL_SUPERVISOR, Roles.CASE_MANAGER, Roles.NURSE, Roles.PRESCRIBER, Roles.INTAKE_COORDINATOR})
    public EpisodeOfCare read(@IdParam IdType id) {
        UUID enrollmentId = FhirIds.uuid(EpisodeOfCareMapping.ID_PREFIX, id.getIdPart(), "EpisodeOfCare");
        return enrollments.summaries(null, enrollmentId, e -> true, 0, 1).items().stream().findFirst()
                .map(EpisodeOfCareMapping::toFhir)
                .orElseThrow(() -> new ResourceNotFoundException("EpisodeOfCare is not known here"));
    }

    @Search
    @RolesAllowed({Roles.SCHEDULER, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION, Roles.CLINICIAN,
            Roles.CLINICAL_SUPERVISOR, Roles.CASE_MANAGER, Roles.NURSE, Roles.PRESCRIBER, Roles.INTAKE_COORDINATOR})
    public IBundleProvider search(@OptionalParam(name = "_id") TokenParam id,
                                  @OptionalParam(name = EpisodeOfCare.SP_PATIENT) ReferenceParam patient,
                                  @OptionalParam(name = EpisodeOfCare.SP_STATUS) TokenOrListParam status,
                                  @Offset Integer offset, @Count Integer count) {
        if (id == null && patient == null) {
            throw new InvalidRequestException("Search episodes of care by patient (with status) or _id");
        }
        UUID patientId = patient == null ? null : FhirIds.reference(patient.getValue(), "Patient");
        UUID enrollmentId = null;
        if (id != null) {
            enrollmentId = SearchMatch.id(EpisodeOfCareMapping.ID_PREFIX, id.getValue());
            if (enrollmentId == null) {
                return FhirPages.of(List.of(), offset, count); // not ours: aftercare's episode-… or no id at all
            }
        }
        Predicate<EnrollmentSummary> matching = e -> {
            EpisodeOfCare.EpisodeOfCareStatus s = EpisodeOfCareMapping.status(e.status());
            return SearchMatch.code(status, s.getSystem(), s.toCode());
        };
        Slice<EnrollmentSummary> page = enrollments.summaries(patientId, enrollmentId, matching,
                FhirPages.offset(offset), FhirPages.count(count));
        return FhirPages.page(page.items().stream().map(EpisodeOfCareMapping::toFhir).toList(), page.total(), offset,
                count);
    }
}
