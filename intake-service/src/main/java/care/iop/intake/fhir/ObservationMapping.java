package care.iop.intake.fhir;

import care.iop.common.fhir.Part2Labels;
import care.iop.events.intake.ScreeningInstrument;
import care.iop.intake.screening.CssrsRecency;
import care.iop.intake.screening.ScreeningApi.ScreeningRecord;
import care.iop.intake.screening.ScreeningScorer;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Locale;

/**
 * A screening's score as a US Core Observation Screening Assessment ({@code Observation/screening-<id>}).
 *
 * <p>Category {@code survey} (the profile's one required slice; none of US Core's screening-assessment categories —
 * sdoh, functional, disability, cognitive status — fits these instruments). Code: the LOINC total score — PHQ-9
 * 44261-6, GAD-7 70274-6, AUDIT 75624-7, DAST-10 82667-7 ({@link ScreeningScorer#loinc}; docs/clinical-reference.md);
 * the C-SSRS screener has no LOINC total (LOINC's C-SSRS panels, e.g. 93245-9, are the full lifetime/recent scale,
 * not the six-question screener), so it is coded {@value #SCORE_SYSTEM}{@code |c-ssrs-screener}, the number of
 * "yes" answers. Value: the total as a Quantity in UCUM {@code {score}}.
 *
 * <p>Interpretation: the band ({@value #BAND_SYSTEM}: minimal … severe, zone-i … zone-iv, none … high); a safety
 * flag as HL7 ObservationInterpretation {@code AA} (critical: a clinician must act the same day — C-SSRS high, PHQ-9
 * item 9 above 0) or {@code A} (suicide-risk follow-up, further evaluation); for C-SSRS also {@code POS} when any
 * question was answered "yes", else {@code NEG}. A C-SSRS carries each question's answer as a component (and when
 * question 6's behaviour happened), so a "yes" is visible without the QuestionnaireResponse; the note says which
 * follow-up the flags ask for and whether a clinician has acknowledged it. derivedFrom: the answers
 * ({@code QuestionnaireResponse/<id>}).
 */
final class ObservationMapping {

    static final String PROFILE =
            "http://hl7.org/fhir/us/core/StructureDefinition/us-core-observation-screening-assessment";
    static final String ID_PREFIX = "screening-";
    static final String CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category";
    static final String SURVEY = "survey";
    static final String LOINC = "http://loinc.org";
    static final String SCORE_SYSTEM = "urn:iop:screening-score";
    static final String CSSRS_CODE = "c-ssrs-screener";
    static final String BAND_SYSTEM = "urn:iop:screening-band";
    static final String CSSRS_QUESTION_SYSTEM = "urn:iop:cssrs-screener";
    static final String INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";
    static final String UCUM = "http://unitsofmeasure.org";

    /** The screener's six questions, as the Columbia Lighthouse Project names them. */
    private static final List<String> CSSRS_QUESTIONS = List.of("Wish to be dead",
            "Non-specific active suicidal thoughts",
            "Active suicidal ideation with any methods (not plan) without intent to act",
            "Active suicidal ideation with some intent to act, without specific plan",
            "Active suicidal ideation with specific plan and intent",
            "Suicidal behavior");

    private ObservationMapping() {
    }

    static String id(ScreeningRecord s) {
        return ID_PREFIX + s.id();
    }

