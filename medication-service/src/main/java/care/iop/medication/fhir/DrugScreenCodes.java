package care.iop.medication.fhir;

import org.hl7.fhir.r4.model.Coding;

import java.util.Map;
import java.util.Optional;

/**
 * LOINC codes for urine drug screens (immunoassay, qualitative: "[Presence] in Urine by Screen method").
 * <p>
 * Sources, checked 2026-12: the codes and their names are those of the value sets of HL7's CDC Opioid Prescribing
 * IG ({@code github.com/HL7/cdc-opioid-cpg}, {@code input/vocabulary/*-urine-drug-screening-tests.json}, expansions
 * against LOINC 2.78/2.81) and of CQF's {@code drug-urine-screening} value set ({@code github.com/cqframework/cds4cpm},
 * {@code input/vocabulary/valueset/valueset-drug-urine-screening.json}, which also holds the panels). Long names as
 * those files and LOINC's naming pattern give them; not checked against a LOINC release here (no terminology server
 * is reachable): verify them against the current LOINC release before relying on them.
 * <p>
 * Panel: 69739-1 "Drugs of abuse panel - Urine by Screen method" (the generic panel, whatever substances it holds;
 * 65750-2 is the fixed 5-drug panel and is not used). Our substance codes are the usual immunoassay cup
 * abbreviations; one with no entry here (e.g. {@code COT} cotinine, whose screen code was not confirmed) is sent
 * with our own code and its name as text only. Oral-fluid screens get no LOINC code at all: the urine codes would
 * name the wrong specimen and the oral-fluid ones were not confirmed.
 */
final class DrugScreenCodes {

    static final String LOINC = "http://loinc.org";
    static final String SUBSTANCE = "urn:iop:drug-screen-substance";
    static final String PANEL_LOCAL = "urn:iop:drug-screen-panel";

    static final Coding URINE_PANEL = new Coding(LOINC, "69739-1", "Drugs of abuse panel - Urine by Screen method");

    record Analyte(String loinc, String loincName, String substance) {
    }

    private static final Map<String, Analyte> URINE = Map.ofEntries(
            Map.entry("AMP", analyte("19261-7", "Amphetamines", "amphetamines")),
            Map.entry("MAMP", analyte("19554-5", "Methamphetamine", "methamphetamine")),
            Map.entry("MET", analyte("19554-5", "Methamphetamine", "methamphetamine")),
            Map.entry("BAR", analyte("19270-8", "Barbiturates", "barbiturates")),
            Map.entry("BZO", analyte("14316-4", "Benzodiazepines", "benzodiazepines")),
            Map.entry("BUP", analyte("93494-3", "Buprenorphine", "buprenorphine")),
            Map.entry("COC", analyte("14314-9", "Benzoylecgonine", "cocaine (benzoylecgonine)")),
            Map.entry("THC", analyte("18282-4", "Cannabinoids", "cannabinoids (THC)")),
            Map.entry("MTD", analyte("19550-3", "Methadone", "methadone")),
            Map.entry("EDDP", analyte("93495-0", "2-Ethylidene-1,5-Dimethyl-3,3-Diphenylpyrrolidine (EDDP)",
                    "methadone metabolite (EDDP)")),
            Map.entry("OPI", analyte("19295-5", "Opiates", "opiates")),
            Map.entry("OXY", analyte("19642-8", "oxyCODONE", "oxycodone")),
            Map.entry("FEN", analyte("59673-4", "fentaNYL", "fentanyl")),
            Map.entry("FYL", analyte("59673-4", "fentaNYL", "fentanyl")),
            Map.entry("PCP", analyte("19659-2", "Phencyclidine", "phencyclidine")),
            Map.entry("MDMA", analyte("19568-5", "Methylenedioxymethamphetamine", "MDMA")),
            Map.entry("TCA", analyte("19312-8", "Tricyclic antidepressants", "tricyclic antidepressants")),
            Map.entry("ETG", analyte("58375-7", "Ethyl glucuronide", "ethyl glucuronide (alcohol)")),
            Map.entry("TRA", analyte("19710-3", "traMADol", "tramadol")),
            Map.entry("TML", analyte("19710-3", "traMADol", "tramadol")),
            Map.entry("6MAM", analyte("19321-9", "6-Monoacetylmorphine (6-MAM)", "heroin metabolite (6-MAM)")));

    /** Names of substances with no LOINC entry, for the text. */
    private static final Map<String, String> OTHER_NAMES = Map.of("COT", "cotinine");

    private DrugScreenCodes() {
    }

    private static Analyte analyte(String loinc, String component, String substance) {
        return new Analyte(loinc, component + " [Presence] in Urine by Screen method", substance);
    }

    /** The urine screen's LOINC entry for a substance code, if there is one. */
    static Optional<Analyte> urine(String substanceCode) {
        return Optional.ofNullable(URINE.get(substanceCode));
    }

    /** What to call a substance code in text. */
    static String substanceName(String substanceCode) {
        Analyte known = URINE.get(substanceCode);
        if (known != null) {
            return known.substance();
        }
        return OTHER_NAMES.getOrDefault(substanceCode, substanceCode);
    }
}
