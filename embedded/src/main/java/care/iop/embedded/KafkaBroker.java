package care.iop.embedded;

import care.iop.events.TopicDeclarations;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real single-node Kafka broker in KRaft mode (combined broker and controller), run in a child JVM from
 * the {@code org.apache.kafka:kafka_2.13} jars on this JVM's class path. Being a separate process, it can be
 * stopped and started again on the same port with its data kept, which is how tests simulate an outage.
 *
 * <p>Two flavours, one launcher: {@link #formatAndStart()} makes a throw-away broker (temporary directory, free
 * ports) for tests and benchmarks; {@link #builder()} with {@link Builder#keptData kept data} and
 * {@link Builder#fixedPorts fixed ports} configures the devstack's, which hands its own way of spawning the process
 * to {@link #start(Launcher, Duration, Path)}.
 *
 * <p>Topics are declared, not auto-created: every start makes the platform's topics exist as
 * {@link TopicDeclarations} says ({@link KafkaTopics#ensure}), and the broker refuses to create any other on first use
 * ({@code auto.create.topics.enable=false}). Tests that want a topic of their own create it (testkit's
 * {@code TestTopics}).
 *
 * <p>All state lives in the work directory (config, data, pid file), so any class loader can
 * {@link #attach(Path, int)} to a broker another one started.
 */
public final class KafkaBroker {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    /** Spawns the broker's JVM from its command line (e.g. in its own process group, output to a log). */
    @FunctionalInterface
    public interface Launcher {
        Process launch(List<String> command) throws IOException;
    }

    private final Path workDir;
    private final int port;
    private final List<String> heap;
    private final boolean quietLogging;

    private KafkaBroker(Path workDir, int port, List<String> heap, boolean quietLogging) {
        this.workDir = workDir;
        this.port = port;
        this.heap = heap;
        this.quietLogging = quietLogging;
    }

    /** A throw-away broker: temporary directory, free ports; started, and ready. */
    public static KafkaBroker formatAndStart() {
        KafkaBroker broker = builder().configure();
        broker.start();
        return broker;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Stop and start a broker by its work directory (its pid file), e.g. one another class loader started. */
    public static KafkaBroker attach(Path workDir, int port) {
        return new KafkaBroker(workDir, port, Builder.TEST_HEAP, false);
    }

    /** How a broker is configured; {@link #configure()} writes its files and formats its storage. */
    public static final class Builder {

        private static final List<String> TEST_HEAP = List.of("-Xms128m", "-Xmx512m");

        private Path workDir;
        private int port;
        private int controllerPort;
        private List<String> heap = TEST_HEAP;
        private boolean quietLogging;

        private Builder() {
        }

        /**
         * Keeps the broker's data in {@code workDir} between runs: storage is formatted only when it holds no cluster
         * yet, and a broker a killed launcher left running on it is stopped first. Without it, a temporary directory.
         */
        public Builder keptData(Path workDir) {
            this.workDir = workDir;
            return this;
        }

        /** The client and controller ports (the configuration is rewritten on every start); free ports without it. */
        public Builder fixedPorts(int port, int controllerPort) {
            this.port = port;
            this.controllerPort = controllerPort;
            return this;
        }

        public Builder heap(String initial, String maximum) {
            this.heap = List.of("-Xms" + initial, "-Xmx" + maximum);
            return this;
        }

        /**
         * The broker logs warnings and errors, plus the start and stop of the server, through the class path's
         * jboss-logmanager to its output; and runs without the class path's Quarkus jars, whose log manager
         * initialiser would hold every log record back for a Quarkus start that never comes in the broker's JVM.
         */
        public Builder quietLogging() {
            this.quietLogging = true;
            return this;
        }

        /** Writes the configuration and formats the storage if needed; the broker is not started. */
        public KafkaBroker configure() {
            try {
                Path dir = workDir != null ? workDir : Files.createTempDirectory("iop-kafka-");
                Files.createDirectories(dir);
                int clientPort = port != 0 ? port : FreePorts.find();
                int quorumPort = controllerPort != 0 ? controllerPort : FreePorts.find();
                Path config = dir.resolve("server.properties");
                KafkaBroker broker = new KafkaBroker(dir, clientPort, heap, quietLogging);
                broker.stopLeftOver(config);
                // Rewritten on every start: the ports may differ from last time; the data (and cluster id) stay.
                Files.writeString(config, serverProperties(dir, clientPort, quorumPort));
                if (quietLogging) {
                    Files.writeString(dir.resolve("logging.properties"), LOGGING);
                }
                if (!Files.exists(dir.resolve("data/meta.properties"))) {
                    ChildProcesses.run(Duration.ofSeconds(120), broker.javaCommand("kafka.tools.StorageTool", "format",
                            "-t", Uuid.randomUuid().toString(), "-c", config.toString(),
                            "--ignore-formatted").toArray(String[]::new));
                }
                return broker;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public Path workDir() {
        return workDir;
    }

    public int port() {
        return port;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public synchronized boolean isRunning() {
        return process().map(ProcessHandle::isAlive).orElse(false);
    }

    /**
     * Starts the broker (again), output appended to {@code broker.log}, waits until it answers metadata requests and
     * makes the declared topics exist.
     */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        start(command -> new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("broker.log").toFile()))
                .start(), READY_TIMEOUT, workDir.resolve("broker.log"));
    }

    /**
     * Starts the broker (again) with the configuration it was given, through {@code launcher}, records its pid (for
     * {@link #stop()} and {@link #attach}), waits until it answers metadata requests and makes the declared topics
     * exist as declared; stops it if either fails.
     *
     * @param log where the launcher sends the broker's output (named in error messages)
     * @return the broker's process
     */
    public synchronized Process start(Launcher launcher, Duration timeout, Path log) {
        try {
            Process process = launcher.launch(javaCommand("kafka.Kafka", workDir.resolve("server.properties").toString()));
            Files.writeString(workDir.resolve("broker.pid"), String.valueOf(process.pid()));
            try {
                awaitReady(process, timeout, log);
                KafkaTopics.ensure(bootstrapServers(), TopicDeclarations.all());
            } catch (RuntimeException e) {
                stop();
                throw e;
            }
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Controlled shutdown (SIGTERM), forced after 30 s. Data and port are kept for {@link #start()}. */
    public synchronized void stop() {
        process().ifPresent(p -> {
            p.destroy();
            try {
                p.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
                p.onExit().join();
            }
        });
    }

    /** Stops the broker and deletes its data: for throw-away brokers (tests, benchmarks). */
    public synchronized void destroy() {
        try {
            stop();
        } finally {
            Directories.deleteQuietly(workDir);
        }
    }

    private Optional<ProcessHandle> process() {
        Path pidFile = workDir.resolve("broker.pid");
        try {
            return Files.exists(pidFile)
                    ? ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim())).filter(ProcessHandle::isAlive)
                    : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A broker a killed launcher left running on this directory is stopped; a pid file naming some other process now
     * (the pid recycled) is just removed.
     */
    private void stopLeftOver(Path config) throws IOException {
        Path pidFile = workDir.resolve("broker.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        boolean ours = false;
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            Path cmdline = Path.of("/proc", String.valueOf(pid), "cmdline");
            ours = Files.exists(cmdline)
                    && new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).contains(config.toString());
        } catch (IOException | NumberFormatException e) {
            // not ours
        }
        if (ours) {
            stop();
        }
        Files.deleteIfExists(pidFile);
    }

    /**
     * Ready when the broker answers a metadata request with itself in it. (Its log cannot tell: with the class path's
     * jboss-logmanager and no configuration, the broker logs nothing.)
     */
    private void awaitReady(Process process, Duration timeout, Path log) {
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000);
        boolean ready = Poll.until(timeout, Duration.ofMillis(200), () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Kafka broker exited with " + process.exitValue() + "; see "
                        + log);
            }
            if (!accepts(port)) {
                return false;
            }
            try (Admin admin = Admin.create(config)) {
                return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (Exception notYet) {
                return false;
            }
        });
        if (!ready) {
            throw new IllegalStateException("the Kafka broker was not ready after " + timeout + "; see "
                    + log);
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private List<String> javaCommand(String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(heap);
        command.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dkafka.logs.dir=" + workDir.resolve("logs"),
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager"));
        if (quietLogging) {
            command.add("-Dlogging.configuration=" + workDir.resolve("logging.properties").toUri());
        }
        command.addAll(List.of("-cp", kafkaClassPath(), mainClass));
        command.addAll(List.of(args));
        return command;
    }

    /** The broker's jars are on this JVM's class path (this module depends on kafka_2.13). */
    private String kafkaClassPath() {
        String configured = System.getProperty("iop.kafka.classpath", System.getProperty("java.class.path"));
        if (!quietLogging) {
            return configured;
        }
        return Arrays.stream(configured.split(File.pathSeparator))
                .filter(entry -> !Path.of(entry).getFileName().toString().startsWith("quarkus-"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** jboss-logmanager's configuration for {@link Builder#quietLogging()}: to stdout (the log file). */
    private static final String LOGGING = String.join("\n",
            "loggers=kafka.server.KafkaRaftServer,kafka.server.BrokerServer,kafka.server.ControllerServer",
            "logger.level=WARN",
            "logger.handlers=CONSOLE",
            "logger.kafka.server.KafkaRaftServer.level=INFO",
            "logger.kafka.server.BrokerServer.level=INFO",
            "logger.kafka.server.ControllerServer.level=INFO",
            "handler.CONSOLE=org.jboss.logmanager.handlers.ConsoleHandler",
            "handler.CONSOLE.formatter=PATTERN",
            "handler.CONSOLE.properties=target",
            "handler.CONSOLE.target=SYSTEM_OUT",
            "formatter.PATTERN=org.jboss.logmanager.formatters.PatternFormatter",
            "formatter.PATTERN.properties=pattern",
            "formatter.PATTERN.pattern=%d{yyyy-MM-dd HH:mm:ss,SSS} %-5p [%c] %s%e%n",
            "");

    private static String serverProperties(Path dir, int port, int controllerPort) {
        return String.join("\n",
                "# Written by KafkaBroker on every start.",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
                "num.partitions=3",
                "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=5",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "");
    }
}
