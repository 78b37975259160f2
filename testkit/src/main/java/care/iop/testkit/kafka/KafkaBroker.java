package care.iop.testkit.kafka;

import care.iop.testkit.infra.ChildProcesses;
import care.iop.testkit.infra.FreePorts;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node Kafka broker in KRaft mode (combined broker and controller), run in a child JVM from
 * the {@code org.apache.kafka:kafka_2.13} jars on this JVM's class path. Being a separate process, it can be
 * stopped and started again on the same port with its data kept, which is how tests simulate an outage.
 *
 * <p>All state lives in the work directory (config, data, pid file), so any class loader can
 * {@link #attach(Path, int)} to a broker another one started.
 */
public final class KafkaBroker {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Path workDir;
    private final int port;

    private KafkaBroker(Path workDir, int port) {
        this.workDir = workDir;
        this.port = port;
    }

    public static KafkaBroker formatAndStart() {
        try {
            Path dir = Files.createTempDirectory("iop-kafka-");
            int port = FreePorts.find();
            int controllerPort = FreePorts.find();
            Files.writeString(dir.resolve("server.properties"), serverProperties(dir, port, controllerPort));
            ChildProcesses.run(Duration.ofSeconds(120), javaCommand(dir, "kafka.tools.StorageTool", "format",
                    "-t", Uuid.randomUuid().toString(), "-c", dir.resolve("server.properties").toString(),
                    "--ignore-formatted").toArray(String[]::new));
            KafkaBroker broker = new KafkaBroker(dir, port);
            broker.start();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static KafkaBroker attach(Path workDir, int port) {
        return new KafkaBroker(workDir, port);
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

    /** Starts the broker (again) and waits until it answers metadata requests. */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        try {
            List<String> command = javaCommand(workDir, "kafka.Kafka", workDir.resolve("server.properties").toString());
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("broker.log").toFile()))
                    .start();
            Files.writeString(workDir.resolve("broker.pid"), String.valueOf(process.pid()));
            awaitReady(process);
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
            care.iop.testkit.infra.Directories.deleteQuietly(workDir);
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

    private void awaitReady(Process process) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Kafka broker exited with " + process.exitValue() + "; see "
                        + workDir.resolve("broker.log"));
            }
            try (Admin admin = Admin.create(config)) {
                if (!admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
                    return;
                }
            } catch (Exception notYet) {
                sleep(200);
            }
        }
        throw new IllegalStateException("Kafka broker not ready after " + READY_TIMEOUT + "; see "
                + workDir.resolve("broker.log"));
    }

    private static List<String> javaCommand(Path dir, String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms128m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dkafka.logs.dir=" + dir.resolve("logs"),
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-cp", kafkaClassPath(), mainClass));
        command.addAll(List.of(args));
        return command;
    }

    /** The broker's jars are on this JVM's class path (the testkit depends on kafka_2.13). */
    private static String kafkaClassPath() {
        return System.getProperty("iop.kafka.classpath", System.getProperty("java.class.path"));
    }

    private static String serverProperties(Path dir, int port, int controllerPort) {
        return String.join("\n",
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
