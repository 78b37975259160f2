package care.iop.e2e.fuzz;

import care.iop.e2e.AuditTrails;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The fuzzer: for every operation of the API document, a valid warm-up (which also finds a role that gets past 403
 * and learns real ids), then {@code perOperation} generated requests sent through the gateway with a few in flight;
 * every answer is checked as it arrives ({@link Checks}); afterwards the databases and Kafka are searched for traces
 * of the requests that were refused ({@link SideEffects}).
 */
final class ApiFuzzer {

    /** Where the fuzzer sends its requests and looks for their traces. */
    record Target(String gatewayUrl, Function<String, String> bearer, Map<String, String> jdbcUrls, String dbUser,
                  String dbPassword, String kafkaBootstrap) {
    }

    /** A request that broke a rule. */
    record Failure(String category, FuzzCase c, int status, String detail, String response) {
    }

    /**
     * How a refused request was answered: its status, and whether a service answered it (services put a
     * {@code Content-Security-Policy} on every API answer, the gateway adds none to its own) and so audited it.
     */
    record Refusal(int status, boolean byService) {
    }

    /** The demo account for each realm role (the EHR integration is a client-credentials client). */
    static final Map<String, String> ROLE_ACCOUNTS = Map.ofEntries(
            Map.entry("intake-coordinator", "coordinator.a"), Map.entry("clinician", "clinician.a"),
            Map.entry("clinical-supervisor", "supervisor.a"), Map.entry("prescriber", "prescriber.a"),
            Map.entry("nurse", "nurse.a"), Map.entry("scheduler", "scheduler.a"),
            Map.entry("case-manager", "casemanager.a"), Map.entry("clinic-admin", "admin.a"),
            Map.entry("auditor", "auditor.a"), Map.entry("partner", "partner.p"), Map.entry("ehr-integration", "ehr"));
    private static final List<String> PROBE_ORDER = List.of("admin.a", "auditor.a", "coordinator.a", "clinician.a",
            "supervisor.a", "prescriber.a", "nurse.a", "scheduler.a", "casemanager.a", "ehr", "partner.p");
    private static final Pattern JSON_MEDIA = Pattern.compile("application/([a-z.+-]*\\+)?json");

    private final Target target;
    private final OpenApi api;
    private final long seed;
    private final int perOperation;
    private final int inFlight;
    private final PrintStream out;
    final String prefix;
    private final IdPools ids = new IdPools();
    private final Map<String, String> etags = new ConcurrentHashMap<>();
    private final Mutations mutations;
    private final Checks checks;
    private final HttpClient http;
    private final Map<Integer, String> accounts = new ConcurrentHashMap<>();
    private final Fixture fixture;

    // figures
    final LongAdder requests = new LongAdder();
    final LongAdder warmUpRequests = new LongAdder();
    final Map<String, LongAdder> byClass = new ConcurrentHashMap<>();
    final Map<String, Map<Integer, LongAdder>> byOperation = new ConcurrentHashMap<>();
    /** Mutation class → status → answers (what refused each class: the input rules, or an earlier check). */
    final Map<String, Map<Integer, LongAdder>> byMutation = new ConcurrentHashMap<>();
    final LongAdder schemaValidated = new LongAdder();
    final LongAdder schemaUndocumented = new LongAdder();
    final LongAdder statusUndocumented = new LongAdder();
    final Set<String> statusUndocumentedOps = ConcurrentHashMap.newKeySet();
    final Set<String> schemaUndocumentedOps = ConcurrentHashMap.newKeySet();
    final Queue failures = new Queue();
    /** Mutated requests that were answered 2xx (not failures by themselves: a leniency to look at). */
    final Queue acceptedMutations = new Queue();
    final Set<String> refused = ConcurrentHashMap.newKeySet();
    final Set<String> accepted = ConcurrentHashMap.newKeySet();
    final Map<String, FuzzCase> refusedCases = new ConcurrentHashMap<>();
    /** Request id → how a refused (4xx or 5xx) request was answered, for the audit check afterwards. */
    final Map<String, Refusal> refusals = new ConcurrentHashMap<>();
    final AtomicLong bytesSent = new AtomicLong();
    final LongAdder retries = new LongAdder();
    final List<String> warmUpLog = java.util.Collections.synchronizedList(new ArrayList<>());
    final LongAdder crossClinicChecked = new LongAdder();

