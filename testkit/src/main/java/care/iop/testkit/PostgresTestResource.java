package care.iop.testkit;

import care.iop.testkit.postgres.EmbeddedPostgres;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;
import java.util.UUID;

/** A real PostgreSQL for a Quarkus test run: a fresh database on the shared embedded server (or an external one). */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return TestInfrastructure.externalJdbcUrl()
                .map(url -> datasource(url, env("IOP_TEST_JDBC_USER", "postgres"), env("IOP_TEST_JDBC_PASSWORD", "")))
                .orElseGet(() -> {
                    EmbeddedPostgres pg = TestInfrastructure.embeddedPostgres().orElseThrow();
                    String db = "iop_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
                    return datasource(pg.createDatabase(db), EmbeddedPostgres.SUPERUSER, "postgres");
                });
    }

    @Override
    public void stop() {
        // The server outlives a single Quarkus application; it stops when the JVM exits.
    }

    private static Map<String, String> datasource(String url, String user, String password) {
        return Map.of(
                "quarkus.datasource.jdbc.url", url,
                "quarkus.datasource.username", user,
                "quarkus.datasource.password", password);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }
}
