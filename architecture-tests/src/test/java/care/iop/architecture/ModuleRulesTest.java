package care.iop.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which module may use which (docs/architecture.md, the module map), and the shape of a feature, checked over the
 * compiled main classes of every module: a service never imports another service, {@code common} imports no
 * service, {@code events} imports nothing else of ours, the gateway imports no domain code, and a resource does
 * HTTP only — it neither owns a transaction nor touches the outbox or the audit log, which are its service's.
 * Scheduling's order between its own features is checked by its {@code FeatureOrderTest}.
 */
class ModuleRulesTest {

    static final List<String> SERVICES = List.of("care.iop.intake", "care.iop.scheduling", "care.iop.notes",
            "care.iop.medication", "care.iop.aftercare");
    static final String OUTBOX = "care.iop.common.outbox.Outbox";
    static final String AUDIT_LOG = "care.iop.common.audit.AuditLog";

    static JavaClasses main;

    @BeforeAll
    static void importEveryModule() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("care.iop");
        // Without the modules on the class path every rule below would pass on nothing.
        for (String module : List.of("care.iop.events", "care.iop.common", "care.iop.gateway", "care.iop.portal")) {
            assertThat(main.stream().anyMatch(c -> c.getPackageName().startsWith(module))).as(module).isTrue();
        }
        for (String service : SERVICES) {
            assertThat(main.stream().anyMatch(c -> c.getPackageName().startsWith(service))).as(service).isTrue();
        }
    }

    @Test
    void a_service_never_imports_another_service() {
        for (String service : SERVICES) {
            String[] others = SERVICES.stream().filter(s -> !s.equals(service)).map(s -> s + "..")
                    .toArray(String[]::new);
            noClasses().that().resideInAPackage(service + "..").should().dependOnClassesThat()
                    .resideInAnyPackage(others).check(main);
        }
    }

    @Test
    void common_imports_no_service_and_no_gateway() {
        noClasses().that().resideInAPackage("care.iop.common..").should().dependOnClassesThat()
                .resideInAnyPackage(withGateway()).check(main);
    }

    @Test
    void events_import_nothing_else_of_ours() {
        noClasses().that().resideInAPackage("care.iop.events..").should().dependOnClassesThat()
                .resideInAnyPackage(ours("care.iop.events")).check(main);
    }

    @Test
    void the_gateway_imports_no_domain_code() {
        noClasses().that().resideInAPackage("care.iop.gateway..").should().dependOnClassesThat()
                .resideInAnyPackage(ours("care.iop.gateway")).check(main);
    }

    /**
     * The partner portal is a client of the public API like any other: it reaches data only through the generated
     * client ({@code care.iop.client}), never a service's, common's or the gateway's code, and holds no database.
     */
    @Test
    void the_portal_reaches_data_only_through_the_generated_api_client() {
        noClasses().that().resideInAPackage("care.iop.portal..").should().dependOnClassesThat()
                .resideInAnyPackage(ours("care.iop.portal"))
                .orShould().dependOnClassesThat().resideInAnyPackage("jakarta.persistence..", "org.hibernate..",
                        "java.sql..")
                .check(main);
    }

    @Test
    void resources_never_touch_the_outbox_or_the_audit_log() {
        noClasses().that().areAnnotatedWith("jakarta.ws.rs.Path").and().resideInAnyPackage(services())
                .should().dependOnClassesThat().haveFullyQualifiedName(OUTBOX)
                .orShould().dependOnClassesThat().haveFullyQualifiedName(AUDIT_LOG)
                .orShould().dependOnClassesThat().haveFullyQualifiedName(AUDIT_LOG + "$Entry")
                .check(main);
    }

    @Test
    void resources_own_no_transaction() {
        noClasses().that().areAnnotatedWith("jakarta.ws.rs.Path").and().resideInAnyPackage(services())
                .should().beAnnotatedWith("jakarta.transaction.Transactional").check(main);
        noMethods().that().areDeclaredInClassesThat().areAnnotatedWith("jakarta.ws.rs.Path")
                .and().areDeclaredInClassesThat().resideInAnyPackage(services())
                .should().beAnnotatedWith("jakarta.transaction.Transactional").check(main);
    }

    /**
     * FHIR providers are faces like the REST resources: they call the feature services and map, nothing more, so a
     * FHIR read or write is audited, scoped and published exactly as its REST twin.
     */
    @Test
    void fhir_providers_touch_no_outbox_audit_log_entity_manager_or_transaction() {
        noClasses().that().resideInAnyPackage(fhirPackages())
                .should().dependOnClassesThat().haveFullyQualifiedName(OUTBOX)
                .orShould().dependOnClassesThat().haveFullyQualifiedName(AUDIT_LOG)
                .orShould().dependOnClassesThat().haveFullyQualifiedName(AUDIT_LOG + "$Entry")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("jakarta.persistence.EntityManager")
                .orShould().dependOnClassesThat()
                .haveFullyQualifiedName("io.quarkus.hibernate.orm.panache.PanacheEntityBase")
                .orShould().beAnnotatedWith("jakarta.transaction.Transactional")
                .check(main);
        noMethods().that().areDeclaredInClassesThat().resideInAnyPackage(fhirPackages())
                .should().beAnnotatedWith("jakarta.transaction.Transactional").check(main);
    }

    @Test
    void the_rules_see_a_dependency_where_there_is_one() {
        // The services call the outbox: a rule that found nothing there would find nothing anywhere.
        assertThat(main.stream().filter(c -> c.getSimpleName().endsWith("Service"))
                .filter(c -> c.getPackageName().startsWith("care.iop."))
                .anyMatch(c -> c.getDirectDependenciesFromSelf().stream()
                        .anyMatch(d -> d.getTargetClass().getFullName().equals(OUTBOX)))).isTrue();
    }

    private static String[] services() {
        return SERVICES.stream().map(s -> s + "..").toArray(String[]::new);
    }

    private static String[] fhirPackages() {
        return SERVICES.stream().map(s -> s + ".fhir..").toArray(String[]::new);
    }

    private static String[] withGateway() {
        return java.util.stream.Stream.concat(SERVICES.stream(), java.util.stream.Stream.of("care.iop.gateway"))
                .map(s -> s + "..").toArray(String[]::new);
    }

    /** Every module of ours but {@code self}. */
    private static String[] ours(String self) {
        return java.util.stream.Stream.concat(SERVICES.stream(),
                        java.util.stream.Stream.of("care.iop.common", "care.iop.events", "care.iop.gateway",
                                "care.iop.testkit", "care.iop.embedded", "care.iop.devstack", "care.iop.bench"))
                .filter(p -> !p.equals(self)).map(s -> s + "..").toArray(String[]::new);
    }
}
