package care.iop.e2e.authz;

import care.iop.e2e.AuditTrails;
import care.iop.e2e.Platform;
import care.iop.e2e.ReliabilityReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every route of the platform × every kind of caller, against the whole platform (devstack) through the gateway,
 * with real Keycloak tokens. The routes and the roles each allows come from the services' OpenAPI documents (and
 * their annotations, see {@link Api}); the callers from the realm file ({@link Identity}); the path ids are real
 * records of clinic A ({@link World}). What each cell must answer:
 * <ul>
 *   <li>no token, an expired one, another issuer's, another audience's, a tampered signature, {@code alg=none}: 401
 *       problem — through the gateway and straight to the owning service;</li>
 *   <li>a role the operation does not allow: 403 problem;</li>
 *   <li>an allowed role of clinic B on clinic A's record ids (in the path, or inside the body): 404 problem — the same
 *       answer as for an id that exists nowhere; a medication, aftercare or clinical-notes write for clinic A's
 *       patient is the 409 {@code awaiting-event} problem a patient whose admission has not arrived yet gets (nothing
 *       is probed);</li>
 *   <li>an allowed role of clinic A: neither 401 nor 403 (nor 5xx) — whatever validation then says (bodies are left
 *       empty and If-Match stale, so these calls change nothing but what a body-less call does to this run's own
 *       records: a consent revoked, this run's own staff member flagged as supervised and unflagged);</li>
 *   <li>the partner: its disclosure endpoints answer 200 for a patient whose consent names it and 403 otherwise;
 *       clinic A's record ids are 404 to it;</li>
 *   <li>whatever another clinic or the partner is given (2xx) never contains an id of clinic A's records.</li>
 * </ul>
 */
class AuthorizationMatrixE2ETest {

    private static final String SECTION = "Authorization matrix";
    private static final String STALE = "\"999999\"";
    private static final int THREADS = 4;
    private static Api.Table api;
    private static World world;
    private static List<Identity> identities;
    private static long setupMillis;

    @BeforeAll
    static void setUp() {
        long t0 = System.currentTimeMillis();
        Platform.stack();
        // First, so that it has expired by the time the matrix runs; valid now (a real token, not a broken one).
        Tokens.Expiring shortLived = Tokens.shortLived("coordinator.a");
        World.call("GET", "/api/v1/intake/patients?limit=1").auth("Bearer " + shortLived.token()).send().expect(200);
        api = Api.load();
        world = World.get();
        identities = Identity.all(shortLived);
        setupMillis = System.currentTimeMillis() - t0;
    }

    // ------------------------------------------------------------------------------------------------ the table

    @Test
    void the_role_table_is_read_from_the_api_documents_and_agrees_with_the_annotations() {
        System.out.printf("[authz] %d operations (%d from the OpenAPI documents' security requirements, %d from the "
                        + "annotations where the document names no roles: %s)%n", api.operations().size(),
                api.operations().stream().filter(o -> o.rolesFrom().equals("openapi")).count(),
                api.documentedWithoutRoles().size(), api.documentedWithoutRoles());
        ReliabilityReport.record(SECTION, "operations (from the services' OpenAPI documents + 2 gateway routes)",
                api.operations().size());
        ReliabilityReport.record(SECTION, "operations whose OpenAPI document lists no roles (roles taken from "
                + "@RolesAllowed)", api.documentedWithoutRoles().size());
        assertThat(api.documentedWithoutRoles()).as("operations whose OpenAPI document names no roles").isEmpty();
        assertThat(api.mismatches()).as("roles in the OpenAPI documents vs @RolesAllowed").isEmpty();
        assertThat(api.annotatedButUndocumented()).as("annotated resource methods missing from the documents")
                .isEmpty();
        assertThat(api.operations()).allSatisfy(o -> assertThat(o.roles()).as("roles of %s", o).isNotEmpty());
    }

    // ------------------------------------------------------------------------------------------------ the matrix

    private record Cell(Api.Operation op, Identity who, boolean direct) {
        String label() {
            return op.key() + " | " + who.name() + (direct ? " | straight to " + op.area() : "");
        }
    }

    private record Result(Cell cell, String expected, int status, String failure, String detail) {
        Result(Cell cell, String expected, int status, String failure) {
            this(cell, expected, status, failure, null);
        }
    }

    /** The problem detail of a refusal by {@code @RolesAllowed} (common's ProblemMapper). */
    private static final String ROLE_REFUSAL = "The caller's roles do not allow this operation";

    @Test
    void every_route_answers_every_identity_as_the_role_table_says() throws Exception {
        List<Cell> cells = new ArrayList<>();
        for (Api.Operation op : api.operations()) {
            for (Identity who : identities) {
                cells.add(new Cell(op, who, false));
                if (who.kind() == Identity.Kind.BAD_TOKEN && !op.area().equals("gateway")) {
                    cells.add(new Cell(op, who, true));
                }
            }
        }
        long t0 = System.currentTimeMillis();
        List<Result> results = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Result>> futures = new ArrayList<>();
            for (Cell c : cells) {
                futures.add(pool.submit(() -> check(c)));
            }
            for (Future<Result> f : futures) {
                results.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        long millis = System.currentTimeMillis() - t0;
        printMatrix(results);
        List<Result> failed = results.stream().filter(r -> r.failure() != null).toList();
        failed.forEach(r -> System.out.println("[authz] FAILED " + r.cell().label() + " — expected " + r.expected()
                + ": " + r.failure()));
        System.out.printf("[authz] matrix: %d operations × %d identities (+ bad tokens straight to the services) = "
                        + "%d cells checked, %d failed, in %.1f s (set-up %.1f s)%n", api.operations().size(),
                identities.size(), results.size(), failed.size(), millis / 1e3, setupMillis / 1e3);
        ReliabilityReport.record(SECTION, "identities (realm accounts and EHR clients, partner with/without consent, "
                + "6 bad tokens)", identities.size());
        ReliabilityReport.record(SECTION, "cells checked", results.size());
        ReliabilityReport.record(SECTION, "cells failed", failed.size());
        ReliabilityReport.record(SECTION, "matrix run time (s)", String.format("%.1f", millis / 1e3));
        assertThat(failed).as("failed cells (listed above)").isEmpty();
    }

    private Result check(Cell c) {
        Api.Operation op = c.op();
        Identity who = c.who();
        String base = c.direct() ? Platform.stack().serviceUrl(op.area()) : Platform.stack().gatewayUrl();
        boolean allowed = who.kind() != Identity.Kind.BAD_TOKEN && who.mayCall(op.roles());
        String empty = op.hasBody() ? "{}" : null;
        try {
            Routes.Resolved path = Routes.resolve(op, world, who);
            if (who.kind() == Identity.Kind.BAD_TOKEN) {
                return expectProblem(c, send(op, base + path.url(), who, empty), 401);
            }
            if (!allowed) {
                Result r = expectProblem(c, send(op, base + path.url(), who, empty), 403);
                // Refused by the role check itself (before any business rule could answer 403 instead).
                return r.failure() != null || op.area().equals("gateway") || ROLE_REFUSAL.equals(r.detail()) ? r
                        : new Result(c, r.expected(), r.status(), "refused, but not by the role check: " + r.detail(),
                        r.detail());
            }
            boolean disclosure = op.template().contains("/disclosures/") || op.template().startsWith("/api/v1/partner/");
            switch (who.kind()) {
                case OWN_CLINIC -> {
                    return expectAllowed(c, send(op, base + path.url(), who, empty), false);
                }
                case PARTNER_WITH_CONSENT, PARTNER_WITHOUT_CONSENT -> {
                    if (disclosure) {
                        Http.Answer a = send(op, base + path.url(), who, null);
                        return who.kind() == Identity.Kind.PARTNER_WITH_CONSENT ? expectStatus(c, a, 200)
                                : expectProblem(c, a, 403);
                    }
                    if (path.namesRecord()) {
                        return expectProblem(c, send(op, base + path.url(), who, sample(op, false)), 404);
                    }
                    return expectAllowed(c, send(op, base + path.url(), who, empty), true);
                }
                case OTHER_CLINIC -> {
                    if (path.namesRecord()) {
                        return expectProblem(c, send(op, base + path.url(), who, sample(op, false)),
                                awaitsAdmission(op, path) ? 409 : 404);
                    }
                    if (op.hasBody() && !Samples.recordsNamed(op.key()).isEmpty()) {
                        return expectSameAsUnknown(c, send(op, base + path.url(), who, sample(op, false)),
                                send(op, base + path.url(), who, sample(op, true)));
                    }
                    return expectAllowed(c, send(op, base + path.url(), who, empty), true);
                }
                default -> throw new IllegalStateException(who.kind().name());
            }
        } catch (RuntimeException | AssertionError e) {
            return new Result(c, "a request", -1, e.toString());
        }
    }

    /**
     * Medication, aftercare and clinical notes write for a patient only once intake's admission has reached them, and
     * answer a write for a patient they do not know (an unknown id or another clinic's patient alike) 409
     * awaiting-event.
     */
    private static boolean awaitsAdmission(Api.Operation op, Routes.Resolved path) {
        return !op.isRead() && List.of("medications", "aftercare", "notes").contains(op.area())
                && path.records().equals(List.of("patient"));
    }

    private String sample(Api.Operation op, boolean unknownIds) {
        if (!op.hasBody()) {
            return null;
        }
        String body = unknownIds ? Samples.bodyWithUnknownIds(op.key(), world.values())
                : Samples.body(op.key(), world.values());
        if (body == null) {
            throw new AssertionError("no sample body for " + op.key() + " in Samples (needed to get past validation)");
        }
        return body;
    }

    private static Http.Answer send(Api.Operation op, String url, Identity who, String body) {
        Http.Call call = Http.Call.of(op.method(), url).auth(who.authorization().get()).body(body);
        if (!op.isRead()) {
            call = call.header("If-Match", STALE);
        }
        return call.send();
    }

    // ------------------------------------------------------------------------------------------- expectations

    private Result expectProblem(Cell c, Http.Answer a, int status) {
        String expected = status + " problem";
        if (a.status() != status) {
            return new Result(c, expected, a.status(), "got " + a.describe());
        }
        if (!a.isProblem() || a.json().path("status").asInt() != status) {
            return new Result(c, expected, a.status(), "not a problem document: " + a.contentType() + " " + a.describe());
        }
        return new Result(c, expected, a.status(), null, a.text("detail"));
    }

    private Result expectStatus(Cell c, Http.Answer a, int status) {
        return new Result(c, String.valueOf(status), a.status(), a.status() == status ? leak(c, a) : "got " + a.describe());
    }

    private Result expectAllowed(Cell c, Http.Answer a, boolean outsider) {
        String expected = "neither 401 nor 403 (nor 5xx)";
        if (a.status() == 401 || a.status() == 403 || a.status() >= 500) {
            return new Result(c, expected, a.status(), "got " + a.describe());
        }
        return new Result(c, expected, a.status(), outsider ? leak(c, a) : null);
    }

    private Result expectSameAsUnknown(Cell c, Http.Answer foreign, Http.Answer unknown) {
        String expected = "the answer to ids that exist nowhere (" + unknown.status() + "), not 2xx";
        if (foreign.status() / 100 == 2 || foreign.status() == 401 || foreign.status() == 403
                || foreign.status() >= 500) {
            return new Result(c, expected, foreign.status(), "got " + foreign.describe());
        }
        if (foreign.status() != unknown.status() || !withoutIds(foreign.text("detail")).equals(withoutIds(unknown.text("detail")))) {
            return new Result(c, expected, foreign.status(), "clinic A's ids answer " + foreign.describe()
                    + " but unknown ids answer " + unknown.describe());
        }
        return new Result(c, expected, foreign.status(), null);
    }

    private static String withoutIds(String detail) {
        return String.valueOf(detail).replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<id>");
    }

    /** Another clinic or the partner must not be given any of clinic A's record ids. */
    private String leak(Cell c, Http.Answer a) {
        if (a.status() / 100 != 2 || c.who().kind() == Identity.Kind.OWN_CLINIC) {
            return null;
        }
        Set<String> mine = new java.util.HashSet<>(world.recordIds());
        boolean referringPartner = !c.who().name().endsWith(Identity.ANOTHER_PARTNER);
        if (referringPartner && (c.who().kind() == Identity.Kind.PARTNER_WITH_CONSENT
                || c.who().kind() == Identity.Kind.PARTNER_WITHOUT_CONSENT)) {
            mine.remove(world.id("partnerReferral")); // the partner's own referral (its status is all it sees)
        }
        if (c.who().kind() == Identity.Kind.PARTNER_WITH_CONSENT) {
            // What the consent releases: the patient's own disclosures, naming the patient and the consent.
            mine.remove(world.id("consentedPatient"));
            mine.remove(world.id("partnerConsent"));
        }
        String shown = AuditTrails.withoutRefusals(a.body() == null ? null : a.json(), a.body());
        List<String> leaked = mine.stream().filter(id -> shown != null && shown.contains(id)).toList();
        return leaked.isEmpty() ? null : "clinic A's record ids in the answer " + leaked + ": " + a.describe();
    }

    // ------------------------------------------------------------------------------------------- printing

    private void printMatrix(List<Result> results) {
        Map<String, List<Result>> byOp = new TreeMap<>();
        results.forEach(r -> byOp.computeIfAbsent(r.cell().op().key() + (r.cell().direct() ? " (direct)" : ""),
                k -> new ArrayList<>()).add(r));
        StringBuilder header = new StringBuilder("[authz] columns: ");
        for (int i = 0; i < identities.size(); i++) {
            header.append(i == 0 ? "" : ", ").append(identities.get(i).name());
        }
        System.out.println(header);
        byOp.forEach((key, rs) -> {
            rs.sort(Comparator.comparingInt(r -> identities.indexOf(r.cell().who())));
            String row = rs.stream().map(r -> (r.failure() != null ? "!" : "") + (r.status() < 0 ? "ERR"
                    : String.valueOf(r.status()))).collect(Collectors.joining(" "));
            System.out.printf("[authz] %-88s %s%n", key, row);
        });
        Map<String, Long> byExpectation = results.stream().collect(Collectors.groupingBy(Result::expected,
                LinkedHashMap::new, Collectors.counting()));
        System.out.println("[authz] cells by expectation: " + byExpectation);
    }

    // ------------------------------------------------------------------------------------------- consents

    /**
     * On every service's disclosure endpoint (and the gateway's view): a consent releases only its categories, only
     * for the purposes it was given for, and nothing once revoked.
     */
    @Test
    void partner_disclosures_follow_the_consent_s_categories_and_purpose_until_it_is_revoked() {
        String r = world.id("referredPatient");
        Set<String> consented = Set.of("demographics", "medications");
        List<Api.Operation> disclosures = api.operations().stream().filter(o -> o.template().contains("/disclosures/"))
                .toList();
        assertThat(disclosures).hasSizeGreaterThanOrEqualTo(6);
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (boolean revoked : new boolean[]{false, true}) {
            if (revoked) {
                World.call("POST", "/api/v1/intake/consents/" + world.id("partialConsent") + "/revocation")
                        .auth(Tokens.user("coordinator.a")).send().expect(200);
            }
            for (Api.Operation op : disclosures) {
                String category = op.template().substring(op.template().lastIndexOf('/') + 1);
                String url = op.template().replace("{patientId}", r);
                for (String purpose : List.of("TREAT", "HPAYMT")) {
                    Http.Answer a = World.call("GET", url).auth(Tokens.user("partner.p"))
                            .header("X-Purpose-Of-Use", purpose).send();
                    checked++;
                    boolean released = !revoked && purpose.equals("TREAT") && consented.contains(category);
                    if (released ? a.status() != 200 || !a.body().contains("42 CFR part 2")
                            || !purpose.equals(a.text("purposeOfUse")) : a.status() != 403 || !a.isProblem()) {
                        failures.add((revoked ? "after revocation, " : "") + category + " for " + purpose + ": expected "
                                + (released ? "200 with the notice" : "403") + ", got " + a.describe());
                    }
                }
            }
            Http.Answer view = World.call("GET", "/api/v1/partner/patients/" + r + "/disclosure")
                    .auth(Tokens.user("partner.p")).send();
            checked++;
            if (revoked ? view.status() != 403 : view.status() != 200
                    || !Set.copyOf(iterable(view.json().path("categories").fieldNames())).equals(consented)) {
                failures.add("gateway view" + (revoked ? " after revocation" : "") + ": " + view.describe());
            }
        }
        failures.forEach(f -> System.out.println("[authz] DISCLOSURE " + f));
        System.out.printf("[authz] partner disclosures by category, purpose and revocation: %d checked, %d wrong%n",
                checked, failures.size());
        ReliabilityReport.record(SECTION, "partner disclosure checks (category × purpose × revocation)", checked);
        ReliabilityReport.record(SECTION, "partner disclosure checks failed", failures.size());
        assertThat(failures).isEmpty();
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> out = new ArrayList<>();
        names.forEachRemaining(out::add);
        return out;
    }

    // ------------------------------------------------------------------------------------------- mass assignment

    /** Fields a client must never set: the clinic, the version, workflow state, signatures, authorship, ids. */
    private static final Map<String, Object> FORBIDDEN_FIELDS = Map.of("clinicId", Platform.CLINIC_B.toString(),
            "version", 0, "status", "signed", "signedBy", World.random(), "signedAt", Instant.now().toString(),
            "authorId", World.random(), "createdBy", World.random(), "id", World.random());

    /**
     * Where a request schema itself declares one of those names, what it means there (reviewed, and checked below
     * where it could be abused).
     */
    private static final Map<String, String> DECLARED = Map.of(
            "POST /api/v1/intake/referrals clinicId", "the clinic a partner refers to; ignored for staff and EHRs "
                    + "(checked: stored in the caller's clinic)",
            "POST /api/v1/intake/referrals/{id}/status status", "the pipeline step the request asks for (guarded "
                    + "transitions, tested in intake)",
            "POST /api/v1/intake/patients/{patientId}/consents signedAt", "when the patient signed the consent "
                    + "(past or present only)");

    @Test
    void mass_assigned_fields_are_refused_and_never_honoured() {
        int checked = 0;
        List<String> failures = new ArrayList<>();
        Map<String, String> before = storedRecords();
        for (Api.Operation op : api.operations()) {
            if (!op.hasBody()) {
                continue;
            }
            Identity caller = identities.stream().filter(i -> i.kind() == Identity.Kind.OWN_CLINIC
                    && i.mayCall(op.roles())).findFirst().orElse(null);
            if (caller == null) {
                continue; // partner-only writes have no body of a clinic's record
            }
            String url = Platform.stack().gatewayUrl() + Routes.resolve(op, world, caller).url();
            JsonNode sample = parse(Samples.body(op.key(), world.values()));
            for (Map.Entry<String, Object> field : FORBIDDEN_FIELDS.entrySet()) {
                if (op.bodyProperties().contains(field.getKey())) {
                    if (!DECLARED.containsKey(op.key() + " " + field.getKey())) {
                        failures.add(op.key() + " declares " + field.getKey() + ": review what it means there");
                    }
                    continue;
                }
                ObjectNode body = Http.JSON.createObjectNode();
                body.set(field.getKey(), Http.JSON.valueToTree(field.getValue()));
                if (sample != null && sample.isObject()) {
                    sample.fields().forEachRemaining(e -> body.set(e.getKey(), e.getValue()));
                }
                Http.Answer a = send(op, url, caller, body.toString());
                checked++;
                boolean refused = a.status() == 400 && a.isProblem() && a.json().path("violations").findValuesAsText("field")
                        .contains(field.getKey());
                if (!refused) {
                    failures.add(op.key() + " with " + field.getKey() + " as " + caller.name() + ": " + a.describe());
                }
            }
        }
        // Refused means nothing was stored: the patient's records read the same as before.
        Map<String, String> after = storedRecords();
        before.forEach((path, body) -> {
            if (!body.equals(after.get(path))) {
                failures.add("GET " + path + " changed while only refused requests were sent");
            }
        });
        // Declared and meaningful only for partners: a clinic's staff naming another clinic is ignored, not honoured.
        String p = world.id("patient");
        Http.Answer created = World.call("POST", "/api/v1/intake/referrals").auth(Tokens.user("coordinator.a"))
                .body(Map.of("clinicId", Platform.CLINIC_B.toString(), "patientId", p, "source", "self",
                        "urgency", "routine", "reasonCode", "alcohol-use-disorder")).send();
        checked++;
        if (created.status() == 201) {
            String referral = created.text("id");
            World.read("coordinator.a", "/api/v1/intake/referrals/" + referral).expect(200);
            World.read("coordinator.b", "/api/v1/intake/referrals/" + referral).expect(404);
            World.read("client ehr-riverside", "/api/v1/intake/referrals/" + referral).expect(404);
        } else if (created.status() != 400 && created.status() != 422) {
            failures.add("staff referral naming clinic B: " + created.describe());
        }
        // Another clinic upserting by clinic A's identifier gets a patient of its own; clinic A's is untouched.
        String patientBefore = World.read("coordinator.a", "/api/v1/intake/patients/" + p).expect(200).body();
        Http.Answer upsert = World.call("PUT", "/api/v1/intake/patients/by-identifier/urn:e2e:authz/" + world.code)
                .auth(Tokens.user("coordinator.b")).body(Map.of("legalName", Map.of("given", "Other", "family",
                        "Clinic"), "birthDate", "1970-01-01")).send();
        checked++;
        if (upsert.status() / 100 == 2 && p.equals(upsert.text("id")) || upsert.body().contains(p)) {
            failures.add("clinic B's upsert by clinic A's identifier reached clinic A's patient: " + upsert.describe());
        }
        if (!patientBefore.equals(World.read("coordinator.a", "/api/v1/intake/patients/" + p).expect(200).body())) {
            failures.add("clinic B's upsert by clinic A's identifier changed clinic A's patient");
        }
        failures.forEach(f -> System.out.println("[authz] MASS ASSIGNMENT " + f));
        System.out.printf("[authz] mass assignment: %d requests with a forbidden field, %d honoured or not refused%n",
                checked, failures.size());
        ReliabilityReport.record(SECTION, "mass-assignment requests (forbidden fields in every write body)", checked);
        ReliabilityReport.record(SECTION, "mass-assignment requests not refused or ignored", failures.size());
        assertThat(failures).isEmpty();
    }

    /** The patient's records in each service that nothing but this test's refused requests could change. */
    private Map<String, String> storedRecords() {
        String p = world.id("patient");
        Map<String, String> out = new LinkedHashMap<>();
        for (String[] read : new String[][]{{"coordinator.a", "/api/v1/intake/patients/" + p},
                {"coordinator.a", "/api/v1/intake/patients/" + p + "/consents"},
                {"coordinator.a", "/api/v1/intake/patients/" + p + "/screenings"},
                {"coordinator.a", "/api/v1/intake/patients/" + p + "/coverages"},
                {"coordinator.a", "/api/v1/intake/referrals/" + world.id("referral")},
                {"clinician.a", "/api/v1/notes/patients/" + p + "/notes"},
                {"clinician.a", "/api/v1/notes/patients/" + p + "/treatment-plans/current"},
                {"prescriber.a", "/api/v1/medications/patients/" + p + "/allergies"},
                {"prescriber.a", "/api/v1/medications/patients/" + p + "/reconciliations"},
                {"casemanager.a", "/api/v1/aftercare/patients/" + p + "/relapse-prevention-plan/versions"},
                {"scheduler.a", "/api/v1/scheduling/tracks/" + world.id("track")}}) {
            out.put(read[1], World.read(read[0], read[1]).expect(200).body());
        }
        return out;
    }

    private static JsonNode parse(String json) {
        try {
            return json == null ? null : Http.JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
