package care.iop.notes.fhir;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.RequiredParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.DateAndListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import care.iop.common.fhir.FhirIds;
import care.iop.common.fhir.FhirPages;
import care.iop.common.fhir.FhirProfiled;
import care.iop.common.security.Roles;
import care.iop.notes.plan.TreatmentPlanApi.PlanView;
import care.iop.notes.plan.TreatmentPlanService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.IdType;

import java.util.List;
import java.util.UUID;

/**
 * US Core Goal over {@link TreatmentPlanService}: the goals of a patient's current treatment plan, read by id and
 * searched by {@code patient} with {@code lifecycle-status} and {@code target-date}. Served goals are audited as a
 * read of their treatment plan, as the REST read of the current plan is.
 */
@Singleton
public class GoalProvider implements FhirProfiled {

    @Inject
    TreatmentPlanService plans;

    @Override
    public Class<Goal> getResourceType() {
        return Goal.class;
    }

    @Override
    public List<String> supportedProfiles() {
        return List.of(GoalMapping.PROFILE);
    }

    @Read
    @RolesAllowed({Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR, Roles.CLINIC_ADMIN, Roles.PRESCRIBER, Roles.NURSE,
            Roles.CASE_MANAGER, Roles.EHR_INTEGRATION})
    public Goal read(@IdParam IdType id) {
        UUID goalId = FhirIds.uuid(id, "Goal");
        return plans.findByGoal(goalId).flatMap(plan -> GoalMapping.toFhir(plan, goalId))
                .orElseThrow(() -> new ResourceNotFoundException("Goal is not known here"));
    }

    @Search
    @RolesAllowed({Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR, Roles.CLINIC_ADMIN, Roles.PRESCRIBER, Roles.NURSE,
            Roles.CASE_MANAGER, Roles.EHR_INTEGRATION})
    public IBundleProvider byPatient(@RequiredParam(name = Goal.SP_PATIENT) ReferenceParam patient,
                                     @OptionalParam(name = Goal.SP_LIFECYCLE_STATUS) TokenOrListParam lifecycleStatus,
                                     @OptionalParam(name = Goal.SP_TARGET_DATE) DateAndListParam targetDate,
                                     @Offset Integer offset, @Count Integer count) {
        UUID patientId = FhirIds.reference(patient.getValue(), "Patient");
        FhirSearch.check(targetDate);
        List<Goal> goals = plans.currentIf(patientId, plan -> !matching(plan, lifecycleStatus, targetDate).isEmpty())
                .map(plan -> matching(plan, lifecycleStatus, targetDate)).orElse(List.of());
        return FhirPages.of(goals, offset, count);
    }

    private static List<Goal> matching(PlanView plan, TokenOrListParam lifecycleStatus, DateAndListParam targetDate) {
        return GoalMapping.toFhir(plan).stream()
                .filter(g -> FhirSearch.matches(lifecycleStatus, GoalMapping.LIFECYCLE_SYSTEM,
                        g.getLifecycleStatus().toCode()))
                .filter(g -> targetDate == null || FhirSearch.matches(targetDate, GoalMapping.targetDates(g)))
                .toList();
    }
}
