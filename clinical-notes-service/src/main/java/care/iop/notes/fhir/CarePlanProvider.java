package care.iop.notes.fhir;

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
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import care.iop.common.fhir.FhirIds;
import care.iop.common.fhir.FhirPages;
import care.iop.common.fhir.FhirProfiled;
import care.iop.common.fhir.SmartScopes;
import care.iop.common.security.CallerContext;
import care.iop.common.security.Roles;
import care.iop.notes.plan.TreatmentPlanApi.PlanView;
import care.iop.notes.plan.TreatmentPlanService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * US Core CarePlan over {@link TreatmentPlanService}: a patient's treatment plan (ids {@code treatment-plan-<uuid>}),
 * read by id and searched by {@code _id} and by {@code patient} with {@code category}, {@code date} and
 * {@code status}; {@code _include=CarePlan:goal} adds the plan's Goals (an EHR token then needs a Goal scope too).
 * Each plan served is audited as a read of the treatment plan, as the REST read of the current plan is.
 */
@Singleton
public class CarePlanProvider implements FhirProfiled {

    static final String INCLUDE_GOAL = "CarePlan:goal";

    @Inject
    TreatmentPlanService plans;

    @Inject
    CallerContext caller;

    @Override
    public Class<CarePlan> getResourceType() {
        return CarePlan.class;
    }

    @Override
    public List<String> supportedProfiles() {
        return List.of(CarePlanMapping.PROFILE);
    }

    @Read
    @RolesAllowed({Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR, Roles.CLINIC_ADMIN, Roles.PRESCRIBER, Roles.NURSE,
            Roles.CASE_MANAGER, Roles.EHR_INTEGRATION})
    public CarePlan read(@IdParam IdType id) {
        return plans.find(CarePlanMapping.planId(id.getIdPart())).map(CarePlanMapping::toFhir)
                .orElseThrow(() -> new ResourceNotFoundException("CarePlan is not known here"));
    }

    @Search
    @RolesAllowed({Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR, Roles.CLINIC_ADMIN, Roles.PRESCRIBER, Roles.NURSE,
            Roles.CASE_MANAGER, Roles.EHR_INTEGRATION})
    public IBundleProvider byId(@RequiredParam(name = "_id") TokenParam id,
                                @IncludeParam(allow = INCLUDE_GOAL) Set<Include> includes,
                                @Offset Integer offset, @Count Integer count) {
        String idPart = id.getValue() == null ? "" : id.getValue().replaceFirst("^CarePlan/", "");
        if (!idPart.startsWith(CarePlanMapping.ID_PREFIX)) {
            return FhirPages.of(List.of(), offset, count);
        }
        Optional<PlanView> plan;
        try {
            plan = plans.find(CarePlanMapping.planId(idPart));
        } catch (ResourceNotFoundException notOurs) {
            plan = Optional.empty(); // an id that cannot be ours matches nothing
        }
        return FhirPages.of(plan.map(p -> withGoals(p, includes)).stream().toList(), offset, count);
    }

    @Search
    @RolesAllowed({Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR, Roles.CLINIC_ADMIN, Roles.PRESCRIBER, Roles.NURSE,
            Roles.CASE_MANAGER, Roles.EHR_INTEGRATION})
    public IBundleProvider byPatient(@RequiredParam(name = CarePlan.SP_PATIENT) ReferenceParam patient,
                                     @OptionalParam(name = CarePlan.SP_CATEGORY) TokenOrListParam category,
                                     @OptionalParam(name = CarePlan.SP_DATE) DateAndListParam date,
                                     @OptionalParam(name = CarePlan.SP_STATUS) TokenOrListParam status,
                                     @IncludeParam(allow = INCLUDE_GOAL) Set<Include> includes,
                                     @Offset Integer offset, @Count Integer count) {
        var patientId = FhirIds.reference(patient.getValue(), "Patient");
        FhirSearch.check(date);
        boolean everyPlanMatches = FhirSearch.matches(category, CarePlanMapping.CATEGORY_SYSTEM,
                CarePlanMapping.ASSESS_PLAN)
                && FhirSearch.matches(status, CarePlanMapping.STATUS_SYSTEM, CarePlan.CarePlanStatus.ACTIVE.toCode());
        if (!everyPlanMatches) {
            return FhirPages.of(List.of(), offset, count);
        }
        requireGoalScopeFor(includes);
        Optional<PlanView> plan = plans.currentIf(patientId,
                view -> FhirSearch.matches(date, FhirSearch.Range.from(view.current().createdAt())));
        return FhirPages.of(plan.map(p -> withGoals(p, includes)).stream().toList(), offset, count);
    }

    /** The CarePlan; with {@code _include=CarePlan:goal} its goal references carry the Goals for HAPI to include. */
    private CarePlan withGoals(PlanView plan, Set<Include> includes) {
        CarePlan carePlan = CarePlanMapping.toFhir(plan);
        if (includesGoals(includes)) {
            requireGoalScopeFor(includes);
            List<Goal> goals = GoalMapping.toFhir(plan);
            for (Reference ref : carePlan.getGoal()) {
                goals.stream().filter(g -> ref.getReference().equals("Goal/" + g.getIdElement().getIdPart()))
                        .findFirst().ifPresent(ref::setResource);
            }
        }
        return carePlan;
    }

    private static boolean includesGoals(Set<Include> includes) {
        return includes != null && includes.stream().anyMatch(i -> INCLUDE_GOAL.equals(i.getValue()));
    }

    /** An EHR's token reads Goals through an include only with a scope that lets it search Goals. */
    private void requireGoalScopeFor(Set<Include> includes) {
        if (includesGoals(includes) && caller.hasRole(Roles.EHR_INTEGRATION)
                && !SmartScopes.of(caller.claim("scope").orElse(null)).permits("Goal",
                SmartScopes.Interaction.SEARCH)) {
            throw new ForbiddenOperationException("The token's scopes do not include "
                    + SmartScopes.needed("Goal", SmartScopes.Interaction.SEARCH) + " (for _include=CarePlan:goal)");
        }
    }
}
