package care.iop.e2e.failure;

import care.iop.devstack.Service;
import care.iop.e2e.Keycloak;
import care.iop.e2e.Platform;
import org.awaitility.Awaitility;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static care.iop.e2e.failure.Api.expect;

/** Set-up through the gateway for the failure tests: tracks, registered, assessed and admitted patients. */
public final class Fixtures {

    public static final ZoneId ZONE = ZoneId.of("America/New_York");
    static final String INTAKE = "/api/v1/intake";
    static final String SCHEDULING = "/api/v1/scheduling";
    static final String NOTES = "/api/v1/notes";
    static final String MEDICATIONS = "/api/v1/medications";
    static final String AFTERCARE = "/api/v1/aftercare";
    public static final String COUNSELOR = "aaaaaaaa-0000-4000-8000-000000000002";

    private Fixtures() {
    }

    /** A program track of clinic A with its own room and facilitator (so nothing clashes with other tests). */
    public record Track(String id, String code, String roomId, String facilitatorId) {
    }

    public static Track track(String prefix) {
        String code = (prefix + "-" + UUID.randomUUID().toString().substring(0, 8)).toUpperCase(Locale.ROOT);
        String roomId = expect(201, Api.post("scheduler.a", SCHEDULING + "/rooms",
                Map.of("name", "Room " + code, "capacity", 60)), "room").id();
        String facilitator = Keycloak.staffMember(Platform.CLINIC_A, "clinician");
        Map<String, Object> track = new HashMap<>();
        track.put("code", code);
        track.put("name", "Failure tests " + code);
        track.put("levelOfCare", "2.1");
        track.put("population", "adult");
        track.put("timeZone", ZONE.getId());
        track.put("days", List.of("monday", "tuesday", "wednesday", "thursday", "friday"));
        track.put("startTime", "09:00");
        track.put("durationMinutes", 60);
        track.put("groupSizeLimit", 50);
        track.put("roomId", roomId);
        track.put("facilitatorIds", List.of(facilitator));
        String id = expect(201, Api.post("scheduler.a", SCHEDULING + "/tracks", track), "track").id();
        return new Track(id, code, roomId, facilitator);
    }

    /** A group session of the track (in its room, with its facilitator) on a day at a time; returns its id. */
    static Api.Answer groupSession(Track track, LocalDate day, String startTime) {
        Map<String, Object> session = new HashMap<>();
        session.put("kind", "group-therapy");
        session.put("trackId", track.id());
        session.put("date", day.toString());
        session.put("startTime", startTime);
        session.put("durationMinutes", 60);
        session.put("modality", "in-person");
        session.put("roomId", track.roomId());
        session.put("facilitatorIds", List.of(track.facilitatorId()));
        return Api.post("scheduler.a", SCHEDULING + "/sessions", session);
    }

    static Map<String, Object> patientBody(String tag) {
        Map<String, Object> patient = new HashMap<>();
        patient.put("legalName", Map.of("given", tag + letters(8), "family", "Failure" + letters(8)));
        patient.put("birthDate", LocalDate.of(1960, 1, 1).plusDays(ThreadLocalRandom.current().nextInt(15_000)).toString());
        patient.put("preferredLanguage", "en");
        patient.put("identifiers", List.of());
        return patient;
    }

    static Api.Answer register(String tag) {
        return Api.post("coordinator.a", INTAKE + "/patients", patientBody(tag));
    }

    static Api.Answer assess(String patientId) {
        Map<String, Object> dimensions = new HashMap<>();
        int[] ratings = {1, 0, 2, 1, 2, 1};
        for (int i = 0; i < 6; i++) {
            dimensions.put("d" + (i + 1), Map.of("rating", ratings[i], "rationale", "rated from the interview"));
        }
        return Api.post("clinician.a", INTAKE + "/patients/" + patientId + "/assessments", Map.of(
                "diagnoses", List.of(Map.of("icd10", "F11.20")), "dimensions", dimensions, "finalLevel", "2.1"));
    }

