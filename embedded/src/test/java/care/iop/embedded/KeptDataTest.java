package care.iop.embedded;

import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The devstack's flavour of the launchers: a data directory of the caller's choosing and fixed ports, kept from one
 * launch (one "launcher run") to the next.
 */
class KeptDataTest {

    @Test
    void kafka_keeps_its_cluster_and_ports_across_launches() throws Exception {
        Path dir = Files.createTempDirectory("kept-kafka-");
        int port = FreePorts.find();
        int controllerPort = FreePorts.find();
        try {
            KafkaBroker first = KafkaBroker.builder().keptData(dir).fixedPorts(port, controllerPort).heap("64m", "384m")
                    .quietLogging().configure();
            first.start();
            String clusterId = clusterId(first);
            assertThat(first.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
            // A launcher that died without stopping it: the next configure stops the broker it left running.
            KafkaBroker second = KafkaBroker.builder().keptData(dir).fixedPorts(port, controllerPort).configure();
            assertThat(first.isRunning()).isFalse();
            second.start();
            try {
                assertThat(clusterId(second)).isEqualTo(clusterId);
            } finally {
                second.stop();
            }
            assertThat(second.isRunning()).isFalse();
        } finally {
            Directories.deleteQuietly(dir);
        }
    }

    @Test
    void postgres_keeps_its_data_in_the_given_directory() throws Exception {
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "kept-pg-");
        dir.toFile().setWritable(true, false);
        assertThat(EmbeddedPostgres.usableByServerUser(dir)).isTrue();
        Path data = dir.resolve("postgres");
        int port = FreePorts.find();
        try {
            EmbeddedPostgres first = EmbeddedPostgres.keptData(data, port, false);
            try (Connection c = DriverManager.getConnection(first.createDatabase("kept"), EmbeddedPostgres.SUPERUSER, "")) {
                c.createStatement().execute("create table t (v int); insert into t values (7)");
            }
            assertThat(first.postmaster()).isPresent();
            // Left running, as by a killed launcher: the next start stops it cleanly and starts on the same data.
            EmbeddedPostgres second = EmbeddedPostgres.keptData(data, port, false);
            try (Connection c = DriverManager.getConnection(second.jdbcUrl("kept"), EmbeddedPostgres.SUPERUSER, "");
                 ResultSet rs = c.createStatement().executeQuery("select v from t")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(7);
            } finally {
                second.stop();
            }
            assertThat(second.postmaster()).isEmpty();
        } finally {
            Directories.deleteQuietly(dir);
        }
    }

    @Test
    void poll_answers_once_the_probe_does_and_gives_up_after_the_timeout() {
        long start = System.nanoTime();
        int[] calls = {0};
        assertThat(Poll.until(Duration.ofSeconds(5), Duration.ofMillis(10), () -> ++calls[0] == 3)).isTrue();
        assertThat(calls[0]).isEqualTo(3);
        assertThat(Poll.until(Duration.ofMillis(100), Duration.ofMillis(20), () -> false)).isFalse();
        assertThat(System.nanoTime() - start).isLessThan(Duration.ofSeconds(5).toNanos());
    }

    private static String clusterId(KafkaBroker broker) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            return admin.describeCluster().clusterId().get(10, TimeUnit.SECONDS);
        }
    }
}
