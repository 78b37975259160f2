package care.iop.aftercare;

import care.iop.events.CloudEvent;
import care.iop.events.medication.DoseMissed;
import care.iop.events.scheduling.SessionKind;
import care.iop.events.scheduling.SessionMissed;
import care.iop.testkit.EventPublisher;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static care.iop.aftercare.AftercareClinic.BASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * One patient's relapse risk moved from every side at once: signals from two topics consumed side by side while
 * staff read the score, then staff acknowledging the one flag together. Each signal counts once, the patient is
 * flagged once, and no request sees a race it did not ask about.
 */
@QuarkusTest
class ConcurrentRiskTest {

    private static final int PER_TOPIC = 12;

    private final AftercareClinic clinic = new AftercareClinic();

    @Inject
    EntityManager em;

    private long count(String sql, UUID patient) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(sql)
                .setParameter(1, patient).getSingleResult()).longValue());
    }

    private static List<Integer> allAtOnce(List<Callable<Integer>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (Callable<Integer> task : tasks) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void signals_reads_and_acknowledgements_at_once_count_exactly_and_flag_once() throws Exception {
        UUID patient = clinic.admitted(LocalDate.now().minusDays(20));
        Instant yesterday = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        List<CloudEvent> missed = new ArrayList<>();
        List<CloudEvent> doses = new ArrayList<>();
        for (int i = 0; i < PER_TOPIC; i++) {
            missed.add(clinic.event("scheduling-service", new SessionMissed(UUID.randomUUID(),
                    SessionKind.GROUP_THERAPY, false, yesterday.plus(i, ChronoUnit.MINUTES), i + 1), patient));
            doses.add(clinic.event("medication-service", new DoseMissed(UUID.randomUUID(), "6813",
                    yesterday.plus(i, ChronoUnit.MINUTES), yesterday.plus(i + 60, ChronoUnit.MINUTES)), patient));
        }
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < PER_TOPIC; i++) {
            CloudEvent m = missed.get(i);
            CloudEvent d = doses.get(i);
            tasks.add(() -> {
                EventPublisher.send(m, m); // and its redelivery
                return 200;
            });
            tasks.add(() -> {
                EventPublisher.send(d);
                return 200;
            });
            tasks.add(() -> clinic.caseManager.api().get(BASE + "/patients/" + patient + "/relapse-risk")
                    .statusCode());
        }
        assertThat(allAtOnce(tasks)).containsOnly(200);

        // Two unexcused absences and two missed doses weigh 2 each.
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> clinic.caseManager.api()
                .get(BASE + "/patients/" + patient + "/relapse-risk").then().statusCode(200)
                .body("score", equalTo(4.0f * PER_TOPIC))
                .body("factors.find { it.code == 'session-missed-unexcused' }.occurrences", equalTo(PER_TOPIC))
                .body("factors.find { it.code == 'dose-missed' }.occurrences", equalTo(PER_TOPIC)));
        assertThat(count("select count(*) from risk_signal where patient_id = ?1", patient))
                .isEqualTo(2L * PER_TOPIC);
        assertThat(count("select count(*) from risk_flag where patient_id = ?1", patient)).isEqualTo(1);

        String flagId = clinic.caseManager.api().get(BASE + "/patients/" + patient + "/relapse-risk").then()
                .extract().path("openFlag.id");
        List<Callable<Integer>> acknowledgements = Collections.nCopies(20, () -> clinic.caseManager.api()
                .body(Map.of("action", "called-patient")).post(BASE + "/risk-flags/" + flagId + "/acknowledge")
                .statusCode());
        List<Integer> statuses = allAtOnce(acknowledgements);
        assertThat(statuses).as("one acknowledgement wins; the others find it acknowledged (409), none sees a race")
                .containsOnly(200, 409).filteredOn(s -> s == 200).hasSize(1);
        assertThat(count("select count(*) from risk_flag where patient_id = ?1 and status = 'ACKNOWLEDGED'", patient))
                .isEqualTo(1);
        assertThat(count("select count(*) from audit_log where patient_id = ?1 and resource_type = 'RiskFlag' "
                + "and action = 'update' and outcome = 'success'", patient)).isEqualTo(1);
    }
}
