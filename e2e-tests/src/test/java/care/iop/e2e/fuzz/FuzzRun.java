package care.iop.e2e.fuzz;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** One fuzzing run against a running platform: fetch the documents, warm up, fuzz, look for side effects, sum up. */
final class FuzzRun {

    /** The figures of a run (what the test asserts and the reliability report records). */
    record Result(long seed, int operations, int documentedOperations, int gatewayViews, long requests,
                  long warmUpRequests, int minPerOperation, Map<String, Long> byClass, long fiveXx, long noAnswer,
                  long problemFailures, long schemaFailures, long contentTypeFailures, long otherFailures,
                  long schemaValidated, long schemaUndocumented, Set<String> schemaUndocumentedOps,
                  long statusUndocumented, Set<String> statusUndocumentedOps, long refused, long accepted,
                  Map<String, String> refusedWithSideEffects, long refusalsToAudit, long refusalsAudited,
                  Map<String, String> refusalsNotAudited, long lenientFailures, Map<String, String> byMutation,
                  long acceptedWithTraces, long auditRows,
                  long outboxRows, long kafkaRecords, Map<String, Integer> serviceDocumentOperations,
                  Map<String, Integer> mergedOperationsByArea, List<String> operationsWithout2xx,
                  List<ApiFuzzer.Failure> failures, Duration took, long bytesSent, long retries,
                  long crossClinicChecked, long acceptedMutations, List<String> deadLettered) {

        /**
         * No 5xx, every request answered, proper problems and bodies, no strict-input mutation accepted, every
         * refusal a service answered audited exactly once and no refused request with any other trace.
         */
        boolean clean() {
            return fiveXx == 0 && noAnswer == 0 && problemFailures == 0 && schemaFailures == 0
                    && contentTypeFailures == 0 && otherFailures == 0 && lenientFailures == 0
                    && refusedWithSideEffects.isEmpty() && refusalsNotAudited.isEmpty() && deadLettered.isEmpty();
        }
    }

    /** Infrastructure endpoints, outside the API documents and not fuzzed: they take no business input. */
    static final List<String> SKIPPED = List.of("/q/health/** (liveness/readiness, no input)",
            "/q/metrics (Prometheus scrape, no input)", "/q/openapi and the gateway's /openapi (the documents themselves)",
            "/q/swagger-ui (static UI)");

    private FuzzRun() {
    }

