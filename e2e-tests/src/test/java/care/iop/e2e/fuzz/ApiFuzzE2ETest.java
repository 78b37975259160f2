package care.iop.e2e.fuzz;

import care.iop.devstack.DevStack;
import care.iop.devstack.Service;
import care.iop.e2e.Admitted;
import care.iop.e2e.Platform;
import care.iop.e2e.ReliabilityReport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static care.iop.e2e.Platform.as;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #10, API fuzzing: every operation of every service's API document (the gateway's merged {@code /openapi},
 * checked against each service's own {@code /q/openapi}) plus the gateway's two composite views gets at least
 * {@code fuzz.requests} (200) requests through the gateway, generated from the document's schemas with a seeded
 * random source — valid ones and mutated ones (see {@link Mutations}) — as a demo account of a role the operation
 * allows (the document lists the roles; where it does not, the warm-up tries accounts until one gets past 403),
 * with ids of real records (the {@link Admitted} patient, ids the platform answered with) and random or garbage
 * ones. Then:
 * <ul>
 *   <li>no 5xx, ever, and every request answered;</li>
 *   <li>every 4xx an {@code application/problem+json} document of a type docs/problems.md lists for that status,
 *       with title, status, detail, instance and the request's own {@code requestId};</li>
 *   <li>every 2xx of a documented media type, its body valid against the operation's documented response schema
 *       (JSON Schema 2020-12 with format assertions);</li>
 *   <li>strict input (issue #15, item 2): duplicate keys, type swaps, a number for a date, a NUL in a string, arrays
 *       of thousands of items, a body without {@code Content-Type} and a body sent to an operation that takes none
 *       are refused (a 2xx is a "lenient" failure); the run prints, per mutation class, requests and answers by
 *       status;</li>
 *   <li>a refused request leaves exactly its refusal trace (issue #15, item 1): a 4xx (but 401) or 500 a service
 *       answered is one {@code denied}/{@code failure} audit row in one service, its outbox row and its
 *       {@code iop.audit.v1} record, and nothing else; a 401 (counted per address and minute) and a refusal the
 *       gateway made itself leave nothing with the request's id.</li>
 * </ul>
 * Options: {@code -Dfuzz.seed=} (printed every run), {@code -Dfuzz.requests=200}, {@code -Dfuzz.inFlight=8},
 * {@code -Dfuzz.only=<regex over "METHOD /path">}. Details of every run: {@code target/fuzz/}.
 */
class ApiFuzzE2ETest {

    static final String TRACK = "E2E-FUZZ";

    @Test
    void every_operation_answers_generated_and_mutated_requests_without_5xx_with_problems_and_documented_bodies()
            throws Exception {
        long seed = Long.getLong("fuzz.seed", new SplittableRandom().nextLong() & 0x7FFFFFFFFFFFL);
        int perOperation = Integer.getInteger("fuzz.requests", 200);
        int inFlight = Integer.getInteger("fuzz.inFlight", 8);
        System.out.println("API fuzzing: seed " + seed + " (-Dfuzz.seed=" + seed + " repeats the run's requests)");

        DevStack stack = Platform.stack();
        Admitted patient = Admitted.inClinicA(TRACK);
        // A Part 2 consent for the demo partner, so that the disclosure views have something to disclose.
        as("coordinator.a").body(Map.of("recipientPartnerId", Platform.PARTNER.toString(),
                        "categories", List.of("demographics", "diagnoses", "enrollment-attendance",
                                "treatment-plan-summary", "medications", "discharge-summary"),
                        "purpose", "care-coordination",
                        "expiresAt", Instant.now().plus(90, ChronoUnit.DAYS).toString(),
                        "signedAt", Instant.now().minusSeconds(60).toString(), "signatureMethod", "electronic"))
                .post("/api/v1/intake/patients/" + patient.patientId() + "/consents").then().statusCode(201);
        Fixture fixture = new Fixture(patient.patientId(), patient.enrollmentId(), TRACK, Platform.PARTNER.toString());

        Map<String, String> jdbc = new LinkedHashMap<>();
        Map<String, String> services = new LinkedHashMap<>();
        for (Service s : Service.values()) {
            if (s.hasDatabase()) {
                jdbc.put(s.area(), stack.jdbcUrl(s));
            }
            if (s.area() != null) {
                services.put(s.area(), stack.serviceUrl(s));
            }
        }
        ApiFuzzer.Target target = new ApiFuzzer.Target(stack.gatewayUrl(), ApiFuzzE2ETest::bearer, jdbc,
                stack.dbUser(), stack.dbPassword(), stack.kafkaBootstrap());

        // Analytics answers 503 (documented, with Retry-After) while its stream rebalances or replays, e.g. after the
        // failure tests restarted the broker: a settled platform first, so that a 5xx here is about the input.
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() ->
                as("admin.a").queryParams(Map.of("period", "week", "from", "2026-01-05", "to", "2026-01-11"))
                        .get("/api/v1/analytics/clinics/" + Platform.CLINIC_A + "/measures").statusCode() == 200);
        FuzzRun.Result r = FuzzRun.run(target, fixture, services, seed, perOperation, inFlight,
                System.getProperty("fuzz.only"), Path.of("target", "fuzz"), System.out);
        FuzzRun.print(r, System.out);
        record(r);

        assertThat(r.serviceDocumentOperations().values().stream().mapToInt(Integer::intValue).sum())
                .as("every operation of the services' own documents is in the gateway's merged document")
                .isEqualTo(r.mergedOperationsByArea().entrySet().stream().filter(e -> !e.getKey().equals("gateway"))
                        .mapToInt(Map.Entry::getValue).sum());
        assertThat(r.minPerOperation()).as("requests per operation").isGreaterThanOrEqualTo(perOperation);
        String seedNote = " (seed " + seed + "; details in target/fuzz/failures.txt)";
        // CI keeps only the tail of a run's output: the assertion itself names the first 5xx and its answer.
        String firstFiveXx = r.failures().stream().filter(f -> f.category().equals("5xx")).findFirst()
                .map(f -> "; first: " + f.c().op().key() + " — " + f.c().mutation() + " → "
                        + f.status() + " " + f.response().replaceAll("\\s+", " "))
                .orElse("");
        assertThat(r.fiveXx()).as("5xx answers" + seedNote + firstFiveXx).isZero();
        assertThat(r.noAnswer()).as("requests without an answer" + seedNote).isZero();
        assertThat(r.problemFailures()).as("4xx answers that are not proper problem documents" + seedNote).isZero();
        assertThat(r.schemaFailures()).as("2xx bodies that do not match the documented schema" + seedNote).isZero();
        assertThat(r.contentTypeFailures()).as("2xx answers of an undocumented content type" + seedNote).isZero();
        assertThat(r.schemaUndocumentedOps()).as("operations whose 2xx body has no documented schema (\"any JSON\")"
                + seedNote).isEmpty();
        assertThat(r.statusUndocumentedOps()).as("operations that answered a 2xx status their document does not list"
                + seedNote).isEmpty();
        assertThat(r.otherFailures()).as("other failures" + seedNote).isZero();
        assertThat(r.lenientFailures()).as("strict-input mutations answered 2xx" + seedNote).isZero();
        assertThat(r.refusalsNotAudited()).as("refusals answered by a service without their one denied/failure "
                + "audit row, outbox row and iop.audit.v1 record" + seedNote).isEmpty();
        assertThat(r.refusedWithSideEffects()).as("refused requests that left traces other than their own refusal "
                + "audit" + seedNote).isEmpty();
        assertThat(r.refusalsToAudit()).as("the audit check saw refusals answered by services").isPositive();
        assertThat(r.deadLettered()).as("events of fuzzed requests that a consumer dead-lettered" + seedNote).isEmpty();
        assertThat(r.acceptedWithTraces()).as("the side-effect check sees the traces of accepted requests").isPositive();
    }

    private static String bearer(String account) {
        return switch (account) {
            case "ehr" -> Platform.clientBearer("ehr-northside");
            case "ehr-b" -> Platform.clientBearer("ehr-riverside");
            default -> Platform.bearer(account);
        };
    }

    private static void record(FuzzRun.Result r) {
        String s = "API fuzzing";
        ReliabilityReport.record(s, "seed", r.seed());
        ReliabilityReport.record(s, "operations fuzzed", r.operations() + " (" + r.gatewayViews()
                + " of them the gateway's own views)");
        ReliabilityReport.record(s, "requests sent", r.requests());
        ReliabilityReport.record(s, "requests per operation (minimum)", r.minPerOperation());
        r.byClass().forEach((k, v) -> ReliabilityReport.record(s, "answered " + k, v));
        ReliabilityReport.record(s, "5xx seen", r.fiveXx());
        ReliabilityReport.record(s, "requests without an answer", r.noAnswer());
        ReliabilityReport.record(s, "4xx without problem+json", r.problemFailures());
        ReliabilityReport.record(s, "2xx schema mismatches", r.schemaFailures() + r.contentTypeFailures());
        ReliabilityReport.record(s, "2xx bodies validated against a documented schema", r.schemaValidated());
        ReliabilityReport.record(s, "2xx bodies with no documented schema", r.schemaUndocumented());
        ReliabilityReport.record(s, "strict-input mutations accepted (lenient)", r.lenientFailures());
        ReliabilityReport.record(s, "refusals audited / expected", r.refusalsAudited() + " / " + r.refusalsToAudit());
        ReliabilityReport.record(s, "refusals without their audit row", r.refusalsNotAudited().size());
        ReliabilityReport.record(s, "refusals with extra traces", r.refusedWithSideEffects().size());
        ReliabilityReport.record(s, "refused requests checked for traces", r.refused());
        r.byMutation().forEach((k, v) -> ReliabilityReport.record(s, "mutation " + k
                + (Mutations.STRICT_INPUT.containsKey(k) ? " (strict input: " + Mutations.STRICT_INPUT.get(k) + ")" : ""),
                v));
        ReliabilityReport.record(s, "events of fuzzed requests dead-lettered", r.deadLettered().size());
        ReliabilityReport.record(s, "run time (s)", r.took().toSeconds());
    }
}
