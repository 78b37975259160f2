package care.iop.medication.safety;

import care.iop.medication.catalogue.Catalogue;
import care.iop.medication.catalogue.Medication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** The bundled rule table (safety-rules-2026.1.json) against the bundled catalogue, and the checks made at load. */
class SafetyRulesTest {

    static final Catalogue CATALOGUE = Catalogue.load();
    static final SafetyRules RULES = SafetyRules.load(CATALOGUE);

    static Medication med(String id) {
        return CATALOGUE.find(id).orElseThrow(() -> new AssertionError(id + " is not in the catalogue"));
    }

    static ActiveOrder order(String id) {
        return new ActiveOrder(UUID.randomUUID(), med(id));
    }

    static List<String> codes(List<Finding> findings) {
        return findings.stream().map(Finding::rule).toList();
    }

    @Test
    void versionIsTheFileVersion() {
        assertThat(RULES.version()).isEqualTo("2026.1");
    }

    @ParameterizedTest(name = "{0} while {1} runs -> [{2}]")
    @CsvSource(delimiter = '|', textBlock = """
            sertraline               | fluoxetine               | duplicate-therapy
            fluoxetine               | sertraline               | duplicate-therapy
            escitalopram             | citalopram               | duplicate-therapy
            sertraline               | venlafaxine              | ''
            venlafaxine              | duloxetine               | duplicate-therapy
            buprenorphine            | buprenorphine-naloxone   | duplicate-therapy
            buprenorphine-naloxone   | buprenorphine            | duplicate-therapy
            naltrexone-oral          | naltrexone-xr-injectable | duplicate-therapy
            lorazepam                | lorazepam                | duplicate-therapy
            methadone                | lorazepam                | opioid-agonist-with-benzodiazepine
            lorazepam                | methadone                | opioid-agonist-with-benzodiazepine
            buprenorphine            | alprazolam               | opioid-agonist-with-benzodiazepine
            clonazepam               | buprenorphine-naloxone   | opioid-agonist-with-benzodiazepine
            chlordiazepoxide         | methadone                | opioid-agonist-with-benzodiazepine
            diazepam                 | lorazepam                | duplicate-therapy
            methadone                | gabapentin               | ''
            naltrexone-oral          | methadone                | naltrexone-with-opioid-agonist
            methadone                | naltrexone-oral          | naltrexone-with-opioid-agonist
            naltrexone-xr-injectable | buprenorphine            | naltrexone-with-opioid-agonist
            buprenorphine-naloxone   | naltrexone-xr-injectable | naltrexone-with-opioid-agonist
            naloxone-rescue          | methadone                | ''
            methadone                | naloxone-rescue          | ''
            naloxone-rescue          | buprenorphine-naloxone   | ''
            buprenorphine            | naloxone-rescue          | ''
            naloxone-rescue          | naltrexone-oral          | ''
            naltrexone-xr-injectable | naloxone-rescue          | ''
            naloxone-rescue          | lorazepam                | ''
            methadone                | sertraline               | ''
            disulfiram               | acamprosate              | ''
            nicotine-replacement     | bupropion                | ''
            """)
    void oneActiveOrder(String candidate, String active, String expected) {
        ActiveOrder running = order(active);
        List<Finding> findings = RULES.check(med(candidate), List.of(running), Set.of());
        assertThat(codes(findings)).isEqualTo(expected.isEmpty() ? List.of() : Arrays.asList(expected.split(" ")));
        assertThat(findings).allSatisfy(f -> assertThat(f.conflictingOrderId()).isEqualTo(running.orderId()));
    }

