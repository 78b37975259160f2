package care.iop.devstack;

import care.iop.embedded.EmbeddedPostgres;
import care.iop.embedded.ServiceDatabases;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Optional;

/**
 * PostgreSQL 17 for the devstack: embedded's {@link EmbeddedPostgres} (the Zonky binaries from Maven Central, started
 * as {@code nobody} when we are root) on a data directory of our choosing that outlives the launcher
 * ({@link EmbeddedPostgres#keptData}), so the command line's data survive a restart; plus the service roles and
 * databases ({@link ServiceDatabases}).
 */
final class PostgresNode {

    private final EmbeddedPostgres server;

    private PostgresNode(EmbeddedPostgres server) {
        this.server = server;
    }

    /**
     * Initialises the cluster if {@code dataDir} holds none, starts it, and makes sure the roles and databases exist
     * ({@link ServiceDatabases}: each database owned by {@code owner}, who migrates; the services connect as
     * {@code application}). A data directory from before the two roles is brought up to date on the way.
     *
     * @param durable fsync on (the command line's kept data) or off (throw-away test clusters)
     */
    static PostgresNode start(Path dataDir, int port, boolean durable, ServiceDatabases.Role owner,
                              ServiceDatabases.Role application, Collection<String> databases) {
        EmbeddedPostgres server = EmbeddedPostgres.keptData(dataDir, port, durable);
        PostgresNode node = new PostgresNode(server);
        ServiceDatabases.ensure(server.jdbcUrl(""), new ServiceDatabases.Role(EmbeddedPostgres.SUPERUSER, ""), owner,
                application, databases);
        return node;
    }

    int port() {
        return server.port();
    }

    Path dataDir() {
        return server.dataDir();
    }

    Path log() {
        return server.dataDir().resolve("server.log");
    }

    String jdbcUrl(String database) {
        return server.jdbcUrl(database);
    }

    /** The running postmaster, read from its pid file. */
    Optional<ProcessHandle> postmaster() {
        return server.postmaster();
    }

    /** Fast shutdown (connections closed, data kept). */
    void stop() {
        server.stop();
    }

    /** Starts the server again after {@link #stop()}: same data directory, port and settings. */
    void startAgain() {
        server.start();
    }

    /**
     * On an external server: the roles and databases that are missing are made as the owner (who then needs CREATEDB,
     * and CREATEROLE when the application role is missing).
     */
    static void ensureDatabases(String baseUrl, ServiceDatabases.Role owner, ServiceDatabases.Role application,
                                Collection<String> databases) {
        ServiceDatabases.ensure(baseUrl, owner, owner, application, databases);
    }

    /** {@code jdbc:postgresql://h:5432/} + {@code intake} → {@code jdbc:postgresql://h:5432/intake}, keeping a query. */
    static String jdbcUrl(String baseUrl, String database) {
        return ServiceDatabases.jdbcUrl(baseUrl, database);
    }

    /** Whether the server user (nobody, when we are root) can work in {@code dir}. */
    static boolean usableByServerUser(Path dir) {
        return EmbeddedPostgres.usableByServerUser(dir);
    }
}
