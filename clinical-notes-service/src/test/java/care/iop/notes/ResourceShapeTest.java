package care.iop.notes;

import care.iop.common.audit.AuditLog;
import care.iop.common.outbox.Outbox;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Resources do HTTP only (parse, call a service, map the answer): the feature services own the transactions and are
 * the only callers of the outbox and the audit log. Plain JUnit over the compiled main classes (ArchUnit).
 */
class ResourceShapeTest {

    static final String ROOT = "care.iop.notes";

    static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS).importPackages(ROOT);
    }

    static final ArchRule NO_OUTBOX_OR_AUDIT = noClasses().that().haveSimpleNameEndingWith("Resource")
            .or().areAnnotatedWith(Path.class).should().dependOnClassesThat().belongToAnyOf(Outbox.class, AuditLog.class)
            .because("a feature's service is the only caller of the outbox and the audit log");

    @Test
    void resources_never_touch_the_outbox_or_the_audit_log() {
        NO_OUTBOX_OR_AUDIT.check(main);
    }

    @Test
    void resources_own_no_transaction() {
        noClasses().that().haveSimpleNameEndingWith("Resource").should().beAnnotatedWith(Transactional.class)
                .allowEmptyShould(true).check(main);
        noMethods().that().areDeclaredInClassesThat().haveSimpleNameEndingWith("Resource").should()
                .beAnnotatedWith(Transactional.class).allowEmptyShould(true).check(main);
    }

    @Test
    void the_rule_sees_a_dependency_when_there_is_one() {
        // The services do call the audit log: the same rule applied to them must find it.
        assertThat(noClasses().that().haveSimpleNameEndingWith("Service").should().dependOnClassesThat()
                .belongToAnyOf(Outbox.class, AuditLog.class).evaluate(main).hasViolation()).isTrue();
    }
}
