package care.iop.bench;

import care.iop.embedded.EmbeddedPostgres;
import care.iop.embedded.KafkaBroker;
import care.iop.embedded.Poll;
import care.iop.embedded.ServiceDatabases;
import care.iop.testkit.TestTokens;

import java.io.File;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the HTTP benchmarks measure against: a real PostgreSQL and Kafka broker, the built intake service jar on
 * {@link #INTAKE_PORT} and the built gateway jar on {@link #GATEWAY_PORT} in front of it, both verifying tokens
 * against the test signing key ({@link TestTokens}; no OIDC server is contacted), the gateway's rate limits (per user
 * and per clinic on a client) lifted.
 * Each JVM logs to {@code iop-bench-<name>.log} in the temp directory. Run from {@code benchmarks/} (the jars are
 * found at {@code ../<module>/target/quarkus-app}).
 */
final class BenchPlatform implements AutoCloseable {

    static final int INTAKE_PORT = 18081;
    static final int GATEWAY_PORT = 18080;
    /** The heap each service JVM gets (reported with the figures). */
    static final String SERVICE_HEAP = "-Xmx512m";

    private final EmbeddedPostgres pg;
    private final KafkaBroker broker;
    private final List<Process> processes = new ArrayList<>();

    private BenchPlatform(EmbeddedPostgres pg, KafkaBroker broker) {
        this.pg = pg;
        this.broker = broker;
    }

