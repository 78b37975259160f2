package care.iop.scheduling;

import care.iop.common.audit.AuditLog;
import care.iop.common.outbox.Outbox;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;

/**
 * Resources do HTTP only (parse, call a service, map the answer): the services own the transactions and are the
 * only callers of the outbox and the audit log. Plain JUnit over the compiled main classes (ArchUnit).
 */
class ResourceShapeTest {

    static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS).importPackages("care.iop.scheduling");
    }

    @Test
    void resources_never_touch_the_outbox_or_the_audit_log() {
        noClasses().that().areAnnotatedWith(Path.class).should().dependOnClassesThat()
                .belongToAnyOf(Outbox.class, AuditLog.class).check(main);
    }

    @Test
    void resources_own_no_transaction() {
        noClasses().that().areAnnotatedWith(Path.class).should().beAnnotatedWith(Transactional.class).check(main);
        noMethods().that().areDeclaredInClassesThat().areAnnotatedWith(Path.class).should()
                .beAnnotatedWith(Transactional.class).check(main);
    }
}
