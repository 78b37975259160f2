package care.iop.analytics;

import care.iop.analytics.dashboard.DashboardOidcTestResource;
import care.iop.testkit.OidcTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/** One set of real infrastructure for every Quarkus test class of the module, so Quarkus boots once. */
@WithTestResource(value = AnalyticsKafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = DashboardOidcTestResource.class, scope = TestResourceScope.GLOBAL)
public final class TestResources {
}
