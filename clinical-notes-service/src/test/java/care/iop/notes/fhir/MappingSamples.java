package care.iop.notes.fhir;

import care.iop.events.notes.NoteFormat;
import care.iop.events.notes.NoteKind;
import care.iop.notes.note.Intervention;
import care.iop.notes.note.MentalStatus;
import care.iop.notes.note.NoteApi.AddendumView;
import care.iop.notes.note.NoteApi.EntryView;
import care.iop.notes.note.NoteApi.NoteView;
import care.iop.notes.note.NoteStatus;
import care.iop.notes.note.Risk;
import care.iop.notes.plan.PlanContent;
import care.iop.notes.plan.TreatmentPlanApi.PlanView;
import care.iop.notes.plan.TreatmentPlanApi.ReviewView;
import care.iop.notes.plan.TreatmentPlanApi.VersionView;
import care.iop.notes.plan.TreatmentPlanReview.ObjectiveRating;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Views as the feature services hand them to the mappings, with fixed dates. */
final class MappingSamples {

    static final Instant SIGNED = Instant.parse("2026-03-02T18:30:00.123456Z");
    static final LocalDate SERVICE_DATE = LocalDate.parse("2026-03-02");

    private MappingSamples() {
    }

    static NoteView progressNote(List<AddendumView> addenda) {
        Map<String, String> sections = new LinkedHashMap<>();
        sections.put("plan", "Continue IOP three times a week.");
        sections.put("subjective", "Reports cravings after work.");
        sections.put("objective", "Alert, oriented.");
        sections.put("assessment", "Early remission.");
        return new NoteView(UUID.randomUUID(), UUID.randomUUID(), NoteKind.PROGRESS, NoteFormat.SOAP, null,
                UUID.randomUUID(), NoteStatus.SIGNED, SERVICE_DATE, sections,
                new MentalStatus(null, null, null, "euthymic", "congruent", "linear", null, null, null, null, null),
                new Risk(Risk.Ideation.NONE, Risk.Ideation.NONE, false, Risk.Level.LOW, true, null),
                List.of("cbt"), List.of(), List.of(), SIGNED, "hash", false, false, null, null, addenda, 3);
    }

    static NoteView groupNote(UUID patient, String section) {
        return new NoteView(UUID.randomUUID(), null, NoteKind.GROUP, NoteFormat.GROUP, UUID.randomUUID(),
                UUID.randomUUID(), NoteStatus.SIGNED, SERVICE_DATE, Map.of("narrative", "Group on triggers."),
                null, null, List.of("relapse-prevention"), List.of(), List.of(new EntryView(patient, section)),
                SIGNED, "hash", false, true, UUID.randomUUID(), SIGNED.plusSeconds(3600), List.of(), 2);
    }

    static AddendumView addendum(String text) {
        return new AddendumView(UUID.randomUUID(), UUID.randomUUID(), text, SIGNED.plusSeconds(86_400), "h");
    }

    static PlanView plan(List<PlanContent.Rating> ratingsOfFirstGoal) {
        UUID goal1 = UUID.randomUUID();
        UUID goal2 = UUID.randomUUID();
        List<PlanContent.Objective> objectives = List.of(
                new PlanContent.Objective(UUID.randomUUID(), 0, "Attend 90% of groups", LocalDate.parse("2026-04-13")),
                new PlanContent.Objective(UUID.randomUUID(), 0, "Name three triggers", LocalDate.parse("2026-04-27")),
                new PlanContent.Objective(UUID.randomUUID(), 1, "Two meetings a week", LocalDate.parse("2026-05-11")));
        PlanContent content = new PlanContent(
                List.of(new PlanContent.Problem("F10.20", "Alcohol use disorder, moderate")),
                List.of(new PlanContent.Goal(goal1, "I want to stop drinking"),
                        new PlanContent.Goal(goal2, "I want my evenings back")),
                objectives,
                List.of(new PlanContent.PlannedIntervention(Intervention.CBT, "3 groups a week", UUID.randomUUID())));
        VersionView version = new VersionView(2, content, true, null, UUID.randomUUID(),
                Instant.parse("2026-03-02T15:00:00Z"));
        ReviewView review = null;
        if (ratingsOfFirstGoal != null) {
            List<ObjectiveRating> ratings = new java.util.ArrayList<>();
            for (int i = 0; i < ratingsOfFirstGoal.size(); i++) {
                ratings.add(new ObjectiveRating(objectives.get(i).id(), ratingsOfFirstGoal.get(i), null));
            }
            review = new ReviewView(UUID.randomUUID(), 2, UUID.randomUUID(), Instant.parse("2026-03-20T10:00:00Z"),
                    ratings, "Engaged.", LocalDate.parse("2026-04-19"));
        }
        return new PlanView(UUID.randomUUID(), UUID.randomUUID(), 2, LocalDate.parse("2026-04-01"), version, review, 4);
    }
}
