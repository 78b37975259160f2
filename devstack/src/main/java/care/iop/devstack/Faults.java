package care.iop.devstack;

import care.iop.embedded.ChildProcess;
import care.iop.embedded.Poll;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The fault switches of a running devstack, for the outage tests ({@link DevStack#faults()}): kill a service outright,
 * stop and start the embedded PostgreSQL, Kafka and Keycloak on the same ports and data. An external server cannot be
 * switched (the call throws); it counts as running.
 */
public final class Faults {

    /** Switches lock the stack, as its {@link DevStack#close()} does: a switch and a close do not interleave. */
    private final DevStack stack;

    Faults(DevStack stack) {
        this.stack = stack;
    }

    /**
     * Kills a service outright (SIGKILL to it and anything it started): no shutdown hook runs, open transactions and
     * connections are cut where they are, as in a crash. {@link DevStack#start(Service)} starts it again.
     */
    public void kill(Service service) {
        ChildProcess p = stack.services.remove(service);
        if (p != null) {
            stack.watchdog.forget(service.module());
            p.kill();
            stack.out.printf("✗ %s killed (SIGKILL)%n", service.module());
        }
    }

    /** Whether the embedded Kafka broker is running (an external one counts as running). */
    public boolean isKafkaRunning() {
        KafkaNode node = stack.kafka;
        return node == null ? stack.options.externalKafka != null : node.process().isAlive();
    }

    /** Stops the embedded Kafka broker (controlled shutdown, data kept), e.g. for an outage test. */
    public void stopKafkaBroker() {
        synchronized (stack) {
            KafkaNode node = requireKafka();
            stack.watchdog.forget("kafka");
            node.stop();
            stack.out.println("✗ Kafka stopped");
        }
    }

    /** Starts the embedded Kafka broker again on the same ports and data, and waits until it serves. */
    public void startKafkaBroker() {
        synchronized (stack) {
            KafkaNode node = requireKafka();
            if (node.process().isAlive()) {
                return;
            }
            long t0 = System.nanoTime();
            stack.kafka = node.relaunch(stack.logDir.resolve("kafka.log"), stack.options.readyTimeout, child -> {
                stack.kafkaProcess = child;
                stack.watchdog.watch("kafka", child);
            });
            stack.out.printf("✓ Kafka ready again in %s%n", DevStack.seconds(System.nanoTime() - t0));
        }
    }

    /** Whether the embedded PostgreSQL server is running (an external one counts as running). */
    public boolean isPostgresRunning() {
        PostgresNode node = stack.postgres;
        return node == null ? stack.options.externalPostgres != null : node.postmaster().isPresent();
    }

    /** Stops the embedded PostgreSQL server (fast shutdown: connections are cut, data kept). */
    public void stopPostgresServer() {
        synchronized (stack) {
            PostgresNode node = requirePostgres();
            stack.watchdog.forget("postgres");
            node.stop();
            stack.out.println("✗ PostgreSQL stopped");
        }
    }

    /** Starts the embedded PostgreSQL server again on the same port and data directory, and waits until it accepts. */
    public void startPostgresServer() {
        synchronized (stack) {
            PostgresNode node = requirePostgres();
            if (node.postmaster().isPresent()) {
                return;
            }
            long t0 = System.nanoTime();
            node.startAgain();
            node.postmaster().ifPresent(p -> stack.watchdog.watchProcess("postgres", p.pid(), "INT"));
            stack.out.printf("✓ PostgreSQL ready again in %s%n", DevStack.seconds(System.nanoTime() - t0));
        }
    }

    /** Restarts the embedded PostgreSQL server on the same port and data, staying down for {@code downtime}. */
    public void restartPostgresServer(Duration downtime) {
        stopPostgresServer();
        Poll.sleep(downtime);
        startPostgresServer();
    }

    /** Whether the embedded Keycloak is running (an external one counts as running). */
    public boolean isKeycloakRunning() {
        KeycloakNode node = stack.keycloak;
        return node == null ? stack.options.externalOidcUrl != null : node.process().isAlive();
    }

    /**
     * Stops the embedded Keycloak (SIGTERM, its data kept: realm, users and signing keys), e.g. for an outage test:
     * its port refuses connections until {@link #startKeycloakServer()}.
     */
    public void stopKeycloakServer() {
        synchronized (stack) {
            KeycloakNode node = requireKeycloak();
            stack.watchdog.forget("keycloak");
            node.stop();
            stack.out.println("✗ Keycloak stopped");
        }
    }

    /** Starts the embedded Keycloak again on the same ports and data (same realm keys), and waits until it is ready. */
    public void startKeycloakServer() {
        synchronized (stack) {
            KeycloakNode node = requireKeycloak();
            if (node.process().isAlive()) {
                return;
            }
            long t0 = System.nanoTime();
            Path cache = stack.options.keycloakCacheDir != null ? stack.options.keycloakCacheDir
                    : KeycloakNode.KeycloakDist.defaultCacheDir();
            Path log = stack.logDir.resolve("keycloak.log");
            DevStack.rotate(log);
            stack.keycloak = KeycloakNode.start(stack.runDir.resolve("keycloak"), cache, stack.realm, stack.keycloakPort,
                    stack.keycloakManagementPort, stack.options.bindHost, stack.options.keycloakAdminUser, stack.options.keycloakAdminPassword, log,
                    stack.options.readyTimeout, child -> {
                        stack.keycloakProcess = child;
                        stack.watchdog.watch("keycloak", child);
                    });
            stack.out.printf("✓ Keycloak ready again in %s%n", DevStack.seconds(System.nanoTime() - t0));
        }
    }

    private KeycloakNode requireKeycloak() {
        if (stack.keycloak == null) {
            throw new IllegalStateException("Keycloak is external (or not started): the devstack cannot stop or start it");
        }
        return stack.keycloak;
    }

    private KafkaNode requireKafka() {
        if (stack.kafka == null) {
            throw new IllegalStateException("Kafka is external (or not started): the devstack cannot stop or start it");
        }
        return stack.kafka;
    }

    private PostgresNode requirePostgres() {
        if (stack.postgres == null) {
            throw new IllegalStateException("PostgreSQL is external (or not started): the devstack cannot stop or start it");
        }
        return stack.postgres;
    }
}