    @ParameterizedTest(name = "{0} while {1} runs: {3}")
    @CsvSource(delimiter = '|', textBlock = """
            methadone                | lorazepam              | warning         | methadone with lorazepam: opioid agonist with benzodiazepine
            lorazepam                | methadone              | warning         | methadone with lorazepam: opioid agonist with benzodiazepine
            naltrexone-oral          | buprenorphine-naloxone | contraindicated | naltrexone oral tablet with buprenorphine / naloxone: opioid antagonist with opioid agonist
            buprenorphine-naloxone   | naltrexone-oral        | contraindicated | naltrexone oral tablet with buprenorphine / naloxone: opioid antagonist with opioid agonist
            sertraline               | fluoxetine             | warning         | sertraline with fluoxetine: both ssri
            buprenorphine            | buprenorphine-naloxone | warning         | buprenorphine with buprenorphine / naloxone: both opioid partial agonist
            """)
    void severityAndDetail(String candidate, String active, String severity, String detail) {
        List<Finding> findings = RULES.check(med(candidate), List.of(order(active)), Set.of());
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.severity().value()).isEqualTo(severity);
            assertThat(f.detail()).isEqualTo(detail);
        });
    }

    @Test
    void severalFindingsComeInRuleOrderThenActiveOrder() {
        ActiveOrder lorazepam = order("lorazepam");
        ActiveOrder suboxone = order("buprenorphine-naloxone");
        ActiveOrder vivitrol = order("naltrexone-xr-injectable");
        ActiveOrder alprazolam = order("alprazolam");
        ActiveOrder sertraline = order("sertraline");

        List<Finding> findings = RULES.check(med("buprenorphine"),
                List.of(lorazepam, suboxone, vivitrol, alprazolam, sertraline), Set.of("opioid-partial-agonist"));

        assertThat(findings).extracting(Finding::rule, Finding::severity, Finding::conflictingOrderId).containsExactly(
                tuple("duplicate-therapy", Severity.WARNING, suboxone.orderId()),
                tuple("opioid-agonist-with-benzodiazepine", Severity.WARNING,
                        lorazepam.orderId()),
                tuple("opioid-agonist-with-benzodiazepine", Severity.WARNING,
                        alprazolam.orderId()),
                tuple("naltrexone-with-opioid-agonist", Severity.CONTRAINDICATED,
                        vivitrol.orderId()),
                tuple("allergy", Severity.CONTRAINDICATED, null));
    }

    @ParameterizedTest(name = "{0} with allergies [{1}] -> [{2}]")
    @CsvSource(delimiter = '|', textBlock = """
            lorazepam       | lorazepam                | allergy | lorazepam: allergy recorded to this medication
            lorazepam       | benzodiazepine           | allergy | lorazepam: allergy recorded to its class, benzodiazepine
            lorazepam       | lorazepam benzodiazepine | allergy | lorazepam: allergy recorded to this medication
            naltrexone-oral | opioid-antagonist        | ''      | ''
            methadone       | opioid-agonist           | ''      | ''
            sertraline      | fluoxetine               | ''      | ''
            sertraline      | ''                       | ''      | ''
            """)
    void allergyByIdOrClass(String candidate, String allergies, String expected, String detail) {
        Set<String> allergySet = allergies.isEmpty() ? Set.of() : Set.of(allergies.split(" "));
        List<Finding> findings = RULES.check(med(candidate), List.of(), allergySet);
        if (expected.isEmpty()) {
            assertThat(findings).isEmpty();
        } else {
            assertThat(findings).singleElement().satisfies(f -> {
                assertThat(f.rule()).isEqualTo(expected);
                assertThat(f.severity()).isEqualTo(Severity.CONTRAINDICATED);
                assertThat(f.conflictingOrderId()).isNull();
                assertThat(f.detail()).isEqualTo(detail);
            });
        }
    }

    @Test
    void nothingRunningAndNoAllergiesGivesNothing() {
        assertThat(RULES.check(med("methadone"), List.of(), Set.of())).isEmpty();
    }

    @Test
    void everyBundledRuleIsChecked() {
        // One call that fires all four, so a rule dropped from the file shows up here.
        List<Finding> findings = RULES.check(med("methadone"),
                List.of(order("methadone"), order("diazepam"), order("naltrexone-oral")), Set.of("methadone"));
        assertThat(codes(findings)).containsExactly("duplicate-therapy", "opioid-agonist-with-benzodiazepine",
                "naltrexone-with-opioid-agonist", "allergy");
    }

    @Test
    void severitiesHaveTheirWireValues() {
        assertThat(Severity.WARNING.value()).isEqualTo("warning");
        assertThat(Severity.CONTRAINDICATED.value()).isEqualTo("contraindicated");
    }

    // --- load checks ---

    static InputStream table(String when) {
        return table("rule-a", "warning", when);
    }

    static InputStream table(String code, String severity, String when) {
        String json = """
                {"version": "test", "rules": [
                  {"code": "%s", "severity": "%s", "description": "d", "when": %s}
                ]}""".formatted(code, severity, when);
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aValidTableLoads() {
        SafetyRules rules = SafetyRules.load(table("{\"pair\": [{\"class\": \"ssri\"}, {\"group\": \"cns-depressant\"}]}"),
                CATALOGUE);
        assertThat(rules.version()).isEqualTo("test");
        assertThat(codes(rules.check(med("gabapentin"), List.of(order("sertraline")), Set.of())))
                .containsExactly("rule-a");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown class            | {"pair": [{"group": "opioid-agonist"}, {"class": "barbiturate"}]} | rule rule-a: no catalogue medication has class barbiturate
            unknown group            | {"pair": [{"group": "opioid-antagonists"}, {"class": "ssri"}]}    | rule rule-a: no catalogue medication is in group opioid-antagonists
            class used as a group    | {"pair": [{"group": "benzodiazepine"}, {"class": "ssri"}]}        | rule rule-a: no catalogue medication is in group benzodiazepine
            one-sided pair           | {"pair": [{"class": "ssri"}]}                                     | rule rule-a: pair needs exactly two sides
            side with group and class| {"pair": [{"class": "ssri", "group": "cns-depressant"}, {"class": "snri"}]} | rule rule-a: a pair side needs exactly one of group, class
            empty side               | {"pair": [{}, {"class": "snri"}]}                                 | rule rule-a: a pair side needs exactly one of group, class
            same on group            | {"same": "group"}                                                 | rule rule-a: same supports only "class", not group
            allergy false            | {"allergy": false}                                                | rule rule-a: allergy must be true
            two kinds                | {"same": "class", "allergy": true}                                | rule rule-a: when needs exactly one of same, pair, allergy
            no kind                  | {}                                                                | rule rule-a: when needs exactly one of same, pair, allergy
            unknown kind             | {"sameGroup": "x"}                                                | Unrecognized field "sameGroup"
            """)
    void loadRejectsABadCondition(String ref, String when, String message) {
        assertThatThrownBy(() -> SafetyRules.load(table(when), CATALOGUE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Invalid safety rule table: ")
                .hasMessageContaining(message);
    }

    @ParameterizedTest(name = "code {0}, severity {1}")
    @CsvSource(delimiter = '|', textBlock = """
            Rule_A  | warning  | a rule code is missing or not a lower-case kebab code
            rule-a  | critical | Cannot deserialize value of type
            rule-a  | WARNING  | Cannot deserialize value of type
            """)
    void loadRejectsABadCodeOrSeverity(String code, String severity, String message) {
        assertThatThrownBy(() -> SafetyRules.load(table(code, severity, "{\"allergy\": true}"), CATALOGUE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(message);
    }

    @Test
    void loadRejectsARepeatedCodeAndMissingParts() {
        String repeated = """
                {"version": "test", "rules": [
                  {"code": "a", "severity": "warning", "description": "d", "when": {"same": "class"}},
                  {"code": "a", "severity": "warning", "description": "d", "when": {"allergy": true}}
                ]}""";
        assertThatThrownBy(() -> SafetyRules.load(stream(repeated), CATALOGUE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Invalid safety rule table: rule a: code is repeated");
        assertThatThrownBy(() -> SafetyRules.load(stream("""
                {"version": "test", "rules": [{"code": "a", "severity": "warning", "when": {"same": "class"}}]}"""),
                CATALOGUE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Invalid safety rule table: rule a: description is missing");
        assertThatThrownBy(() -> SafetyRules.load(stream("""
                {"version": "test", "rules": [{"code": "a", "description": "d", "when": {"same": "class"}}]}"""),
                CATALOGUE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Invalid safety rule table: rule a: severity is missing");
        assertThatThrownBy(() -> SafetyRules.load(stream("""
                {"version": "test", "rules": [{"code": "a", "severity": "warning", "description": "d"}]}"""),
                CATALOGUE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Invalid safety rule table: rule a: when is missing");
        assertThatThrownBy(() -> SafetyRules.load(stream("{\"version\": \"test\", \"rules\": []}"), CATALOGUE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Invalid safety rule table: rules are missing");
        assertThatThrownBy(() -> SafetyRules.load(stream("{\"rules\": []}"), CATALOGUE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Invalid safety rule table: version is missing");
    }

    static InputStream stream(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }
}
