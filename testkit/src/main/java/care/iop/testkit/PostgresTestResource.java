package care.iop.testkit;

import care.iop.embedded.EmbeddedPostgres;
import care.iop.embedded.ServiceDatabases;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;
import java.util.UUID;

/**
 * A real PostgreSQL for a Quarkus test run: a fresh database on the shared embedded server, made as the services'
 * databases are ({@link ServiceDatabases}): Flyway migrates as the owner role ({@code quarkus.flyway.username}), the
 * application connects as the application role ({@code quarkus.datasource.username}). An external server
 * ({@code IOP_TEST_JDBC_URL}) is used with its one account for both.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return TestInfrastructure.externalJdbcUrl()
                .map(url -> {
                    ServiceDatabases.Role account = new ServiceDatabases.Role(env("IOP_TEST_JDBC_USER", "postgres"),
                            env("IOP_TEST_JDBC_PASSWORD", ""));
                    return datasource(url, account, account);
                })
                .orElseGet(() -> {
                    EmbeddedPostgres pg = TestInfrastructure.embeddedPostgres().orElseThrow();
                    String db = "iop_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
                    return datasource(pg.createServiceDatabase(db), ServiceDatabases.TEST_OWNER,
                            ServiceDatabases.TEST_APPLICATION);
                });
    }

    @Override
    public void stop() {
        // The server outlives a single Quarkus application; it stops when the JVM exits.
    }

    private static Map<String, String> datasource(String url, ServiceDatabases.Role owner,
                                                  ServiceDatabases.Role application) {
        return Map.of(
                "quarkus.datasource.jdbc.url", url,
                "quarkus.datasource.username", application.name(),
                "quarkus.datasource.password", application.password(),
                "quarkus.flyway.username", owner.name(),
                "quarkus.flyway.password", owner.password());
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }
}
