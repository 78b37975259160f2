package care.iop.bench;

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

import java.lang.management.ManagementFactory;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;
import java.util.function.IntFunction;

/**
 * FHIR against REST over the same records (issue #18): {@value #PATIENTS} patients of one clinic, each with an EHR
 * identifier, registered through the REST API; then saturation throughput (closed loop, {@code bench.inflight}
 * requests always in flight, 32 by default) and p50/p99 latency under that saturation of
 * <ul>
 *   <li>read: {@code GET /api/v1/intake/patients/{id}} against {@code GET /fhir/r4/Patient/{id}}, the ids
 *       round-robin;</li>
 *   <li>search by name: {@code GET /api/v1/intake/patients?name=<family>} against {@code GET /fhir/r4/Patient?name=<family>},
 *       each family shared by exactly {@value #PER_FAMILY} patients, so both answer the same five records; the
 *       families round-robin (one hot family would serialise every request on its five patients' audit key locks
 *       and measure the lock rather than the API);</li>
 *   <li>search by identifier: {@code GET /fhir/r4/Patient?identifier=system|value}, round-robin; the REST API has
 *       no read by an external identifier (its {@code PUT …/by-identifier} is an upsert), so FHIR alone.</li>
 * </ul>
 * through the gateway and directly at the intake service, each pair measured REST, FHIR, REST, FHIR so that drift
 * falls on both sides. Every answer must be 200 with the right records in its body (ids, and a search Bundle's
 * total); anything else counts as an error. One EHR service account's token
 * ({@code ehr-integration}, SMART scopes {@code system/Patient.rs system/Patient.cu}) for both APIs. Real intake
 * service and gateway (their built jars), real durable PostgreSQL (fsync on) and Kafka, via {@link BenchPlatform}.
 * If the gateway does not route {@code /fhir/r4} yet, the via-gateway figures are skipped with a note.
 * <p>Run: {@code ./mvnw -B install -DskipTests && ./mvnw -B -pl benchmarks exec:exec -Dbench.main=care.iop.bench.FhirBenchmark}
 * <p>Knobs: {@code -Dbench.inflight=N}, {@code -Dbench.intake.args="-Dx=y ..."} (extra JVM options for the service).
 */
public final class FhirBenchmark {

    static final int IN_FLIGHT = Integer.getInteger("bench.inflight", 32);
    static final int PATIENTS = 200;
    static final int PER_FAMILY = 5;
    static final Duration WARM_UP = Duration.ofSeconds(8);
    static final int WARM_UP_ROUNDS = 2;
    static final Duration SETTLE = Duration.ofSeconds(2);
    static final Duration MEASURE = Duration.ofSeconds(15);
    static final String EHR_SYSTEM = "urn:oid:2.16.840.1.113883.3.7777.1";
    static final String REST = "/api/v1/intake/patients";
    static final String FHIR = "/fhir/r4/Patient";
    static final String FHIR_JSON = "application/fhir+json";