    static Observation toFhir(ScreeningRecord s) {
        Observation o = new Observation();
        o.setId(new IdType("Observation", id(s), Long.toString(s.version())));
        o.getMeta().setVersionId(Long.toString(s.version())).addProfile(PROFILE);
        Part2Labels.label(o);
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.addCategory(new CodeableConcept(new Coding(CATEGORY_SYSTEM, SURVEY, "Survey")));
        o.setCode(code(s.instrument()));
        o.setSubject(new Reference("Patient/" + s.patientId()));
        o.setEffective(FhirTimes.seconds(effective(s)));
        o.setIssued(Date.from(s.completedAt()));
        o.setValue(new Quantity().setValue(s.total()).setUnit("{score}").setSystem(UCUM).setCode("{score}"));
        o.addInterpretation(new CodeableConcept(new Coding(BAND_SYSTEM, s.band(), words(s.band())))
                .setText(s.instrument().value() + " " + words(s.band())));
        if (s.flags().contains(ScreeningScorer.SAFETY_ACTION_REQUIRED)) {
            o.addInterpretation(new CodeableConcept(new Coding(INTERPRETATION, "AA", "Critical abnormal"))
                    .setText("Suicide risk: a clinician must review it the same day and record the action taken"));
        } else if (s.flags().contains(ScreeningScorer.SUICIDE_RISK_FOLLOW_UP)) {
            o.addInterpretation(new CodeableConcept(new Coding(INTERPRETATION, "A", "Abnormal"))
                    .setText("Suicide risk: follow-up by a clinician"));
        } else if (s.flags().contains(ScreeningScorer.FURTHER_EVALUATION)) {
            o.addInterpretation(new CodeableConcept(new Coding(INTERPRETATION, "A", "Abnormal"))
                    .setText("Further evaluation for an anxiety disorder"));
        }
        if (s.instrument() == ScreeningInstrument.C_SSRS) {
            boolean positive = s.total() > 0;
            o.addInterpretation(new CodeableConcept(new Coding(INTERPRETATION, positive ? "POS" : "NEG",
                    positive ? "Positive" : "Negative")));
            for (int i = 0; i < s.answers().size(); i++) {
                o.addComponent().setCode(new CodeableConcept(new Coding(CSSRS_QUESTION_SYSTEM, "q" + (i + 1),
                                CSSRS_QUESTIONS.get(i))).setText("C-SSRS screener question " + (i + 1) + ": "
                                + CSSRS_QUESTIONS.get(i)))
                        .setValue(new BooleanType(s.answers().get(i) == 1));
            }
            if (s.cssrsRecency() != null) {
                o.addComponent().setCode(new CodeableConcept(new Coding(CSSRS_QUESTION_SYSTEM, "q6-recency",
                                "When the suicidal behavior happened")))
                        .setValue(new CodeableConcept(new Coding(Questionnaires.RECENCY_SYSTEM,
                                s.cssrsRecency().value(), s.cssrsRecency() == CssrsRecency.WITHIN_3_MONTHS
                                ? "Within the past 3 months" : "More than 3 months ago")));
            }
        }
        if (!s.flags().isEmpty()) {
            o.addNote().setText("Flags: " + String.join(", ", s.flags()) + "." + (!s.requiresAcknowledgement()
                    ? "" : s.acknowledgedAt() == null ? " Awaiting a clinician's acknowledgement."
                    : " Acknowledged " + s.acknowledgedAt().truncatedTo(ChronoUnit.SECONDS) + ", action: "
                    + s.acknowledgementAction() + "."));
        }
        o.addDerivedFrom(new Reference("QuestionnaireResponse/" + s.id()));
        return o;
    }

    /** When the screening was completed, to the second, as served in effectiveDateTime and matched by searches. */
    static Instant effective(ScreeningRecord s) {
        return s.completedAt().truncatedTo(ChronoUnit.SECONDS);
    }

    static CodeableConcept code(ScreeningInstrument instrument) {
        return switch (instrument) {
            case PHQ_9 -> loinc(instrument, "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]",
                    "PHQ-9 total score");
            case GAD_7 -> loinc(instrument, "Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]",
                    "GAD-7 total score");
            case AUDIT -> loinc(instrument, "Total score [AUDIT]", "AUDIT total score");
            case DAST_10 -> loinc(instrument, "Total score [DAST-10]", "DAST-10 total score");
            case C_SSRS -> new CodeableConcept(new Coding(SCORE_SYSTEM, CSSRS_CODE,
                    "C-SSRS screener, number of questions answered yes"))
                    .setText("C-SSRS screener (screen version): questions answered yes");
        };
    }

    /** The instrument's LOINC total ({@link ScreeningScorer#loinc}, the code the REST API and the events use). */
    private static CodeableConcept loinc(ScreeningInstrument instrument, String display, String text) {
        return new CodeableConcept(new Coding(LOINC, ScreeningScorer.loinc(instrument), display)).setText(text);
    }

    private static String words(String band) {
        String spaced = band.replace('-', ' ');
        if (spaced.startsWith("zone ")) {
            return "zone " + spaced.substring(5).toUpperCase(Locale.ROOT);
        }
        return spaced;
    }
}