    static Result run(ApiFuzzer.Target target, Fixture fixture, Map<String, String> serviceUrls, long seed,
                      int perOperation, int inFlight, String only, Path details, PrintStream out) throws Exception {
        long t0 = System.nanoTime();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        JsonNode merged = fetch(http, target.gatewayUrl() + "/openapi");
        OpenApi api = new OpenApi(merged);
        int documented = api.operations.size();
        Map<String, Integer> byArea = new TreeMap<>();
        api.operations.forEach(op -> byArea.merge(op.area(), 1, Integer::sum));
        Map<String, Integer> own = new TreeMap<>();
        for (Map.Entry<String, String> s : serviceUrls.entrySet()) {
            JsonNode doc = fetch(http, s.getValue() + "/q/openapi?format=json");
            own.put(s.getKey(), (int) new OpenApi(doc).operations.stream()
                    .filter(op -> op.path().startsWith("/api/")).count());
        }
        // The gateway's own composite views are in the merged document (area "gateway"); a document that lost them
        // would leave them unfuzzed, so that is a failure of its own.
        for (String view : List.of("/api/v1/patients/{patientId}/journey",
                "/api/v1/partner/patients/{patientId}/disclosure")) {
            if (api.operations.stream().noneMatch(op -> op.path().equals(view) && op.area().equals("gateway"))) {
                throw new AssertionError("the merged /openapi does not document the gateway's " + view);
            }
        }
        if (only != null && !only.isBlank()) {
            Pattern p = Pattern.compile(only);
            api.operations.removeIf(op -> !p.matcher(op.key()).find());
        }
        out.printf("API fuzzing: seed %d (rerun with -Dfuzz.seed=%d), %d operations (%d of them the gateway's own "
                        + "views), %d requests each, %d in flight%n", seed, seed, api.operations.size(),
                byArea.getOrDefault("gateway", 0), perOperation, inFlight);

        ApiFuzzer fuzzer = new ApiFuzzer(target, api, fixture, seed, perOperation, inFlight, out);
        fuzzer.warmUp();
        out.printf("API fuzzing: warm-up done (%d valid requests), ids learnt: %s%n", fuzzer.warmUpRequests.sum(),
                fuzzer.idPoolSizes());
        long tf = System.nanoTime();
        fuzzer.fuzz();
        out.printf("API fuzzing: %d requests in %.1f s%n", fuzzer.requests.sum() - fuzzer.warmUpRequests.sum(),
                (System.nanoTime() - tf) / 1e9);

        SideEffects.awaitOutboxesDrained(target.jdbcUrls(), target.dbUser(), target.dbPassword(),
                Duration.ofSeconds(60));
        // Consumers retry a failing event three times within a second before dead-lettering it; a refusal's audit
        // row may be written just after its answer: wait, and let the relays publish what came meanwhile.
        Thread.sleep(3_000);
        SideEffects.awaitOutboxesDrained(target.jdbcUrls(), target.dbUser(), target.dbPassword(),
                Duration.ofSeconds(30));
        SideEffects traces = SideEffects.find(target.jdbcUrls(), target.dbUser(), target.dbPassword(),
                target.kafkaBootstrap(), fuzzer.prefix);
        // A refused request leaves its own refusal trace (a service's 4xx but 401, or 500) or nothing at all.
        Map<String, String> refusedWithSideEffects = new TreeMap<>();
        Map<String, String> refusalsNotAudited = new TreeMap<>();
        long toAudit = 0;
        long audited = 0;
        for (Map.Entry<String, ApiFuzzer.Refusal> e : fuzzer.refusals.entrySet()) {
            ApiFuzzer.Refusal how = e.getValue();
            FuzzCase c = fuzzer.refusedCases.get(e.getKey());
            SideEffects.Expected expected = SideEffects.expected(how.status(), how.byService(),
                    c != null && c.op().gatewayView());
            SideEffects.Verdict v = traces.judge(e.getKey(), how.status(), expected);
            if (expected == SideEffects.Expected.ONE_REFUSAL) {
                toAudit++;
                audited += v.missing() == null ? 1 : 0;
            }
            if (v.extra() != null) {
                refusedWithSideEffects.put(e.getKey(), how.status() + ": " + v.extra());
            }
            if (v.missing() != null) {
                refusalsNotAudited.put(e.getKey(), how.status() + ": " + v.missing());
            }
        }
        long acceptedWithTraces = traces.traces.keySet().stream().filter(fuzzer.accepted::contains).count();
        Map<String, String> traceProblems = new TreeMap<>();
        refusalsNotAudited.forEach((id, why) -> traceProblems.put(id, "MISSING " + why));
        refusedWithSideEffects.forEach((id, why) -> traceProblems.merge(id, "EXTRA " + why, (a, b) -> a + "; " + b));
        fuzzer.writeDetails(details, traceProblems);

        int minPer = Integer.MAX_VALUE;
        List<String> without2xx = new ArrayList<>();
        for (OpenApi.Operation op : api.operations) {
            var statuses = fuzzer.byOperation.getOrDefault(op.key(), Map.of());
            long n = statuses.values().stream().mapToLong(java.util.concurrent.atomic.LongAdder::sum).sum();
            minPer = (int) Math.min(minPer, n);
            if (statuses.keySet().stream().noneMatch(s -> s >= 200 && s < 300)) {
                without2xx.add(op.key() + " " + new TreeMap<>(statuses).keySet());
            }
        }
        Map<String, Long> byClass = new TreeMap<>();
        fuzzer.byClass.forEach((k, v) -> byClass.put(k, v.sum()));
        ApiFuzzer.Queue f = fuzzer.failures;
        long other = f.total() - f.count("5xx") - f.count("no-answer") - f.count("problem") - f.count("schema")
                - f.count("content-type") - f.count("lenient");
        return new Result(seed, api.operations.size(), documented, byArea.getOrDefault("gateway", 0), fuzzer.requests.sum(),
                fuzzer.warmUpRequests.sum(), minPer, byClass, f.count("5xx"), f.count("no-answer"),
                f.count("problem"), f.count("schema"), f.count("content-type"), other, fuzzer.schemaValidated.sum(),
                fuzzer.schemaUndocumented.sum(), new TreeSet<>(fuzzer.schemaUndocumentedOps),
                fuzzer.statusUndocumented.sum(), new TreeSet<>(fuzzer.statusUndocumentedOps), fuzzer.refused.size(),
                fuzzer.accepted.size(), refusedWithSideEffects, toAudit, audited, refusalsNotAudited,
                f.count("lenient"), fuzzer.mutationSummary(), acceptedWithTraces, traces.auditRows,
                traces.outboxRows, traces.kafkaRecords, own, byArea, without2xx, fuzzer.keptFailures(),
                Duration.ofNanos(System.nanoTime() - t0), fuzzer.bytesSent.get(), fuzzer.retries.sum(),
                fuzzer.crossClinicChecked.sum(), fuzzer.acceptedMutations.total(), List.copyOf(traces.deadLettered));
    }

