package care.iop.devstack;

import care.iop.embedded.ChildProcess;
import care.iop.embedded.Directories;
import care.iop.embedded.FreePorts;
import care.iop.embedded.Poll;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The whole platform on this machine, without Docker: PostgreSQL 17 (one database per service), a single-node Kafka
 * KRaft broker, Keycloak with the {@code iop} realm imported, the five services and the gateway from their built jars
 * ({@code <module>/target/quarkus-app/quarkus-run.jar}), each a child process with its log in the run directory.
 *
 * <pre>{@code
 * try (DevStack stack = DevStack.start(DevStackOptions.forTests())) {
 *     String token = stack.accounts().accessToken("some.demo.user");
 *     // GET stack.gatewayUrl() + "/api/v1/intake/patients" with "Authorization: Bearer " + token
 * }
 * }</pre>
 *
 * <p>Start-up: PostgreSQL, Kafka and Keycloak start side by side; the services start as soon as PostgreSQL and Kafka
 * are up (they do not need Keycloak to become ready: Quarkus OIDC fetches the realm's keys when needed). Every part is
 * waited for ({@code /q/health/ready} for services). {@link #close()} stops the services and the gateway, then
 * Keycloak, Kafka and PostgreSQL, and leaves no process behind; a shutdown hook does the same when the JVM exits, and a
 * {@link Watchdog} does it if the JVM is killed outright.
 */
public final class DevStack implements AutoCloseable {

    public static final String REALM = "iop";
    /** The public client of the realm that allows the password grant (command line, scripts, tests). */
    public static final String CLI_CLIENT = "iop-cli";

    // Fields without a modifier are the state Faults reads and switches (nodes, their processes, the watchdog).
    final DevStackOptions options;
    final PrintStream out;
    private final Path repoRoot;
    final Path runDir;
    private final boolean temporaryRunDir;
    final Path logDir;
    private final long startedAt = System.nanoTime();
    private final ExecutorService starter = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "devstack-start");
        t.setDaemon(true);
        return t;
    });
    private final Map<Service, Integer> ports = new EnumMap<>(Service.class);
    final Map<Service, ChildProcess> services = new ConcurrentHashMap<>();
    private final Set<Integer> takenPorts = new HashSet<>();
    /** Further instances of services (same database, other port), started by {@link #startInstance}. */
    private final List<Instance> instances = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    byte[] realm;
    private volatile Accounts accounts = new Accounts(List.of(), List.of(), () -> null);
    private final Faults faults = new Faults(this);
    private FileChannel runLockChannel;
    private FileLock runLock;
    Watchdog watchdog;
    private Thread shutdownHook;

    volatile PostgresNode postgres;
    volatile KafkaNode kafka;
    volatile KeycloakNode keycloak;
    volatile ChildProcess keycloakProcess;
    volatile ChildProcess kafkaProcess;
    private String jdbcBase;
    private String kafkaBootstrap;
    private String keycloakUrl;
    private String realmUrl;
    int keycloakPort;
    int keycloakManagementPort;
    private int postgresPort;
    private int kafkaPort;
    private Duration startupTime;
    private volatile boolean closing;
    private volatile boolean keepLogs;
    private volatile boolean stopProblems;
    private boolean closed;

    private DevStack(DevStackOptions options) {
        this.options = options;
        this.out = options.out;
        this.repoRoot = options.resolveRepoRoot();
        try {
            if (options.runDir != null) {
                this.runDir = Files.createDirectories(options.runDir.toAbsolutePath().normalize());
                this.temporaryRunDir = false;
            } else {
                this.runDir = Files.createTempDirectory("iop-devstack-");
                // When we are root PostgreSQL runs as nobody, who must be able to reach its data directory in here.
                Files.setPosixFilePermissions(runDir, PosixFilePermissions.fromString("rwxr-xr-x"));
                this.temporaryRunDir = true;
            }
            this.logDir = Files.createDirectories(runDir.resolve("logs"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts everything and returns once every part is ready; on failure, stops what did start and throws. */
    public static DevStack start(DevStackOptions options) {
        DevStack stack = new DevStack(options);
        try {
            stack.startAll();
            return stack;
        } catch (RuntimeException | Error e) {
            boolean stoppedFromOutside = stack.closing;
            // A temporary run directory loses its data but keeps its logs, which the error message points to.
            stack.keepLogs = true;
            stack.close();
            if (stoppedFromOutside) {
                throw new StoppedWhileStartingException(e);
            }
            throw e;
        }
    }

    /** {@link #close()} was called (e.g. Ctrl-C ran the shutdown hook) before the stack was ready. */
    public static final class StoppedWhileStartingException extends IllegalStateException {
        StoppedWhileStartingException(Throwable cause) {
            super("stopped while starting", cause);
        }
    }

    // ------------------------------------------------------------------------------------------------ the API

    /** {@code http://localhost:<port>}: the gateway, the one entry point ({@code /api/v1/<area>/…}, {@code /openapi}). */
    public String gatewayUrl() {
        return serviceUrl(Service.GATEWAY);
    }

    /**
     * {@code http://localhost:<port>}: the partner portal's pages (sign-in through Keycloak's login page). The realm's
     * {@code iop-partner-portal} client is pointed at this URL when the realm is imported.
     */
    public String portalUrl() {
        return serviceUrl(Service.PORTAL);
    }

    /** A service's own base URL, by area ({@code intake}, {@code scheduling}, {@code notes}, {@code medications}, {@code aftercare}) or module name. */
    public String serviceUrl(String area) {
        return serviceUrl(Service.of(area));
    }

    public String serviceUrl(Service service) {
        return "http://localhost:" + port(service);
    }

    public int port(Service service) {
        Integer port = ports.get(service);
        if (port == null) {
            throw new IllegalStateException(service.module() + " is not part of this stack");
        }
        return port;
    }

    /** Keycloak's base URL ({@code http://localhost:8180}; the admin console is at {@code /admin}); null if external and not a Keycloak URL. */
    public String keycloakUrl() {
        return keycloakUrl;
    }

    /** The realm URL the services validate tokens against ({@code <keycloak>/realms/iop}), i.e. {@code IOP_OIDC_URL}. */
    public String oidcUrl() {
        return realmUrl;
    }

    /** The token endpoint of the realm. */
    public String tokenUrl() {
        return realmUrl + "/protocol/openid-connect/token";
    }

    public String keycloakAdminUser() {
        return options.keycloakAdminUser;
    }

    public String keycloakAdminPassword() {
        return options.keycloakAdminPassword;
    }

    /** Kafka bootstrap servers ({@code IOP_KAFKA}). */
    public String kafkaBootstrap() {
        return kafkaBootstrap;
    }

    /** A service's JDBC URL, by database, area or module name ({@code intake}, {@code notes}, {@code medication-service}, …). */
    public String jdbcUrl(String service) {
        return jdbcUrl(Service.of(service));
    }

    public String jdbcUrl(Service service) {
        if (!service.hasDatabase()) {
            throw new IllegalArgumentException(service.module() + " has no database");
        }
        return PostgresNode.jdbcUrl(jdbcBase, service.database());
    }

    /**
     * The database user the services connect as ({@code IOP_DB_USER}): their application role, which may write their
     * tables' rows but only append to the audit trail.
     */
    public String dbUser() {
        return options.dbUser;
    }

    public String dbPassword() {
        return options.dbPassword;
    }

    /** The owner of the services' tables, who runs their migrations ({@code IOP_DB_OWNER}). */
    public String dbOwner() {
        return options.dbOwner;
    }

    public String dbOwnerPassword() {
        return options.dbOwnerPassword;
    }

    /** Where data (unless external) and logs live. */
    public Path runDir() {
        return runDir;
    }

    public Path logDir() {
        return logDir;
    }

    /** PostgreSQL's server log, when it is the embedded one. */
    public Optional<Path> postgresLog() {
        return Optional.ofNullable(postgres).map(PostgresNode::log);
    }

    /** A service's log file (its stdout and stderr). */
    public Path logFile(Service service) {
        return logDir.resolve(service.module() + ".log");
    }

    /** The realm file's demo accounts and service-account clients, and access tokens for them from Keycloak. */
    public Accounts accounts() {
        return accounts;
    }

    /** Switches for the outage tests: kill a service, stop and start PostgreSQL, Kafka and Keycloak. */
    public Faults faults() {
        return faults;
    }

    /** From {@link #start} until everything was ready. */
    public Duration startupTime() {
        return startupTime;
    }

    /** The memory of every process the stack started, now (see {@link MemoryUsage}). */
    public MemoryUsage memory() {
        Map<String, ProcessHandle> roots = new LinkedHashMap<>();
        for (Service s : Service.values()) {
            Optional.ofNullable(services.get(s)).ifPresent(p -> roots.put(s.module(), p.handle()));
        }
        Optional.ofNullable(keycloakProcess).ifPresent(p -> roots.put("keycloak", p.handle()));
        Optional.ofNullable(kafkaProcess).ifPresent(p -> roots.put("kafka", p.handle()));
        Optional.ofNullable(postgres).flatMap(PostgresNode::postmaster).ifPresent(p -> roots.put("postgres", p));
        return MemoryUsage.of(roots);
    }

    public boolean isRunning(Service service) {
        ChildProcess p = services.get(service);
        return p != null && p.isAlive();
    }

    /** Stops one service (SIGTERM, then SIGKILL after 20 s), e.g. to test the gateway's circuit breaker. */
    public void stop(Service service) {
        ChildProcess p = services.remove(service);
        if (p != null) {
            watchdog.forget(service.module());
            p.stop(Duration.ofSeconds(20));
        }
    }

    /** Starts a service (again) on its port and waits until it is ready. */
    public void start(Service service) {
        if (isRunning(service)) {
            return;
        }
        long t0 = System.nanoTime();
        ChildProcess child = launch(service);
        awaitReady(service, child);
        reportUnexpectedExit(service, child);
        out.printf("✓ %s ready in %s%n", service.module(), seconds(System.nanoTime() - t0));
    }

    /**
     * A further instance of a service: the same jar, configuration and database, on another port (its outbox relay
     * is a standby while the first instance holds the leadership; its consumers join the same groups). Not routed to
     * by the gateway; stopped with the stack. Returns once it is ready.
     */
    public Instance startInstance(Service service) {
        return startInstance(service, Map.of());
    }

    /**
     * As {@link #startInstance(Service)}, with environment variables set on top of the stack's (e.g. analytics'
     * {@code IOP_ANALYTICS_APPLICATION_ID}: a consumer group of its own, which replays every topic from offset 0).
     */
    public Instance startInstance(Service service, Map<String, String> environment) {
        if (!service.hasDatabase() && service != Service.ANALYTICS) {
            throw new IllegalArgumentException("only a service with a database, or analytics, can have a further "
                    + "instance");
        }
        int port = pickPort(0, 0, false);
        String name = service.module() + "-" + (instances.size() + 2);
        long t0 = System.nanoTime();
        ChildProcess child = launch(service, port, name, environment);
        Instance instance = new Instance(service, name, port, child);
        instances.add(instance);
        try {
            awaitReady(service, port, child);
        } catch (RuntimeException e) {
            instance.kill();
            throw e;
        }
        out.printf("✓ %s ready in %s (port %d)%n", name, seconds(System.nanoTime() - t0), port);
        return instance;
    }

    /** A further instance of a service, started by {@link #startInstance}. */
    public final class Instance {
        private final Service service;
        private final String name;
        private final int port;
        private final ChildProcess process;

        private Instance(Service service, String name, int port, ChildProcess process) {
            this.service = service;
            this.name = name;
            this.port = port;
            this.process = process;
        }

        public Service service() {
            return service;
        }

        public String name() {
            return name;
        }

        public int port() {
            return port;
        }

        public String url() {
            return "http://localhost:" + port;
        }

        public long pid() {
            return process.process().pid();
        }

        public Path log() {
            return process.log();
        }

        public boolean isAlive() {
            return process.isAlive();
        }

        /** SIGKILL, as {@link Faults#kill(Service)}. */
        public void kill() {
            watchdog.forget(name);
            process.kill();
            instances.remove(this);
            out.printf("✗ %s killed (SIGKILL)%n", name);
        }

        /** SIGTERM (orderly: its consumers leave their groups), SIGKILL after 20 s. */
        public void stop() {
            watchdog.forget(name);
            process.stop(Duration.ofSeconds(20));
            instances.remove(this);
        }
    }

    /** The pid of a service's (first) instance, or -1 when it is not running. */
    public long pid(Service service) {
        ChildProcess p = services.get(service);
        return p == null || !p.isAlive() ? -1 : p.process().pid();
    }

    // ------------------------------------------------------------------------------------------------ start-up

    private void startAll() {
        if (options.shutdownHook) {
            shutdownHook = new Thread(this::close, "devstack-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        lockRunDir();
        if (options.wipeData && !temporaryRunDir) {
            for (String data : List.of("postgres", "kafka", "keycloak", "analytics")) {
                Directories.deleteQuietly(runDir.resolve(data));
            }
            Directories.deleteQuietly(fallbackPostgresDir());
            out.println("  (deleted the data in " + runDir + ")");
        }
        checkJars();
        realm = readRealm();
        accounts = new Accounts(realm == null ? List.of() : DemoAccount.fromRealm(realm),
                realm == null ? List.of() : DemoClient.fromRealm(realm), this::tokenUrl);
        assignPorts();
        if (realm != null && options.services.contains(Service.PORTAL)) {
            realm = RealmFile.withPortalAt(realm, portalUrl());
        }
        if (realm != null && options.services.contains(Service.ANALYTICS)) {
            realm = RealmFile.withDashboardAt(realm, serviceUrl(Service.ANALYTICS));
        }
        watchdog = Watchdog.start(runDir);

        CompletableFuture<Void> pg = async(this::startPostgres);
        CompletableFuture<Void> broker = async(this::startKafka);
        CompletableFuture<Void> kc = async(this::startKeycloak);
        awaitAll(List.of(pg, broker));
        if (options.awaitKeycloakBeforeServices) {
            await(kc);
        }
        Semaphore slots = new Semaphore(options.parallelism);
        List<CompletableFuture<Void>> starting = new ArrayList<>();
        for (Service service : options.services) {
            starting.add(async(() -> {
                acquire(slots);
                try {
                    checkNotClosing();
                    long t0 = System.nanoTime();
                    ChildProcess child = launch(service);
                    awaitReady(service, child);
                    out.printf("✓ %-22s ready in %s%n", service.module(), seconds(System.nanoTime() - t0));
                } finally {
                    slots.release();
                }
            }));
        }
        starting.add(kc);
        awaitAll(starting);
        startupTime = Duration.ofNanos(System.nanoTime() - startedAt);
        services.forEach(this::reportUnexpectedExit);
    }

    private void startPostgres() {
        long t0 = System.nanoTime();
        List<String> databases = Stream.of(Service.values()).filter(Service::hasDatabase).map(Service::database).toList();
        if (options.externalPostgres != null) {
            jdbcBase = options.externalPostgres;
            PostgresNode.ensureDatabases(jdbcBase, options.owner(), options.application(), databases);
            out.printf("✓ %-22s external: %s (databases %s)%n", "PostgreSQL", jdbcBase, String.join(", ", databases));
            return;
        }
        Path dataDir = runDir.resolve("postgres");
        if (!PostgresNode.usableByServerUser(dataDir)) {
            // Root, and a run directory under a private home: nobody (the server's user) cannot reach it.
            dataDir = fallbackPostgresDir();
            out.println("  (PostgreSQL runs as nobody, who cannot reach " + runDir + ": its data go to " + dataDir + ")");
            if (!PostgresNode.usableByServerUser(dataDir)) {
                throw new IllegalStateException("no directory the PostgreSQL server user (nobody) can write: tried "
                        + runDir.resolve("postgres") + " and " + dataDir);
            }
        }
        postgres = PostgresNode.start(dataDir, postgresPort, !temporaryRunDir, options.owner(), options.application(),
                databases);
        postgres.postmaster().ifPresent(p -> watchdog.watchProcess("postgres", p.pid(), "INT"));
        jdbcBase = "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/";
        out.printf("✓ %-22s ready in %s (port %d)%n", "PostgreSQL 17", seconds(System.nanoTime() - t0), postgres.port());
    }

    private void startKafka() {
        long t0 = System.nanoTime();
        if (options.externalKafka != null) {
            kafkaBootstrap = options.externalKafka;
            out.printf("✓ %-22s external: %s%n", "Kafka", kafkaBootstrap);
            return;
        }
        int controllerPort = pickPort(0, options.documentedPorts ? 9093 : 0, false);
        kafka = KafkaNode.start(runDir.resolve("kafka"), kafkaPort, controllerPort, logDir.resolve("kafka.log"),
                options.readyTimeout, child -> {
                    kafkaProcess = child;
                    watchdog.watch("kafka", child);
                });
        kafkaBootstrap = kafka.bootstrapServers();
        out.printf("✓ %-22s ready in %s (%s)%n", "Kafka 4.1 (KRaft)", seconds(System.nanoTime() - t0), kafkaBootstrap);
    }

    private void startKeycloak() {
        long t0 = System.nanoTime();
        if (options.externalOidcUrl != null) {
            return;
        }
        if (realm == null) {
            throw new IllegalStateException("no realm to import: iop-realm.json is not on the class path"
                    + " (devstack/src/main/resources) and no realm file was given");
        }
        int managementPort = pickPort(0, 0, false);
        keycloakManagementPort = managementPort;
        Path cache = options.keycloakCacheDir != null ? options.keycloakCacheDir
                : KeycloakNode.KeycloakDist.defaultCacheDir();
        keycloak = KeycloakNode.start(runDir.resolve("keycloak"), cache, realm, keycloakPort, managementPort,
                options.bindHost, options.keycloakAdminUser, options.keycloakAdminPassword,
                logDir.resolve("keycloak.log"), options.readyTimeout, child -> {
                    keycloakProcess = child;
                    watchdog.watch("keycloak", child);
                });
        out.printf("✓ %-22s ready in %s (%s)%n", "Keycloak " + KeycloakNode.KeycloakDist.version(),
                seconds(System.nanoTime() - t0), keycloakUrl);
    }

    /** For root with a run directory nobody cannot reach (e.g. under /root): a directory in the temp dir, per run dir. */
    private Path fallbackPostgresDir() {
        return Path.of(System.getProperty("java.io.tmpdir"), "iop-devstack-pg-"
                + Integer.toHexString(runDir.toString().hashCode()), "data");
    }

    private ChildProcess launch(Service service) {
        ChildProcess child = launch(service, port(service), service.module());
        services.put(service, child);
        return child;
    }

    private ChildProcess launch(Service service, int httpPort, String name) {
        return launch(service, httpPort, name, Map.of());
    }

    private ChildProcess launch(Service service, int httpPort, String name, Map<String, String> environment) {
        Path jar = jar(service);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options.jvmOptions());
        command.add("-Dquarkus.http.port=" + httpPort);
        command.add("-Dquarkus.http.host=" + options.bindHost);
        options.propertiesFor(service).forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", jar.toString()));

        Map<String, String> env = new LinkedHashMap<>();
        env.put("IOP_DB_USER", options.dbUser);
        env.put("IOP_DB_PASSWORD", options.dbPassword);
        env.put("IOP_DB_OWNER", options.dbOwner);
        env.put("IOP_DB_OWNER_PASSWORD", options.dbOwnerPassword);
        env.put("IOP_KAFKA", kafkaBootstrap);
        env.put("IOP_OIDC_URL", realmUrl);
        if (service.hasDatabase()) {
            env.put(service.jdbcUrlVariable(), jdbcUrl(service));
            env.put("IOP_IDEMPOTENCY_KEY", idempotencyKey());
            // the staff directory's service account (Keycloak's admin API, view-users)
            env.put("IOP_STAFF_DIRECTORY_CLIENT_SECRET", options.staffDirectorySecret);
        }
        if (service == Service.GATEWAY && options.services.contains(Service.PORTAL)) {
            env.put("IOP_PORTAL_ORIGINS", portalUrl());
        }
        if (service == Service.PORTAL) {
            env.put("IOP_GATEWAY_URL", "http://127.0.0.1:" + port(Service.GATEWAY));
        }
        if (service == Service.ANALYTICS) {
            // Kafka Streams keeps its stores on disk: one directory per instance, deleted with the run's data (a
            // store left from an older broker would answer for events that broker no longer has).
            env.put("IOP_ANALYTICS_STATE_DIR", runDir.resolve("analytics").resolve(name).toString());
            env.put("IOP_ANALYTICS_ADVERTISED", "127.0.0.1:" + httpPort);
        }
        // The gateway's routes, and the consent check every service makes against intake.
        for (Service s : Service.values()) {
            if (s.urlVariable() != null) {
                env.put(s.urlVariable(), "http://127.0.0.1:" + port(s));
            }
        }
        env.putAll(environment);
        Path log = logDir.resolve(name + ".log");
        rotate(log);
        ChildProcess child = ChildProcess.start(name, command, env, jar.getParent(), log);
        watchdog.watch(name, child);
        return child;
    }

    /** The option, else the run directory's {@code idempotency.key}, made on first use (the services need one). */
    private synchronized String idempotencyKey() {
        if (options.idempotencyKey != null) {
            return options.idempotencyKey;
        }
        Path file = runDir.resolve("idempotency.key");
        try {
            if (!Files.exists(file)) {
                byte[] key = new byte[32];
                new java.security.SecureRandom().nextBytes(key);
                Path fresh = Files.createTempFile(runDir, "idempotency", ".key");
                Files.setPosixFilePermissions(fresh, PosixFilePermissions.fromString("rw-------"));
                Files.writeString(fresh, java.util.Base64.getEncoder().encodeToString(key));
                Files.move(fresh, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot make " + file, e);
        }
    }

    private void awaitReady(Service service, ChildProcess child) {
        awaitReady(service, port(service), child);
    }

    private void awaitReady(Service service, int httpPort, ChildProcess child) {
        URI ready = URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready");
        String[] last = {"no answer"};
        boolean isReady = Poll.until(options.readyTimeout, Duration.ofMillis(250), () -> {
            checkNotClosing();
            if (!child.isAlive()) {
                throw new IllegalStateException(service.module() + " exited with " + child.process().exitValue()
                        + "; see " + child.log() + "\n" + child.tail(40));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return true;
                }
                last[0] = r.statusCode() + " " + r.body();
                return false;
            } catch (IOException notYet) {
                return false; // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        if (!isReady) {
            throw new IllegalStateException(service.module() + " was not ready after " + options.readyTimeout
                    + " (last answer: " + last[0] + "); see " + child.log());
        }
    }

    private void reportUnexpectedExit(Service service, ChildProcess child) {
        child.process().onExit().thenAccept(p -> {
            if (!closing && services.get(service) == child) {
                out.printf("✗ %s stopped unexpectedly (exit %d); see %s%n", service.module(), p.exitValue(), child.log());
            }
        });
    }

    private void checkJars() {
        List<String> missing = options.services.stream().map(this::jar).filter(j -> !Files.isRegularFile(j))
                .map(Path::toString).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("not built: " + missing + ". Build first: ./mvnw -B install -DskipTests");
        }
    }

    private Path jar(Service service) {
        return repoRoot.resolve(service.module()).resolve("target/quarkus-app/quarkus-run.jar");
    }

    private byte[] readRealm() {
        try {
            Path file = options.realmFile;
            String property = System.getProperty("iop.realm.file");
            if (file == null && property != null && !property.isBlank()) {
                file = Path.of(property);
            }
            if (file != null) {
                return Files.readAllBytes(file);
            }
            try (InputStream in = DevStack.class.getResourceAsStream("/iop-realm.json")) {
                return in == null ? null : in.readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the realm file", e);
        }
    }

    private void assignPorts() {
        boolean doc = options.documentedPorts;
        for (Service s : Service.values()) {
            ports.put(s, pickPort(options.ports.getOrDefault(s, 0), doc ? s.defaultPort() : 0,
                    options.services.contains(s)));
        }
        postgresPort = options.externalPostgres != null ? 0 : pickPort(options.postgresPort, doc ? 5432 : 0, false);
        kafkaPort = options.externalKafka != null ? 0 : pickPort(options.kafkaPort, doc ? 9092 : 0, false);
        if (options.externalOidcUrl != null) {
            realmUrl = options.externalOidcUrl.replaceAll("/+$", "");
            int i = realmUrl.indexOf("/realms/");
            keycloakUrl = i < 0 ? null : realmUrl.substring(0, i);
        } else {
            keycloakPort = pickPort(options.keycloakPort, doc ? 8180 : 0, true);
            keycloakUrl = "http://localhost:" + keycloakPort;
            realmUrl = keycloakUrl + "/realms/" + REALM;
        }
    }

    /**
     * An explicit port (must be free), else the preferred one — required free when {@code fixed} (a documented URL),
     * else used only if free — else any free port.
     */
    private synchronized int pickPort(int explicit, int preferred, boolean fixed) {
        int port;
        if (explicit > 0 || (preferred > 0 && fixed)) {
            port = explicit > 0 ? explicit : preferred;
            if (takenPorts.contains(port) || !isFree(port)) {
                throw new IllegalStateException("port " + port + " is in use (is another devstack running?)");
            }
        } else if (preferred > 0 && !takenPorts.contains(preferred) && isFree(preferred)) {
            port = preferred;
        } else {
            do {
                port = FreePorts.find();
            } while (takenPorts.contains(port) || ports.containsValue(port));
        }
        takenPorts.add(port);
        return port;
    }

    private static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** One launcher per run directory: two would share (and corrupt) the data directories. */
    private void lockRunDir() {
        if (temporaryRunDir) {
            return;
        }
        try {
            runLockChannel = FileChannel.open(runDir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            runLock = runLockChannel.tryLock();
            if (runLock == null) {
                throw new IllegalStateException("another devstack is running from " + runDir + " (stop it first)");
            }
        } catch (OverlappingFileLockException e) {
            throw new IllegalStateException("another devstack is running from " + runDir + " in this JVM");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------------------------------------ stopping

    /**
     * Stops the services and the gateway, then Keycloak, Kafka and PostgreSQL, and deletes a temporary run directory.
     * Idempotent; a second caller waits until the first has finished.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closing = true;
        long t0 = System.nanoTime();
        boolean anything = watchdog != null;
        if (anything) {
            out.println("Stopping the platform…");
        }
        starter.shutdownNow();
        try {
            starter.awaitTermination(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // The gateway first (no new requests in), then the services side by side.
        quietly(() -> stop(Service.GATEWAY));
        List<Thread> stopping = new ArrayList<>();
        for (Instance instance : List.copyOf(instances)) {
            Thread t = new Thread(() -> quietly(instance::stop), "devstack-stop-" + instance.name());
            t.start();
            stopping.add(t);
        }
        for (Service s : List.copyOf(services.keySet())) {
            Thread t = new Thread(() -> quietly(() -> stop(s)), "devstack-stop-" + s.module());
            t.start();
            stopping.add(t);
        }
        for (Thread t : stopping) {
            try {
                t.join(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        quietly(() -> {
            if (keycloak != null) {
                keycloak.stop();
            } else if (keycloakProcess != null) {
                keycloakProcess.stop(Duration.ofSeconds(10));
            }
        });
        quietly(() -> {
            if (kafka != null) {
                kafka.stop();
            } else if (kafkaProcess != null) {
                kafkaProcess.stop(Duration.ofSeconds(10));
            }
        });
        quietly(() -> {
            if (postgres != null) {
                postgres.stop();
            }
        });
        if (watchdog != null) {
            quietly(watchdog::close);
        }
        if (temporaryRunDir && !options.keepRunDir) {
            if (keepLogs) {
                for (String data : List.of("postgres", "kafka", "keycloak", "children.list")) {
                    Directories.deleteQuietly(runDir.resolve(data));
                }
                out.println("The logs are kept in " + logDir);
            } else {
                Directories.deleteQuietly(runDir);
            }
        }
        quietly(() -> {
            if (runLock != null) {
                runLock.release();
                runLockChannel.close();
            }
        });
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: it will find the stack closed
            }
        }
        closed = true;
        if (anything) {
            out.printf(stopProblems ? "Stopped in %s, with the problems above.%n"
                    : "Stopped everything in %s: no process left.%n", seconds(System.nanoTime() - t0));
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private CompletableFuture<Void> async(Runnable task) {
        return CompletableFuture.runAsync(task, starter);
    }

    /** Waits for all, but fails as soon as one fails (the stack is then closed, which interrupts the others). */
    private void awaitAll(List<CompletableFuture<Void>> futures) {
        CompletableFuture<Void> failFast = new CompletableFuture<>();
        for (CompletableFuture<Void> f : futures) {
            f.whenComplete((ok, failure) -> {
                if (failure != null) {
                    failFast.completeExceptionally(failure);
                }
            });
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).whenComplete((ok, failure) -> failFast.complete(null));
        await(failFast);
    }

    private void await(CompletableFuture<?> future) {
        try {
            future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                    ? c.getCause() : e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting", e);
        }
    }

    private void checkNotClosing() {
        if (closing) {
            throw new IllegalStateException("the stack is being stopped");
        }
    }

    private static void acquire(Semaphore slots) {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void rotate(Path log) {
        try {
            if (Files.exists(log)) {
                Files.move(log, log.resolveSibling(log.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException ignored) {
            // the log is then appended to
        }
    }

    private void quietly(ThrowingRunnable r) {
        try {
            r.run();
        } catch (Exception | Error e) {
            stopProblems = true;
            out.println("  (while stopping: " + e + ")");
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    /** For tests of the options: the ports that were assigned. */
    Map<Service, Integer> ports() {
        return Collections.unmodifiableMap(ports);
    }
}
