package care.iop.devstack;

import care.iop.embedded.ServiceDatabases;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How to start a {@link DevStack}. Two starting points:
 * <ul>
 *   <li>{@link #forTests()}: a fresh temporary directory (deleted on close), free ports everywhere, quiet;</li>
 *   <li>{@link #forCli(Path)}: data kept in a directory between runs, the documented ports (gateway 8080, services
 *       8081–8085, analytics 8086, Keycloak 8180; PostgreSQL 5432 and Kafka 9092 when free), progress printed.</li>
 * </ul>
 * Then adjust with the setters, e.g.
 * {@code DevStack.start(DevStackOptions.forTests().serviceProperty(Service.GATEWAY, "gateway.rate-limit.capacity", "100000"))}.
 */
public final class DevStackOptions {

    /** The JVM options each service and the gateway get unless {@link #serviceJvmOptions(List)} says otherwise. */
    public static final List<String> DEFAULT_SERVICE_JVM_OPTIONS = List.of(
            "-Xms32m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k");

    Path runDir;
    boolean keepRunDir;
    boolean documentedPorts;
    Path repoRoot;
    final Map<Service, Integer> ports = new EnumMap<>(Service.class);
    int keycloakPort;
    int postgresPort;
    int kafkaPort;
    Set<Service> services = EnumSet.allOf(Service.class);
    String externalPostgres;
    /** The services' application role (IOP_DB_USER) and the owner of their tables, who migrates (IOP_DB_OWNER). */
    String dbUser = "iop";
    String dbPassword = "iop";
    String dbOwner = "iop_owner";
    String dbOwnerPassword = "iop_owner";
    String externalKafka;
    String externalOidcUrl;
    List<String> serviceJvmOptions = DEFAULT_SERVICE_JVM_OPTIONS;
    final Map<String, String> allServiceProperties = new LinkedHashMap<>();
    final Map<Service, Map<String, String>> serviceProperties = new EnumMap<>(Service.class);
    int parallelism = Service.values().length;
    boolean awaitKeycloakBeforeServices;
    Duration readyTimeout = Duration.ofMinutes(4);
    PrintStream out = new PrintStream(OutputStream.nullOutputStream());
    String bindHost = "127.0.0.1";
    String keycloakAdminUser = "admin";
    String keycloakAdminPassword = "admin";
    Path realmFile;
    boolean shutdownHook = true;
    boolean wipeData;
    Path keycloakCacheDir;
    String idempotencyKey;
    /** The realm's iop-staff-directory client secret (the realm file's demo value unless an external realm says). */
    String staffDirectorySecret = DEMO_STAFF_DIRECTORY_SECRET;

    /** The secret of the realm file's iop-staff-directory client: a published demo value. */
    public static final String DEMO_STAFF_DIRECTORY_SECRET = "iop-staff-directory-demo-secret";

    private DevStackOptions() {
    }

    /** A throw-away stack: fresh temporary directory (deleted by close), free ports, no output. */
    public static DevStackOptions forTests() {
        return new DevStackOptions();
    }

    /** The command line's stack: data kept under {@code runDir}, documented ports, progress on stdout. */
    public static DevStackOptions forCli(Path runDir) {
        DevStackOptions o = new DevStackOptions();
        o.runDir = runDir;
        o.keepRunDir = true;
        o.documentedPorts = true;
        o.out = System.out;
        return o;
    }

    /**
     * Where data and logs go. When set, the PostgreSQL, Kafka and Keycloak data survive a restart and the directory
     * is kept; when not, a fresh temporary directory is used and deleted on close.
     */
    public DevStackOptions runDir(Path dir) {
        this.runDir = dir;
        this.keepRunDir = true;
        return this;
    }

    /** Keep the temporary run directory after close (to read the logs of a failed test). */
    public DevStackOptions keepRunDir(boolean keep) {
        this.keepRunDir = keep;
        return this;
    }

    /** The checkout whose {@code <module>/target/quarkus-app/quarkus-run.jar} files are started. Found by default. */
    public DevStackOptions repoRoot(Path root) {
        this.repoRoot = root;
        return this;
    }

    /** Gateway 8080, services 8081–8085, analytics 8086, portal 3000, Keycloak 8180 (fixed, refused if taken); PostgreSQL 5432, Kafka 9092 if free. */
    public DevStackOptions documentedPorts(boolean documented) {
        this.documentedPorts = documented;
        return this;
    }

    public DevStackOptions port(Service service, int port) {
        ports.put(service, port);
        return this;
    }

    public DevStackOptions keycloakPort(int port) {
        this.keycloakPort = port;
        return this;
    }

    public DevStackOptions postgresPort(int port) {
        this.postgresPort = port;
        return this;
    }

    public DevStackOptions kafkaPort(int port) {
        this.kafkaPort = port;
        return this;
    }

    /** Start only these (the infrastructure is always started). Default: all six. */
    public DevStackOptions services(Set<Service> only) {
        this.services = only.isEmpty() ? EnumSet.noneOf(Service.class) : EnumSet.copyOf(only);
        return this;
    }

    /**
     * Use an existing PostgreSQL instead of starting one: a JDBC base URL such as
     * {@code jdbc:postgresql://db.example:5432/}; each service's database is that plus its name. The services connect
     * as {@code user} (their application role) and migrate as {@code owner}; missing databases are created by the
     * owner (who then needs CREATEDB), a missing application role too (CREATEROLE).
     */
    public DevStackOptions externalPostgres(String jdbcBaseUrl, String owner, String ownerPassword, String user,
                                            String password) {
        this.externalPostgres = jdbcBaseUrl;
        this.dbOwner = owner;
        this.dbOwnerPassword = ownerPassword;
        this.dbUser = user;
        this.dbPassword = password;
        return this;
    }

    ServiceDatabases.Role owner() {
        return new ServiceDatabases.Role(dbOwner, dbOwnerPassword);
    }

    ServiceDatabases.Role application() {
        return new ServiceDatabases.Role(dbUser, dbPassword);
    }

    /** Use an existing Kafka (bootstrap servers) instead of starting a broker. */
    public DevStackOptions externalKafka(String bootstrapServers) {
        this.externalKafka = bootstrapServers;
        return this;
    }

    /** Use an existing Keycloak realm (e.g. {@code https://sso.example/realms/iop}) instead of starting Keycloak. */
    public DevStackOptions externalOidc(String realmUrl) {
        this.externalOidcUrl = realmUrl;
        return this;
    }

    /**
     * Reads the external-server variables: {@code IOP_EXTERNAL_POSTGRES} (with {@code IOP_DB_OWNER},
     * {@code IOP_DB_OWNER_PASSWORD}, {@code IOP_DB_USER}, {@code IOP_DB_PASSWORD}), {@code IOP_KAFKA},
     * {@code IOP_OIDC_URL} (with {@code IOP_STAFF_DIRECTORY_CLIENT_SECRET}, the secret of that realm's
     * iop-staff-directory client). Unset or blank ones are ignored.
     */
    public DevStackOptions externalFromEnvironment() {
        return externalFrom(System.getenv());
    }

    DevStackOptions externalFrom(Map<String, String> env) {
        String pg = blankToNull(env.get("IOP_EXTERNAL_POSTGRES"));
        if (pg != null) {
            externalPostgres(pg, env.getOrDefault("IOP_DB_OWNER", "iop_owner"),
                    env.getOrDefault("IOP_DB_OWNER_PASSWORD", "iop_owner"), env.getOrDefault("IOP_DB_USER", "iop"),
                    env.getOrDefault("IOP_DB_PASSWORD", "iop"));
        }
        String kafka = blankToNull(env.get("IOP_KAFKA"));
        if (kafka != null) {
            externalKafka(kafka);
        }
        String oidc = blankToNull(env.get("IOP_OIDC_URL"));
        if (oidc != null) {
            externalOidc(oidc);
        }
        String staffSecret = blankToNull(env.get("IOP_STAFF_DIRECTORY_CLIENT_SECRET"));
        if (staffSecret != null) {
            staffDirectorySecret = staffSecret;
        }
        return this;
    }

    /** Replaces the JVM options of every service (default {@link #DEFAULT_SERVICE_JVM_OPTIONS}). */
    public DevStackOptions serviceJvmOptions(List<String> options) {
        this.serviceJvmOptions = List.copyOf(options);
        return this;
    }

    /** A configuration property ({@code -Dkey=value}) for every service and the gateway. */
    public DevStackOptions serviceProperty(String key, String value) {
        allServiceProperties.put(key, value);
        return this;
    }

    /** A configuration property ({@code -Dkey=value}) for one service. */
    public DevStackOptions serviceProperty(Service service, String key, String value) {
        serviceProperties.computeIfAbsent(service, s -> new LinkedHashMap<>()).put(key, value);
        return this;
    }

    /** How many services start at the same time (default: all). */
    public DevStackOptions parallelism(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
        this.parallelism = n;
        return this;
    }

    /**
     * Start the services only once Keycloak answers (default false: they start as soon as PostgreSQL and Kafka are
     * up, while Keycloak is still starting; Quarkus OIDC fetches the realm's keys when the first token arrives).
     */
    public DevStackOptions awaitKeycloakBeforeServices(boolean await) {
        this.awaitKeycloakBeforeServices = await;
        return this;
    }

    /** How long each part may take to become ready (default 4 minutes; two cores are slow). */
    public DevStackOptions readyTimeout(Duration timeout) {
        this.readyTimeout = timeout;
        return this;
    }

    /** Where progress lines go (default: nowhere for tests, stdout for the CLI). */
    public DevStackOptions output(PrintStream stream) {
        this.out = stream;
        return this;
    }

    /** The address services and Keycloak listen on (default loopback only). */
    public DevStackOptions bindHost(String host) {
        this.bindHost = host;
        return this;
    }

    public DevStackOptions keycloakAdmin(String user, String password) {
        this.keycloakAdminUser = user;
        this.keycloakAdminPassword = password;
        return this;
    }

    /** A realm file to import instead of the classpath resource {@code /iop-realm.json}. */
    public DevStackOptions realmFile(Path file) {
        this.realmFile = file;
        return this;
    }

    /** Where the Keycloak distribution is unpacked (default {@code ~/.cache/iop-platform/keycloak-<version>}). */
    public DevStackOptions keycloakCacheDir(Path dir) {
        this.keycloakCacheDir = dir;
        return this;
    }

    /**
     * Delete the run directory's PostgreSQL, Kafka and Keycloak data before starting (the command line's
     * {@code --fresh}); done once the run directory is locked, so never under a running stack.
     */
    public DevStackOptions wipeData(boolean wipe) {
        this.wipeData = wipe;
        return this;
    }

    /**
     * The services' {@code IOP_IDEMPOTENCY_KEY} (base64 of 32 bytes), with which they encrypt stored Idempotency-Key
     * answers. By default one is generated once per run directory ({@code idempotency.key} in it, owner-only), so a
     * restarted service, another instance of it and a later run on the same data replay the same answers.
     */
    public DevStackOptions idempotencyKey(String base64Key) {
        this.idempotencyKey = base64Key;
        return this;
    }

    /** Stop everything when the JVM exits (default true). */
    public DevStackOptions shutdownHook(boolean register) {
        this.shutdownHook = register;
        return this;
    }

    List<String> jvmOptions() {
        return Collections.unmodifiableList(new ArrayList<>(serviceJvmOptions));
    }

    Map<String, String> propertiesFor(Service service) {
        Map<String, String> all = new LinkedHashMap<>(allServiceProperties);
        all.putAll(serviceProperties.getOrDefault(service, Map.of()));
        return all;
    }

    /** The checkout: the option, the {@code iop.repo.root} system property, or the nearest parent with the modules. */
    Path resolveRepoRoot() {
        if (repoRoot != null) {
            return repoRoot.toAbsolutePath().normalize();
        }
        String property = System.getProperty("iop.repo.root");
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("intake-service")) && Files.isDirectory(dir.resolve("gateway"))
                    && Files.exists(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the checkout (a directory with intake-service/ and gateway/): "
                + "set DevStackOptions.repoRoot or -Diop.repo.root");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
