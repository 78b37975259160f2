package care.iop.bench;

import care.iop.common.outbox.OutboxStatements;
import care.iop.common.security.VerifiedTokens;
import care.iop.embedded.EmbeddedPostgres;
import care.iop.embedded.ServiceDatabases;
import care.iop.testkit.TestTokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * Issue #22's "know where the time goes": the intake service under closed-loop load (direct, {@value #IN_FLIGHT}
 * requests in flight, durable PostgreSQL) for four operations — a search that finds nobody (not audited), an audited
 * read over {@value #PATIENTS} patients, an audited read of one patient, and a registration (entity + audit + outbox)
 * — each measured without JFR, then again with JFR recording in the service's JVM and its samples sorted into where
 * the time goes; then the references the goals are judged against: {@value #IN_FLIGHT} JDBC clients committing
 * "insert one audit row + one outbox row" on the same database as fast as they can, and pgbench's TPC-B on the same
 * server. Prints the figures.
 *
 * <p>Run: {@code ./mvnw -B -o -pl benchmarks exec:exec -Dbench.main=care.iop.bench.RequestCostBenchmark}
 */
public final class RequestCostBenchmark {

    static final int IN_FLIGHT = 32;
    static final int PATIENTS = 25;
    static final Duration WARM_UP = Duration.ofSeconds(10);
    static final Duration MEASURE = Duration.ofSeconds(15);
    static final String REST = "/api/v1/intake/patients";

    private final BenchPlatform platform;
    private final Vertx vertx = Vertx.vertx();
    private final HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
            .setMaxPoolSize(IN_FLIGHT));
    private final UUID clinic = UUID.randomUUID();
    private final List<String> ids = new ArrayList<>();
    private final AtomicInteger registrations = new AtomicInteger();
    private final String token;

    private RequestCostBenchmark(BenchPlatform platform) {
        this.platform = platform;
        this.token = TestTokens.ehr(clinic, "ehr-northside").claim("scope", "system/Patient.rs system/Patient.cu")
                .bearer();
    }

    public static void main(String[] args) throws Exception {
        try (BenchPlatform platform = BenchPlatform.start(true, BenchPlatform.jvmArgs("bench.intake.args"))) {
            new RequestCostBenchmark(platform).run();
        }
    }

    /** One operation: a request per index, and whether its answer is right. */
    record Op(String label, HttpMethod method, IntFunction<String> uri, IntFunction<String> body, int status,
              String mustContain) {
    }

    record Window(long requests, long errors, double seconds, long[] sortedNanos, String lastError) {
        double rate() {
            return requests / seconds;
        }

        double percentileMillis(double p) {
            return ClosedLoop.percentileMillis(sortedNanos, p);
        }
    }

    private void run() throws Exception {
        for (int n = 0; n < PATIENTS; n++) {
            ids.add(register().toJsonObject().getString("id"));
        }
        List<Op> ops = List.of(
                new Op("search finding nobody (not audited)", HttpMethod.GET, n -> REST + "?name=Nobodyzz", null, 200,
                        "\"items\":[]"),
                new Op("audited read, " + PATIENTS + " patients", HttpMethod.GET,
                        n -> REST + "/" + ids.get(n % PATIENTS),
                        null, 200, "\"id\""),
                new Op("audited read, one patient", HttpMethod.GET, n -> REST + "/" + ids.get(0), null, 200, "\"id\""),
                new Op("registration (entity + audit + outbox)", HttpMethod.POST, n -> REST, n -> registration(), 201,
                        "\"id\""));
        for (Op op : ops) {
            saturate(op, WARM_UP);
        }
        Map<String, String> rows = new LinkedHashMap<>();
        Map<String, Map<String, long[]>> breakdowns = new LinkedHashMap<>();
        Map<String, String> profiledRows = new LinkedHashMap<>();
        for (Op op : ops) {
            rows.put(op.label(), describe(saturate(op, MEASURE)));
            Path jfr = Files.createTempFile("iop-bench-intake-", ".jfr");
            jcmd("JFR.start", "name=bench", "settings=profile");
            Window profiled = saturate(op, MEASURE);
            jcmd("JFR.dump", "name=bench", "filename=" + jfr);
            jcmd("JFR.stop", "name=bench");
            profiledRows.put(op.label(), describe(profiled));
            breakdowns.put(op.label(), breakdown(jfr));
            System.out.printf("[jfr] %s: %s%n", op.label(), jfr);
        }
        double reference = auditPlusOutboxCommits(MEASURE);
        String tpcb = pgbenchTpcB(MEASURE);

        System.out.println();
        System.out.printf("settings: intake direct, %d in flight (closed loop), warm-up %d s per operation, measured "
                        + "%d s each without JFR, then %d s with JFR (profile settings) on in the service for the "
                        + "breakdown; service JVM %s; %s%n", IN_FLIGHT, WARM_UP.toSeconds(), MEASURE.toSeconds(),
                MEASURE.toSeconds(), BenchPlatform.SERVICE_HEAP,
                platform.postgresSettings("server_version", "fsync", "synchronous_commit", "max_connections"));
        rows.forEach((label, row) -> System.out.printf("[load] %s: %s%n", label, row));
        profiledRows.forEach((label, row) -> System.out.printf("[load, JFR on] %s: %s%n", label, row));
        System.out.printf("[reference] %d JDBC clients, each transaction inserting one audit row + one outbox row: "
                + "%,.0f tx/s%n", IN_FLIGHT, reference);
        System.out.printf("[reference] pgbench TPC-B on the same server, %d clients: %s%n", IN_FLIGHT, tpcb);
        System.out.printf("[memory] intake JVM (extra options: %s): resident %s after the run%n",
                System.getProperty("bench.intake.args", "").isBlank() ? "none" : System.getProperty("bench.intake.args"),
                residentSize(platform.intakePid()));
        System.out.println();
        System.out.println("Where the time goes: JFR samples of the intake JVM's threads, per operation. CPU = "
                + "jdk.ExecutionSample (running Java), waiting = jdk.NativeMethodSample (in native code: socket reads "
                + "from PostgreSQL, epoll). Shares of each operation's samples.");
        for (Map.Entry<String, Map<String, long[]>> op : breakdowns.entrySet()) {
            long cpu = op.getValue().values().stream().mapToLong(v -> v[0]).sum();
            long waiting = op.getValue().values().stream().mapToLong(v -> v[1]).sum();
            System.out.printf("%n%s (%,d CPU samples, %,d waiting samples)%n", op.getKey(), cpu, waiting);
            System.out.println("| where | CPU | waiting |");
            System.out.println("|---|---|---|");
            op.getValue().entrySet().stream()
                    .sorted((a, b) -> Long.compare(b.getValue()[0] + b.getValue()[1],
                            a.getValue()[0] + a.getValue()[1]))
                    .forEach(e -> System.out.printf("| %s | %.1f %% | %.1f %% |%n", e.getKey(),
                            100.0 * e.getValue()[0] / Math.max(1, cpu),
                            100.0 * e.getValue()[1] / Math.max(1, waiting)));
        }
        vertx.close();
    }

    /** A place a sample can be in: its name and whether a stack is in it. */
    record Place(String name, Predicate<List<RecordedFrame>> holds) {
    }

    /**
     * The places of a request worker's samples, most specific first: the event schema check, the audit event,
     * the outbox insert, the commit, the token check, Hibernate, other JDBC, JSON, HTTP.
     */
    static final List<Place> PLACES = List.of(
            new Place("event JSON Schema check (Outbox.publish)",
                    f -> calls(f, "care.iop.events.EventSchemas", "validate")),
            new Place("audit event (outbox)", f -> calls(f, "care.iop.common.audit.AuditLog", "insertAll")
                    && calls(f, "care.iop.common.outbox.Outbox", "publishUnordered")),
            new Place("audit row insert", f -> calls(f, "care.iop.common.audit.AuditLog", "insertAll")),
            new Place("other outbox event", f -> calls(f, "care.iop.common.outbox.Outbox", "publish")),
            new Place("commit (JTA, JDBC commit, fsync wait)", f -> f.stream().anyMatch(frame ->
                    frame.getMethod().getName().equals("commit")
                            || frame.getMethod().getName().equals("commitAndDisassociate"))),
            // quarkus-oidc's BackChannelLogoutHandler is a route handler every request passes through on its way to
            // the resource: frames below it are not the token check.
            new Place("token check (OIDC, JWT)", f -> f.stream().anyMatch(frame -> {
                String type = frame.getMethod().getType().getName();
                return (type.startsWith("io.quarkus.oidc") || type.startsWith("org.jose4j")
                        || type.startsWith("io.smallrye.jwt") || type.equals(VerifiedTokens.class.getName()))
                        && !type.startsWith("io.quarkus.oidc.runtime.BackChannelLogoutHandler");
            })),
            new Place("Hibernate (queries, entities, flush)", f -> inPackage(f, "org.hibernate")),
            new Place("other JDBC and pool", f -> inPackage(f, "org.postgresql", "io.agroal")),
            new Place("JSON (Jackson)", f -> inPackage(f, "com.fasterxml.jackson")),
            new Place("HTTP (Vert.x, Netty, RESTEasy)",
                    f -> inPackage(f, "io.vertx", "io.netty", "org.jboss.resteasy")));

    /** The sample's place: threads other than the request workers by kind, else the first place that holds it. */
    static String where(String thread, List<RecordedFrame> frames) {
        if (thread.contains("outbox-relay")) {
            return "outbox relay thread (publishing to Kafka)";
        }
        if (thread.startsWith("kafka-producer")) {
            return "Kafka producer thread";
        }
        return PLACES.stream().filter(place -> place.holds().test(frames)).map(Place::name).findFirst()
                .orElse("other");
    }

    private static boolean calls(List<RecordedFrame> frames, String type, String method) {
        return frames.stream().anyMatch(f -> f.getMethod().getType().getName().equals(type)
                && f.getMethod().getName().equals(method));
    }

    private static boolean inPackage(List<RecordedFrame> frames, String... prefixes) {
        return frames.stream().anyMatch(f -> Arrays.stream(prefixes)
                .anyMatch(prefix -> f.getMethod().getType().getName().startsWith(prefix)));
    }

    /** Samples per place: [CPU, waiting]. Threads of the JVM's own (GC, JIT, JFR) and idle event loops left out. */
    private static Map<String, long[]> breakdown(Path jfr) throws Exception {
        Map<String, long[]> counts = new LinkedHashMap<>();
        for (RecordedEvent event : RecordingFile.readAllEvents(jfr)) {
            String name = event.getEventType().getName();
            boolean cpu = name.equals("jdk.ExecutionSample");
            if (!cpu && !name.equals("jdk.NativeMethodSample")) {
                continue;
            }
            if (event.getStackTrace() == null) {
                continue;
            }
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            if (!cpu && !frames.isEmpty() && isIdle(frames.get(0))) {
                continue; // an event loop or a pool thread waiting for work, not a request waiting
            }
            var thread = event.getThread("sampledThread");
            String threadName = thread == null ? "" : thread.getJavaName();
            counts.computeIfAbsent(where(threadName, frames), k -> new long[2])[cpu ? 0 : 1]++;
        }
        return counts;
    }

    private static boolean isIdle(RecordedFrame top) {
        String method = top.getMethod().getType().getName() + "." + top.getMethod().getName();
        return method.contains("epollWait") || method.contains("EPoll") || method.contains("Selector")
                || method.contains("accept") || method.contains("Unsafe.park");
    }

    private void jcmd(String... command) throws Exception {
        List<String> line = new ArrayList<>(List.of("jcmd", String.valueOf(platform.intakePid())));
        line.addAll(List.of(command));
        Process p = new ProcessBuilder(line).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("jcmd " + String.join(" ", command) + ": " + out);
        }
    }

    /** {@value #IN_FLIGHT} JDBC clients committing "insert one audit row + one outbox row" (tx/s). */
    private double auditPlusOutboxCommits(Duration measure) throws Exception {
        AtomicLong commits = new AtomicLong();
        long end = System.nanoTime() + measure.toNanos();
        List<Thread> clients = new ArrayList<>();
        AtomicLong failures = new AtomicLong();
        for (int i = 0; i < IN_FLIGHT; i++) {
            Thread t = new Thread(() -> {
                try (Connection c = DriverManager.getConnection(platform.jdbcUrl("intake"),
                        ServiceDatabases.TEST_APPLICATION.name(), ServiceDatabases.TEST_APPLICATION.password())) {
                    c.setAutoCommit(false);
                    while (System.nanoTime() < end) {
                        insertAuditRow(c);
                        UUID id = UUID.randomUUID();
                        OutboxStatements.insert(c, id, "iop.audit.v1", UUID.randomUUID().toString(),
                                "care.iop.audit.record-appended.v1", "{\"id\":\"" + id + "\"}");
                        c.commit();
                        commits.incrementAndGet();
                    }
                } catch (Exception e) {
                    failures.incrementAndGet();
                    e.printStackTrace();
                }
            });
            clients.add(t);
            t.start();
        }
        for (Thread t : clients) {
            t.join();
        }
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " reference clients failed");
        }
        return commits.get() / (measure.toNanos() / 1e9);
    }

    /**
     * pgbench's TPC-B-like transaction (the yardstick for a create) on the same PostgreSQL server, in a
     * database of its own at scale 10, {@value #IN_FLIGHT} clients, prepared statements. Needs {@code pgbench} on the
     * path (Debian: postgresql-client or postgresql); says so instead of failing when it is not there.
     */
    private String pgbenchTpcB(Duration measure) throws Exception {
        java.net.URI server = java.net.URI.create(platform.jdbcUrl("postgres").substring("jdbc:".length()));
        try (Connection c = DriverManager.getConnection(platform.jdbcUrl("postgres"), EmbeddedPostgres.SUPERUSER, "");
             var st = c.createStatement()) {
            st.execute("CREATE DATABASE pgbench");
        }
        List<String> connection = List.of("-h", server.getHost(), "-p", String.valueOf(server.getPort()), "-U",
                EmbeddedPostgres.SUPERUSER);
        List<String> init = new ArrayList<>(List.of("pgbench", "-i", "-q", "-s", "10"));
        init.addAll(connection);
        init.add("pgbench");
        List<String> run = new ArrayList<>(List.of("pgbench", "-c", String.valueOf(IN_FLIGHT), "-j", "2", "-M",
                "prepared", "-T", String.valueOf(measure.toSeconds())));
        run.addAll(connection);
        run.add("pgbench");
        try {
            String out = runProcess(init) + runProcess(run);
            return out.lines().filter(l -> l.startsWith("tps =")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("pgbench printed no tps: " + out));
        } catch (java.io.IOException notInstalled) {
            return "not measured (" + notInstalled.getMessage() + ")";
        }
    }

    private static String runProcess(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    /** The row AuditLog writes for one read (the same columns). */
    private void insertAuditRow(Connection c) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO audit_log (id, occurred_at, actor_subject, actor_client_id, actor_roles, clinic_id,
                  patient_id, resource_type, resource_id, action, outcome, request_id, source_address,
                  purpose_of_use, sensitive)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            ps.setObject(1, UUID.randomUUID());
            ps.setTimestamp(2, Timestamp.from(Instant.now()));
            ps.setString(3, "bench");
            ps.setString(4, "ehr-northside");
            ps.setString(5, "");
            ps.setObject(6, clinic);
            ps.setObject(7, UUID.fromString(ids.get(0)));
            ps.setString(8, "Patient");
            ps.setString(9, ids.get(0));
            ps.setString(10, "read");
            ps.setString(11, "success");
            ps.setString(12, UUID.randomUUID().toString());
            ps.setString(13, "127.0.0.1");
            ps.setString(14, "TREAT");
            ps.setBoolean(15, false);
            ps.executeUpdate();
        }
    }

    /** VmRSS of a process, from /proc (Linux). */
    private static String residentSize(long pid) throws Exception {
        return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                .map(l -> l.substring("VmRSS:".length()).trim()).findFirst().orElse("unknown");
    }

    private static String describe(Window w) {
        return String.format("%,.0f req/s; p50 %.1f ms, p99 %.1f ms; errors %d%s", w.rate(), w.percentileMillis(0.5),
                w.percentileMillis(0.99), w.errors(), w.errors() > 0 ? " (" + w.lastError() + ")" : "");
    }

    private Window saturate(Op op, Duration measure) throws InterruptedException {
        ClosedLoop.Result r = ClosedLoop.run(op.label(), IN_FLIGHT, Duration.ZERO, measure, n -> call(op, n));
        return new Window(r.answered(), r.errors(), measure.toNanos() / 1e9, r.sortedNanos(), r.lastError());
    }

    private Future<Buffer> call(Op op, int n) {
        RequestOptions options = new RequestOptions().setMethod(op.method()).setHost("127.0.0.1")
                .setPort(BenchPlatform.INTAKE_PORT).setURI(op.uri().apply(n)).putHeader("Authorization", token)
                .putHeader("Accept", "application/json");
        String body = op.body() == null ? null : op.body().apply(n);
        if (body != null) {
            options.putHeader("Content-Type", "application/json");
        }
        return client.request(options).compose(req -> body == null ? req.send() : req.send(body))
                .compose(resp -> resp.body().compose(b -> resp.statusCode() == op.status()
                        && b.toString().contains(op.mustContain()) ? Future.succeededFuture(b)
                        : Future.failedFuture("status " + resp.statusCode() + " on " + op.label())));
    }

    private Buffer register() throws Exception {
        return call(new Op("register", HttpMethod.POST, n -> REST, n -> registration(), 201, "\"id\""), 0)
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** A new patient each time: its own name and EHR identifier, so no duplicate check stops it. */
    private String registration() {
        int n = registrations.incrementAndGet();
        return new JsonObject()
                .put("legalName", new JsonObject().put("given", "G" + n)
                        .put("family", "Cost" + Integer.toString(n, 36)))
                .put("birthDate", "19" + (50 + n % 50) + "-0" + (1 + n % 9) + "-1" + n % 10)
                .put("identifiers", new JsonArray().add(new JsonObject()
                        .put("system", "urn:oid:2.16.840.1.113883.3.7777.1").put("value", "RC-" + n)))
                .encode();
    }
}
