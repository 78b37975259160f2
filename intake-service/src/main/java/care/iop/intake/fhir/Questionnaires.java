package care.iop.intake.fhir;

import care.iop.events.intake.ScreeningInstrument;
import care.iop.intake.screening.CssrsRecency;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The five screening instruments as questionnaires an EHR answers in a QuestionnaireResponse, in plain Java.
 *
 * <p>Canonical: {@code urn:iop:questionnaire:<instrument>} — {@code phq-9}, {@code gad-7}, {@code audit},
 * {@code dast-10}, {@code c-ssrs} (the C-SSRS screen version, six questions); a {@code |version} suffix is ignored.
 * LOINC's own questionnaires are not taken: their item linkIds are LOINC item codes, and the C-SSRS screener has no
 * LOINC panel.
 *
 * <p>Items: linkId {@code "1"} … {@code "n"}, the item's number on the published instrument (PHQ-9 9 items, GAD-7 7,
 * AUDIT 10, DAST-10 10, C-SSRS 6), each with one answer: the item score as {@code valueInteger} (0–3 PHQ-9 and GAD-7;
 * AUDIT 0–4, items 9 and 10 0, 2 or 4), or for the yes/no instruments (DAST-10, C-SSRS) {@code valueBoolean}
 * (valueInteger 0/1 is taken too). DAST-10 item 3 is answered as asked ("yes" = able to stop); the scorer reverses
 * it. C-SSRS: when question 6 is "yes", item {@value #CSSRS_RECENCY} says when, as {@code valueCoding}
 * {@value #RECENCY_SYSTEM} {@code within-3-months} or {@code over-3-months}.
 */
final class Questionnaires {

    static final String CANONICAL_PREFIX = "urn:iop:questionnaire:";
    static final String CSSRS_RECENCY = "6-recency";
    static final String RECENCY_SYSTEM = "urn:iop:cssrs-recency";

    private Questionnaires() {
    }

    static String canonical(ScreeningInstrument instrument) {
        return CANONICAL_PREFIX + instrument.value().toLowerCase(Locale.ROOT);
    }

    /** The instrument a questionnaire canonical names, if it is one of ours. */
    static Optional<ScreeningInstrument> instrument(String canonical) {
        if (canonical == null) {
            return Optional.empty();
        }
        String url = canonical.contains("|") ? canonical.substring(0, canonical.indexOf('|')) : canonical;
        return Arrays.stream(ScreeningInstrument.values()).filter(i -> canonical(i).equals(url)).findFirst();
    }

    /** How many items the instrument has (the C-SSRS recency item aside). */
    static int items(ScreeningInstrument instrument) {
        return switch (instrument) {
            case PHQ_9 -> 9;
            case GAD_7 -> 7;
            case AUDIT, DAST_10 -> 10;
            case C_SSRS -> 6;
        };
    }

    /** Answered yes (1) or no (0) rather than with an item score. */
    static boolean yesNo(ScreeningInstrument instrument) {
        return instrument == ScreeningInstrument.DAST_10 || instrument == ScreeningInstrument.C_SSRS;
    }

    /** The linkId of the item at a zero-based position. */
    static String linkId(int index) {
        return Integer.toString(index + 1);
    }

    /** The zero-based position of an item's linkId, or -1 when the instrument has no such item. */
    static int index(ScreeningInstrument instrument, String linkId) {
        if (linkId == null || !linkId.matches("[1-9][0-9]?")) {
            return -1;
        }
        int index = Integer.parseInt(linkId) - 1;
        return index < items(instrument) ? index : -1;
    }

    static String recencyCode(CssrsRecency recency) {
        return recency.value();
    }

    static Optional<CssrsRecency> recency(String code) {
        return Arrays.stream(CssrsRecency.values()).filter(r -> r.value().equals(code)).findFirst();
    }

    /**
     * The FHIRPath of the QuestionnaireResponse element a REST screening field names: {@code answers[i]} is the item
     * with linkId i+1, {@code answers} the items, {@code cssrsRecency} the recency item.
     */
    static String element(String field) {
        if (field == null) {
            return null;
        }
        if (field.equals("answers")) {
            return "QuestionnaireResponse.item";
        }
        if (field.equals("cssrsRecency")) {
            return "QuestionnaireResponse.item.where(linkId='" + CSSRS_RECENCY + "')";
        }
        if (field.equals("instrument")) {
            return "QuestionnaireResponse.questionnaire";
        }
        if (field.matches("answers\\[[0-9]+]")) {
            int index = Integer.parseInt(field.substring("answers[".length(), field.length() - 1));
            return "QuestionnaireResponse.item.where(linkId='" + linkId(index) + "')";
        }
        return null;
    }
}
