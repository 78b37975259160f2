package care.iop.devstack;

import care.iop.embedded.ChildProcess;
import care.iop.embedded.Directories;
import care.iop.embedded.Poll;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Keycloak from the {@code org.keycloak:keycloak-quarkus-dist} zip on Maven Central, run with {@code kc.sh start-dev}.
 *
 * <p>The zip is unpacked once per machine into {@code ~/.cache/iop-platform/keycloak-<version>} (shared, never written
 * to again except by Keycloak's one-time build step, see below). Each running Keycloak gets its own <em>home</em>:
 * a directory with a copy of {@code bin/kc.sh} (which takes its home from its own location) and links to the
 * cached {@code lib}, {@code conf}, {@code providers} and {@code themes}; its {@code data/} (realm import, H2
 * database, transaction logs) is its own. So the command line's Keycloak and a test's can run side by side.
 *
 * <p>The first start of a new unpack re-builds Keycloak's Quarkus application for our build options (dev profile,
 * health on) into the shared {@code lib/quarkus}; it is done under a file lock and marked done, and later starts skip
 * it (about 15 s saved).
 *
 * <p>Database: start-dev's H2 file database in {@code <home>/data/h2}. The realm file is the source of truth: when it
 * differs from the one last imported (a hash is kept next to the database), the database is deleted so that
 * {@code --import-realm} imports it afresh (Keycloak's import never overwrites an existing realm). When it is the same,
 * the database is kept: restarts skip the schema creation and import, and users or clients added in the admin console
 * survive a restart until the realm file changes. Test stacks get a fresh home, hence a fresh import, every time.
 */
final class KeycloakNode {

    /** Build-time options: changing them makes Keycloak re-build itself (slow), so they are fixed. */
    private static final List<String> BUILD_OPTIONS = List.of("--health-enabled=true", "--db=dev-file");

    private final ChildProcess process;
    private final int port;

    private static final String IMPORTED_HASH = "iop-realm.sha256";

    private KeycloakNode(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    static KeycloakNode start(Path home, Path cacheDir, byte[] realm, int port, int managementPort, String bindHost,
                              String adminUser, String adminPassword, Path log, Duration timeout,
                              Consumer<ChildProcess> launched) {
        Path dist = KeycloakDist.unpacked(cacheDir);
        try {
            prepareHome(home, dist, realm);
            Map<String, String> env = new LinkedHashMap<>();
            env.put("JAVA_HOME", System.getProperty("java.home"));
            env.put("KC_BOOTSTRAP_ADMIN_USERNAME", adminUser);
            env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
            env.put("KC_HEALTH_ENABLED", "true");
            // kc.sh's defaults with the serial collector and C1 only: less memory and a faster start, enough for a
            // development realm.
            env.put("JAVA_OPTS", String.join(" ", "-Xms64m", "-Xmx384m", "-XX:MetaspaceSize=96M",
                    "-XX:MaxMetaspaceSize=256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dfile.encoding=UTF-8",
                    "-Dsun.stdout.encoding=UTF-8", "-Dsun.err.encoding=UTF-8", "-Dstdout.encoding=UTF-8",
                    "-Dstderr.encoding=UTF-8", "-XX:+ExitOnOutOfMemoryError", "-Djava.security.egd=file:/dev/urandom",
                    "-Djdk.tls.rejectClientInitiatedRenegotiation=true"));
            List<String> command = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "start-dev",
                    "--import-realm", "--http-host=" + bindHost, "--http-port=" + port,
                    "--hostname=http://localhost:" + port, "--http-management-port=" + managementPort));
            command.addAll(BUILD_OPTIONS);
            Path built = dist.resolve(".iop-built");
            if (Files.exists(built)) {
                KeycloakNode node = launch(command, env, home, log, port, managementPort, timeout, launched);
                markImported(home, realm);
                return node;
            }
            // The first start re-builds the shared lib/quarkus: one at a time, across JVMs (file lock) and in this one.
            synchronized (KeycloakNode.class) {
                try (FileChannel lockFile = FileChannel.open(dist.resolveSibling(dist.getFileName() + ".lock"),
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE); FileLock ignored = lockFile.lock()) {
                    KeycloakNode node = launch(command, env, home, log, port, managementPort, timeout, launched);
                    Files.writeString(built, String.join(" ", BUILD_OPTIONS));
                    markImported(home, realm);
                    return node;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static KeycloakNode launch(List<String> command, Map<String, String> env, Path home, Path log, int port,
                                       int managementPort, Duration timeout, Consumer<ChildProcess> launched) {
        ChildProcess child = ChildProcess.start("keycloak", command, env, home, log);
        launched.accept(child);
        KeycloakNode node = new KeycloakNode(child, port);
        try {
            node.awaitReady(managementPort, timeout);
        } catch (RuntimeException e) {
            child.stop(Duration.ofSeconds(10));
            throw e;
        }
        return node;
    }

    ChildProcess process() {
        return process;
    }

    String url() {
        return "http://localhost:" + port;
    }

    void stop() {
        process.stop(Duration.ofSeconds(30));
    }

    private void awaitReady(int managementPort, Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI health = URI.create("http://127.0.0.1:" + managementPort + "/health/ready");
        boolean ready = Poll.until(timeout, Duration.ofMillis(500), () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.process().exitValue() + "; see "
                        + process.log() + "\n" + process.tail(30));
            }
            try {
                return http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException notYet) {
                return false; // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        if (ready) {
            return;
        }
        throw new IllegalStateException("Keycloak was not ready after " + timeout + "; see " + process.log());
    }

    /** The instance's home: own bin/kc.sh and data/, the rest linked to the unpacked distribution. */
    private static void prepareHome(Path home, Path dist, byte[] realm) throws IOException {
        Files.createDirectories(home.resolve("bin"));
        Path kcSh = home.resolve("bin/kc.sh");
        Files.copy(dist.resolve("bin/kc.sh"), kcSh, StandardCopyOption.REPLACE_EXISTING);
        kcSh.toFile().setExecutable(true, false);
        for (String shared : List.of("lib", "conf", "providers", "themes", "version.txt")) {
            Path link = home.resolve(shared);
            if (Files.isSymbolicLink(link) && Files.readSymbolicLink(link).equals(dist.resolve(shared))) {
                continue;
            }
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, dist.resolve(shared));
        }
        Path data = Files.createDirectories(home.resolve("data"));
        Path importedHash = data.resolve(IMPORTED_HASH);
        if (!Files.exists(importedHash) || !Files.readString(importedHash).trim().equals(sha256(realm))) {
            // Not imported yet, changed, or a start that never became ready: import afresh.
            Files.deleteIfExists(importedHash);
            Directories.deleteQuietly(data.resolve("h2"));
        }
        Path importDir = Files.createDirectories(data.resolve("import"));
        Files.write(importDir.resolve("iop-realm.json"), realm);
    }

    /** Written only once Keycloak is ready with the realm, so an interrupted first import is redone next time. */
    private static void markImported(Path home, byte[] realm) throws IOException {
        Files.writeString(home.resolve("data").resolve(IMPORTED_HASH), sha256(realm) + "\n");
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Finds the distribution zip and unpacks it once. */
    static final class KeycloakDist {

        private KeycloakDist() {
        }

        static String version() {
            return buildProperties().getProperty("keycloak.version", "26.4.7");
        }

        /** {@code $IOP_TOOLS_CACHE}, else {@code $XDG_CACHE_HOME/iop-platform}, else {@code ~/.cache/iop-platform} (as ./mvnw). */
        static Path defaultCacheDir() {
            String tools = System.getenv("IOP_TOOLS_CACHE");
            if (tools != null && !tools.isBlank()) {
                return Path.of(tools);
            }
            String xdg = System.getenv("XDG_CACHE_HOME");
            Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
            return base.resolve("iop-platform");
        }

        /** The unpacked distribution, unpacking it (once, file-locked) when missing. */
        static Path unpacked(Path cacheDir) {
            Path target = cacheDir.resolve("keycloak-" + version());
            if (Files.isRegularFile(target.resolve("bin/kc.sh"))) {
                return target;
            }
            synchronized (KeycloakDist.class) {
                try {
                    Files.createDirectories(cacheDir);
                    try (FileChannel lockFile = FileChannel.open(cacheDir.resolve(".keycloak-unpack.lock"),
                            StandardOpenOption.CREATE, StandardOpenOption.WRITE); FileLock ignored = lockFile.lock()) {
                        if (!Files.isRegularFile(target.resolve("bin/kc.sh"))) {
                            Path staging = Files.createTempDirectory(cacheDir, ".keycloak-staging-");
                            unzip(zip(), staging);
                            Path top = staging.resolve("keycloak-" + version());
                            Files.move(Files.isDirectory(top) ? top : staging, target, StandardCopyOption.ATOMIC_MOVE);
                            Directories.deleteQuietly(staging);
                        }
                    }
                    return target;
                } catch (IOException e) {
                    throw new UncheckedIOException("could not unpack Keycloak into " + target, e);
                }
            }
        }

        /**
         * The zip: the {@code iop.keycloak.zip} system property, else the path Maven resolved when this module was
         * built, else the default local repository ({@code maven.repo.local} or {@code ~/.m2/repository}).
         */
        static Path zip() {
            List<Path> candidates = new ArrayList<>();
            String property = System.getProperty("iop.keycloak.zip");
            if (property != null && !property.isBlank()) {
                candidates.add(Path.of(property));
            }
            String built = buildProperties().getProperty("keycloak.zip", "");
            if (!built.isBlank() && !built.startsWith("${")) {
                candidates.add(Path.of(built));
            }
            String repo = System.getProperty("maven.repo.local",
                    Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
            candidates.add(Path.of(repo, "org", "keycloak", "keycloak-quarkus-dist", version(),
                    "keycloak-quarkus-dist-" + version() + ".zip"));
            return candidates.stream().filter(Files::isRegularFile).findFirst().orElseThrow(() ->
                    new IllegalStateException("the Keycloak distribution zip is not in the local Maven repository ("
                            + candidates + "): run ./mvnw -B install -DskipTests (the devstack module depends on"
                            + " org.keycloak:keycloak-quarkus-dist:" + version() + ":zip), or set -Diop.keycloak.zip"));
        }

        private static void unzip(Path zip, Path target) throws IOException {
            try (ZipFile file = new ZipFile(zip.toFile())) {
                var entries = file.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry entry = entries.nextElement();
                    Path out = target.resolve(entry.getName()).normalize();
                    if (!out.startsWith(target)) {
                        throw new IOException("archive entry outside target: " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(out);
                        continue;
                    }
                    Files.createDirectories(out.getParent());
                    try (InputStream in = file.getInputStream(entry)) {
                        Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                    }
                    if (entry.getName().endsWith(".sh")) {
                        out.toFile().setExecutable(true, false);
                    }
                }
            }
        }

        private static Properties buildProperties() {
            Properties p = new Properties();
            try (InputStream in = KeycloakNode.class.getResourceAsStream("devstack-build.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return p;
        }
    }
}
