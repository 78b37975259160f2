package care.iop.bench;

import care.iop.testkit.TestTokens;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway's cost: the same GET (a patient search) and POST (registering a patient) against the intake service
 * directly and through the gateway, both verifying the token, on loopback. Saturation throughput (closed loop, 32 in flight), then p50/p99 latency at a
 * constant offered rate of half the direct maximum (open loop: latency counts from when each request was due, so a
 * stall is not hidden). Real intake service and gateway (their built jars), real PostgreSQL and Kafka.
 * <p>Run: {@code ./mvnw -B install -DskipTests && ./mvnw -B -pl benchmarks exec:exec -Dbench.main=care.iop.bench.GatewayBenchmark}
 * <p>Knobs for diagnosis: {@code -Dbench.inflight=N}, {@code -Dbench.getpath=/q/health/live} (GET another path),
 * {@code -Dbench.intake.args="-Dx=y ..."} (extra JVM options for the service).
 */
public final class GatewayBenchmark {

    static final int IN_FLIGHT = Integer.getInteger("bench.inflight", 32);
    static final Duration WARM_UP = Duration.ofSeconds(8);
    static final Duration MEASURE = Duration.ofSeconds(15);
    static final int INTAKE_PORT = BenchPlatform.INTAKE_PORT;
    static final int GATEWAY_PORT = BenchPlatform.GATEWAY_PORT;

