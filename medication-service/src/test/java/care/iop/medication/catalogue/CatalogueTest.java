package care.iop.medication.catalogue;

import care.iop.events.medication.DeaSchedule;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bundled catalogue (medications-2026.1.json) and the checks made when a catalogue is loaded. */
class CatalogueTest {

    static final Catalogue CATALOGUE = Catalogue.load();
    static final ObjectMapper JSON = new ObjectMapper();

    static Set<String> set(String spaced) {
        return spaced.isBlank() ? Set.of() : Set.of(spaced.trim().split("\\s+"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            buprenorphine            | 1819   | IN  | opioid-partial-agonist           | III  | true  | sublingual           | opioid-agonist cns-depressant | BUP
            buprenorphine-naloxone   | 352364 | MIN | opioid-partial-agonist           | III  | true  | sublingual           | opioid-agonist cns-depressant | BUP
            methadone                | 6813   | IN  | opioid-full-agonist              | II   | true  | oral                 | opioid-agonist cns-depressant | MTD
            naltrexone-oral          | 7243   | IN  | opioid-antagonist-maintenance    | none | true  | oral                 | opioid-antagonist             | ''
            naltrexone-xr-injectable | 7243   | IN  | opioid-antagonist-maintenance    | none | true  | intramuscular        | opioid-antagonist             | ''
            acamprosate              | 82819  | IN  | glutamate-modulator              | none | true  | oral                 | ''                            | ''
            disulfiram               | 3554   | IN  | aldehyde-dehydrogenase-inhibitor | none | true  | oral                 | ''                            | ''
            naloxone-rescue          | 7242   | IN  | opioid-antagonist                | none | false | intranasal           | opioid-reversal               | ''
            sertraline               | 36437  | IN  | ssri                             | none | false | oral                 | ''                            | ''
            fluoxetine               | 4493   | IN  | ssri                             | none | false | oral                 | ''                            | ''
            escitalopram             | 321988 | IN  | ssri                             | none | false | oral                 | ''                            | ''
            citalopram               | 2556   | IN  | ssri                             | none | false | oral                 | ''                            | ''
            paroxetine               | 32937  | IN  | ssri                             | none | false | oral                 | ''                            | ''
            venlafaxine              | 39786  | IN  | snri                             | none | false | oral                 | ''                            | ''
            duloxetine               | 72625  | IN  | snri                             | none | false | oral                 | ''                            | ''
            bupropion                | 42347  | IN  | ndri                             | none | false | oral                 | ''                            | ''
            mirtazapine              | 15996  | IN  | tetracyclic-antidepressant       | none | false | oral                 | ''                            | ''
            trazodone                | 10737  | IN  | sari                             | none | false | oral                 | ''                            | ''
            gabapentin               | 25480  | IN  | gabapentinoid                    | none | false | oral                 | cns-depressant                | ''
            lorazepam                | 6470   | IN  | benzodiazepine                   | IV   | false | oral                 | cns-depressant                | BZO
            diazepam                 | 3322   | IN  | benzodiazepine                   | IV   | false | oral                 | cns-depressant                | BZO
            clonazepam               | 2598   | IN  | benzodiazepine                   | IV   | false | oral                 | cns-depressant                | BZO
            alprazolam               | 596    | IN  | benzodiazepine                   | IV   | false | oral                 | cns-depressant                | BZO
            chlordiazepoxide         | 2356   | IN  | benzodiazepine                   | IV   | false | oral                 | cns-depressant                | BZO
            quetiapine               | 51272  | IN  | atypical-antipsychotic           | none | false | oral                 | ''                            | ''
            lithium                  | 42351  | IN  | mood-stabilizer                  | none | false | oral                 | ''                            | ''
            prazosin                 | 8629   | IN  | alpha1-blocker                   | none | false | oral                 | ''                            | ''
            nicotine-replacement     | 7407   | IN  | nicotine-replacement             | none | false | transdermal buccal   | ''                            | COT
            """)
    void requiredEntry(String id, String rxnorm, String tty, String medicationClass, String schedule, boolean mat,
                       String routes, String groups, String screensAs) {
        Medication m = CATALOGUE.find(id).orElseThrow(() -> new AssertionError(id + " is not in the catalogue"));
        assertThat(m.rxnorm()).isEqualTo(rxnorm);
        assertThat(m.rxnormTty()).isEqualTo(tty);
        assertThat(m.medicationClass()).isEqualTo(medicationClass);
        assertThat(m.deaSchedule().value()).isEqualTo(schedule);
        assertThat(m.mat()).isEqualTo(mat);
        assertThat(m.routes()).isEqualTo(set(routes));
        assertThat(m.groups()).isEqualTo(set(groups));
        assertThat(m.screensAs()).isEqualTo(set(screensAs));
        assertThat(m.name()).isNotBlank();
    }

    @Test
    void versionIsTheFileVersion() {
        assertThat(CATALOGUE.version()).isEqualTo("2026.1");
    }

    @Test
    void matIsExactlyTheOpioidAndAlcoholUseDisorderMedications() {
        assertThat(CATALOGUE.all().stream().filter(Medication::mat).map(Medication::id))
                .containsExactlyInAnyOrder("buprenorphine", "buprenorphine-naloxone", "methadone", "naltrexone-oral",
                        "naltrexone-xr-injectable", "acamprosate", "disulfiram");
    }

    @Test
    void controlledSubstancesAreTheOpioidAgonistsAndBenzodiazepines() {
        assertThat(CATALOGUE.all().stream().filter(m -> m.deaSchedule() != DeaSchedule.NONE).map(Medication::id))
                .containsExactlyInAnyOrder("buprenorphine", "buprenorphine-naloxone", "methadone", "lorazepam",
                        "diazepam", "clonazepam", "alprazolam", "chlordiazepoxide");
    }

    @Test
    void idsAreUniqueKebabAndCodesAreDigitsOnly() {
        Set<String> ids = new HashSet<>();
        for (Medication m : CATALOGUE.all()) {
            assertThat(ids.add(m.id())).as("id %s is unique", m.id()).isTrue();
            assertThat(m.id()).matches("[a-z0-9]+(-[a-z0-9]+)*");
            assertThat(m.rxnorm()).as("rxnorm of %s", m.id()).matches("[0-9]{1,10}");
            assertThat(m.rxnormTty()).isIn("IN", "MIN");
            assertThat(m.routes()).isNotEmpty().isSubsetOf(Catalogue.ROUTES);
        }
    }

    @Test
    void allIsInFileOrderAndFindReturnsTheSameEntries() {
        List<Medication> all = CATALOGUE.all();
        assertThat(all).hasSize(28);
        assertThat(all.get(0).id()).isEqualTo("buprenorphine");
        assertThat(all.get(all.size() - 1).id()).isEqualTo("nicotine-replacement");
        all.forEach(m -> assertThat(CATALOGUE.find(m.id())).containsSame(m));
        assertThat(CATALOGUE.find("heroin")).isEmpty();
    }

    @Test
    void bothNaltrexoneEntriesShareTheIngredientCode() {
        assertThat(CATALOGUE.find("naltrexone-oral").orElseThrow().rxnorm())
                .isEqualTo(CATALOGUE.find("naltrexone-xr-injectable").orElseThrow().rxnorm());
    }

    @Test
    void theFileSaysCodesAreToBeVerified() throws IOException {
        try (InputStream in = Catalogue.class.getResourceAsStream(Catalogue.RESOURCE)) {
            assertThat(JSON.readTree(in).path("note").asText())
                    .contains("verified against the current NLM RxNorm release");
        }
    }

    @Test
    void medicationsAreImmutable() {
        Medication m = CATALOGUE.find("nicotine-replacement").orElseThrow();
        assertThat(m.routes()).containsExactly("transdermal", "buccal");
        assertThatThrownBy(() -> m.routes().add("oral")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> CATALOGUE.all().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    // --- load checks, on a one-entry catalogue with one field changed ---

    static ObjectNode validEntry() throws IOException {
        return (ObjectNode) JSON.readTree("""
                {"id": "sertraline", "name": "sertraline", "rxnorm": "36437", "rxnormTty": "IN",
                 "medicationClass": "ssri", "groups": [], "deaSchedule": "none", "mat": false,
                 "routes": ["oral"], "screensAs": []}""");
    }

    static Catalogue loadEntries(JsonNode... entries) throws IOException {
        ObjectNode file = JSON.createObjectNode().put("version", "test");
        ArrayNode medications = file.putArray("medications");
        for (JsonNode entry : entries) {
            medications.add(entry);
        }
        return Catalogue.load(new ByteArrayInputStream(JSON.writeValueAsBytes(file)));
    }

    @Test
    void aValidOneEntryCatalogueLoads() throws IOException {
        Catalogue catalogue = loadEntries(validEntry());
        assertThat(catalogue.version()).isEqualTo("test");
        assertThat(catalogue.find("sertraline")).get().extracting(Medication::deaSchedule).isEqualTo(DeaSchedule.NONE);
    }

    @ParameterizedTest(name = "{0} = {1}: {2}")
    @CsvSource(delimiter = '|', nullValues = "ABSENT", textBlock = """
            id              | "Sertraline"   | medication id Sertraline is not a lower-case kebab code
            id              | ABSENT         | medication id null is not a lower-case kebab code
            name            | " "            | medication sertraline: name is missing
            rxnorm          | "36437a"       | medication sertraline: rxnorm 36437a is not 1 to 10 digits
            rxnorm          | "RX36437"      | medication sertraline: rxnorm RX36437 is not 1 to 10 digits
            rxnorm          | ""             | medication sertraline: rxnorm  is not 1 to 10 digits
            rxnorm          | "12345678901"  | medication sertraline: rxnorm 12345678901 is not 1 to 10 digits
            rxnorm          | ABSENT         | medication sertraline: rxnorm null is not 1 to 10 digits
            rxnormTty       | "SCD"          | medication sertraline: rxnormTty SCD is not IN or MIN
            medicationClass | "SSRI"         | medication sertraline: medicationClass SSRI is not a lower-case kebab code
            groups          | ABSENT         | medication sertraline: groups must be a list of lower-case kebab codes
            groups          | ["CNS"]        | medication sertraline: groups must be a list of lower-case kebab codes
            deaSchedule     | ABSENT         | medication sertraline: deaSchedule is missing
            deaSchedule     | "VI"           | Invalid medication catalogue: Cannot deserialize value of type
            mat             | ABSENT         | medication sertraline: mat is missing
            routes          | []             | medication sertraline: routes are missing
            routes          | ["rectal"]     | medication sertraline: unknown route rectal
            screensAs       | ["bzo"]        | medication sertraline: screensAs must be a list of upper-case substance codes
            screensAs       | ABSENT         | medication sertraline: screensAs must be a list of upper-case substance codes
            dose            | "50 mg"        | Invalid medication catalogue: Unrecognized field "dose"
            """)
    void loadRejectsAnInconsistentEntry(String field, String value, String message) throws IOException {
        ObjectNode entry = validEntry();
        if (value == null) {
            entry.remove(field);
        } else {
            entry.set(field, JSON.readTree(value));
        }
        assertThatThrownBy(() -> loadEntries(entry))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(message);
    }

    @Test
    void loadRejectsARepeatedId() throws IOException {
        ObjectNode other = validEntry().put("name", "sertraline again");
        assertThatThrownBy(() -> loadEntries(validEntry(), other))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Invalid medication catalogue: id sertraline is repeated");
    }

    @Test
    void loadRejectsAFileWithoutVersionOrMedications() {
        assertThatThrownBy(() -> Catalogue.load(stream("{\"medications\": []}")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Invalid medication catalogue: version is missing");
        assertThatThrownBy(() -> Catalogue.load(stream("{\"version\": \"x\", \"medications\": []}")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Invalid medication catalogue: medications are missing");
        assertThatThrownBy(() -> Catalogue.load(stream("not json")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Invalid medication catalogue: ");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            sertraline         | true
            benzodiazepine     | true
            ssri               | true
            opioid-agonist     | false
            penicillin         | false
            BUP                | false
            """)
    void an_allergy_names_a_catalogue_medication_or_a_whole_class(String substance, boolean allowed) {
        // Medication ids and classes are allergy substances; groups (opioid-agonist) and screen codes are not.
        assertThat(CATALOGUE.isAllergySubstance(substance)).isEqualTo(allowed);
    }

    static InputStream stream(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }
}
