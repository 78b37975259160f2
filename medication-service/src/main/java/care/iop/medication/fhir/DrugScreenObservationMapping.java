package care.iop.medication.fhir;

import care.iop.common.fhir.Part2Labels;
import care.iop.events.medication.ScreenResult;
import care.iop.events.medication.SubstanceResult;
import care.iop.medication.screen.DrugScreen;
import care.iop.medication.screen.DrugScreenApi.ScreenView;
import care.iop.medication.screen.ScreenExpectation;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationStatus;
import org.hl7.fhir.r4.model.Reference;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A resulted drug screen as US Core Laboratory Result Observations, in the classic lab shape: one panel Observation
 * ({@code drug-screen-<screen id>}, code the panel, no value, {@code hasMember} its analytes) and one Observation per
 * panel substance ({@code drug-screen-<screen id>-<substance code>}, e.g. {@code …-BUP}).
 * <p>
 * Each analyte's value is SNOMED CT 10828004 Positive or 260385009 Negative, its interpretation (HL7
 * ObservationInterpretation) NEG for a negative, POS for a positive the patient's medication orders explain, and
 * A (abnormal) with POS for a positive they do not explain (the service's "unexpected positive": no order in force at
 * collection, with the 7-day washout, shows as that substance); a note says which. The panel's interpretation is A
 * when any positive is unexpected, else N. All are category laboratory, status final, effective at the collection,
 * issued when resulted, and carry the screen's version. Codes: {@link DrugScreenCodes}. Screens not yet resulted are
 * not laboratory results and are not served.
 */
final class DrugScreenObservationMapping {

    static final String PROFILE = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-observation-lab";
    static final String ID_PREFIX = "drug-screen-";
    static final String CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";
    static final String INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";
    static final Coding POSITIVE = new Coding(MedicationCodes.SNOMED, "10828004", "Positive");
    static final Coding NEGATIVE = new Coding(MedicationCodes.SNOMED, "260385009", "Negative");

    private DrugScreenObservationMapping() {
    }

    static boolean served(ScreenView s) {
        return s.status() == DrugScreen.Status.RESULTED && s.collectedAt() != null;
    }

    /** The panel Observation followed by one per substance, in the screen's result order. */
    static List<Observation> toFhir(ScreenView s) {
        List<Observation> all = new ArrayList<>();
        all.add(panel(s));
        s.results().forEach(r -> all.add(analyte(s, r)));
        return all;
    }

    static String panelId(ScreenView s) {
        return ID_PREFIX + s.id();
    }

    static String analyteId(ScreenView s, String substanceCode) {
        return panelId(s) + "-" + substanceCode;
    }

    static Observation panel(ScreenView s) {
        Observation o = common(s, panelId(s));
        boolean urine = "urine".equals(s.specimen());
        CodeableConcept code = new CodeableConcept();
        if (urine) {
            code.addCoding(DrugScreenCodes.URINE_PANEL.copy());
        }
        code.addCoding(new Coding(DrugScreenCodes.PANEL_LOCAL, s.specimen(), null));
        o.setCode(code.setText("Drug screen panel (" + specimenName(s.specimen()) + "): "
                + String.join(", ", s.panel())));
        s.results().forEach(r -> o.addHasMember(new Reference("Observation/" + analyteId(s, r.substanceCode()))
                .setDisplay(DrugScreenCodes.substanceName(r.substanceCode()))));
        o.addInterpretation(Boolean.TRUE.equals(s.unexpectedPositive())
                ? interpretation("A", "Abnormal") : interpretation("N", "Normal"));
        if (Boolean.TRUE.equals(s.unexpectedPositive())) {
            o.addNote().setText("At least one positive is not explained by the patient's medication orders at "
                    + "collection; confirm by GC-MS or LC-MS/MS before acting on it.");
        }
        return o;
    }

    static Observation analyte(ScreenView s, SubstanceResult r) {
        Observation o = common(s, analyteId(s, r.substanceCode()));
        String name = DrugScreenCodes.substanceName(r.substanceCode());
        CodeableConcept code = new CodeableConcept();
        Optional<DrugScreenCodes.Analyte> loinc = "urine".equals(s.specimen())
                ? DrugScreenCodes.urine(r.substanceCode()) : Optional.empty();
        loinc.ifPresent(a -> code.addCoding(new Coding(DrugScreenCodes.LOINC, a.loinc(), a.loincName())));
        code.addCoding(new Coding(DrugScreenCodes.SUBSTANCE, r.substanceCode(), null));
        o.setCode(code.setText(loinc.map(DrugScreenCodes.Analyte::loincName)
                .orElse(capitalised(name) + " [Presence] in " + specimenName(s.specimen()) + " by Screen method")));
        boolean positive = r.result() == ScreenResult.POSITIVE;
        o.setValue(new CodeableConcept((positive ? POSITIVE : NEGATIVE).copy()));
        if (!positive) {
            o.addInterpretation(interpretation("NEG", "Negative"));
        } else if (r.expected()) {
            o.addInterpretation(interpretation("POS", "Positive"));
            o.addNote().setText("Expected: the patient's medication orders explain a positive " + name + " screen.");
        } else {
            o.addInterpretation(interpretation("A", "Abnormal"));
            o.addInterpretation(interpretation("POS", "Positive"));
            o.addNote().setText("Unexpected positive: no medication order in force at collection (with a "
                    + ScreenExpectation.WASHOUT_DAYS + "-day washout) explains " + name
                    + "; confirm by GC-MS or LC-MS/MS before acting on it.");
        }
        return o;
    }

    private static Observation common(ScreenView s, String id) {
        Observation o = new Observation();
        o.setId(new IdType("Observation", id, Long.toString(s.version())));
        o.getMeta().setVersionId(Long.toString(s.version())).addProfile(PROFILE);
        Part2Labels.label(o);
        o.setStatus(ObservationStatus.FINAL);
        o.addCategory(new CodeableConcept(new Coding(CATEGORY, "laboratory", "Laboratory")));
        o.setSubject(new Reference("Patient/" + s.patientId()));
        o.setEffective(FhirTimes.dateTime(s.collectedAt()));
        if (s.resultedAt() != null) {
            o.setIssuedElement(FhirTimes.instant(s.resultedAt()));
        }
        return o;
    }

    private static CodeableConcept interpretation(String code, String display) {
        return new CodeableConcept(new Coding(INTERPRETATION, code, display));
    }

    private static String specimenName(String specimen) {
        return "oral-fluid".equals(specimen) ? "Oral fluid" : "Urine";
    }

    private static String capitalised(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
