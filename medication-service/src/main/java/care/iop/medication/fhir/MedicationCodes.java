package care.iop.medication.fhir;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.SimpleQuantity;

import java.math.BigDecimal;
import java.util.Map;

/**
 * The codes a medication order, a dose and an allergy carry over FHIR.
 * <p>
 * <b>Medication.</b> The catalogue keeps one RxNorm concept per medication, at ingredient level (term type IN, or MIN
 * for a combination such as buprenorphine / naloxone): the order copies it ({@code MedicationOrder.rxnorm}). It is
 * sent as the RxNorm coding, with the catalogue's own id as a second coding (two catalogue entries may share an
 * ingredient, e.g. oral and extended-release injectable naltrexone) and the catalogue's name as the text. US Core
 * binds the medication (extensibly) to VSAC's "Medication Clinical Drug" value set, which holds clinical drugs (SCD,
 * SBD, packs): an ingredient concept is not one of them. The catalogue has no strength or dose form per product, so
 * no clinical drug concept can be derived: that needs a catalogue version with SCD codes.
 * <p>
 * <b>Route.</b> The catalogue's routes as SNOMED CT route concepts (FHIR's example binding, SNOMED CT Route Codes).
 * <p>
 * <b>Dose units.</b> mg, mcg, g and mL as UCUM (mcg is {@code ug}); tablet, film, patch, piece, spray and unit are
 * counts with no UCUM code of their own and are sent as unit text only.
 */
final class MedicationCodes {

    static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
    static final String CATALOGUE = "urn:iop:medication-catalogue";
    static final String MEDICATION_CLASS = "urn:iop:medication-class";
    static final String SNOMED = "http://snomed.info/sct";
    static final String UCUM = "http://unitsofmeasure.org";
    static final String ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm";

    /** Catalogue route → SNOMED CT route concept and its preferred term. */
    static final Map<String, Coding> ROUTES = Map.of(
            "oral", new Coding(SNOMED, "26643006", "Oral route"),
            "sublingual", new Coding(SNOMED, "37839007", "Sublingual route"),
            "buccal", new Coding(SNOMED, "54471007", "Buccal route"),
            "intramuscular", new Coding(SNOMED, "78421000", "Intramuscular route"),
            "subcutaneous", new Coding(SNOMED, "34206005", "Subcutaneous route"),
            "intranasal", new Coding(SNOMED, "46713006", "Nasal route"),
            "transdermal", new Coding(SNOMED, "45890007", "Transdermal route"),
            "inhalation", new Coding(SNOMED, "447694001", "Respiratory tract route"));

    /** Dose unit → UCUM code, for the units that have one. */
    static final Map<String, String> UCUM_UNITS = Map.of("mg", "mg", "mcg", "ug", "g", "g", "mL", "mL");

    private MedicationCodes() {
    }

    /** The medication of an order or a dose: RxNorm, the catalogue entry, its name as text. */
    static CodeableConcept medication(String catalogueId, String rxnorm, String name) {
        CodeableConcept concept = new CodeableConcept();
        if (rxnorm != null) {
            concept.addCoding().setSystem(RXNORM).setCode(rxnorm);
        }
        concept.addCoding().setSystem(CATALOGUE).setCode(catalogueId).setDisplay(name);
        return concept.setText(name);
    }

    static CodeableConcept route(String route) {
        CodeableConcept concept = new CodeableConcept().setText(route);
        Coding coding = ROUTES.get(route);
        if (coding != null) {
            concept.addCoding(coding.copy());
        }
        return concept;
    }

    static SimpleQuantity dose(BigDecimal value, String unit) {
        SimpleQuantity quantity = new SimpleQuantity();
        quantity.setValue(new BigDecimal(value.stripTrailingZeros().toPlainString())).setUnit(unit);
        String ucum = UCUM_UNITS.get(unit);
        if (ucum != null) {
            quantity.setSystem(UCUM).setCode(ucum);
        }
        return quantity;
    }
}
