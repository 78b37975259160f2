package care.iop.analytics;

import care.iop.analytics.instances.CatchUp;
import care.iop.analytics.instances.ClusterFacts;
import care.iop.analytics.instances.InputPartitions;
import care.iop.analytics.instances.InstanceFacts;
import care.iop.analytics.instances.LocalFacts;
import care.iop.analytics.instances.NotReady;
import care.iop.analytics.instances.RemoteFacts;
import care.iop.events.CloudEvent;
import care.iop.events.EventJson;
import care.iop.events.aftercare.FollowUpOutcome;
import care.iop.testkit.EventPublisher;
import care.iop.testkit.TestInfrastructure;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * Issue #21's scaling proof on testkit's real broker, with the real topology and the real cross-instance query
 * (ClusterFacts, LocalFacts, RemoteFacts over HTTP): two instances of one application id share the partitions and
 * each answers for both; one is stopped while events are still arriving and the other, after the rebalance, gives
 * the same answer — and never a partial one meanwhile; a third instance under a new application id replays the
 * topics and reaches the same answer. The reference is the same events on a TopologyTestDriver (one instance).
 * The instances' internal endpoint is a JDK HTTP server here (the Quarkus resource is tested in
 * PatientFactsApiTest); it checks the caller's Authorization header was passed on.
 */
class TwoInstancesTest {

    private static final Logger LOG = Logger.getLogger(TwoInstancesTest.class);
    private static final String AUTHORIZATION = "Bearer passed-on-by-the-asking-instance";
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final LocalDate JANUARY_FROM = LocalDate.parse("2026-01-05");
    private static final LocalDate JANUARY_TO = LocalDate.parse("2026-01-31");
    private static final LocalDate FEBRUARY_TO = LocalDate.parse("2026-02-15");

    private final UUID clinic = UUID.randomUUID();

