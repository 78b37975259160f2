package care.iop.testkit;

import care.iop.embedded.EmbeddedPostgres;
import care.iop.embedded.KafkaBroker;
import care.iop.embedded.KafkaTopics;
import care.iop.events.TopicDeclarations;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The PostgreSQL server and Kafka broker shared by every test in a JVM. They start on first use and stop when
 * the JVM exits. Quarkus may load this class in more than one class loader, so the state is kept in system
 * properties and each loader attaches to the same processes.
 *
 * <p>{@code IOP_TEST_JDBC_URL} (with {@code IOP_TEST_JDBC_USER}/{@code IOP_TEST_JDBC_PASSWORD}) and
 * {@code IOP_TEST_KAFKA} point the tests at external servers instead; outage tests are then skipped.
 */
public final class TestInfrastructure {

    private static final String PG_STATE = "iop-testkit.postgres";
    private static final String KAFKA_STATE = "iop-testkit.kafka";
    private static final String EXTERNAL_TOPICS_STATE = "iop-testkit.kafka.external-topics";

    private TestInfrastructure() {
    }

    public static Optional<String> externalJdbcUrl() {
        return Optional.ofNullable(System.getenv("IOP_TEST_JDBC_URL")).filter(s -> !s.isBlank());
    }

    public static Optional<String> externalKafka() {
        return Optional.ofNullable(System.getenv("IOP_TEST_KAFKA")).filter(s -> !s.isBlank());
    }

    /** The embedded server; empty when tests run against an external one. */
    public static Optional<EmbeddedPostgres> embeddedPostgres() {
        if (externalJdbcUrl().isPresent()) {
            return Optional.empty();
        }
        synchronized (System.getProperties()) {
            String state = System.getProperty(PG_STATE);
            if (state != null) {
                String[] parts = state.split("\\|");
                return Optional.of(EmbeddedPostgres.attach(Path.of(parts[0]), Path.of(parts[1]),
                        Integer.parseInt(parts[2]), false));
            }
            EmbeddedPostgres pg = EmbeddedPostgres.initAndStart(false);
            System.setProperty(PG_STATE, pg.binDir() + "|" + pg.dataDir() + "|" + pg.port());
            Runtime.getRuntime().addShutdownHook(new Thread(pg::destroy, "stop-embedded-postgres"));
            return Optional.of(pg);
        }
    }

    /** The embedded broker; empty when tests run against an external one. */
    public static Optional<KafkaBroker> embeddedKafka() {
        if (externalKafka().isPresent()) {
            return Optional.empty();
        }
        synchronized (System.getProperties()) {
            String state = System.getProperty(KAFKA_STATE);
            if (state != null) {
                String[] parts = state.split("\\|");
                return Optional.of(KafkaBroker.attach(Path.of(parts[0]), Integer.parseInt(parts[1])));
            }
            KafkaBroker broker = KafkaBroker.formatAndStart();
            System.setProperty(KAFKA_STATE, broker.workDir() + "|" + broker.port());
            Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy, "stop-embedded-kafka"));
            return Optional.of(broker);
        }
    }

    /** The broker's address; an external broker is given the declared topics first (the embedded one makes them). */
    public static String kafkaBootstrapServers() {
        Optional<String> external = externalKafka();
        if (external.isEmpty()) {
            return embeddedKafka().orElseThrow().bootstrapServers();
        }
        synchronized (System.getProperties()) {
            if (System.getProperty(EXTERNAL_TOPICS_STATE) == null) {
                KafkaTopics.ensure(external.get(), TopicDeclarations.all());
                System.setProperty(EXTERNAL_TOPICS_STATE, "declared");
            }
        }
        return external.get();
    }
}
