package care.iop.intake;

import care.iop.common.audit.AuditLog;
import care.iop.common.outbox.Outbox;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import jakarta.transaction.Transactional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Intake's features keep the shape of docs/architecture.md ("The shape of a feature"): a resource is HTTP only, and
 * the feature's service owns the transaction and is the only caller of {@link Outbox} and {@link AuditLog}. Plain
 * JUnit over the compiled main classes (ArchUnit): a class in a resource is the {@code *Resource} class itself and
 * any class nested in it; lambdas are methods of the class that wrote them.
 */
class FeatureShapeTest {

    static final String ROOT = "care.iop.intake";

    static final DescribedPredicate<JavaClass> IN_A_RESOURCE = new DescribedPredicate<>("are in a *Resource") {
        @Override
        public boolean test(JavaClass c) {
            for (Optional<JavaClass> at = Optional.of(c); at.isPresent(); at = at.get().getEnclosingClass()) {
                if (at.get().getSimpleName().endsWith("Resource")) {
                    return true;
                }
            }
            return false;
        }
    };

    static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS).importPackages(ROOT);
    }

    static ArchRule noOutboxOrAudit(DescribedPredicate<JavaClass> classes) {
        return noClasses().that(classes).should().dependOnClassesThat().belongToAnyOf(Outbox.class, AuditLog.class)
                .because("the feature's service is the only caller of Outbox and AuditLog (docs/architecture.md)");
    }

    @Test
    void no_resource_touches_the_outbox_or_the_audit_log() {
        EvaluationResult result = noOutboxOrAudit(IN_A_RESOURCE).evaluate(main);
        assertThat(result.getFailureReport().getDetails()).as("resources using Outbox or AuditLog").isEmpty();
    }

    @Test
    void no_resource_opens_a_transaction() {
        EvaluationResult classes = noClasses().that(IN_A_RESOURCE).should().beAnnotatedWith(Transactional.class)
                .because("the feature's service owns the transaction").evaluate(main);
        EvaluationResult methods = noMethods().that().areDeclaredInClassesThat(IN_A_RESOURCE).should()
                .beAnnotatedWith(Transactional.class).because("the feature's service owns the transaction")
                .evaluate(main);
        assertThat(classes.getFailureReport().getDetails()).as("@Transactional resource classes").isEmpty();
        assertThat(methods.getFailureReport().getDetails()).as("@Transactional resource methods").isEmpty();
    }

    @Test
    void the_rule_sees_the_resources_and_a_use_when_there_is_one() {
        List<String> resources = new ArrayList<>();
        main.forEach(c -> {
            if (IN_A_RESOURCE.test(c)) {
                resources.add(c.getSimpleName());
            }
        });
        assertThat(resources).contains("AdmissionResource", "ConsentResource", "ScreeningResource", "AssessmentResource",
                        "PatientResource", "ReferralResource");
        // The services do use them: the same rule, over a service, must find it.
        DescribedPredicate<JavaClass> admissionService = DescribedPredicate.describe("are AdmissionService",
                c -> c.getSimpleName().equals("AdmissionService"));
        assertThat(noOutboxOrAudit(admissionService).evaluate(main).hasViolation()).isTrue();
    }
}
