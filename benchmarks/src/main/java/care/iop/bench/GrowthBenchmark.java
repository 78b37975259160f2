package care.iop.bench;

import care.iop.embedded.ServiceDatabases;
import care.iop.testkit.TestTokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Issue #22's "cost as the data grows": intake directly, one clinic grown to 1,000, 10,000 and 100,000 patients, and
 * at each size a page of 50, a search finding nobody, a name search filling a page, and an audited read of one
 * patient, each under {@value #IN_FLIGHT} requests in flight; then the plans PostgreSQL chooses for the searches'
 * SQL. Patients are seeded with SQL (the rows registration writes, one EHR identifier each): what is measured is
 * reading them. Prints the figures.
 *
 * <p>Run: {@code ./mvnw -B -o -pl benchmarks exec:exec -Dbench.main=care.iop.bench.GrowthBenchmark}
 */
public final class GrowthBenchmark {

    static final int[] SIZES = {1_000, 10_000, 100_000};
    static final int IN_FLIGHT = 8;
    static final Duration SETTLE = Duration.ofSeconds(5);
    static final Duration MEASURE = Duration.ofSeconds(10);
    static final String REST = "/api/v1/intake/patients";
    /** 100 given names × 200 family names; the family name of the name search is one of them. */
    static final String FAMILY_SEARCHED = "family7";

    private final BenchPlatform platform;
    private final Vertx vertx = Vertx.vertx();
    private final HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
            .setMaxPoolSize(IN_FLIGHT));
    private final UUID clinic = UUID.randomUUID();
    private final String token;

    private GrowthBenchmark(BenchPlatform platform) {
        this.platform = platform;
        this.token = TestTokens.ehr(clinic, "ehr-northside").claim("scope", "system/Patient.rs").bearer();
    }

    public static void main(String[] args) throws Exception {
        try (BenchPlatform platform = BenchPlatform.start(true)) {
            new GrowthBenchmark(platform).run();
        }
    }

    record Op(String label, String uri) {
    }

    private void run() throws Exception {
        List<String> rows = new ArrayList<>();
        List<String> plans = new ArrayList<>();
        int seeded = 0;
        for (int size : SIZES) {
            seed(seeded, size);
            seeded = size;
            UUID one = somePatient();
            List<Op> ops = List.of(
                    new Op("page of 50", REST + "?limit=50"),
                    new Op("search finding nobody", REST + "?name=Nobodyzz"),
                    new Op("name search, page of 50", REST + "?name=" + FAMILY_SEARCHED + "&limit=50"),
                    new Op("audited read of one patient", REST + "/" + one));
            for (Op op : ops) {
                ClosedLoop.Result r = ClosedLoop.run(op.label(), IN_FLIGHT, SETTLE, MEASURE, n -> call(op.uri()));
                String row = String.format("| %,d | %s | %,.0f | %.1f | %.1f | %d |", size, op.label(),
                        r.answered() / (MEASURE.toNanos() / 1e9), ClosedLoop.percentileMillis(r.sortedNanos(), 0.5),
                        ClosedLoop.percentileMillis(r.sortedNanos(), 0.99), r.errors());
                rows.add(row);
                System.out.println("[load] " + row + (r.errors() > 0 ? " last error: " + r.lastError() : ""));
            }
            plans.add(explain(size, "page of 50", "SELECT * FROM patient WHERE clinic_id = ? "
                    + "ORDER BY created_at, id LIMIT 51", null));
            plans.add(explain(size, "search finding nobody", "SELECT * FROM patient WHERE clinic_id = ? "
                    + "AND name_key LIKE ? ORDER BY created_at, id LIMIT 51", "%nobodyzz%"));
            plans.add(explain(size, "name search", "SELECT * FROM patient WHERE clinic_id = ? "
                    + "AND name_key LIKE ? ORDER BY created_at, id LIMIT 51", "%" + FAMILY_SEARCHED + "%"));
            plans.add(explain(size, "a patient's identifiers", "SELECT * FROM patient_identifier "
                    + "WHERE patient_id = ?::uuid ORDER BY system", one.toString()));
        }
        System.out.println();
        System.out.printf("settings: intake direct, %d in flight (closed loop), settle %d s, measured %d s per "
                        + "operation; service JVM %s; %s%n", IN_FLIGHT, SETTLE.toSeconds(), MEASURE.toSeconds(),
                BenchPlatform.SERVICE_HEAP, platform.postgresSettings("server_version", "fsync", "synchronous_commit"));
        System.out.println("| patients in the clinic | operation | req/s | p50 ms | p99 ms | errors |");
        System.out.println("|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
        System.out.println();
        plans.forEach(System.out::println);
        vertx.close();
    }

    /** Adds patients {@code from} .. {@code to} - 1 to the clinic, each with one EHR identifier, then ANALYZE. */
    private void seed(int from, int to) throws Exception {
        long started = System.nanoTime();
        try (Connection c = owner(); PreparedStatement ps = c.prepareStatement("""
                WITH seeded AS (
                  INSERT INTO patient (id, clinic_id, mrn, legal_given_name, legal_family_name, birth_date, status,
                                       name_key, created_at, version)
                  SELECT gen_random_uuid(), ?, 'B' || g, 'given' || (g % 100), 'family' || (g % 200),
                         date '1950-01-01' + (g % 20000), 'ACTIVE', 'given' || (g % 100) || ' family' || (g % 200),
                         timestamptz '2026-01-01' + g * interval '1 second', 0
                  FROM generate_series(?, ?) AS g
                  RETURNING id, clinic_id, mrn)
                INSERT INTO patient_identifier (id, clinic_id, patient_id, system, value)
                SELECT gen_random_uuid(), clinic_id, id, 'urn:bench:ehr', mrn FROM seeded""")) {
            ps.setObject(1, clinic);
            ps.setInt(2, from);
            ps.setInt(3, to - 1);
            ps.executeUpdate();
            try (var st = c.createStatement()) {
                st.execute("ANALYZE patient");
                st.execute("ANALYZE patient_identifier");
            }
        }
        System.out.printf("[seed] %,d patients in the clinic (%.1f s)%n", to, (System.nanoTime() - started) / 1e9);
    }

    private UUID somePatient() throws Exception {
        try (Connection c = owner(); PreparedStatement ps = c.prepareStatement(
                "SELECT id FROM patient WHERE clinic_id = ? AND mrn = 'B17'")) {
            ps.setObject(1, clinic);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getObject(1, UUID.class);
            }
        }
    }

    /** EXPLAIN ANALYZE of the SQL an operation runs (the same shape Hibernate sends), as text. */
    private String explain(int size, String label, String sql, String parameter) throws Exception {
        StringBuilder plan = new StringBuilder("[plan] " + label + " at " + String.format("%,d", size) + ":\n");
        try (Connection c = owner(); PreparedStatement ps = c.prepareStatement("EXPLAIN (ANALYZE, BUFFERS) " + sql)) {
            int i = 1;
            if (sql.contains("clinic_id = ?")) {
                ps.setObject(i++, clinic);
            }
            if (parameter != null) {
                ps.setString(i, parameter);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    plan.append("    ").append(rs.getString(1)).append('\n');
                }
            }
        }
        return plan.toString();
    }

    private Connection owner() throws Exception {
        return DriverManager.getConnection(platform.jdbcUrl("intake"), ServiceDatabases.TEST_OWNER.name(),
                ServiceDatabases.TEST_OWNER.password());
    }

    private Future<Buffer> call(String uri) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
                .setPort(BenchPlatform.INTAKE_PORT).setURI(uri).putHeader("Authorization", token)
                .putHeader("Accept", "application/json");
        return client.request(options).compose(req -> req.send()).compose(resp -> resp.body().compose(
                b -> resp.statusCode() == 200 ? Future.succeededFuture(b)
                        : Future.failedFuture("status " + resp.statusCode() + " on " + uri)));
    }
}
