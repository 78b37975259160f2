package care.iop.e2e.analytics;

import care.iop.e2e.Platform;
import care.iop.e2e.failure.Fixtures;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.awaitility.Awaitility;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A generated cohort made through the public APIs — admitted (intake), discharged with a TEDS-D reason (aftercare),
 * some readmitted — and what it did, kept here for an independent count of the measures ({@link ExpectedMeasures}).
 * Every date is an offset from {@code base}; which patient gets which admission day, stay and reason is fixed by its
 * index, so the cohort is the same every run.
 */
final class Cohort {

    /** TEDS-D reasons in turn: 4 of 10 completed, 2 dropped out, one each of 3, 4, 6 and 7. */
    private static final int[] REASONS = {1, 2, 1, 3, 1, 4, 1, 2, 6, 7};

    record Stay(String patientId, LocalDate admitted, LocalDate discharged, Integer reason) {
    }

    final String trackCode;
    final List<Stay> stays = Collections.synchronizedList(new ArrayList<>());

    private Cohort(String trackCode) {
        this.trackCode = trackCode;
    }

    /**
     * {@code size} patients admitted on days spread over 120 days from {@code base}; two in three discharged after
     * 7–76 days unless that day is after {@code today}; one in ten of the discharged (reason 2, dropped out) admitted
     * again 0–59 days later when that day is not after {@code today}.
     */
    static Cohort make(Fixtures.Track track, int size, LocalDate base, LocalDate today) throws Exception {
        Cohort cohort = new Cohort(track.code());
        cohort.add(0, size, base, today);
        return cohort;
    }

    /** Adds the patients of indexes {@code from} (inclusive) to {@code to}, made by four clients at once. */
    void add(int from, int to, LocalDate base, LocalDate today) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int i = from; i < to; i++) {
                int index = i;
                work.add(pool.submit(() -> {
                    patient(index, base, today);
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void patient(int i, LocalDate base, LocalDate today) {
        LocalDate admitted = base.plusDays((i * 97L) % 120);
        String patientId = Fixtures.registerAndAdmit("Analytics", trackCode, admitted)[0];
        LocalDate discharged = admitted.plusDays(7 + (i * 31L) % 70);
        if (i % 3 == 0 || discharged.isAfter(today)) {
            stays.add(new Stay(patientId, admitted, null, null));
            return;
        }
        int reason = REASONS[i % REASONS.length];
        discharge(patientId, discharged, reason);
        stays.add(new Stay(patientId, admitted, discharged, reason));
        LocalDate again = discharged.plusDays(i % 60);
        if (i % REASONS.length == 1 && !again.isAfter(today)) { // those who dropped out (reason 2), every other one
            readmit(patientId, again);
            stays.add(new Stay(patientId, again, null, null));
        }
    }

    /** Discharges the patient's open episode (aftercare opens it when it reads the admission). */
    private static void discharge(String patientId, LocalDate day, int reason) {
        String[] episode = new String[1];
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            Response r = Platform.as("casemanager.a").get("/api/v1/aftercare/patients/" + patientId + "/episodes");
            if (r.statusCode() == 404) {
                return false; // aftercare has not read the admission yet: the patient is unknown to it
            }
            JsonPath episodes = r.then().statusCode(200).extract().jsonPath();
            List<String> open = episodes.getList("findAll { it.status == 'open' }.id");
            episode[0] = open.isEmpty() ? null : open.get(0);
            return episode[0] != null;
        });
        Platform.as("casemanager.a").body(Map.of("reasonCode", reason, "dischargeDate", day.toString(),
                        "summary", "Cohort discharge"))
                .post("/api/v1/aftercare/episodes/" + episode[0] + "/discharge").then().statusCode(201);
    }

    /** Admits the patient again once intake has read the discharge (until then it answers 409). */
    private void readmit(String patientId, LocalDate day) {
        Map<String, Object> admission = Map.of("patientId", patientId, "trackCode", trackCode, "levelOfCare", "2.1",
                "admissionDate", day.toString(), "primaryCounselorId", Fixtures.COUNSELOR);
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
            Response r = Platform.as("coordinator.a").body(admission).post("/api/v1/intake/admissions");
            if (r.statusCode() != 201 && r.statusCode() != 409) {
                throw new AssertionError("readmission answered " + r.statusCode() + ": " + r.asString());
            }
            return r.statusCode() == 201;
        });
    }
}