    private final Vertx vertx = Vertx.vertx();
    private final HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
            .setMaxPoolSize(IN_FLIGHT * 2).setPipelining(false));
    private final UUID clinic = UUID.randomUUID();
    private String patientId;

    public static void main(String[] args) throws Exception {
        try (BenchPlatform platform = BenchPlatform.start(false, BenchPlatform.jvmArgs("bench.intake.args"))) {
            new GatewayBenchmark().run();
        }
    }

    private void run() throws Exception {
        patientId = post(INTAKE_PORT).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        // Warm the JITs of all three JVMs (client, gateway, service) before measuring anything.
        for (int round = 0; round < 1; round++) {
            saturate(HttpMethod.GET, GATEWAY_PORT);
            saturate(HttpMethod.POST, GATEWAY_PORT);
        }
        System.out.printf("%-6s %-8s %14s %14s%n", "", "", "direct", "via gateway");
        double[] max = new double[4];
        int i = 0;
        for (HttpMethod method : List.of(HttpMethod.GET, HttpMethod.POST)) {
            double direct = saturate(method, INTAKE_PORT);
            double gateway = saturate(method, GATEWAY_PORT);
            max[i++] = direct;
            max[i++] = gateway;
            System.out.printf("%-6s %-8s %10.0f r/s %10.0f r/s   ratio %.2f   (failures %d, last: %s)%n", method,
                    "max", direct, gateway, gateway / direct, failures.get(), lastFailure);
        }
        i = 0;
        for (HttpMethod method : List.of(HttpMethod.GET, HttpMethod.POST)) {
            double rate = max[i] / 2;
            i += 2;
            double[] direct = constantRate(method, INTAKE_PORT, rate);
            double[] gateway = constantRate(method, GATEWAY_PORT, rate);
            System.out.printf("%-6s @%5.0f/s p50 %7.2f ms %7.2f ms   +%.2f ms%n", method, rate, direct[0], gateway[0],
                    gateway[0] - direct[0]);
            System.out.printf("%-6s @%5.0f/s p99 %7.2f ms %7.2f ms   +%.2f ms   (errors %d / %d)%n", method, rate,
                    direct[1], gateway[1], gateway[1] - direct[1], (long) direct[2], (long) gateway[2]);
        }
        vertx.close();
    }

    /** Requests per second with {@link #IN_FLIGHT} always outstanding. */
    private final AtomicLong failures = new AtomicLong();
    private volatile String lastFailure = "";

    private double saturate(HttpMethod method, int port) throws InterruptedException {
        AtomicLong done = new AtomicLong();
        failures.set(0);
        long warmEnd = System.nanoTime() + WARM_UP.toNanos();
        long end = warmEnd + MEASURE.toNanos();
        CountDownLatch finished = new CountDownLatch(IN_FLIGHT);
        for (int i = 0; i < IN_FLIGHT; i++) {
            loop(method, port, done, warmEnd, end, finished);
        }
        finished.await();
        return done.get() / (MEASURE.toNanos() / 1e9);
    }

    private void loop(HttpMethod method, int port, AtomicLong done, long warmEnd, long end, CountDownLatch finished) {
        call(method, port).onComplete(r -> {
            long now = System.nanoTime();
            if (now >= warmEnd && now < end && r.succeeded()) {
                done.incrementAndGet();
            }
            if (r.failed()) {
                failures.incrementAndGet();
                lastFailure = String.valueOf(r.cause().getMessage());
            }
            if (now < end) {
                loop(method, port, done, warmEnd, end, finished);
            } else {
                finished.countDown();
            }
        });
    }

    /** p50, p99 (ms, from when each request was due) and errors at a constant offered rate. */
    private double[] constantRate(HttpMethod method, int port, double perSecond) throws InterruptedException {
        int total = (int) (perSecond * (WARM_UP.toSeconds() + MEASURE.toSeconds()));
        int warm = (int) (perSecond * WARM_UP.toSeconds());
        long[] latencies = new long[total - warm];
        AtomicLong errors = new AtomicLong();
        CountDownLatch all = new CountDownLatch(total);
        long start = System.nanoTime() + 50_000_000;
        long interval = (long) (1e9 / perSecond);
        int[] next = {0};
        long timer = vertx.setPeriodic(1, t -> {
            long now = System.nanoTime();
            while (next[0] < total && start + next[0] * interval <= now) {
                int n = next[0]++;
                long due = start + n * interval;
                call(method, port).onComplete(r -> {
                    if (n >= warm) {
                        latencies[n - warm] = System.nanoTime() - due;
                    }
                    if (r.failed()) {
                        errors.incrementAndGet();
                    }
                    all.countDown();
                });
            }
        });
        all.await(WARM_UP.toSeconds() + MEASURE.toSeconds() + 60, TimeUnit.SECONDS);
        vertx.cancelTimer(timer);
        Arrays.sort(latencies);
        return new double[] {latencies[latencies.length / 2] / 1e6, latencies[(int) (latencies.length * 0.99)] / 1e6,
                errors.get()};
    }

    private io.vertx.core.Future<Buffer> call(HttpMethod method, int port) {
        return method == HttpMethod.GET ? get(port) : post(port).map(Buffer::buffer);
    }

    private io.vertx.core.Future<Buffer> get(int port) {
        // A search that matches nobody: a real query with token check and clinic scoping, but no audit write, so
        // the figure is about the HTTP path rather than one patient's serialised audit trail.
        String configured = System.getProperty("bench.getpath", "");
        String path = configured.isBlank() ? "/api/v1/intake/patients?name=nobody-" + patientId : configured;
        return client.request(options(HttpMethod.GET, port, path))
                .compose(req -> req.send()).compose(resp -> resp.statusCode() == 200 ? resp.body()
                        : io.vertx.core.Future.failedFuture("status " + resp.statusCode()));
    }

    private io.vertx.core.Future<String> post(int port) {
        String body = "{\"legalName\":{\"given\":\"B" + UUID.randomUUID().toString().substring(0, 8)
                + "\",\"family\":\"Bench\"},\"birthDate\":\"1990-01-01\",\"identifiers\":[]}";
        return client.request(options(HttpMethod.POST, port, "/api/v1/intake/patients"))
                .compose(req -> req.send(body)).compose(resp -> resp.body().compose(b -> resp.statusCode() == 201
                        ? io.vertx.core.Future.succeededFuture(b.toJsonObject().getString("id"))
                        : io.vertx.core.Future.failedFuture("status " + resp.statusCode())));
    }

    private RequestOptions options(HttpMethod method, int port, String uri) {
        return new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(uri)
                .putHeader("Authorization", token()).putHeader("Content-Type", "application/json");
    }

    private String cachedToken;
    private long tokenMadeAt;

    /** A coordinator's token, renewed before its five minutes run out. */
    private String token() {
        if (cachedToken == null || System.nanoTime() - tokenMadeAt > Duration.ofMinutes(3).toNanos()) {
            cachedToken = TestTokens.staff(clinic, "intake-coordinator").bearer();
            tokenMadeAt = System.nanoTime();
        }
        return cachedToken;
    }
}
