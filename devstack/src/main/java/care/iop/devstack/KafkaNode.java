package care.iop.devstack;

import care.iop.embedded.ChildProcess;
import care.iop.embedded.KafkaBroker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A single-node Kafka 4.1 broker in KRaft mode: embedded's {@link KafkaBroker} with what the devstack needs and a test
 * broker does not — a data directory that survives restarts, the documented port 9092, quiet logging — launched as a
 * {@link ChildProcess} in its own process group (so Ctrl-C reaches only the launcher, and the {@link Watchdog} can
 * kill it).
 */
final class KafkaNode {

    private final KafkaBroker broker;
    private final ChildProcess process;

    private KafkaNode(KafkaBroker broker, ChildProcess process) {
        this.broker = broker;
        this.process = process;
    }

    /** Formats {@code workDir/data} if it holds no cluster yet, starts the broker and waits until it serves. */
    static KafkaNode start(Path workDir, int port, int controllerPort, Path log, Duration timeout,
                           Consumer<ChildProcess> launched) {
        KafkaBroker broker = KafkaBroker.builder().keptData(workDir).fixedPorts(port, controllerPort)
                .heap("64m", "384m").quietLogging().configure();
        return launch(broker, log, timeout, launched);
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    int port() {
        return broker.port();
    }

    Path workDir() {
        return broker.workDir();
    }

    ChildProcess process() {
        return process;
    }

    /** Controlled shutdown (SIGTERM, forced after 30 s); then whatever is left of the process tree. */
    void stop() {
        broker.stop();
        if (process.isAlive()) {
            process.stop(Duration.ofSeconds(5));
        }
        try {
            Files.deleteIfExists(broker.workDir().resolve("broker.pid"));
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
        return launch(broker, log, timeout, launched);
    }

    private static KafkaNode launch(KafkaBroker broker, Path log, Duration timeout, Consumer<ChildProcess> launched) {
        AtomicReference<ChildProcess> child = new AtomicReference<>();
        try {
            broker.start(command -> {
                ChildProcess started = ChildProcess.start("kafka", command, Map.of(), broker.workDir(), log);
                child.set(started);
                launched.accept(started);
                return started.process();
            }, timeout, log);
        } catch (RuntimeException e) {
            ChildProcess started = child.get();
            if (started == null) {
                throw e;
            }
            if (started.isAlive()) {
                started.stop(Duration.ofSeconds(5));
            }
            throw new IllegalStateException(e.getMessage() + "\n" + started.tail(30), e);
        }
        return new KafkaNode(broker, child.get());
    }
}
