package care.iop.devstack;

import care.iop.testkit.infra.ChildProcesses;
import care.iop.testkit.infra.Directories;
import care.iop.testkit.postgres.EmbeddedPostgres;
import care.iop.testkit.postgres.ServiceDatabases;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL 17 for the devstack: the testkit's {@link EmbeddedPostgres} (the Zonky binaries from Maven Central,
 * started as {@code nobody} when we are root), but on a data directory of our choosing that outlives the launcher,
 * so the command line's data survive a restart. The testkit only makes throw-away clusters, so initialising one is
 * done here the way it does it; starting and stopping are the testkit's.
 */
final class PostgresNode {

    /** Where the testkit unpacks the binaries (shared: one extraction per machine and version). */
    private static final Path TESTKIT_ROOT = Path.of(System.getProperty("java.io.tmpdir"), "iop-embedded-pg");

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
        Path bin = binaries();
        if (!Files.exists(dataDir.resolve("PG_VERSION"))) {
            initdb(bin, dataDir, durable);
        }
        EmbeddedPostgres server = EmbeddedPostgres.attach(bin, dataDir, port, durable);
        Optional<ProcessHandle> leftOver = postmaster(dataDir);
        if (leftOver.isPresent()) {
            // A launcher killed before its watchdog could act left it running: stop it cleanly, then start on our port.
            server.stop();
        }
        server.start();
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
        return postmaster(server.dataDir());
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

    private static Optional<ProcessHandle> postmaster(Path dataDir) {
        Path pid = dataDir.resolve("postmaster.pid");
        try {
            if (!Files.exists(pid)) {
                return Optional.empty();
            }
            String first = Files.readAllLines(pid).stream().findFirst().orElse("").trim();
            if (first.isEmpty()) {
                return Optional.empty();
            }
            // The pid file may be stale and its pid recycled: only a postmaster on this data directory counts.
            Path cmdline = Path.of("/proc", first, "cmdline");
            boolean ours = Files.exists(cmdline) && new String(Files.readAllBytes(cmdline),
                    java.nio.charset.StandardCharsets.UTF_8).contains(dataDir.toString());
            return ours ? ProcessHandle.of(Long.parseLong(first)).filter(ProcessHandle::isAlive) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void initdb(Path bin, Path dataDir, boolean durable) {
        try {
            Directories.deleteQuietly(dataDir);
            Files.createDirectories(dataDir);
            if (ChildProcesses.isRoot()) {
                // PostgreSQL refuses to run as root: like the testkit, the server runs as nobody.
                ChildProcesses.run(Duration.ofSeconds(30), "chown", "nobody:nogroup", dataDir.toString());
            }
            List<String> command = new ArrayList<>(List.of(bin.resolve("initdb").toString(), "-A", "trust", "-U",
                    EmbeddedPostgres.SUPERUSER, "-D", dataDir.toString(), "-E", "UTF-8", "--locale=C"));
            if (!durable) {
                command.add("--no-sync");
            }
            runAsServerUser(Duration.ofSeconds(120), command);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether the server user can work in {@code dir} (when we are root the server runs as nobody, who must be able to
     * reach it: a data directory under a private home directory will not do).
     */
    static boolean usableByServerUser(Path dir) {
        if (!ChildProcesses.isRoot()) {
            return true;
        }
        try {
            Files.createDirectories(dir);
            ChildProcesses.run(Duration.ofSeconds(30), "chown", "nobody:nogroup", dir.toString());
            runAsServerUser(Duration.ofSeconds(30), List.of("test", "-w", dir.toString(), "-a", "-x", dir.toString()));
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static void runAsServerUser(Duration timeout, List<String> command) {
        List<String> full = new ArrayList<>();
        if (ChildProcesses.isRoot()) {
            full.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"));
        }
        full.addAll(command);
        ChildProcesses.run(timeout, full.toArray(String[]::new));
    }

    /**
     * The binaries the testkit unpacked ({@code <tmp>/iop-embedded-pg/bin-<version>/bin}). On a machine where it never
     * ran, a throw-away cluster is made and destroyed once: the testkit unpacks the binaries as it does so.
     */
    private static Path binaries() {
        String location = String.valueOf(EmbeddedPostgres.class.getResource("/postgres-linux-x86_64.txz"));
        Matcher m = Pattern.compile("binaries-linux-amd64[-/]([0-9.]+)").matcher(location);
        Path bin = TESTKIT_ROOT.resolve("bin-" + (m.find() ? m.group(1) : "unversioned")).resolve("bin");
        if (Files.exists(bin.resolve("pg_ctl"))) {
            return bin;
        }
        EmbeddedPostgres scratch = EmbeddedPostgres.initAndStart(false);
        try {
            return scratch.binDir();
        } finally {
            scratch.destroy();
        }
    }
}
