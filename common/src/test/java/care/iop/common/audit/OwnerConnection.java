package care.iop.common.audit;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * A connection to the test database as the owner of its tables (the role Flyway migrates as), for tests that play
 * someone with the owner's rights; the application's own datasource is the application role, which has no such rights.
 */
public final class OwnerConnection {

    private OwnerConnection() {
    }

    public static Connection open() throws SQLException {
        Config config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class), owner(),
                config.getOptionalValue("quarkus.flyway.password", String.class).orElse(""));
    }

    public static String owner() {
        return ConfigProvider.getConfig().getValue("quarkus.flyway.username", String.class);
    }

    public static String application() {
        return ConfigProvider.getConfig().getValue("quarkus.datasource.username", String.class);
    }

    /** Whether the tests run with two roles (not an external server's single account). */
    public static boolean separateRoles() {
        return !owner().equals(application());
    }
}
