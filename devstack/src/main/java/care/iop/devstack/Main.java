package care.iop.devstack;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

/**
 * {@code ./iop up [--demo] [--fresh]}: starts the whole platform on this machine, without Docker, and keeps it running
 * until Ctrl-C, which stops everything cleanly.
 *
 * <p>What it starts, in this order (the first three side by side):
 * <ul>
 *   <li>PostgreSQL 17 (the testkit's embedded server), port 5432 if free, with the databases {@code intake},
 *       {@code scheduling}, {@code notes}, {@code medication}, {@code aftercare} owned by user {@code iop} (password
 *       {@code iop});</li>
 *   <li>Kafka 4.1, one KRaft node, port 9092 if free;</li>
 *   <li>Keycloak 26.4 (the {@code keycloak-quarkus-dist} zip from Maven Central, unpacked once into
 *       {@code ~/.cache/iop-platform/}), port 8180, admin {@code admin}/{@code admin}, realm {@code iop} imported from
 *       {@code devstack/src/main/resources/iop-realm.json};</li>
 *   <li>the five services (ports 8081–8085), analytics (8086), the gateway (8080) and the partner portal (3000),
 *       from {@code <module>/target/quarkus-app}.</li>
 * </ul>
 * Data are kept in {@code devstack/.run/} (git-ignored) between runs; {@code --fresh} deletes them first. Logs:
 * {@code devstack/.run/logs/<part>.log} (PostgreSQL's: {@code devstack/.run/postgres/server.log}).
 *
 * <p>External servers instead of the embedded ones — each one set is not started:
 * <ul>
 *   <li>{@code IOP_EXTERNAL_POSTGRES}: a JDBC base URL, e.g. {@code jdbc:postgresql://db:5432/}, with
 *       {@code IOP_DB_OWNER} and {@code IOP_DB_OWNER_PASSWORD} (default iop_owner/iop_owner: owns the tables, runs the
 *       migrations) and {@code IOP_DB_USER} and {@code IOP_DB_PASSWORD} (default iop/iop: the services' application
 *       role). The five databases are created by the owner if missing (it then needs CREATEDB), the application role
 *       too (CREATEROLE);</li>
 *   <li>{@code IOP_KAFKA}: bootstrap servers, e.g. {@code kafka:9092};</li>
 *   <li>{@code IOP_OIDC_URL}: the realm URL, e.g. {@code https://sso.example/realms/iop} (it must hold the realm of
 *       {@code iop-realm.json}: clients, roles, the {@code clinic_id} mapper and the {@code iop-api} audience), with
 *       {@code IOP_STAFF_DIRECTORY_CLIENT_SECRET}, its {@code iop-staff-directory} client's secret (the staff
 *       directory reads users through Keycloak's admin API; the realm file's demo secret if unset).</li>
 * </ul>
 *
 * <p>{@code --demo} then runs the {@link DemoSeeder} found on the class path (or {@code -Diop.demo.seeder=<class>}).
 *
 * <p>System properties: {@code iop.repo.root} (the checkout; found from the working directory otherwise),
 * {@code iop.run.dir} (instead of {@code devstack/.run}), {@code iop.realm.file} (another realm file),
 * {@code iop.keycloak.zip} (the distribution zip, if not in the local Maven repository),
 * {@code iop.idle.seconds} (when to measure the idle memory, default 10), {@code iop.parallelism} (how many services
 * start at once, default all six), {@code iop.debug} (stack traces).
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        List<String> rest = new ArrayList<>(List.of(args));
        String command = rest.isEmpty() || rest.get(0).startsWith("-") ? "up" : rest.remove(0);
        boolean demo = rest.remove("--demo");
        boolean fresh = rest.remove("--fresh");
        if (rest.contains("--help") || rest.contains("-h") || command.equals("help")) {
            usage(out);
            return;
        }
        if (command.equals("down")) {
            out.println("Nothing to do: press Ctrl-C in the terminal running ./iop up; it stops everything it started."
                    + "\n(If that terminal is gone, its watchdog stopped the platform within seconds.)");
            return;
        }
        if (!command.equals("up") || !rest.isEmpty()) {
            usage(out);
            System.exit(2);
        }
        up(out, demo, fresh);
    }

    private static void up(PrintStream out, boolean demo, boolean fresh) throws InterruptedException {
        Path root = DevStackOptions.forTests().resolveRepoRoot();
        String runDirProperty = System.getProperty("iop.run.dir");
        Path runDir = runDirProperty != null && !runDirProperty.isBlank() ? Path.of(runDirProperty).toAbsolutePath()
                : root.resolve("devstack/.run");
        DevStackOptions options = DevStackOptions.forCli(runDir).repoRoot(root).output(out).externalFromEnvironment()
                .wipeData(fresh).parallelism(Integer.getInteger("iop.parallelism", Service.values().length));
        out.println("Starting the IOP platform (data and logs in " + relative(root, runDir) + "/)…");
        DevStack stack;
        try {
            stack = DevStack.start(options);
        } catch (DevStack.StoppedWhileStartingException e) {
            return; // Ctrl-C: the shutdown hook has stopped what had started, and said so
        } catch (RuntimeException e) {
            out.println();
            out.println("✗ Could not start the platform: " + e.getMessage());
            if (Boolean.getBoolean("iop.debug")) {
                e.printStackTrace(out);
            }
            System.exit(1);
            return;
        }
        summary(out, stack, root);
        if (demo) {
            seed(out, stack);
        }
        int idle = Integer.getInteger("iop.idle.seconds", 10);
        out.printf("%nPress Ctrl-C to stop everything. (Measuring the idle memory in %d s…)%n", idle);
        Thread.sleep(idle * 1000L);
        MemoryUsage m = stack.memory();
        out.printf("Memory once idle: %s RSS over %d processes (%s PSS, shared pages counted once)%n",
                MemoryUsage.format(m.rssKb()), m.processes(), MemoryUsage.format(m.pssKb()));
        out.println("  " + m.rssKbByPart().entrySet().stream()
                .map(e -> e.getKey() + " " + MemoryUsage.format(e.getValue())).collect(Collectors.joining(", ")));
        // The shutdown hook of the stack stops everything on Ctrl-C (SIGINT) or SIGTERM and says so.
        new CountDownLatch(1).await();
    }

    private static void summary(PrintStream out, DevStack stack, Path root) {
        String gw = stack.gatewayUrl();
        out.println();
        out.printf("The IOP platform is up: started in %s.%n%n", DevStack.seconds(stack.startupTime().toNanos()));
        row(out, "Gateway", gw + "   (every API: " + gw + "/api/v1/<area>/…)");
        row(out, "API docs", gw + "/q/swagger-ui   (OpenAPI document: " + gw + "/openapi)");
        row(out, "FHIR R4", gw + "/fhir/r4   (CapabilityStatement: " + gw + "/fhir/r4/metadata; docs/fhir.md)");
        if (stack.isRunning(Service.PORTAL)) {
            row(out, "Portal", stack.portalUrl() + "   (partner portal: sign in as partner.p or partner.q)");
        }
        if (stack.isRunning(Service.ANALYTICS)) {
            row(out, "Dashboard", stack.serviceUrl(Service.ANALYTICS) + "/dashboard   (program measures: sign in as "
                    + "admin.a, supervisor.a or auditor.a)");
        }
        row(out, "Services", List.of(Service.INTAKE, Service.SCHEDULING, Service.NOTES, Service.MEDICATION,
                Service.AFTERCARE, Service.ANALYTICS).stream().filter(stack::isRunning).map(s -> s.area() + " :" + stack.port(s)).collect(Collectors.joining("  ")));
        if (stack.keycloakUrl() != null && System.getenv("IOP_OIDC_URL") == null) {
            row(out, "Keycloak", stack.keycloakUrl() + "/admin   (admin console: " + stack.keycloakAdminUser() + " / "
                    + stack.keycloakAdminPassword() + ")");
        }
        row(out, "OIDC realm", stack.oidcUrl());
        row(out, "Kafka", stack.kafkaBootstrap());
        row(out, "PostgreSQL", stack.jdbcUrl(Service.INTAKE).replaceAll("/intake(\\?.*)?$", "/")
                + "{intake,scheduling,notes,medication,aftercare}   (services: " + stack.dbUser() + " / "
                + stack.dbPassword() + ", owner: " + stack.dbOwner() + " / " + stack.dbOwnerPassword() + ")");
        row(out, "Logs", relative(root, stack.logDir()) + "/" + stack.postgresLog()
                .map(l -> "   (PostgreSQL's: " + relative(root, l) + ")").orElse(""));
        List<DemoAccount> accounts = stack.accounts().demoAccounts();
        if (accounts.isEmpty()) {
            return;
        }
        String common = stack.accounts().demoPassword();
        boolean samePassword = accounts.stream().allMatch(a -> common != null && common.equals(a.password()));
        out.println();
        out.println("Demo accounts" + (samePassword ? " (password for all: " + common + ")" : "") + ":");
        int userWidth = Math.max(8, accounts.stream().mapToInt(a -> a.username().length()).max().orElse(8));
        int roleWidth = Math.max(5, accounts.stream().mapToInt(a -> String.join(", ", a.roles()).length()).max().orElse(5));
        String format = "  %-" + userWidth + "s  %-" + roleWidth + "s  %-45s  %s%n";
        out.printf(format, "username", "roles", "clinic_id (or partner_id)", samePassword ? "name" : "name / password");
        for (DemoAccount a : accounts) {
            String where = a.clinicId() != null ? a.clinicId()
                    : a.partnerId() != null ? "partner " + a.partnerId() : "-";
            out.printf(format, a.username(), String.join(", ", a.roles()), where,
                    samePassword ? a.displayName() : a.displayName() + " / " + a.password());
        }
        for (DemoClient c : stack.accounts().demoClients()) {
            out.printf("  EHR client %s (secret %s, clinic %s): client credentials grant%n", c.clientId(), c.secret(),
                    c.clinicId());
        }
        DemoAccount first = accounts.get(0);
        out.println();
        out.println("A token (client " + DevStack.CLI_CLIENT + ", password grant), then a call through the gateway:");
        out.println("  TOKEN=$(curl -s -d grant_type=password -d client_id=" + DevStack.CLI_CLIENT + " -d username="
                + first.username() + " -d 'password=" + Optional.ofNullable(first.password()).orElse("…") + "' "
                + stack.tokenUrl() + " | sed 's/.*\"access_token\":\"\\([^\"]*\\)\".*/\\1/')");
        out.println("  curl -H \"Authorization: Bearer $TOKEN\" " + gw + "/api/v1/intake/patients");
    }

    private static void seed(PrintStream out, DevStack stack) {
        Optional<DemoSeeder> seeder;
        try {
            seeder = DemoSeeder.find();
        } catch (RuntimeException e) {
            out.println("\n✗ " + e.getMessage());
            return;
        }
        if (seeder.isEmpty()) {
            out.println("\nDemo seeding is not available yet: no " + DemoSeeder.class.getName()
                    + " on the class path (see its javadoc). The platform runs without demo data.");
            return;
        }
        out.println("\nSeeding demo data (" + seeder.get().getClass().getName() + ")…");
        long t0 = System.nanoTime();
        try {
            seeder.get().seed(stack, out);
            out.printf("✓ demo data seeded in %s%n", DevStack.seconds(System.nanoTime() - t0));
        } catch (Exception e) {
            out.println("✗ demo seeding failed: " + e);
            if (Boolean.getBoolean("iop.debug")) {
                e.printStackTrace(out);
            }
        }
    }

    private static void row(PrintStream out, String label, String value) {
        out.printf("  %-11s %s%n", label, value);
    }

    private static String relative(Path root, Path p) {
        Path abs = p.toAbsolutePath();
        return abs.startsWith(root) ? root.relativize(abs).toString() : abs.toString();
    }

    private static void usage(PrintStream out) {
        out.println(String.join("\n",
                "Usage: ./iop up [--demo] [--fresh]",
                "  up       start PostgreSQL, Kafka, Keycloak, the five services and the gateway; Ctrl-C stops them",
                "  --demo   then seed demo data (through the public APIs)",
                "  --fresh  delete the kept data (devstack/.run) first",
                "External servers (not started when set): IOP_EXTERNAL_POSTGRES (jdbc:postgresql://host:5432/, with",
                "IOP_DB_OWNER/IOP_DB_OWNER_PASSWORD for migrations, IOP_DB_USER/IOP_DB_PASSWORD for the services),",
                "IOP_KAFKA (bootstrap servers), IOP_OIDC_URL (realm URL; IOP_STAFF_DIRECTORY_CLIENT_SECRET its",
                "iop-staff-directory client's secret)."));
    }
}
