package care.iop.notes;

import care.iop.testkit.ConsentAuthorityTestResource;
import care.iop.testkit.KafkaTestResource;
import care.iop.testkit.KeycloakAdminTestResource;
import care.iop.testkit.OidcTestResource;
import care.iop.testkit.PostgresTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/** One set of real infrastructure for every test class of the module, so Quarkus boots once. */
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = ConsentAuthorityTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KeycloakAdminTestResource.class, scope = TestResourceScope.GLOBAL)
public final class TestResources {
}
