package care.iop.notes.fhir;

import care.iop.common.fhir.Part2Labels;
import care.iop.notes.plan.PlanContent;
import care.iop.notes.plan.TreatmentPlanApi.PlanView;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Reference;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.UUID;

/**
 * A patient's treatment plan as a US Core CarePlan (category assess-plan): its current version, in force (status
 * active, intent plan) since that version was written; goals as references to the plan's {@link GoalMapping Goals};
 * each planned intervention as an activity with its frequency and the responsible staff member. Plans have no drafts
 * in this service: a plan exists once a clinician has written it, so every plan is served. The narrative says what the
 * plan holds in counts and dates only. Ids carry the owner's prefix {@code treatment-plan-} (aftercare serves
 * CarePlans too).
 */
final class CarePlanMapping {

    static final String PROFILE = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-careplan";
    static final String ID_PREFIX = "treatment-plan-";
    static final String CATEGORY_SYSTEM = "http://hl7.org/fhir/us/core/CodeSystem/careplan-category";
    static final String ASSESS_PLAN = "assess-plan";
    static final String STATUS_SYSTEM = "http://hl7.org/fhir/request-status";

    private CarePlanMapping() {
    }

    static CarePlan toFhir(PlanView plan) {
        CarePlan c = new CarePlan();
        String version = Long.toString(plan.version());
        c.setId(new IdType("CarePlan", ID_PREFIX + plan.id(), version));
        c.getMeta().setVersionId(version).setLastUpdated(Date.from(GoalMapping.lastUpdated(plan))).addProfile(PROFILE);
        Part2Labels.label(c);
        c.setText(new Narrative().setStatus(Narrative.NarrativeStatus.GENERATED));
        c.getText().setDivAsString(narrative(plan));
        c.setStatus(CarePlan.CarePlanStatus.ACTIVE);
        c.setIntent(CarePlan.CarePlanIntent.PLAN);
        c.addCategory(new CodeableConcept(new Coding(CATEGORY_SYSTEM, ASSESS_PLAN,
                "Assessment and Plan of Treatment")));
        c.setTitle("Treatment plan");
        c.setSubject(new Reference("Patient/" + plan.patientId()));
        c.getPeriod().setStartElement(new DateTimeType(Date.from(plan.current().createdAt())));
        c.setAuthor(new Reference("Practitioner/" + plan.current().createdBy()));
        for (PlanContent.Goal goal : plan.current().content().goals()) {
            c.addGoal(new Reference("Goal/" + goal.id()));
        }
        for (PlanContent.PlannedIntervention i : plan.current().content().interventions()) {
            c.addActivity().getDetail().setStatus(CarePlan.CarePlanActivityStatus.INPROGRESS)
                    .setCode(new CodeableConcept().setText(i.modality().value()))
                    .setDescription(i.frequency())
                    .addPerformer(new Reference("Practitioner/" + i.responsibleStaffId()));
        }
        return c;
    }

    /** The plan's id in a CarePlan id {@code treatment-plan-<uuid>}. */
    static UUID planId(String idPart) {
        return care.iop.common.fhir.FhirIds.uuid(ID_PREFIX, idPart, "CarePlan");
    }

    /** A summary without clinical text: version, date written, how many of each part, the next review. */
    static String narrative(PlanView plan) {
        PlanContent content = plan.current().content();
        LocalDate written = plan.current().createdAt().atZone(ZoneOffset.UTC).toLocalDate();
        return "<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>Treatment plan, version " + plan.currentVersion()
                + " of " + written + ": " + count(content.problems().size(), "problem") + ", "
                + count(content.goals().size(), "goal") + ", " + count(content.objectives().size(), "objective")
                + ", " + count(content.interventions().size(), "intervention") + "."
                + (plan.nextReviewDue() == null ? "" : " Next review due " + plan.nextReviewDue() + ".")
                + "</p></div>";
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
