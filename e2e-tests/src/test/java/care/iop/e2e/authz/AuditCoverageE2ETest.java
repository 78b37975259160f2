package care.iop.e2e.authz;

import care.iop.e2e.Platform;
import care.iop.e2e.ReliabilityReport;
import com.fasterxml.jackson.databind.JsonNode;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every read and write of patient data leaves a complete audit record (ARCHITECTURE §4: time, actor subject, client
 * id and roles, clinic, patient, resource type and id, action, outcome, request id, source address, purpose of use)
 * in the owning service's append-only, hash-chained {@code audit_log}:
 * <ul>
 *   <li>every GET route of the API documents (and the gateway's two) is called once, with its own X-Request-Id, by a
 *       role of clinic A that may (the partner, with its purpose of use, for the disclosures); a route reads patient
 *       data when its path names a patient's record or a {@code patientId}, or when its answer holds a patient's id —
 *       then each such patient must have a complete record with that request id (read over JDBC);</li>
 *   <li>every write the {@link World} made (each with its own request id) for a patient likewise;</li>
 *   <li>the service's database role (its application role) may not UPDATE, DELETE or TRUNCATE audit rows, nor switch
 *       the guard trigger off or drop the table; the guard trigger refuses even the owner; and a row changed with the
 *       trigger disabled (as only the table's owner can) is found by common's chain verifier, run on each service's
 *       database against the chain heads the service published to {@code iop.audit.v1}.</li>
 * </ul>
 */
class AuditCoverageE2ETest {

    private static final String SECTION = "Audit coverage";
    private static final Set<String> READ_ACTIONS = Set.of("read", "export", "disclose");
    private static final String PARTNER_PURPOSE = "COC";

    private static Api.Table api;
    private static World world;
    private static List<Identity> identities;
    private static Instant started;

    @BeforeAll
    static void setUp() {
        Platform.stack();
        started = Instant.now().minusSeconds(5);
        api = Api.load();
        world = World.get();
        identities = Identity.callers();
    }

    /** One audited access to check: where, by whom, about which patients. */
    /** One audited access to check: where (in each of the areas, or in one of them), by whom, about which patients. */
    private record Access(String label, List<String> areas, boolean eachArea, String requestId, Identity who,
                          String method, Set<String> patients, String resourceId, boolean partner) {
    }

    @Test
    void every_read_and_write_of_patient_data_leaves_a_complete_audit_record() {
        // Every patient of clinic A so far (this world's and any other test's): an answer naming one read its data.
        Set<String> clinicPatients = AuditDb.patientsOf(Platform.CLINIC_A);
        List<Access> accesses = new ArrayList<>();
        List<String> withoutPatientData = new ArrayList<>();
        List<String> notWalked = new ArrayList<>();
        int getRoutes = 0;
        for (Api.Operation op : api.operations()) {
            if (!op.isRead() || op.template().endsWith("/audit-records")) {
                continue;
            }
            getRoutes++;
            boolean disclosure = op.template().contains("/disclosures/") || op.template().startsWith("/api/v1/partner/");
            // Disclosures, and the reads only a partner may make (its consents), are walked as the consented partner.
            boolean asPartner = disclosure || op.roles().equals(Set.of("partner"));
            Identity who = identities.stream().filter(i -> (asPartner ? i.kind() == Identity.Kind.PARTNER_WITH_CONSENT
                    : i.kind() == Identity.Kind.OWN_CLINIC) && i.mayCall(op.roles())).findFirst().orElse(null);
            if (who == null) {
                notWalked.add(op.key() + " (no identity of clinic A may call it)");
                continue;
            }
            // A consent check answers for a patient only when a consent permits (otherwise as for an unknown
            // patient): asked about the patient whose consent names the partner.
            Routes.Resolved path = Routes.resolve(op, world, who,
                    op.queryParams().contains("category") ? world.id("consentedPatient") : null);
            Http.Call call = World.call("GET", path.url()).auth(who.authorization().get());
            if (disclosure) {
                call = call.header("X-Purpose-Of-Use", PARTNER_PURPOSE);
            }
            Http.Answer a = call.send();
            if (a.status() / 100 != 2) {
                notWalked.add(op.key() + " as " + who.name() + ": " + a.describe());
                continue;
            }
            Set<String> patients = new LinkedHashSet<>();
            if (path.patient() != null) {
                patients.add(path.patient());
            }
            clinicPatients.stream().filter(p -> a.body().contains(p)).forEach(patients::add);
            if (patients.isEmpty()) {
                withoutPatientData.add(op.key());
                continue;
            }
            // The gateway's views ask each service with the caller's request id: each service that answered audits.
            List<String> areas = !op.area().equals("gateway") ? List.of(op.area()) : Api.AREAS.stream()
                    .filter(area -> disclosure || "ok".equals(a.json().path("parts").path(area).asText())).toList();
            accesses.add(new Access(op.key(), areas, op.area().equals("gateway"), a.requestId(), who, "GET", patients,
                    path.lastRecord(), disclosure));
        }
        // The partner reading its own referral (status only, but that a person is in treatment is Part 2 data).
        Identity partner = identities.stream().filter(i -> i.kind() == Identity.Kind.PARTNER_WITH_CONSENT).findFirst()
                .orElseThrow();
        for (String url : List.of("/api/v1/intake/referrals/" + world.id("partnerReferral"), "/api/v1/intake/referrals")) {
            Http.Answer a = World.call("GET", url).auth(partner.authorization().get()).send().expect(200);
            if (a.body().contains(world.id("partnerReferral"))) {
                getRoutes++;
                accesses.add(new Access("GET " + url + " (the partner's own referral)", List.of("intake"), false,
                        a.requestId(), partner, "GET", Set.of(world.id("referredPatient")), null, false));
            }
        }
        int reads = accesses.size();
        // Which write operations of the documents the world's writes exercised.
        List<String> writeOps = new ArrayList<>();
        List<String> unexercised = new ArrayList<>();
        for (Api.Operation op : api.operations()) {
            if (op.isRead() || op.area().equals("gateway")) {
                continue;
            }
            writeOps.add(op.key());
            java.util.regex.Pattern template = java.util.regex.Pattern.compile(op.template()
                    .replaceAll("\\{[^}]+}", "[^/?]+") + "(\\?.*)?");
            if (world.writes().stream().noneMatch(w -> w.method().equals(op.method())
                    && template.matcher(w.path()).matches())) {
                unexercised.add(op.key());
            }
        }
        for (World.Write w : world.writes()) {
            if (w.patientId() == null || w.area().equals("gateway")) {
                continue;
            }
            Identity who = identities.stream().filter(i -> i.name().equals(w.actor())
                    || i.name().startsWith(w.actor() + " (")).findFirst().orElseThrow();
            accesses.add(new Access(w.method() + " " + w.path() + " (" + w.status() + ")", List.of(w.area()), false,
                    w.requestId(), who, w.method(), Set.of(w.patientId()), "any", false));
        }

        List<String> missing = new ArrayList<>();
        int complete = 0;
        for (Access access : accesses) {
            boolean ok = true;
            List<List<String>> groups = access.eachArea() ? access.areas().stream().map(List::of).toList()
                    : List.of(access.areas());
            for (List<String> group : groups) {
                List<AuditDb.Row> rows = new ArrayList<>();
                for (String area : group) {
                    rows.addAll(AuditDb.byRequestId(area, access.requestId()));
                }
                for (String patient : access.patients()) {
                    List<AuditDb.Row> forPatient = rows.stream().filter(r -> r.patientId() != null
                            && r.patientId().toString().equals(patient)).toList();
                    String where = access.label() + " as " + access.who().name() + " (request " + access.requestId()
                            + (access.eachArea() ? ", in " + group.get(0) : "") + ")";
                    if (forPatient.isEmpty()) {
                        ok = false;
                        missing.add(where + ": no audit record for patient " + patient + (rows.isEmpty()
                                ? " (none at all)" : " (records for " + rows.stream().map(AuditDb.Row::patientId)
                                .toList() + ")"));
                        continue;
                    }
                    List<String> wrong = incomplete(forPatient.get(0), access);
                    for (AuditDb.Row r : forPatient.subList(1, forPatient.size())) {
                        if (wrong.isEmpty()) {
                            break;
                        }
                        wrong = incomplete(r, access);
                    }
                    if (!wrong.isEmpty()) {
                        ok = false;
                        missing.add(where + ", patient " + patient + ": " + wrong + " in " + forPatient.get(0));
                    }
                }
            }
            complete += ok ? 1 : 0;
        }
        int writes = accesses.size() - reads;
        withoutPatientData.forEach(r -> System.out.println("[audit] no patient data in the answer: " + r));
        System.out.printf("[audit] write operations exercised: %d of %d (not: %s)%n", writeOps.size()
                - unexercised.size(), writeOps.size(), unexercised);
        ReliabilityReport.record(SECTION, "write operations exercised (with a request id each)",
                (writeOps.size() - unexercised.size()) + " of " + writeOps.size());
        notWalked.forEach(r -> System.out.println("[audit] NOT WALKED " + r));
        missing.forEach(m -> System.out.println("[audit] MISSING " + m));
        System.out.printf("[audit] GET routes walked: %d (%d read patient data, %d answered without any); writes of "
                        + "patient data checked: %d; complete audit records: %d of %d; missing or incomplete: %d%n",
                getRoutes - notWalked.size(), reads, withoutPatientData.size(), writes, complete, accesses.size(),
                accesses.size() - complete);
        ReliabilityReport.record(SECTION, "GET routes walked (OpenAPI documents + gateway)", getRoutes - notWalked.size());
        ReliabilityReport.record(SECTION, "GET routes that read patient data", reads);
        ReliabilityReport.record(SECTION, "patient-data writes checked (each with its own request id)", writes);
        ReliabilityReport.record(SECTION, "accesses with a complete audit record", complete + " of " + accesses.size());
        ReliabilityReport.record(SECTION, "accesses with a missing or incomplete audit record", accesses.size() - complete);
        assertThat(notWalked).as("GET routes that could not be walked").isEmpty();
        assertThat(missing).as("accesses without a complete audit record (listed above)").isEmpty();
    }

    /** The gateway replaces whatever X-Forwarded-For a caller sends: the audit names where the request came from. */
    @Test
    void the_audited_source_address_is_where_the_request_came_from_not_what_the_caller_claims() {
        String p = world.id("patient");
        Http.Answer a = World.call("GET", "/api/v1/intake/patients/" + p).auth(Tokens.user("coordinator.a"))
                .header("X-Forwarded-For", "203.0.113.9").header("Forwarded", "for=203.0.113.9").send().expect(200);
        List<AuditDb.Row> rows = AuditDb.byRequestId("intake", a.requestId());
        assertThat(rows).isNotEmpty().allSatisfy(r -> assertThat(r.sourceAddress()).isNotBlank()
                .doesNotContain("203.0.113.9"));
        System.out.println("[audit] a read claiming X-Forwarded-For 203.0.113.9 is audited from "
                + rows.get(0).sourceAddress());
    }

    /** What is missing or wrong in a record of {@code access}. */
    private List<String> incomplete(AuditDb.Row r, Access access) {
        List<String> wrong = new ArrayList<>();
        JsonNode token = Tokens.claims(access.who().authorization().get());
        if (r.occurredAt() == null || r.occurredAt().isBefore(started.minus(Duration.ofMinutes(10)))
                || r.occurredAt().isAfter(Instant.now().plusSeconds(60))) {
            wrong.add("time " + r.occurredAt());
        }
        if (!token.path("sub").asText().equals(r.actorSubject())) {
            wrong.add("actor subject");
        }
        if (!token.path("azp").asText().equals(r.actorClientId())) {
            wrong.add("client id");
        }
        if (r.actorRoles() == null || access.who().roles().stream().noneMatch(role -> List.of(r.actorRoles().split(","))
                .contains(role))) {
            wrong.add("roles");
        }
        if (!Platform.CLINIC_A.equals(r.clinicId())) {
            wrong.add("clinic");
        }
        if (r.resourceType() == null || r.resourceType().isBlank()) {
            wrong.add("resource type");
        }
        if (access.resourceId() != null && (r.resourceId() == null || r.resourceId().isBlank())) {
            wrong.add("resource id");
        }
        boolean read = access.method().equals("GET");
        if (r.action() == null || (read ? !READ_ACTIONS.contains(r.action()) : READ_ACTIONS.contains(r.action()))
                || (access.partner() && !"disclose".equals(r.action()))) {
            wrong.add("action " + r.action());
        }
        if (!"success".equals(r.outcome())) {
            wrong.add("outcome " + r.outcome());
        }
        if (!access.requestId().equals(r.requestId())) {
            wrong.add("request id");
        }
        if (r.sourceAddress() == null || r.sourceAddress().isBlank()) {
            wrong.add("source address");
        }
        if (r.purposeOfUse() == null || r.purposeOfUse().isBlank()
                || (access.partner() && !PARTNER_PURPOSE.equals(r.purposeOfUse()))) {
            wrong.add("purpose of use " + r.purposeOfUse());
        }
        return wrong;
    }

    // ------------------------------------------------------------------------------------------- append-only, chain

    @Test
    void audit_rows_cannot_be_changed_and_a_change_behind_the_trigger_s_back_is_found_by_the_chain_check()
            throws SQLException {
        int checked = 0;
        for (String area : Api.AREAS) {
            long seq = sealedRow(area);
            try (Connection c = AuditDb.connect(area); Statement s = c.createStatement();
                 Connection owner = AuditDb.connectAsOwner(area); Statement o = owner.createStatement()) {
                AuditDb.Row original = AuditDb.bySeq(c, seq);
                // The service's own role: no right to change, delete or truncate, nor to switch the guard off.
                assertThatThrownBy(() -> s.executeUpdate("UPDATE audit_log SET actor_subject = 'someone-else' WHERE seq = "
                        + seq)).as(area).hasMessageContaining("permission denied");
                assertThatThrownBy(() -> s.executeUpdate("UPDATE audit_log SET hash = 'x' WHERE seq = " + seq))
                        .as(area).hasMessageContaining("audit_log rows cannot be changed");
                assertThatThrownBy(() -> s.executeUpdate("DELETE FROM audit_log WHERE seq = " + seq)).as(area)
                        .hasMessageContaining("permission denied");
                assertThatThrownBy(() -> s.executeUpdate("TRUNCATE audit_log")).as(area)
                        .hasMessageContaining("permission denied");
                assertThatThrownBy(() -> s.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_guard")).as(area)
                        .hasMessageContaining("must be owner");
                assertThatThrownBy(() -> s.execute("DROP TABLE audit_log")).as(area)
                        .hasMessageContaining("must be owner");
                // The owner is refused by the guard trigger (while it is on).
                assertThatThrownBy(() -> o.executeUpdate("UPDATE audit_log SET actor_subject = 'someone-else' WHERE seq = "
                        + seq)).as(area).hasMessageContaining("audit_log rows cannot be changed");
                assertThatThrownBy(() -> o.executeUpdate("DELETE FROM audit_log WHERE seq = " + seq)).as(area)
                        .hasMessageContaining("append-only");
                assertThatThrownBy(() -> o.executeUpdate("TRUNCATE audit_log")).as(area)
                        .hasMessageContaining("append-only");
                assertThat(AuditDb.bySeq(c, seq)).as(area).isEqualTo(original);

                AuditDb.Verification before = AuditDb.verify(area);
                assertThat(before.problems()).as("%s's chain before", area).isEmpty();
                assertThat(before.rowsChecked()).as(area).isPositive();
                assertThat(before.checkedAgainst()).as("%s published its chain head", area).isPositive();
                // The owner of the table can switch the guard off: the chain still tells.
                AuditDb.behindTheTrigger(area, "UPDATE audit_log SET actor_subject = 'covering-tracks' WHERE seq = " + seq);
                AuditDb.Verification tampered = AuditDb.verify(area);
                String restore = "UPDATE audit_log SET actor_subject = " + literal(original.actorSubject())
                        + " WHERE seq = " + seq;
                try {
                    assertThat(tampered.problems()).as("%s's chain after seq %d was changed", area, seq)
                            .anyMatch(p -> p.startsWith("seq " + seq + " ") && p.contains("changed"));
                    assertThat(String.join("\n", tampered.problems())).doesNotContain("covering-tracks");
                } finally {
                    AuditDb.behindTheTrigger(area, restore);
                }
                assertThat(AuditDb.verify(area).problems()).as("%s's chain once restored", area).isEmpty();
                System.out.printf("[audit] %s: UPDATE, DELETE, TRUNCATE, DISABLE TRIGGER and DROP refused to the "
                        + "service's role; %d sealed rows verified (against the published head at %d); the row changed "
                        + "behind the trigger found: %s%n", area, before.rowsChecked(), before.checkedAgainst(),
                        tampered.problems());
                checked++;
            }
        }
        ReliabilityReport.record(SECTION, "databases whose audit_log refuses UPDATE/DELETE/TRUNCATE/DISABLE TRIGGER to "
                + "the service's role and whose chain check (against the published head) finds a row changed with the "
                + "trigger disabled", checked + " of " + Api.AREAS.size());
    }

    /** A sealed row of the service (this run's records are sealed within a second or two). */
    private static long sealedRow(String area) {
        long[] seq = {-1};
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            try (Connection c = AuditDb.connect(area); PreparedStatement ps = c.prepareStatement(
                    "SELECT seq FROM audit_log WHERE hash IS NOT NULL AND clinic_id = ? ORDER BY seq DESC LIMIT 1")) {
                ps.setObject(1, Platform.CLINIC_A);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).as("a sealed audit row in %s", area).isTrue();
                    seq[0] = rs.getLong(1);
                }
            }
        });
        return seq[0];
    }

    private static String literal(String value) {
        return value == null ? "NULL" : "'" + value.replace("'", "''") + "'";
    }
}
