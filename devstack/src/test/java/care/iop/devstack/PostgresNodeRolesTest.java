package care.iop.devstack;

import care.iop.embedded.ServiceDatabases;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The devstack's PostgreSQL makes the owner and application roles with the databases, and brings a data directory
 * from before the two roles (the services' account owning everything) up to date.
 */
class PostgresNodeRolesTest {

    private static final ServiceDatabases.Role OWNER = new ServiceDatabases.Role("iop_owner", "iop_owner");
    private static final ServiceDatabases.Role APP = new ServiceDatabases.Role("iop", "iop");

    @Test
    void an_old_data_directory_is_handed_to_the_owner() throws Exception {
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "devstack-roles-");
        dir.toFile().setWritable(true, false);
        assertThat(PostgresNode.usableByServerUser(dir)).isTrue();
        Path data = dir.resolve("postgres");
        int port = care.iop.embedded.FreePorts.find();
        // Before: one account, which owned the databases and ran the migrations.
        PostgresNode old = PostgresNode.start(data, port, false, APP, APP, List.of("intake"));
        try (Connection c = DriverManager.getConnection(old.jdbcUrl("intake"), "iop", "iop");
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE patient (id int)");
        } finally {
            old.stop();
        }
        PostgresNode node = PostgresNode.start(data, port, false, OWNER, APP, List.of("intake", "notes"));
        try (Connection c = DriverManager.getConnection(node.jdbcUrl("intake"), "iop", "iop");
             Statement s = c.createStatement()) {
            assertThat(single(s, "SELECT tableowner FROM pg_tables WHERE tablename = 'patient'")).isEqualTo("iop_owner");
            assertThat(single(s, "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'intake'"))
                    .isEqualTo("iop_owner");
            assertThat(single(s, "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'notes'"))
                    .isEqualTo("iop_owner");
            assertThat(single(s, "SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = 'iop'")).isEqualTo("f");
            assertThat(single(s, "SELECT has_schema_privilege('public', 'CREATE')")).isEqualTo("f");
        } finally {
            node.stop();
            care.iop.embedded.Directories.deleteQuietly(dir);
        }
    }

    private static String single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
