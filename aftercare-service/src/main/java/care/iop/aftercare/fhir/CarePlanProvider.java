package care.iop.aftercare.fhir;

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
import ca.uhn.fhir.rest.param.DateAndListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import care.iop.aftercare.plan.RelapsePreventionPlanService;
import care.iop.common.fhir.FhirIds;
import care.iop.common.fhir.FhirPages;
import care.iop.common.fhir.FhirProfiled;
import care.iop.common.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.hl7.fhir.instance.model.api.IAnyResource;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.IdType;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Relapse-prevention plans as US Core CarePlan ({@link CarePlanMapping}) over {@link RelapsePreventionPlanService}:
 * read and vread (every version is kept), the US Core searches (patient with category, status and date), and
 * {@code _id}. Clinical notes serves treatment plans under the same type and the gateway sends a search to both: a
 * category, status or id that is not ours, or a patient without a plan here, matches nothing (an empty Bundle, never
 * an error). A patient has one plan, so a search finds at most one per patient. {@code _include=CarePlan:goal} is
 * accepted, as clinical notes accepts it, and includes nothing.
 */
@Singleton
public class CarePlanProvider implements FhirProfiled {

    /**
     * Clinical notes' treatment plans include their Goals; the gateway asks both owners the same query, so it is
     * accepted here too. A relapse-prevention plan has no goals: nothing is included.
     */
    static final String INCLUDE_GOAL = "CarePlan:goal";

    @Inject
    RelapsePreventionPlanService plans;

    @Override
    public Class<CarePlan> getResourceType() {
        return CarePlan.class;
    }

    @Override
    public List<String> supportedProfiles() {
        return List.of(CarePlanMapping.PROFILE);
    }

    @Read(version = true)
    @RolesAllowed({Roles.CASE_MANAGER, Roles.CLINIC_ADMIN, Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR,
            Roles.PRESCRIBER, Roles.NURSE, Roles.EHR_INTEGRATION})
    public CarePlan read(@IdParam IdType id) {
        UUID plan = FhirIds.uuid(CarePlanMapping.ID_PREFIX, id.getIdPart(), "CarePlan");
        Integer version = null;
        if (id.hasVersionIdPart()) {
            if (!id.isVersionIdPartValidLong() || id.getVersionIdPartAsLong() < 1
                    || id.getVersionIdPartAsLong() > Integer.MAX_VALUE) {
                throw new ResourceNotFoundException("CarePlan version is not known here");
            }
            version = id.getVersionIdPartAsLong().intValue();
        }
        return plans.find(plan, version).map(CarePlanMapping::toFhir)
                .orElseThrow(() -> new ResourceNotFoundException("CarePlan is not known here"));
    }

    @Search
    @RolesAllowed({Roles.CASE_MANAGER, Roles.CLINIC_ADMIN, Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR,
            Roles.PRESCRIBER, Roles.NURSE, Roles.EHR_INTEGRATION})
    public IBundleProvider byPatient(@RequiredParam(name = CarePlan.SP_PATIENT) ReferenceParam patient,
                                     @OptionalParam(name = CarePlan.SP_CATEGORY) TokenOrListParam category,
                                     @OptionalParam(name = CarePlan.SP_STATUS) TokenOrListParam status,
                                     @OptionalParam(name = CarePlan.SP_DATE) DateAndListParam date,
                                     @IncludeParam(allow = INCLUDE_GOAL) Set<Include> includes,
                                     @Offset Integer offset, @Count Integer count) {
        UUID patientId = FhirIds.reference(patient.getValue(), "Patient");
        // Category and status are the same for every relapse-prevention plan: a search for others reads nothing.
        if (!SearchMatch.tokens(category, CarePlanMapping.categoryCodings())
                || !SearchMatch.tokens(status, CarePlanMapping.statusCodings())) {
            return FhirPages.of(List.of(), offset, count);
        }
        List<CarePlan> matches = plans.ofPatient(patientId)
                .filter(p -> SearchMatch.dates(date, CarePlanMapping.range(p)))
                .map(CarePlanMapping::toFhir).stream().toList();
        return FhirPages.of(matches, offset, count);
    }

    @Search
    @RolesAllowed({Roles.CASE_MANAGER, Roles.CLINIC_ADMIN, Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR,
            Roles.PRESCRIBER, Roles.NURSE, Roles.EHR_INTEGRATION})
    public IBundleProvider byId(@RequiredParam(name = IAnyResource.SP_RES_ID) TokenOrListParam ids,
                                @IncludeParam(allow = INCLUDE_GOAL) Set<Include> includes,
                                @Offset Integer offset, @Count Integer count) {
        List<CarePlan> matches = ids.getValuesAsQueryTokens().stream().map(TokenParam::getValue)
                .map(CarePlanProvider::planId).flatMap(Optional::stream).distinct()
                .map(plan -> plans.find(plan, null)).flatMap(Optional::stream).map(CarePlanMapping::toFhir).toList();
        return FhirPages.of(matches, offset, count);
    }

    /** The plan an {@code _id} names, if it can name one of ours (clinical notes' treatment-plan ids cannot). */
    private static Optional<UUID> planId(String idPart) {
        if (idPart == null || !idPart.startsWith(CarePlanMapping.ID_PREFIX)) {
            return Optional.empty();
        }
        try {
            return Optional.of(FhirIds.uuid(CarePlanMapping.ID_PREFIX, idPart, "CarePlan"));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }
}
