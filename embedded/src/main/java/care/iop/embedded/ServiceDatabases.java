package care.iop.embedded;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one way a service database is made (the testkit's, the devstack's; docker-compose's init script does the same
 * in SQL): an <em>owner</em> role that runs the Flyway migrations and so owns every table, and an <em>application</em>
 * role the service connects as. The owner's migration {@code V0_7__application_role.sql} (in {@code common}) grants the
 * application role what a service needs: reading and writing its tables, but on {@code audit_log} only appending rows
 * and sealing them. Not being the owner, the service cannot drop a table or switch the audit trigger off.
 *
 * <p>{@link #ensure} is idempotent: it creates what is missing and leaves the rest, so it is also how an existing
 * cluster (a devstack data directory from before the two roles) is brought up to date: there, as a superuser, it
 * hands everything the application role owned over to the owner.
 */
public final class ServiceDatabases {

    /** A login role. */
    public record Role(String name, String password) {
        public Role {
            identifier(name);
        }
    }

    /** The roles the testkit's databases use (the test cluster is throw-away: the passwords are no secret). */
    public static final Role TEST_OWNER = new Role("iop_owner", "iop_owner");
    public static final Role TEST_APPLICATION = new Role("iop_app", "iop_app");

    private ServiceDatabases() {
    }

    /**
     * Makes sure both roles and the databases exist, each database owned by {@code owner}.
     *
     * @param jdbcBase    {@code jdbc:postgresql://host:port/} (a database name or query in it is handled as by
     *                    {@link #jdbcUrl})
     * @param admin       who does it: a superuser, or a role with CREATEDB (and CREATEROLE when a role is missing) that
     *                    may act as the owner, e.g. the owner itself on an external server
     */
    public static void ensure(String jdbcBase, Role admin, Role owner, Role application, Collection<String> databases) {
        boolean superuser;
        try (Connection c = DriverManager.getConnection(jdbcUrl(jdbcBase, "postgres"), admin.name(), admin.password());
             Statement s = c.createStatement()) {
            superuser = exists(c, "SELECT 1 FROM pg_roles WHERE rolname = current_user AND rolsuper", null);
            ensureRole(c, s, owner, superuser);
            if (!application.name().equals(owner.name())) {
                ensureRole(c, s, application, superuser);
                if (superuser && !application.name().equals(admin.name()) && exists(c, "SELECT 1 FROM pg_roles "
                        + "WHERE rolname = ? AND (rolsuper OR rolcreatedb OR rolcreaterole)", application.name())) {
                    // An older layout made the services' account with CREATEDB: it needs no such thing now.
                    s.execute("ALTER ROLE " + identifier(application.name()) + " NOSUPERUSER NOCREATEDB NOCREATEROLE");
                }
            }
            for (String db : databases) {
                if (!exists(c, "SELECT 1 FROM pg_database WHERE datname = ?", db)) {
                    s.execute("CREATE DATABASE " + identifier(db) + " OWNER " + identifier(owner.name()));
                } else if (superuser) {
                    s.execute("ALTER DATABASE " + identifier(db) + " OWNER TO " + identifier(owner.name()));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not set up the roles " + owner.name() + " (owner) and "
                    + application.name() + " (application) and the databases " + databases + " at " + jdbcBase + " as "
                    + admin.name() + ": " + e.getMessage(), e);
        }
        if (!superuser || application.name().equals(owner.name())) {
            return;
        }
        for (String db : databases) {
            try (Connection c = DriverManager.getConnection(jdbcUrl(jdbcBase, db), admin.name(), admin.password());
                 Statement s = c.createStatement()) {
                // Tables the services' account created when it still ran the migrations become the owner's.
                s.execute("REASSIGN OWNED BY " + identifier(application.name()) + " TO " + identifier(owner.name()));
                // Only the owner creates objects (PostgreSQL before 15 let everybody create in public).
                s.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
                s.execute("GRANT USAGE, CREATE ON SCHEMA public TO " + identifier(owner.name()));
            } catch (SQLException e) {
                throw new IllegalStateException("could not hand database " + db + " to " + owner.name() + ": "
                        + e.getMessage(), e);
            }
        }
    }

    /** Creates one database with the test roles on a server where {@code superuser} needs no password. */
    public static String createTestDatabase(String jdbcBase, String superuser, String database) {
        ensure(jdbcBase, new Role(superuser, ""), TEST_OWNER, TEST_APPLICATION, java.util.List.of(database));
        return jdbcUrl(jdbcBase, database);
    }

    /** {@code jdbc:postgresql://h:5432/} + {@code intake} → {@code jdbc:postgresql://h:5432/intake}, keeping a query. */
    public static String jdbcUrl(String baseUrl, String database) {
        int q = baseUrl.indexOf('?');
        String base = q < 0 ? baseUrl : baseUrl.substring(0, q);
        String query = q < 0 ? "" : baseUrl.substring(q);
        // A base that already names a database (jdbc:postgresql://h:5432/postgres) has it replaced.
        Matcher m = Pattern.compile("^(jdbc:postgresql://[^/]+)(/.*)?$").matcher(base);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + baseUrl);
        }
        return m.group(1) + "/" + database + query;
    }

    private static void ensureRole(Connection c, Statement s, Role role, boolean superuser) throws SQLException {
        if (exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", role.name())) {
            return;
        }
        String create = "CREATE ROLE " + identifier(role.name()) + " LOGIN PASSWORD " + literal(role.password());
        try {
            s.execute(create);
        } catch (SQLException e) {
            // Two test JVMs (or class loaders) may race to create it: then it exists, which is all we want.
            if (!exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", role.name())) {
                throw new SQLException("role " + role.name() + " is missing and could not be created"
                        + (superuser ? "" : " (create it, or grant CREATEROLE)") + ": " + e.getMessage(),
                        e.getSQLState(), e);
            }
        }
    }

    private static boolean exists(Connection c, String sql, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (value != null) {
                ps.setString(1, value);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** A role or database name, quoted; only plain identifiers are accepted. */
    static String identifier(String name) {
        if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a plain identifier: " + name);
        }
        return "\"" + name + "\"";
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