    @Test
    void two_instances_share_the_partitions_one_takes_over_and_a_new_one_replays_to_the_same_answer()
            throws Exception {
        long started = System.nanoTime();
        AnalyticsKafkaTestResource.createInputTopics();
        String group = "analytics-two-instances-" + UUID.randomUUID();
        try (EventStream reference = new EventStream(); Instance a = new Instance(group);
             Instance b = new Instance(group)) {
            await().atMost(WAIT).until(() -> a.holdsActivePartitions() && b.holdsActivePartitions());

            publish(reference, january(60));
            String january = json(reference.patients(), JANUARY_TO);
            await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).ignoreExceptionsInstanceOf(NotReady.class)
                    .untilAsserted(() -> {
                        assertThat(a.answer(JANUARY_TO)).isEqualTo(january);
                        assertThat(b.answer(JANUARY_TO)).isEqualTo(january);
                    });
            InstanceFacts shareA = a.share();
            InstanceFacts shareB = b.share();
            LOG.infof("shares: a %d partitions %d patients, b %d partitions %d patients", shareA.partitions().size(),
                    shareA.patients().size(), shareB.partitions().size(), shareB.patients().size());
            assertThat(shareA.patients()).isNotEmpty().hasSizeLessThan(60);
            assertThat(shareB.patients()).isNotEmpty().hasSizeLessThan(60);
            assertThat(shareA.patients().size() + shareB.patients().size()).isEqualTo(60);
            assertThat(shareA.topicPartitions()).doesNotContainAnyElementsOf(shareB.topicPartitions());
            Set<TopicPartition> covered = new HashSet<>(shareA.topicPartitions());
            covered.addAll(shareB.topicPartitions());
            assertThat(covered).isEqualTo(a.input.get());

            List<CloudEvent> februaryEvents = february(20);
            februaryEvents.forEach(reference::send);
            String all = json(reference.patients(), FEBRUARY_TO);
            Thread publisher = new Thread(() -> EventPublisher.send(februaryEvents.toArray(CloudEvent[]::new)));
            publisher.start();
            long killed = System.nanoTime();
            a.kill();
            int refused = 0;
            int answered = 0;
            while (true) {
                try {
                    assertThat(b.answer(JANUARY_TO)).as("whole or refused, never part of the patients")
                            .isEqualTo(january);
                    answered++;
                    if (b.answer(FEBRUARY_TO).equals(all)) {
                        break;
                    }
                } catch (NotReady e) {
                    refused++;
                }
                if (System.nanoTime() - killed > WAIT.toNanos()) {
                    fail("b did not take over within " + WAIT + " (" + refused + " refusals)");
                }
                Thread.sleep(200);
            }
            publisher.join();
            LOG.infof("b took over a's partitions and caught up %d ms after a stopped; meanwhile %d answers "
                    + "refused (503), %d whole", (System.nanoTime() - killed) / 1_000_000, refused, answered);
            assertThat(b.share().topicPartitions()).isEqualTo(b.input.get());
            assertThat(b.share().patients()).hasSize(80);

            long fresh = System.nanoTime();
            int replaying = 0;
            try (Instance c = new Instance("analytics-from-scratch-" + UUID.randomUUID())) {
                while (true) {
                    try {
                        assertThat(c.answer(FEBRUARY_TO)).as("while it replays: refused or whole, never part of the "
                                + "history").isEqualTo(all);
                        break;
                    } catch (NotReady e) {
                        replaying++;
                    }
                    if (System.nanoTime() - fresh > WAIT.toNanos()) {
                        fail("the new instance did not catch up within " + WAIT + " (" + replaying + " refusals)");
                    }
                    Thread.sleep(50);
                }
            }
            LOG.infof("a new instance replayed the topics to the same answer in %d ms (%d answers refused while it "
                    + "replayed, none partial); whole test %d ms", (System.nanoTime() - fresh) / 1_000_000, replaying,
                    (System.nanoTime() - started) / 1_000_000);
        }
    }

    private String json(List<PatientFacts> patients, LocalDate to) {
        return json(Measures.answer(patients, clinic, PeriodKind.WEEK, JANUARY_FROM, to, null));
    }

    private static String json(MeasuresAnswer answer) {
        return EventJson.mapper().valueToTree(answer).toString();
    }

    /** Patients admitted, attending, screened on every input topic; half of them discharged and followed up. */
    private List<CloudEvent> january(int patients) {
        List<CloudEvent> events = new ArrayList<>();
        for (int i = 0; i < patients; i++) {
            UUID p = UUID.randomUUID();
            events.add(EventStream.admitted(p, "2026-01-05"));
            events.add(EventStream.attended(p, "2026-01-06"));
            if (i % 3 == 0) {
                events.add(EventStream.missed(p, "2026-01-08", i % 2 == 0));
            }
            events.add(EventStream.drugScreen(p, "2026-01-07", i % 4 == 0));
            if (i % 2 == 0) {
                events.add(EventStream.discharged(p, "2026-01-20", 1));
                events.add(EventStream.followUpCompleted(p, "2026-01-23", FollowUpOutcome.REACHED));
            }
        }
        return events.stream().map(this::atClinic).toList();
    }

    /** New patients from February on: January's measures stay as they were. */
    private List<CloudEvent> february(int patients) {
        List<CloudEvent> events = new ArrayList<>();
        for (int i = 0; i < patients; i++) {
            UUID p = UUID.randomUUID();
            events.add(EventStream.admitted(p, "2026-02-02"));
            events.add(EventStream.attended(p, "2026-02-03"));
        }
        return events.stream().map(this::atClinic).toList();
    }

    private CloudEvent atClinic(CloudEvent e) {
        return new CloudEvent(e.specversion(), e.id(), e.source(), e.type(), e.subject(), e.time(),
                e.datacontenttype(), clinic.toString(), e.requestid(), e.data());
    }

    private static void publish(EventStream reference, List<CloudEvent> events) {
        events.forEach(reference::send);
        EventPublisher.send(events.toArray(CloudEvent[]::new));
    }

    /** One instance: the topology on a Kafka Streams client, and its internal endpoint on a JDK HTTP server. */
    private final class Instance implements AutoCloseable {

        final HttpServer server;
        final KafkaStreams streams;
        final LocalFacts local;
        final InputPartitions input;
        final ClusterFacts cluster;
        final Path stateDir;

        Instance(String applicationId) throws IOException {
            server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            HostInfo self = new HostInfo("localhost", server.getAddress().getPort());
            String bootstrap = TestInfrastructure.kafkaBootstrapServers();
            Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
            stateDir = Files.createTempDirectory("analytics-instance");
            props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
            props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 1);
            props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 500);
            props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
            // A stopped instance is noticed after the session timeout: the broker's minimum, to keep the test short.
            props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6000);
            props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 1000);
            streams = new KafkaStreams(OutcomesTopology.build(), props);
            input = new InputPartitions(Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap)),
                    OutcomesTopology.TOPICS);
            local = new LocalFacts(streams, new CatchUp(input::endOffsets,
                    () -> input.committedOffsets(applicationId)));
            cluster = new ClusterFacts(streams, self, local,
                    new RemoteFacts(RemoteFacts.httpClient(RemoteFacts.CONNECT_TIMEOUT), RemoteFacts.READ_TIMEOUT),
                    input);
            server.createContext(RemoteFacts.PATH, this::share);
            server.start();
            streams.start();
        }

        boolean holdsActivePartitions() {
            return streams.state() == KafkaStreams.State.RUNNING && streams.metadataForLocalThreads().stream()
                    .anyMatch(t -> !t.activeTasks().isEmpty());
        }

        /** The clinic's measures as this instance answers them for the whole group, as JSON. */
        String answer(LocalDate to) {
            return json(Measures.answer(cluster.of(clinic.toString(), AUTHORIZATION), clinic, PeriodKind.WEEK,
                    JANUARY_FROM, to, null));
        }

        InstanceFacts share() {
            return local.of(clinic.toString());
        }

        private void share(HttpExchange exchange) throws IOException {
            int status;
            byte[] body = new byte[0];
            if (!AUTHORIZATION.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                status = 401;
            } else {
                String clinicId = URLDecoder.decode(exchange.getRequestURI().getRawQuery().replace("clinicId=", ""),
                        StandardCharsets.UTF_8);
                try {
                    body = local.of(clinicId).toJson().getBytes(StandardCharsets.UTF_8);
                    status = 200;
                } catch (NotReady e) {
                    status = 503;
                }
            }
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        }

        /** Gone at once, as a crashed instance: its endpoint refuses and it does not leave the group. */
        void kill() {
            server.stop(0);
            streams.close(Duration.ofSeconds(30));
        }

        @Override
        public void close() throws IOException {
            server.stop(0);
            streams.close(Duration.ofSeconds(30));
            input.close();
            Utils.delete(stateDir.toFile());
        }
    }
}