    /**
     * Starts everything and returns when both services answer ready.
     *
     * @param durablePostgres fsync on (as a production database runs) or off ({@link EmbeddedPostgres#initAndStart})
     * @param intakeJvmArgs   extra JVM options for the intake service
     */
    static BenchPlatform start(boolean durablePostgres, String... intakeJvmArgs) throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Path intakeJar = root.resolve("intake-service/target/quarkus-app/quarkus-run.jar");
        Path gatewayJar = root.resolve("gateway/target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(intakeJar) || !Files.exists(gatewayJar)) {
            throw new IllegalStateException("Build first: ./mvnw -B install -DskipTests");
        }
        BenchPlatform platform = new BenchPlatform(EmbeddedPostgres.initAndStart(durablePostgres),
                KafkaBroker.formatAndStart());
        try {
            platform.pg.createServiceDatabase("intake");
            Map<String, String> oidc = Map.of("%prod.quarkus.oidc.auth-server-url", "",
                    "quarkus.oidc.public-key", TestTokens.publicKeyBase64(),
                    "quarkus.oidc.discovery-enabled", "false", "quarkus.oidc.token.issuer", TestTokens.ISSUER,
                    "quarkus.oidc.token.audience", TestTokens.AUDIENCE);
            platform.launch(intakeJar, INTAKE_PORT, oidc, Map.of(
                    "IOP_INTAKE_JDBC_URL", platform.pg.jdbcUrl("intake"),
                    "IOP_DB_USER", ServiceDatabases.TEST_APPLICATION.name(),
                    "IOP_DB_PASSWORD", ServiceDatabases.TEST_APPLICATION.password(),
                    "IOP_DB_OWNER", ServiceDatabases.TEST_OWNER.name(),
                    "IOP_DB_OWNER_PASSWORD", ServiceDatabases.TEST_OWNER.password(),
                    "IOP_KAFKA", platform.broker.bootstrapServers(),
                    "IOP_IDEMPOTENCY_KEY", randomKey()), "intake", intakeJvmArgs);
            platform.launch(gatewayJar, GATEWAY_PORT, oidc, Map.of(
                    "IOP_INTAKE_URL", "http://127.0.0.1:" + INTAKE_PORT), "gateway",
                    "-Dgateway.rate-limit.capacity=100000000", "-Dgateway.rate-limit.refill-per-second=100000000",
                    "-Dgateway.rate-limit.client-capacity=100000000",
                    "-Dgateway.rate-limit.client-refill-per-second=100000000");
            awaitReady(INTAKE_PORT);
            awaitReady(GATEWAY_PORT);
            return platform;
        } catch (Exception | Error e) {
            platform.close();
            throw e;
        }
    }

    /** The intake service's process id (for JFR). */
    long intakePid() {
        return processes.get(0).pid();
    }

    /** A JDBC URL of the running PostgreSQL for {@code database}. */
    String jdbcUrl(String database) {
        return pg.jdbcUrl(database);
    }

    /** A fresh AES-256 key (base64) for the service's stored Idempotency-Key answers, which it requires. */
    private static String randomKey() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return java.util.Base64.getEncoder().encodeToString(key);
    }

    /** The running PostgreSQL's values of these settings ({@code SHOW}), to print with the figures. */
    String postgresSettings(String... names) throws java.sql.SQLException {
        StringBuilder shown = new StringBuilder("PostgreSQL");
        try (var c = java.sql.DriverManager.getConnection(pg.jdbcUrl("postgres"), EmbeddedPostgres.SUPERUSER, "");
             var st = c.createStatement()) {
            for (String name : names) {
                try (var rs = st.executeQuery("SHOW " + name)) {
                    rs.next();
                    shown.append(' ').append(name).append('=').append(rs.getString(1));
                }
            }
        }
        return shown.toString();
    }

    /**
     * CPU time (user + system) each part has used so far: the intake service, the gateway, PostgreSQL (postmaster and
     * its backends), Kafka (this JVM's other children) and this JVM, the load generator; differences over a
     * measured window divided by its requests are CPU per request, which other load on the machine does not inflate
     * the way it does throughput.
     */
    Map<String, Duration> cpuUsed() {
        Optional<ProcessHandle> postmaster = pg.postmaster();
        Set<Long> notKafka = new java.util.HashSet<>();
        processes.forEach(p -> notKafka.add(p.pid()));
        postmaster.ifPresent(p -> notKafka.add(p.pid()));
        Map<String, Duration> used = new LinkedHashMap<>();
        used.put("intake", cpu(Stream.of(processes.get(0).toHandle())));
        used.put("gateway", cpu(Stream.of(processes.get(1).toHandle())));
        used.put("PostgreSQL", cpu(postmaster.stream().flatMap(p -> Stream.concat(Stream.of(p), p.descendants()))));
        used.put("Kafka", cpu(ProcessHandle.current().children().filter(c -> !notKafka.contains(c.pid()))
                .flatMap(c -> Stream.concat(Stream.of(c), c.descendants()))));
        used.put("load generator", cpu(Stream.of(ProcessHandle.current())));
        return used;
    }

    private static Duration cpu(Stream<ProcessHandle> handles) {
        return handles.map(h -> h.info().totalCpuDuration().orElse(Duration.ZERO)).reduce(Duration.ZERO, Duration::plus);
    }

    /** Extra JVM options from a system property holding them space-separated (blank: none). */
    static String[] jvmArgs(String property) {
        String value = System.getProperty(property, "");
        return value.isBlank() ? new String[0] : value.trim().split(" +");
    }

    private void launch(Path jar, int port, Map<String, String> props, Map<String, String> env, String name,
                        String... extra) throws Exception {
        List<String> command = new ArrayList<>(List.of("java", SERVICE_HEAP, "-Dquarkus.http.port=" + port));
        props.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of(extra));
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(new File(System.getProperty("java.io.tmpdir"), "iop-bench-" + name + ".log"));
        pb.environment().putAll(env);
        processes.add(pb.start());
    }

    private static void awaitReady(int port) throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                var response = http.send(java.net.http.HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            Poll.sleep(500);
        }
        throw new IllegalStateException("port " + port + " did not become ready; see iop-bench-*.log in the temp dir");
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.destroy();
            try {
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        broker.destroy();
        pg.destroy();
    }
}