    private final Vertx vertx = Vertx.vertx();
    private final HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
            .setMaxPoolSize(IN_FLIGHT * 2).setPipelining(false));
    private final UUID clinic = UUID.randomUUID();
    private final List<String> ids = new ArrayList<>();
    private final List<String> identifiers = new ArrayList<>();
    private final List<String> families = new ArrayList<>();
    private final List<String> cpuTable = new ArrayList<>();
    private final BenchPlatform platform;

    /**
     * One request kind: the path of the n-th request, the media type it asks for, and whether a 200 answer's body
     * is the right one for the n-th request (the record's id, every id of the family, the total).
     */
    record Op(String label, IntFunction<String> path, String accept, BiPredicate<Integer, String> right) {
    }

    /**
     * One measured window (or several pooled): the answers within the measured part, and over the whole window
     * (settling included) all answers and the CPU each part of the platform used.
     */
    record Window(long answered, long errors, double seconds, long[] latencies, String lastError, long all,
                  Map<String, Duration> cpu) {
        double perSecond() {
            return answered / seconds;
        }

        double percentile(double p) {
            return latencies.length == 0 ? Double.NaN
                    : latencies[Math.min(latencies.length - 1, (int) (latencies.length * p))] / 1e6;
        }

        /** CPU milliseconds per answered request of one part. */
        double cpuPerRequest(String part) {
            return cpu.getOrDefault(part, Duration.ZERO).toNanos() / 1e6 / all;
        }

        static Window pool(List<Window> windows) {
            long[] latencies = windows.stream().flatMapToLong(w -> Arrays.stream(w.latencies)).sorted().toArray();
            Map<String, Duration> cpu = new LinkedHashMap<>();
            windows.forEach(w -> w.cpu.forEach((part, used) -> cpu.merge(part, used, Duration::plus)));
            return new Window(windows.stream().mapToLong(Window::answered).sum(),
                    windows.stream().mapToLong(Window::errors).sum(),
                    windows.stream().mapToDouble(Window::seconds).sum(), latencies,
                    windows.stream().map(Window::lastError).filter(e -> !e.isEmpty()).reduce("", (a, b) -> b),
                    windows.stream().mapToLong(Window::all).sum(), cpu);
        }
    }

    public static void main(String[] args) throws Exception {
        System.out.println("load average before starting the servers: " + loadAverage());
        try (BenchPlatform platform = BenchPlatform.start(true, BenchPlatform.jvmArgs("bench.intake.args"))) {
            new FhirBenchmark(platform).run();
        }
    }

    private FhirBenchmark(BenchPlatform platform) {
        this.platform = platform;
    }

    private void run() throws Exception {
        seed();
        BiPredicate<Integer, String> hasRecord = (n, body) -> body.contains(idField(ids.get(n % ids.size())));
        BiPredicate<Integer, String> hasFamily = (n, body) -> family(n % families.size()).stream()
                .allMatch(id -> body.contains(idField(id)));
        Op restRead = new Op("REST read", n -> REST + "/" + ids.get(n % ids.size()), "application/json", hasRecord);
        Op fhirRead = new Op("FHIR read", n -> FHIR + "/" + ids.get(n % ids.size()), FHIR_JSON, hasRecord);
        Op restName = new Op("REST search name", n -> REST + "?name=" + families.get(n % families.size()),
                "application/json", hasFamily);
        Op fhirName = new Op("FHIR search name", n -> FHIR + "?name=" + families.get(n % families.size()), FHIR_JSON,
                hasFamily.and((n, body) -> body.contains("\"total\":" + PER_FAMILY)));
        Op fhirIdentifier = new Op("FHIR search identifier", n -> FHIR + "?identifier="
                + URLEncoder.encode(EHR_SYSTEM + "|" + identifiers.get(n % identifiers.size()), StandardCharsets.UTF_8),
                FHIR_JSON, hasRecord.and((n, body) -> body.contains("\"total\":1")));

        List<Integer> ports = new ArrayList<>();
        String gatewayFhir = probe(BenchPlatform.GATEWAY_PORT, fhirRead.path().apply(0), FHIR_JSON);
        if (gatewayFhir.isEmpty()) {
            ports.add(BenchPlatform.GATEWAY_PORT);
        } else {
            System.out.println("via gateway: skipped, the gateway does not route FHIR yet (" + gatewayFhir + ")");
        }
        ports.add(BenchPlatform.INTAKE_PORT);
        for (int port : ports) {
            check(port);
        }

        // Warm the JITs of all three JVMs (client, gateway, service) on every path before measuring anything; one
        // round left the first measured windows still speeding up (C2 still compiling), so two.
        for (int round = 0; round < WARM_UP_ROUNDS; round++) {
            for (int port : ports) {
                for (Op op : List.of(restRead, fhirRead, restName, fhirName, fhirIdentifier)) {
                    saturate(port, op, Duration.ZERO, WARM_UP);
                }
            }
        }

        List<String> table = new ArrayList<>();
        for (int port : ports) {
            String where = port == BenchPlatform.GATEWAY_PORT ? "via gateway" : "direct";
            table.add(pair(where, "read", restRead, fhirRead, port));
            table.add(pair(where, "search by name", restName, fhirName, port));
            table.add(pair(where, "search by identifier", null, fhirIdentifier, port));
        }
        System.out.println();
        System.out.println("settings: " + settings());
        System.out.println();
        System.out.println("| path | operation | REST req/s | FHIR req/s | FHIR/REST | REST p50 / p99 ms "
                + "| FHIR p50 / p99 ms | errors REST / FHIR | windows REST ; FHIR (req/s) |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        table.forEach(System.out::println);
        System.out.println();
        System.out.println("CPU per request (ms), over every answer of the windows (settling included):");
        System.out.println("| path | operation | API | " + String.join(" | ", platform.cpuUsed().keySet())
                + " | all |");
        System.out.println("|---|---|---|" + "---|".repeat(platform.cpuUsed().size() + 1));
        cpuTable.forEach(System.out::println);
        System.out.println("load average at the end (this benchmark's own load included): " + loadAverage());
        vertx.close();
    }

    /** REST, FHIR, REST, FHIR (FHIR, FHIR where REST has no twin), printed as one table row. */
    private String pair(String where, String operation, Op rest, Op fhir, int port) throws InterruptedException {
        List<Window> restWindows = new ArrayList<>();
        List<Window> fhirWindows = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            if (rest != null) {
                restWindows.add(saturate(port, rest, SETTLE, MEASURE));
            }
            fhirWindows.add(saturate(port, fhir, SETTLE, MEASURE));
        }
        Window f = Window.pool(fhirWindows);
        Window r = rest == null ? null : Window.pool(restWindows);
        if (r != null) {
            cpuTable.add(cpuRow(where, operation, "REST", r));
        }
        cpuTable.add(cpuRow(where, operation, "FHIR", f));
        return String.join(" | ", "", where, operation,
                r == null ? "—" : String.format("%.0f", r.perSecond()),
                String.format("%.0f", f.perSecond()),
                r == null ? "—" : String.format("**%.2f**", f.perSecond() / r.perSecond()),
                r == null ? "—" : latency(r), latency(f),
                (r == null ? "—" : r.errors() + lastError(r)) + " / " + f.errors() + lastError(f),
                (r == null ? "—" : rates(restWindows)) + " ; " + rates(fhirWindows), "").trim();
    }

    private static String cpuRow(String where, String operation, String api, Window w) {
        List<String> cells = new ArrayList<>(List.of("", where, operation, api));
        w.cpu().keySet().forEach(part -> cells.add(String.format("%.2f", w.cpuPerRequest(part))));
        cells.add(String.format("%.2f", w.cpu().keySet().stream().mapToDouble(w::cpuPerRequest).sum()));
        cells.add("");
        return String.join(" | ", cells).trim();
    }

    private static String latency(Window w) {
        return String.format("%.1f / %.1f", w.percentile(0.5), w.percentile(0.99));
    }

    private static String rates(List<Window> windows) {
        return String.join(", ", windows.stream().map(w -> String.format("%.0f", w.perSecond())).toList());
    }

    private static String lastError(Window w) {
        return w.lastError().isEmpty() ? "" : " (" + w.lastError() + ")";
    }

    /**
     * {@link #IN_FLIGHT} requests always outstanding for {@code settle + measure}; counts the 200 answers that arrive
     * within the measured part and their latencies (sent to answered); any other outcome there is an error.
     */
    private Window saturate(int port, Op op, Duration settle, Duration measure) throws InterruptedException {
        Map<String, Duration> cpuBefore = platform.cpuUsed();
        ClosedLoop.Result r = ClosedLoop.run(op.label(), IN_FLIGHT, settle, measure, n -> call(port,
                op.path().apply(n), op.accept()).compose(body -> op.right().test(n, body.toString())
                ? Future.succeededFuture(body)
                : Future.failedFuture("wrong answer to " + op.path().apply(n))));
        Map<String, Duration> cpu = new LinkedHashMap<>();
        platform.cpuUsed().forEach((part, used) -> cpu.put(part, used.minus(cpuBefore.get(part))));
        return new Window(r.answered(), r.errors(), measure.toNanos() / 1e9, r.sortedNanos(), r.lastError(),
                r.allAnswered(), cpu);
    }

    private Future<Buffer> call(int port, String uri, String accept) {
        return client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port)
                        .setURI(uri).putHeader("Authorization", token()).putHeader("Accept", accept))
                .compose(req -> req.send()).compose(resp -> resp.body().compose(body -> resp.statusCode() == 200
                        ? Future.succeededFuture(body)
                        : Future.failedFuture("status " + resp.statusCode() + " on " + uri)));
    }

    private Buffer get(int port, String uri, String accept) throws Exception {
        return call(port, uri, accept).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** Empty when {@code uri} answers 200, else why not. */
    private String probe(int port, String uri, String accept) {
        try {
            get(port, uri, accept);
            return "";
        } catch (Exception e) {
            return String.valueOf(e.getCause() == null ? e : e.getCause().getMessage());
        }
    }

    /**
     * Registers {@value #PATIENTS} patients through the REST API: family {@code Bench<xx>} for each five (a fixed
     * length of letters, so no family name is part of another's), each with its own EHR identifier.
     */
    private void seed() throws Exception {
        for (int f = 0; f < PATIENTS / PER_FAMILY; f++) {
            families.add("Bench" + (char) ('a' + f / 26) + (char) ('a' + f % 26));
        }
        for (int n = 0; n < PATIENTS; n++) {
            String identifier = "NS-" + String.format("%06d", 100_000 + n);
            JsonObject body = new JsonObject()
                    .put("legalName", new JsonObject().put("given", "G" + String.format("%03d", n))
                            .put("family", families.get(n / PER_FAMILY)))
                    .put("birthDate", "19" + (50 + n % 50) + "-0" + (1 + n % 9) + "-1" + n % 10)
                    .put("identifiers", new JsonArray().add(new JsonObject().put("system", EHR_SYSTEM)
                            .put("value", identifier)));
            Buffer answer = client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1")
                            .setPort(BenchPlatform.INTAKE_PORT).setURI(REST).putHeader("Authorization", token())
                            .putHeader("Content-Type", "application/json"))
                    .compose(req -> req.send(body.encode()))
                    .compose(resp -> resp.body().compose(b -> resp.statusCode() == 201 ? Future.succeededFuture(b)
                            : Future.failedFuture("register: status " + resp.statusCode() + " " + b)))
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            ids.add(answer.toJsonObject().getString("id"));
            identifiers.add(identifier);
        }
    }

    /** Before measuring: both APIs answer the same records for a family, an identifier and an id. */
    private void check(int port) throws Exception {
        for (int f : List.of(0, families.size() - 1)) {
            Set<String> rest = new TreeSet<>();
            get(port, REST + "?name=" + families.get(f), "application/json").toJsonObject().getJsonArray("items")
                    .forEach(p -> rest.add(((JsonObject) p).getString("id")));
            Set<String> fhir = fhirIds(get(port, FHIR + "?name=" + families.get(f), FHIR_JSON));
            Set<String> expected = new TreeSet<>(family(f));
            if (!rest.equals(expected) || !fhir.equals(expected)) {
                throw new IllegalStateException("port " + port + ": family " + families.get(f) + " answered REST "
                        + rest + ", FHIR " + fhir + ", expected " + expected);
            }
        }
        int n = PATIENTS / 2;
        Set<String> byIdentifier = fhirIds(get(port, FHIR + "?identifier=" + URLEncoder.encode(
                EHR_SYSTEM + "|" + identifiers.get(n), StandardCharsets.UTF_8), FHIR_JSON));
        String restRead = get(port, REST + "/" + ids.get(n), "application/json").toJsonObject().getString("id");
        String fhirRead = get(port, FHIR + "/" + ids.get(n), FHIR_JSON).toJsonObject().getString("id");
        if (!byIdentifier.equals(Set.of(ids.get(n))) || !ids.get(n).equals(restRead) || !ids.get(n).equals(fhirRead)) {
            throw new IllegalStateException("port " + port + ": patient " + ids.get(n) + " answered identifier search "
                    + byIdentifier + ", REST read " + restRead + ", FHIR read " + fhirRead);
        }
    }

    /** The ids of family {@code f}'s patients. */
    private List<String> family(int f) {
        return ids.subList(f * PER_FAMILY, (f + 1) * PER_FAMILY);
    }

    private static String idField(String id) {
        return "\"id\":\"" + id + "\"";
    }

    private static Set<String> fhirIds(Buffer bundle) {
        Set<String> found = new TreeSet<>();
        JsonArray entries = bundle.toJsonObject().getJsonArray("entry", new JsonArray());
        entries.forEach(e -> found.add(((JsonObject) e).getJsonObject("resource").getString("id")));
        return found;
    }

    private String settings() throws Exception {
        return String.format("%d in flight, warm-up %d × %ds per path, then per window %ds unmeasured + %ds measured; "
                        + "%d patients, %d per family; load generator JVM %s %s (%d CPUs); services java %s -jar; %s",
                IN_FLIGHT, WARM_UP_ROUNDS, WARM_UP.toSeconds(), SETTLE.toSeconds(), MEASURE.toSeconds(), PATIENTS, PER_FAMILY,
                Runtime.version(), ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                        .filter(a -> a.startsWith("-X")).toList(),
                Runtime.getRuntime().availableProcessors(), BenchPlatform.SERVICE_HEAP,
                platform.postgresSettings("server_version", "fsync", "synchronous_commit", "full_page_writes"));
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private String cachedToken;
    private long tokenMadeAt;

    /** The EHR service account's token (SMART system scopes), renewed before its five minutes run out. */
    private synchronized String token() {
        if (cachedToken == null || System.nanoTime() - tokenMadeAt > Duration.ofMinutes(3).toNanos()) {
            cachedToken = TestTokens.ehr(clinic, "ehr-northside")
                    .claim("scope", "system/Patient.rs system/Patient.cu").bearer();
            tokenMadeAt = System.nanoTime();
        }
        return cachedToken;
    }
}
