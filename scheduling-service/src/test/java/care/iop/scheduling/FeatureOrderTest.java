package care.iop.scheduling;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scheduling's features keep one order ({@link FeatureOrder#FEATURES}): no class of a feature depends on a class of
 * a feature above it (imports, calls, field and parameter types, annotations), so lower features reach higher ones
 * only through the CDI events higher features observe. Plain JUnit over the compiled main classes (ArchUnit).
 */
class FeatureOrderTest {

    static final String ROOT = "care.iop.scheduling";

    static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS).importPackages(ROOT);
    }

    @Test
    void no_feature_depends_on_a_feature_above_it() {
        List<String> features = FeatureOrder.FEATURES;
        List<String> violations = new ArrayList<>();
        for (int lower = 0; lower < features.size(); lower++) {
            for (int higher = lower + 1; higher < features.size(); higher++) {
                EvaluationResult result = noClasses().that().resideInAPackage(pkg(features.get(lower)))
                        .should().dependOnClassesThat().resideInAPackage(pkg(features.get(higher)))
                        .because(features.get(lower) + " is below " + features.get(higher)
                                + " in FeatureOrder.FEATURES")
                        .allowEmptyShould(true).evaluate(main);
                violations.addAll(result.getFailureReport().getDetails());
            }
        }
        assertThat(violations).as("dependencies from a lower feature to a higher one").isEmpty();
    }

    @Test
    void the_service_root_uses_no_feature() {
        EvaluationResult result = noClasses().that().resideInAPackage(ROOT).should().dependOnClassesThat()
                .resideInAnyPackage(FeatureOrder.FEATURES.stream().map(FeatureOrderTest::pkg).toArray(String[]::new))
                .allowEmptyShould(true).evaluate(main);
        assertThat(result.getFailureReport().getDetails()).isEmpty();
    }

    @Test
    void every_feature_package_has_its_place_in_the_order() {
        Set<String> packages = new TreeSet<>();
        for (JavaClass c : main) {
            String name = c.getPackageName();
            if (name.startsWith(ROOT + ".")) {
                packages.add(name.substring(ROOT.length() + 1).split("\\.")[0]);
            }
        }
        assertThat(packages).as("feature packages of scheduling").isNotEmpty();
        assertThat(FeatureOrder.FEATURES).as("FeatureOrder.FEATURES").containsAll(packages);
    }

    @Test
    void the_fhir_faces_are_the_outermost_layer() {
        // FHIR providers call the features' services; no feature may answer in FHIR terms or call a provider.
        assertThat(FeatureOrder.FEATURES).last().isEqualTo("fhir");
        EvaluationResult result = noClasses().that().resideOutsideOfPackage(pkg("fhir")).should()
                .dependOnClassesThat().resideInAPackage(pkg("fhir")).evaluate(main);
        assertThat(result.getFailureReport().getDetails()).isEmpty();
        assertThat(noClasses().that().resideInAPackage(pkg("fhir")).should().dependOnClassesThat()
                .resideInAPackage(pkg("booking")).evaluate(main).hasViolation())
                .as("the fhir package uses booking: the rule sees it").isTrue();
    }

    @Test
    void the_rule_sees_a_dependency_when_there_is_one() {
        // booking uses session (upwards is allowed): the same rule, the other way round, must find it.
        EvaluationResult result = noClasses().that().resideInAPackage(pkg("booking")).should().dependOnClassesThat()
                .resideInAPackage(pkg("session")).evaluate(main);
        assertThat(result.hasViolation()).isTrue();
    }

    static String pkg(String feature) {
        return ROOT + "." + feature + "..";
    }
}