    /** Failures, kept in full for the first few of each category and operation. */
    static final class Queue {
        final ConcurrentLinkedQueue<Failure> kept = new ConcurrentLinkedQueue<>();
        final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
        private final Map<String, LongAdder> perKey = new ConcurrentHashMap<>();

        void add(Failure f) {
            counts.computeIfAbsent(f.category(), k -> new LongAdder()).increment();
            LongAdder n = perKey.computeIfAbsent(f.category() + f.c().op().key() + f.c().mutation(), k -> new LongAdder());
            n.increment();
            if (n.sum() <= 3) {
                kept.add(f);
            }
        }

        long count(String category) {
            LongAdder a = counts.get(category);
            return a == null ? 0 : a.sum();
        }

        long total() {
            return counts.values().stream().mapToLong(LongAdder::sum).sum();
        }
    }

    ApiFuzzer(Target target, OpenApi api, Fixture fixture, long seed, int perOperation, int inFlight,
              PrintStream out) {
        this.target = target;
        this.api = api;
        this.seed = seed;
        this.perOperation = perOperation;
        this.inFlight = inFlight;
        this.out = out;
        this.fixture = fixture;
        String nonce = Long.toHexString(new SplittableRandom(System.nanoTime()).nextLong() & 0xFFFFFFFFL);
        this.prefix = "fz" + nonce + "-";
        this.mutations = new Mutations(api, new Values(api, ids, fixture), etags, nonce);
        this.checks = new Checks(api);
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    // ---------------------------------------------------------------- phases

    /** Valid requests one at a time: creators first, then everything, twice; finds each operation's account. */
    void warmUp() {
        List<OpenApi.Operation> creators = api.operations.stream()
                .filter(op -> op.method().equals("post") && op.path().replaceAll("\\{patientId}", "").indexOf('{') < 0)
                .toList();
        // Reads first (they teach ids), then the creators, reads again, then everything once more.
        List<OpenApi.Operation> reads = api.operations.stream().filter(op -> op.method().equals("get")).toList();
        List<List<OpenApi.Operation>> rounds = List.of(reads, creators, creators, reads, api.operations);
        long n = 0;
        for (List<OpenApi.Operation> round : rounds) {
            for (OpenApi.Operation op : round) {
                SplittableRandom r = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (op.index() + 1)) ^ n);
                if (!accounts.containsKey(op.index())) {
                    accounts.put(op.index(), probeAccount(op, r, n));
                    n += 10;
                } else {
                    FuzzCase c = mutations.valid(op, n, requestId(op, n), accounts.get(op.index()), r, "warm-up");
                    n++;
                    send(c, true);
                }
            }
        }
        ids.freeze();
    }

    private String probeAccount(OpenApi.Operation op, SplittableRandom r, long n) {
        List<String> candidates = new ArrayList<>();
        op.roles().forEach(role -> {
            String account = ROLE_ACCOUNTS.get(role);
            if (account != null && !candidates.contains(account)) {
                candidates.add(account);
            }
        });
        if (candidates.isEmpty()) {
            candidates.addAll(PROBE_ORDER);
        }
        String chosen = candidates.get(0);
        for (int i = 0; i < Math.min(candidates.size(), 6); i++) {
            FuzzCase c = mutations.valid(op, n + i, requestId(op, n + i), candidates.get(i),
                    new SplittableRandom(r.nextLong()), "warm-up");
            int status = send(c, true);
            if (status != 401 && status != 403) {
                chosen = candidates.get(i);
                break;
            }
        }
        return chosen;
    }

    /** The fuzzing proper: {@code perOperation} requests for each operation, {@code inFlight} at a time. */
    void fuzz() throws InterruptedException {
        Semaphore permits = new Semaphore(inFlight);
        for (OpenApi.Operation op : api.operations) {
            SplittableRandom r = new SplittableRandom(seed * 31 + op.key().hashCode());
            String account = accounts.get(op.index());
            for (int i = 0; i < perOperation; i++) {
                long n = 1_000_000L + (long) op.index() * 10_000 + i;
                FuzzCase c = mutations.generate(op, n, requestId(op, n), account, new SplittableRandom(r.nextLong()));
                permits.acquire();
                sendAsync(c).whenComplete((x, e) -> permits.release());
            }
        }
        if (!permits.tryAcquire(inFlight, 5, TimeUnit.MINUTES)) {
            throw new IllegalStateException("requests still in flight after 5 minutes");
        }
    }

    String requestId(OpenApi.Operation op, long n) {
        return prefix + op.index() + "-" + n;
    }

    // ---------------------------------------------------------------- sending and checking

    private HttpRequest request(FuzzCase c) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target.gatewayUrl() + c.pathAndQuery()))
                .timeout(Duration.ofSeconds(60));
        if (c.account() != null) {
            b.header("Authorization", target.bearer().apply(c.account()));
        }
        c.headers().forEach((k, v) -> {
            try {
                b.header(k, v);
            } catch (IllegalArgumentException unsendable) {
                // a header value the HTTP client refuses to send (e.g. an empty Idempotency-Key): send a blank-ish one
                b.header(k, "-");
            }
        });
        HttpRequest.BodyPublisher body = c.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(c.body());
        if (c.body() != null) {
            bytesSent.addAndGet(c.body().length);
        }
        return b.method(c.method(), body).build();
    }

    private int send(FuzzCase c, boolean warmUp) {
        HttpRequest request = request(c);
        try {
            HttpResponse<byte[]> answer;
            try {
                answer = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException staleConnection) {
                retries.increment();
                answer = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            }
            check(c, answer, warmUp);
            String text = new String(answer.body(), StandardCharsets.UTF_8);
            warmUpLog.add(c.op().key() + " as " + c.account() + " → " + answer.statusCode() + " "
                    + (answer.statusCode() >= 300 ? excerpt(text).replace('\n', ' ') : ""));
            return answer.statusCode();
        } catch (IOException e) {
            noAnswer(c, e);
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private java.util.concurrent.CompletableFuture<Void> sendAsync(FuzzCase c) {
        HttpRequest request;
        try {
            request = request(c);
        } catch (RuntimeException e) {
            failures.add(new Failure("unsendable", c, 0, e.toString(), ""));
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
        // A pooled connection the server has just closed (after a refusal it answers with Connection: close) fails
        // before any byte is read; the request is sent once more on a fresh connection. A request that really gets
        // no answer fails twice.
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .handle((answer, e) -> {
                    if (e == null) {
                        return java.util.concurrent.CompletableFuture.completedFuture(answer);
                    }
                    retries.increment();
                    return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
                })
                .thenCompose(f -> f)
                .handle((answer, e) -> {
            try {
                if (e != null) {
                    noAnswer(c, e);
                } else {
                    check(c, answer, false);
                }
            } catch (RuntimeException bug) {
                failures.add(new Failure("checker-error", c, answer == null ? 0 : answer.statusCode(), bug.toString(), ""));
            }
            return null;
        });
    }

    private void noAnswer(FuzzCase c, Throwable e) {
        requests.increment();
        byClass.computeIfAbsent("no answer", k -> new LongAdder()).increment();
        failures.add(new Failure("no-answer", c, 0, e.toString(), ""));
    }

    private void check(FuzzCase c, HttpResponse<byte[]> answer, boolean warmUp) {
        requests.increment();
        if (warmUp) {
            warmUpRequests.increment();
        }
        int status = answer.statusCode();
        String cls = (status / 100) + "xx";
        byClass.computeIfAbsent(cls, k -> new LongAdder()).increment();
        byOperation.computeIfAbsent(c.op().key(), k -> new ConcurrentHashMap<>())
                .computeIfAbsent(status, k -> new LongAdder()).increment();
        byMutation.computeIfAbsent(c.mutation(), k -> new ConcurrentHashMap<>())
                .computeIfAbsent(status, k -> new LongAdder()).increment();
        if (status >= 400) {
            refusals.put(c.requestId(), new Refusal(status,
                    answer.headers().firstValue("Content-Security-Policy").isPresent()));
            refusedCases.put(c.requestId(), c);
        }
        String contentType = answer.headers().firstValue("Content-Type").orElse(null);
        String text = new String(answer.body(), StandardCharsets.UTF_8);
        JsonNode json = null;
        if (contentType != null && JSON_MEDIA.matcher(contentType.toLowerCase(Locale.ROOT)).lookingAt()
                && !text.isEmpty()) {
            try {
                json = Mutations.MAPPER.readTree(text);
            } catch (IOException notJson) {
                failures.add(new Failure(status >= 400 ? "problem" : "schema", c, status,
                        "the body is not the JSON its content type says", excerpt(text)));
            }
        }
        if (status >= 500) {
            failures.add(new Failure("5xx", c, status, "server error", excerpt(text)));
            refused.add(c.requestId());
        } else if (status >= 400) {
            refused.add(c.requestId());
            List<String> wrong = Checks.problem(status, contentType, json, c.requestId(), c.method());
            if (!wrong.isEmpty()) {
                failures.add(new Failure("problem", c, status, String.join("; ", wrong), excerpt(text)));
            }
        } else if (status >= 200 && status < 300) {
            accepted.add(c.requestId());
            if (Mutations.STRICT_INPUT.containsKey(c.mutation())) {
                failures.add(new Failure("lenient", c, status, "accepted " + Mutations.STRICT_INPUT.get(c.mutation()),
                        excerpt(text)));
            } else if (!c.valid() && !c.mutation().startsWith("query.unknown")) {
                acceptedMutations.add(new Failure("accepted", c, status, "", excerpt(text)));
            }
            checkSuccess(c, status, contentType, text, json);
            if (c.mutation().equals("auth.other-role") && !c.op().gatewayView() && !c.op().roles().isEmpty()
                    && ROLE_ACCOUNTS.entrySet().stream().noneMatch(e -> e.getValue().equals(c.account())
                    && c.op().roles().contains(e.getKey()))) {
                failures.add(new Failure("authorization", c, status,
                        "answered 2xx to a role the document does not allow", excerpt(text)));
            }
            if (c.mutation().equals("auth.other-clinic")) {
                crossClinicChecked.increment();
                if (AuditTrails.withoutRefusals(json, text).contains(fixture.patientId())) {
                    failures.add(new Failure("cross-clinic-leak", c, status,
                            "another clinic's token was shown clinic A's patient", excerpt(text)));
                }
            } else {
                learn(c, answer, json);
            }
        } else {
            failures.add(new Failure("unexpected-status", c, status, "neither 2xx nor 4xx", excerpt(text)));
        }
    }

    private void checkSuccess(FuzzCase c, int status, String contentType, String text, JsonNode json) {
        if (c.method().equals("PATCH") || !c.method().equalsIgnoreCase(c.op().method())) {
            failures.add(new Failure("schema", c, status, "an undocumented method was answered 2xx", excerpt(text)));
            return;
        }
        var documented = Checks.documented(c.op(), status);
        if (documented.isEmpty()) {
            statusUndocumented.increment();
            statusUndocumentedOps.add(c.op().key() + " " + status);
            return;
        }
        if (!documented.get().statusDocumented()) {
            statusUndocumented.increment();
            statusUndocumentedOps.add(c.op().key() + " " + status + " (documents " + documented.get().status() + ")");
        }
        if (status == 204 || text.isEmpty()) {
            if (!documented.get().media().isEmpty() && status != 204) {
                failures.add(new Failure("schema", c, status, "an empty body where the document promises content",
                        ""));
            }
            return;
        }
        String media = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        JsonNode schema = documented.get().media().get(media);
        if (schema == null) {
            failures.add(new Failure("content-type", c, status, "content type " + contentType
                    + " is not among the documented " + documented.get().media().keySet(), excerpt(text)));
            return;
        }
        if (OpenApi.isEmptySchema(schema)) {
            schemaUndocumented.increment();
            schemaUndocumentedOps.add(c.op().key());
            return;
        }
        if (json == null) {
            return; // not JSON (already counted if it claimed to be)
        }
        Set<ValidationMessage> errors = checks.validate(c.op(), documented.get().status(), media, schema, json);
        schemaValidated.increment();
        if (!errors.isEmpty()) {
            List<String> messages = errors.stream().map(ValidationMessage::getMessage).sorted().limit(5).toList();
            failures.add(new Failure("schema", c, status, String.join("; ", messages), excerpt(text)));
        }
    }

    private void learn(FuzzCase c, HttpResponse<byte[]> answer, JsonNode json) {
        String area = c.op().area().equals("gateway") ? "intake" : c.op().area();
        ids.harvest(area, c.pathAndQuery(), json);
        answer.headers().firstValue("ETag").ifPresent(etag -> {
            if (json != null && json.path("id").isTextual()) {
                etags.put(json.path("id").asText(), etag);
            }
            String[] segments = c.pathAndQuery().split("\\?")[0].split("/");
            for (int i = segments.length - 1; i >= 0; i--) {
                if (IdPools.UUID.matcher(segments[i]).matches()) {
                    etags.put(segments[i], etag);
                    break;
                }
            }
        });
    }

    private static String excerpt(String text) {
        return text.length() > 600 ? text.substring(0, 600) + "…" : text;
    }

    // ---------------------------------------------------------------- report

    long count(String cls) {
        LongAdder a = byClass.get(cls);
        return a == null ? 0 : a.sum();
    }

    Map<String, Integer> idPoolSizes() {
        return ids.sizes();
    }

    String account(OpenApi.Operation op) {
        return accounts.get(op.index());
    }

    /**
     * Each mutation class (sorted by name): requests, answers by status class and by status; for the strict-input
     * classes how many the input rules refused (400/415) and how many an earlier check (401, 403, 404, 413...).
     */
    Map<String, String> mutationSummary() {
        Map<String, String> out = new TreeMap<>();
        byMutation.forEach((mutation, statuses) -> {
            Map<Integer, Long> sorted = new TreeMap<>();
            statuses.forEach((k, v) -> sorted.put(k, v.sum()));
            long sent = sorted.values().stream().mapToLong(Long::longValue).sum();
            long[] byClass = new long[6];
            sorted.forEach((k, v) -> byClass[Math.min(5, Math.max(0, k / 100))] += v);
            String line = sent + " sent: 2xx " + byClass[2] + ", 4xx " + byClass[4] + ", 5xx " + byClass[5];
            if (Mutations.STRICT_INPUT.containsKey(mutation)) {
                long input = sorted.getOrDefault(400, 0L) + sorted.getOrDefault(415, 0L);
                line += " (refused as input, 400/415: " + input + "; by an earlier check: " + (byClass[4] - input)
                        + ")";
            }
            out.put(mutation, line + " " + sorted);
        });
        return out;
    }

    /** Writes the per-operation and per-mutation tables and every kept failure (with what was sent) to a directory. */
    void writeDetails(Path dir, Map<String, String> traceProblems) {
        try {
            Files.createDirectories(dir);
            StringBuilder ops = new StringBuilder("operation\taccount\trequests\tstatuses\n");
            for (OpenApi.Operation op : api.operations) {
                Map<Integer, LongAdder> statuses = byOperation.getOrDefault(op.key(), Map.of());
                Map<Integer, Long> sorted = new TreeMap<>();
                statuses.forEach((k, v) -> sorted.put(k, v.sum()));
                ops.append(op.key()).append('\t').append(accounts.get(op.index())).append('\t')
                        .append(sorted.values().stream().mapToLong(Long::longValue).sum()).append('\t')
                        .append(sorted).append('\n');
            }
            writeText(dir.resolve("operations.tsv"), ops);
            StringBuilder muts = new StringBuilder("mutation\tanswers\n");
            mutationSummary().forEach((k, v) -> muts.append(k).append('\t').append(v).append('\n'));
            writeText(dir.resolve("mutations.tsv"), muts);
            StringBuilder f = new StringBuilder();
            List<Failure> kept = new ArrayList<>(failures.kept);
            kept.sort((a, b) -> Long.compare(a.c().number(), b.c().number()));
            for (Failure x : kept) {
                f.append(describe(x)).append("\n\n");
            }
            traceProblems.forEach((id, why) -> {
                FuzzCase c = refusedCases.get(id);
                Refusal how = refusals.get(id);
                f.append("TRACES of refused request ").append(id).append(": ").append(why).append('\n');
                if (c != null) {
                    f.append(describe(new Failure("audit-trace", c, how == null ? 0 : how.status(),
                            how != null && how.byService() ? "answered by a service" : "answered by the gateway",
                            ""))).append("\n\n");
                }
            });
            writeText(dir.resolve("failures.txt"), f);
            StringBuilder a = new StringBuilder();
            List<Failure> lenient = new ArrayList<>(acceptedMutations.kept);
            lenient.sort((x, y) -> Long.compare(x.c().number(), y.c().number()));
            lenient.forEach(x -> a.append(describe(x)).append('\n'));
            writeText(dir.resolve("accepted-mutations.txt"), a);
            Files.write(dir.resolve("warm-up.txt"), warmUpLog);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Answers are cut at a fixed length, which can split a surrogate pair: write what can be written. */
    private static void writeText(java.nio.file.Path file, CharSequence text) throws IOException {
        Files.write(file, text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static String describe(Failure x) {
        FuzzCase c = x.c();
        StringBuilder b = new StringBuilder();
        b.append('[').append(x.category()).append("] ").append(c.op().key()).append(" — ").append(c.mutation())
                .append(" as ").append(c.account()).append(" → ").append(x.status()).append(": ").append(x.detail())
                .append('\n');
        b.append("  ").append(c.method()).append(' ').append(c.pathAndQuery().length() > 400
                ? c.pathAndQuery().substring(0, 400) + "…" : c.pathAndQuery()).append('\n');
        Map<String, String> headers = new LinkedHashMap<>(c.headers());
        headers.replaceAll((k, v) -> v.length() > 120 ? v.substring(0, 120) + "…(" + v.length() + ")" : v);
        b.append("  headers ").append(headers).append('\n');
        if (c.body() != null) {
            String body = new String(c.body(), StandardCharsets.UTF_8);
            b.append("  body (").append(c.body().length).append(" bytes) ")
                    .append(body.length() > 800 ? body.substring(0, 800) + "…" : body).append('\n');
        }
        if (!x.response().isEmpty()) {
            b.append("  answer ").append(x.response()).append('\n');
        }
        return b.toString();
    }

    List<Failure> keptFailures() {
        List<Failure> kept = new ArrayList<>(failures.kept);
        kept.sort((a, b) -> Long.compare(a.c().number(), b.c().number()));
        return Collections.unmodifiableList(kept);
    }

    void log(String line) {
        out.println(line);
    }
}