    static void print(Result r, PrintStream out) {
        Map<String, Object> lines = new LinkedHashMap<>();
        lines.put("seed", r.seed() + " (rerun: -Dfuzz.seed=" + r.seed() + ")");
        lines.put("operations fuzzed", r.operations() + " (of " + r.documentedOperations() + " in the merged API document, "
                + r.gatewayViews() + " of them the gateway's own views)");
        lines.put("operations per service document", r.serviceDocumentOperations() + ", merged: "
                + r.mergedOperationsByArea());
        lines.put("not fuzzed", String.join("; ", SKIPPED));
        lines.put("requests sent", r.requests() + " (warm-up " + r.warmUpRequests() + ", at least "
                + r.minPerOperation() + " per operation)");
        lines.put("by status class", r.byClass());
        lines.put("5xx seen", r.fiveXx());
        lines.put("no answer", r.noAnswer());
        lines.put("4xx without a proper problem+json", r.problemFailures());
        lines.put("2xx schema mismatches", r.schemaFailures());
        lines.put("2xx of an undocumented content type", r.contentTypeFailures());
        lines.put("other failures", r.otherFailures());
        lines.put("2xx bodies validated against a schema", r.schemaValidated());
        lines.put("2xx bodies with no documented schema", r.schemaUndocumented() + " (" + r.schemaUndocumentedOps().size()
                + " operations)");
        lines.put("2xx with an undocumented status", r.statusUndocumented() + " (" + r.statusUndocumentedOps().size()
                + " operation/status pairs)");
        lines.put("strict input accepted (lenient)", r.lenientFailures() + " (classes: "
                + String.join(", ", new TreeSet<>(Mutations.STRICT_INPUT.keySet())) + ")");
        lines.put("refusals audited / expected", r.refusalsAudited() + " / " + r.refusalsToAudit()
                + " (a service's 4xx but 401, or 500: one denied/failure row, its outbox row and its "
                + SideEffects.AUDIT_TOPIC + " record)");
        lines.put("refusals without their audit trace", r.refusalsNotAudited().size());
        lines.put("refusals with extra traces", r.refusedWithSideEffects().size() + " of " + r.refused()
                + " refused (anything but their own refusal trace; nothing at all for 401s and the gateway's own)");
        lines.put("traces found (audit / outbox / kafka)", r.auditRows() + " / " + r.outboxRows() + " / "
                + r.kafkaRecords() + ", of " + r.acceptedWithTraces() + " accepted requests");
        lines.put("events of fuzzed requests dead-lettered", r.deadLettered().size());
        lines.put("operations never answered 2xx", r.operationsWithout2xx().size());
        lines.put("other clinic's 2xx checked for clinic A data", r.crossClinicChecked());
        lines.put("mutated requests answered 2xx", r.acceptedMutations() + " (samples: accepted-mutations.txt)");
        lines.put("resent after a closed connection", r.retries());
        lines.put("took", String.format("%.1f s, %.1f MB sent", r.took().toMillis() / 1000.0, r.bytesSent() / 1e6));
        out.println("\n== API fuzzing ==");
        lines.forEach((k, v) -> out.printf("  %-40s %s%n", k, v));
        out.println("  by mutation class (* = strict input, must be refused; {status=answers}):");
        r.byMutation().forEach((k, v) -> out.printf("    %-2s%-28s %s%s%n", Mutations.STRICT_INPUT.containsKey(k)
                ? "*" : "", k, v, Mutations.STRICT_INPUT.containsKey(k) ? " — " + Mutations.STRICT_INPUT.get(k) : ""));
        Mutations.STRICT_INPUT.keySet().stream().sorted().filter(k -> !r.byMutation().containsKey(k))
                .forEach(k -> out.printf("    * %-28s never drawn%n", k));
        if (!r.operationsWithout2xx().isEmpty()) {
            out.println("  operations never answered 2xx (statuses seen):");
            r.operationsWithout2xx().forEach(o -> out.println("    " + o));
        }
        if (!r.failures().isEmpty()) {
            out.println("  failures (first " + Math.min(40, r.failures().size()) + " of the kept ones):");
            r.failures().stream().limit(40).forEach(x -> out.println(ApiFuzzer.describe(x)));
        }
        r.deadLettered().stream().limit(20).forEach(d -> out.println("  DEAD-LETTERED " + d));
        r.refusalsNotAudited().entrySet().stream().limit(20)
                .forEach(e -> out.println("  REFUSAL NOT AUDITED " + e.getKey() + " → " + e.getValue()));
        r.refusedWithSideEffects().entrySet().stream().limit(20)
                .forEach(e -> out.println("  EXTRA TRACES of refused " + e.getKey() + " → " + e.getValue()));
    }

    private static JsonNode fetch(HttpClient http, String url) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + answer.statusCode());
        }
        return Mutations.MAPPER.readTree(answer.body());
    }
}
