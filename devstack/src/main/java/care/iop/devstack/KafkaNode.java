package care.iop.devstack;

import care.iop.testkit.infra.ChildProcesses;
import care.iop.testkit.kafka.KafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A single-node Kafka 4.1 broker in KRaft mode, in a child JVM from the {@code kafka_2.13} jars on this JVM's class
 * path, configured like the testkit's {@link KafkaBroker} — which is used to stop it. Started here rather than by
 * {@code KafkaBroker.formatAndStart()} because the devstack needs what a test broker does not: a data directory that
 * survives restarts, the documented port 9092, and its own process group (see {@link ChildProcess}).
 */
final class KafkaNode {

    private final Path workDir;
    private final int port;
    private final ChildProcess process;

    private KafkaNode(Path workDir, int port, ChildProcess process) {
        this.workDir = workDir;
        this.port = port;
        this.process = process;
    }

    /** Formats {@code workDir/data} if it holds no cluster yet, starts the broker and waits until it serves. */
    static KafkaNode start(Path workDir, int port, int controllerPort, Path log, Duration timeout,
                           Consumer<ChildProcess> launched) {
        try {
            Files.createDirectories(workDir);
            Path config = workDir.resolve("server.properties");
            stopLeftOver(workDir, config);
            // Rewritten on every start: the ports may differ from last time; the data (and cluster id) stay.
            Files.writeString(config, serverProperties(workDir, port, controllerPort));
            Files.writeString(workDir.resolve("logging.properties"), LOGGING);
            if (!Files.exists(workDir.resolve("data/meta.properties"))) {
                ChildProcesses.run(Duration.ofSeconds(120), javaCommand(workDir, "kafka.tools.StorageTool", "format",
                        "-t", Uuid.randomUuid().toString(), "-c", config.toString(),
                        "--ignore-formatted").toArray(String[]::new));
            }
            ChildProcess child = ChildProcess.start("kafka", javaCommand(workDir, "kafka.Kafka", config.toString()),
                    Map.of(), workDir, log);
            // The testkit's KafkaBroker finds the broker through this file (stop, isRunning).
            Files.writeString(workDir.resolve("broker.pid"), String.valueOf(child.pid()));
            launched.accept(child);
            KafkaNode node = new KafkaNode(workDir, port, child);
            try {
                node.awaitReady(log, timeout);
            } catch (RuntimeException e) {
                node.stop();
                throw e;
            }
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    Path workDir() {
        return workDir;
    }

    ChildProcess process() {
        return process;
    }

    /** Controlled shutdown (SIGTERM, forced after 30 s), through the testkit. */
    void stop() {
        KafkaBroker.attach(workDir, port).stop();
        if (process.isAlive()) {
            process.stop(Duration.ofSeconds(5));
        }
        try {
            Files.deleteIfExists(workDir.resolve("broker.pid"));
        } catch (IOException ignored) {
            // only a hint for the next start
        }
    }

    /**
     * Starts this (stopped) broker again with the configuration it last ran with (same ports, same data) and waits
     * until it serves; returns the new node.
     */
    KafkaNode relaunch(Path log, Duration timeout, Consumer<ChildProcess> launched) {
        if (process.isAlive()) {
            throw new IllegalStateException("the Kafka broker is still running");
        }
        try {
            Path config = workDir.resolve("server.properties");
            ChildProcess child = ChildProcess.start("kafka", javaCommand(workDir, "kafka.Kafka", config.toString()),
                    Map.of(), workDir, log);
            Files.writeString(workDir.resolve("broker.pid"), String.valueOf(child.pid()));
            launched.accept(child);
            KafkaNode node = new KafkaNode(workDir, port, child);
            try {
                node.awaitReady(log, timeout);
            } catch (RuntimeException e) {
                node.stop();
                throw e;
            }
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A broker a killed launcher left running on this directory is stopped (through the testkit, which reads
     * {@code broker.pid}); a pid file naming some other process now is just removed.
     */
    private static void stopLeftOver(Path workDir, Path config) throws IOException {
        Path pidFile = workDir.resolve("broker.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        boolean ours = false;
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            Path cmdline = Path.of("/proc", String.valueOf(pid), "cmdline");
            ours = Files.exists(cmdline) && new String(Files.readAllBytes(cmdline), java.nio.charset.StandardCharsets.UTF_8)
                    .contains(config.toString());
        } catch (IOException | NumberFormatException e) {
            // not ours
        }
        if (ours) {
            KafkaBroker.attach(workDir, 0).stop();
        }
        Files.deleteIfExists(pidFile);
    }

    /**
     * Ready when the broker answers a metadata request with itself in it, as the testkit's {@code KafkaBroker} checks.
     * (Its log cannot tell: with the class path's jboss-logmanager and no configuration, the broker logs nothing.)
     */
    private void awaitReady(Path log, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Kafka broker exited with " + process.process().exitValue()
                        + "; see " + log + "\n" + process.tail(30));
            }
            if (accepts(port)) {
                try (Admin admin = Admin.create(config)) {
                    if (!admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                } catch (Exception notYet) {
                    // starting
                }
            }
            sleep(200);
        }
        throw new IllegalStateException("the Kafka broker was not ready after " + timeout + "; see " + log);
    }

    static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static List<String> javaCommand(Path dir, String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dkafka.logs.dir=" + dir.resolve("logs"),
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-Dlogging.configuration=" + dir.resolve("logging.properties").toUri(),
                "-cp", classPath(), mainClass));
        command.addAll(List.of(args));
        return command;
    }

    /**
     * This JVM's class path (the testkit depends on {@code kafka_2.13}) without the Quarkus jars: their log manager
     * initialiser would hold every log record back for a Quarkus start that never comes in the broker's JVM.
     */
    private static String classPath() {
        String configured = System.getProperty("iop.kafka.classpath", System.getProperty("java.class.path"));
        return java.util.Arrays.stream(configured.split(java.io.File.pathSeparator))
                .filter(entry -> !Path.of(entry).getFileName().toString().startsWith("quarkus-"))
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    /**
     * The broker logs through the class path's jboss-logmanager, configured here: warnings and errors, plus the start
     * and stop of the server, to stdout (the log file).
     */
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
                "# Written by the devstack on every start.",
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
                "auto.create.topics.enable=true",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=5",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