    static Api.Answer admit(String patientId, String trackCode, LocalDate admissionDate) {
        return Api.post("coordinator.a", INTAKE + "/admissions", Map.of("patientId", patientId, "trackCode", trackCode,
                "levelOfCare", "2.1", "admissionDate", admissionDate.toString(), "primaryCounselorId", COUNSELOR));
    }

    /** Registers, assesses and admits one patient; returns {patientId, admissionId}. Fails on any refusal. */
    public static String[] registerAndAdmit(String tag, String trackCode, LocalDate admissionDate) {
        String patientId = expect(201, register(tag), "register").id();
        expect(201, assess(patientId), "assess");
        String admissionId = expect(201, admit(patientId, trackCode, admissionDate), "admit").id();
        return new String[]{patientId, admissionId};
    }

    /** Admits {@code n} new patients to the track and waits until every service knows each of them. */
    static List<String> admittedCohort(Track track, int n, LocalDate admissionDate) {
        List<String> patients = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            patients.add(registerAndAdmit("Cohort", track.code(), admissionDate)[0]);
        }
        awaitKnownEverywhere(patients, Duration.ofSeconds(90));
        return patients;
    }

    /** Waits until scheduling, notes, medication and aftercare have each applied the patients' admissions. */
    static void awaitKnownEverywhere(List<String> patientIds, Duration atMost) {
        String[] ids = patientIds.toArray(String[]::new);
        Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(500)).until(() ->
                Databases.number(Service.SCHEDULING, "SELECT count(*) FROM enrollment WHERE patient_id::text = ANY (?) "
                        + "AND status = 'ACTIVE'", (Object) ids) == ids.length
                        && Databases.number(Service.AFTERCARE, "SELECT count(*) FROM episode WHERE patient_id::text = ANY (?)",
                        (Object) ids) == ids.length
                        && Databases.number(Service.MEDICATION, "SELECT count(*) FROM known_patient WHERE "
                        + "patient_id::text = ANY (?)", (Object) ids) == ids.length
                        && Databases.number(Service.NOTES, "SELECT count(*) FROM known_patient WHERE "
                        + "patient_id::text = ANY (?)", (Object) ids) == ids.length);
    }

    /**
     * Waits until a read of every service through the gateway succeeds (a service that answered a run of 503s has its
     * gateway breaker open for a while): the stack is usable for whatever comes next.
     */
    static void awaitGatewayHealthy(Duration atMost) {
        Map<String, String> reads = Map.of(
                INTAKE + "/referrals?limit=1", "coordinator.a",
                SCHEDULING + "/enrollments?limit=1", "scheduler.a",
                NOTES + "/worklist", "clinician.a",
                MEDICATIONS + "/discharge-review", "prescriber.a",
                AFTERCARE + "/outcomes", "casemanager.a");
        Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(500)).until(() -> reads.entrySet().stream()
                .allMatch(r -> Api.get(r.getValue(), r.getKey()).is2xx()));
    }

    /** The episode of a patient in aftercare (one per admission here). */
    static String episodeOf(String patientId) {
        return Databases.strings(Service.AFTERCARE, "SELECT id::text FROM episode WHERE patient_id = ?::uuid", patientId)
                .get(0);
    }

    /** Whether a TCP connection to host:port is refused (nothing listens): the process behind it is really down. */
    static boolean refuses(String host, int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(host, port), 2_000);
            return false;
        } catch (java.net.ConnectException refused) {
            return true;
        } catch (java.io.IOException other) {
            return false;
        }
    }

    /** Whether a process is gone (never started, killed, exited). */
    static boolean gone(long pid) {
        return pid <= 0 || ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    }

    static String letters(int n) {
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s.append((char) ('a' + ThreadLocalRandom.current().nextInt(26)));
        }
        return s.toString();
    }
}
