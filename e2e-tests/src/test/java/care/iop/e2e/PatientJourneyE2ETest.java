package care.iop.e2e;

import care.iop.events.CloudEvent;
import care.iop.events.EventSchemas;
import care.iop.events.EventType;
import care.iop.events.Topics;
import care.iop.testkit.EventCapture;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/**
 * One patient through the whole program, through the gateway only, with real Keycloak tokens of the realm's demo
 * accounts, checking at every step what the services answer and what they publish on Kafka:
 *
 * <ol>
 *   <li>a step-down partner refers the patient to clinic A; the intake coordinator screens (PHQ-9), a clinician
 *       assesses (ASAM, level 2.1) and the coordinator admits to a program track three weeks back;</li>
 *   <li>scheduling enrolls the patient from {@code patient.admitted} and books them into the track's group sessions of
 *       a past week; a clinician records one attendance and two unexcused absences in a row (worklist);</li>
 *   <li>the notes service learns of the attended session from {@code session.attended}: the note is due (overdue by
 *       now); the clinician writes and signs it (If-Match);</li>
 *   <li>a prescriber orders buprenorphine / naloxone (PDMP attestation), a nurse records doses; a drug screen comes
 *       back positive for fentanyl, which was not prescribed;</li>
 *   <li>aftercare adds up the real signals (two unexcused absences 2 + 2, a non-compliant week 3, the unexpected
 *       positive 5 = 12, threshold 10) and flags relapse risk;</li>
 *   <li>the case manager plans the step-down and discharges a week back (TEDS-D 4, transferred); scheduling ends the
 *       enrollment, medication puts the order on its discharge review, and the day-7 follow-up is due today;</li>
 *   <li>the gateway's patient journey shows every stage.</li>
 * </ol>
 * Every event keyed by the patient is schema-valid, comes from clinic A and carries no direct identifier or free text.
 */
class PatientJourneyE2ETest {

    static final ZoneId CLINIC_ZONE = ZoneId.of("America/New_York");
    static final Duration WAIT = Duration.ofSeconds(30);
    /** clinician.a's subject in the realm file: facilitator of the track's group and author of the note. */
    static final UUID CLINICIAN_A = UUID.fromString("aaaaaaaa-0000-4000-8000-000000000002");
    static final int TEDS_TRANSFERRED = 4;

    static final String INTAKE = "/api/v1/intake";
    static final String SCHEDULING = "/api/v1/scheduling";
    static final String NOTES = "/api/v1/notes";
    static final String MEDICATIONS = "/api/v1/medications";
    static final String AFTERCARE = "/api/v1/aftercare";

    // Unique per run: intake's duplicate detection must see a new person, scheduling a new track code.
    private final String given = "Rowan" + letters(6);
    private final String family = "Journey" + letters(6);
    private final String birthDate = "1986-02-17";
    private final String phone = "+1 555 0142";
    private final String email = given.toLowerCase(Locale.ROOT) + "@example.org";
    private final String emergencyContact = "Sibling " + letters(8);
    private final String trackCode = "E2E-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT);
    private final String requestId = "e2e-journey-" + UUID.randomUUID();
    // Free text written into the record: it must stay in its service and never reach an event.
    private final String livingSituation = "Lives with a roommate near " + letters(8);
    private final String noteText = "Patient spoke about cravings at the weekend " + letters(8);
    private final String dischargeSummary = "Stepped down to the referring partner " + letters(8);
    private final String housing = "Sober living house " + letters(8);

    // The dates of the story, in the clinic's zone: admitted three weeks ago, group sessions in the week two weeks
    // ago, discharged a week ago (so the day-7 follow-up is due today).
    private final LocalDate today = LocalDate.now(CLINIC_ZONE);
    private final LocalDate admissionDate = today.minusDays(21);
    private final LocalDate groupWeek = today.minusDays(14).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    private final LocalDate dischargeDate = today.minusDays(7);

    private EventCapture events;
    private long started;

    private String referralId;
    private String patientId;
    private String trackId;
    private String roomId;
    private String enrollmentId;
    private final List<String> sessions = new ArrayList<>();
    private String attendedSession;
    private String noteId;
    private String orderId;
    private String episodeId;

    @Test
    void a_referred_patient_goes_through_the_whole_program_and_into_aftercare() {
        long t0 = System.nanoTime();
        Platform.stack();
        System.out.printf("[journey] platform ready after %.1f s%n", (System.nanoTime() - t0) / 1e9);
        started = System.nanoTime();
        List<String> topics = new ArrayList<>(Topics.all());
        Topics.all().stream().filter(t -> !t.equals(Topics.AUDIT)).map(Topics::dlq).forEach(topics::add);
        try (EventCapture capture = EventCapture.from(Platform.stack().kafkaBootstrap(), topics)) {
            events = capture;
            step("partner refers the patient", this::partnerRefers);
            step("coordinator screens (PHQ-9), clinician assesses (ASAM 2.1)", this::screenAndAssess);
            step("scheduler sets up the track", this::schedulerCreatesTrack);
            step("coordinator admits to the track", this::coordinatorAdmits);
            step("scheduling enrolls from patient.admitted", this::schedulingEnrolls);
            step("group sessions of a past week book the patient", this::pastGroupSessionsBookThePatient);
            step("attendance: present, then two unexcused absences", this::clinicianRecordsAttendance);
            step("progress note for the attended session, signed", this::clinicianDocumentsTheSession);
            step("buprenorphine / naloxone ordered, doses given", this::prescriberOrdersAndNurseDoses);
            step("drug screen with an unexpected positive, relapse risk flagged", this::drugScreenFlagsRelapseRisk);
            step("case manager plans the discharge and discharges", this::caseManagerDischarges);
            step("the other services react to the discharge", this::servicesReactToTheDischarge);
            step("the day-7 follow-up is due", this::followUpIsDue);
            step("the patient journey through the gateway", this::journeyShowsEveryStage);
            step("the clinic's EHR reads the journey over FHIR", this::ehrReadsTheJourneyOverFhir);
            step("every event of the patient", this::everyEventIsValidAndFreeOfIdentifiers);
        }
    }

    // ------------------------------------------------------------------------------------------------ intake

    private void partnerRefers() {
        Map<String, Object> referral = new HashMap<>();
        referral.put("clinicId", Platform.CLINIC_A.toString());
        referral.put("patient", patientBody());
        referral.put("source", "partner");
        referral.put("urgency", "routine");
        referral.put("reasonCode", "opioid-use-disorder");
        referral.put("requestedTrackCode", trackCode);
        referralId = as("partner.p").header("X-Request-Id", requestId).body(referral).post(INTAKE + "/referrals")
                .then().statusCode(201).header("X-Request-Id", requestId).body("status", equalTo("received"))
                .body("patientId", nullValue()).extract().path("id");
        // The partner sees where its referral stands, nothing about the patient.
        as("partner.p").get(INTAKE + "/referrals/" + referralId).then().statusCode(200)
                .body("status", equalTo("received")).body("patientId", nullValue()).body("reasonCode", nullValue());
        // The clinic sees the whole referral, with the patient intake registered for it.
        patientId = as("coordinator.a").get(INTAKE + "/referrals/" + referralId).then().statusCode(200)
                .body("partnerId", equalTo(Platform.PARTNER.toString())).body("source", equalTo("partner"))
                .body("patientId", notNullValue()).extract().path("patientId");
        as("coordinator.a").get(INTAKE + "/patients/" + patientId).then().statusCode(200)
                .body("legalName.given", equalTo(given)).body("birthDate", equalTo(birthDate));

        CloudEvent received = awaitEvent(EventType.REFERRAL_RECEIVED);
        assertThat(received.data().get("referralId").asText()).isEqualTo(referralId);
        assertThat(received.data().get("source").asText()).isEqualTo("partner");
        assertThat(received.requestid()).as("the gateway passes the caller's X-Request-Id on").isEqualTo(requestId);
    }

    private void screenAndAssess() {
        as("coordinator.a").body(Map.of("status", "screening")).post(INTAKE + "/referrals/" + referralId + "/status")
                .then().statusCode(200).body("status", equalTo("screening"));
        // Moderate depression, no thoughts of self-harm (item 9 is 0).
        String screeningId = as("coordinator.a").body(Map.of("instrument", "PHQ-9",
                        "answers", List.of(2, 2, 1, 1, 1, 1, 1, 1, 0)))
                .post(INTAKE + "/patients/" + patientId + "/screenings").then().statusCode(201)
                .body("total", equalTo(10)).body("band", equalTo("moderate")).body("loinc", equalTo("44261-6"))
                .body("flags", not(hasItem("suicide-risk-follow-up"))).extract().path("id");
        as("coordinator.a").body(Map.of("status", "assessment-scheduled"))
                .post(INTAKE + "/referrals/" + referralId + "/status").then().statusCode(200);

        Map<String, Object> assessment = new HashMap<>();
        assessment.put("referralId", referralId);
        assessment.put("substanceUse", List.of(Map.of("substance", "opioids", "route", "intranasal",
                "frequency", "daily", "ageOfFirstUse", 19, "lastUse", today.minusDays(30).toString())));
        assessment.put("diagnoses", List.of(Map.of("icd10", "F11.20")));
        assessment.put("livingSituation", livingSituation);
        Map<String, Object> dimensions = new LinkedHashMap<>();
        int[] ratings = {1, 0, 2, 1, 2, 1};
        for (int i = 0; i < ratings.length; i++) {
            dimensions.put("d" + (i + 1), Map.of("rating", ratings[i], "rationale", "rated from the interview"));
        }
        assessment.put("dimensions", dimensions);
        assessment.put("finalLevel", "2.1");
        String assessmentId = as("clinician.a").body(assessment).post(INTAKE + "/patients/" + patientId + "/assessments")
                .then().statusCode(201).body("recommendedLevel", equalTo("2.1")).body("finalLevel", equalTo("2.1"))
                .body("referOut", equalTo(false)).extract().path("id");
        as("coordinator.a").get(INTAKE + "/referrals/" + referralId).then().body("status", equalTo("assessed"));

        CloudEvent screened = awaitEvent(EventType.SCREENING_COMPLETED);
        assertThat(screened.data().get("screeningId").asText()).isEqualTo(screeningId);
        assertThat(screened.data().get("total").asInt()).isEqualTo(10);
        assertThat(screened.data().has("answers")).as("answers stay in intake").isFalse();
        CloudEvent assessed = awaitEvent(EventType.ASSESSMENT_COMPLETED);
        assertThat(assessed.data().get("assessmentId").asText()).isEqualTo(assessmentId);
        assertThat(assessed.data().get("finalLevel").asText()).isEqualTo("2.1");
    }

    private void schedulerCreatesTrack() {
        roomId = as("scheduler.a").body(Map.of("name", "Group room " + trackCode, "capacity", 14))
                .post(SCHEDULING + "/rooms").then().statusCode(201).extract().path("id");
        Map<String, Object> track = new HashMap<>();
        track.put("code", trackCode);
        track.put("name", "Adult evening IOP (end-to-end " + trackCode + ")");
        track.put("levelOfCare", "2.1");
        track.put("population", "adult");
        track.put("timeZone", CLINIC_ZONE.getId());
        track.put("days", List.of("monday", "wednesday", "friday"));
        track.put("startTime", "17:45");
        track.put("durationMinutes", 180);
        track.put("roomId", roomId);
        track.put("facilitatorIds", List.of(CLINICIAN_A.toString()));
        trackId = as("scheduler.a").body(track).post(SCHEDULING + "/tracks").then().statusCode(201)
                .body("code", equalTo(trackCode)).extract().path("id");
    }

    private void coordinatorAdmits() {
        String admissionId = as("coordinator.a").body(Map.of("patientId", patientId, "referralId", referralId,
                        "trackCode", trackCode, "levelOfCare", "2.1", "admissionDate", admissionDate.toString(),
                        "primaryCounselorId", CLINICIAN_A.toString()))
                .post(INTAKE + "/admissions").then().statusCode(201).body("trackCode", equalTo(trackCode))
                .body("admissionDate", equalTo(admissionDate.toString())).extract().path("id");
        as("coordinator.a").get(INTAKE + "/referrals/" + referralId).then().body("status", equalTo("admitted"));
        as("coordinator.a").get(INTAKE + "/patients/" + patientId).then().body("status", equalTo("active"));
        as("partner.p").get(INTAKE + "/referrals/" + referralId).then().statusCode(200)
                .body("status", equalTo("admitted")).body("patientId", nullValue());

        CloudEvent admitted = awaitEvent(EventType.PATIENT_ADMITTED);
        assertThat(admitted.data().get("admissionId").asText()).isEqualTo(admissionId);
        assertThat(admitted.data().get("trackCode").asText()).isEqualTo(trackCode);
        assertThat(admitted.data().get("admissionDate").asText()).isEqualTo(admissionDate.toString());
    }

    // ------------------------------------------------------------------------------------------------ scheduling

    private void schedulingEnrolls() {
        Awaitility.await().atMost(WAIT).untilAsserted(() -> as("scheduler.a").queryParam("patientId", patientId)
                .get(SCHEDULING + "/enrollments").then().statusCode(200).body("items", hasSize(1))
                .body("items[0].status", equalTo("active")));
        enrollmentId = as("scheduler.a").queryParam("patientId", patientId).get(SCHEDULING + "/enrollments").then()
                .body("items[0].trackCode", equalTo(trackCode)).body("items[0].trackId", equalTo(trackId))
                .body("items[0].startDate", equalTo(admissionDate.toString())).extract().path("items[0].id");
        CloudEvent started = awaitEvent(EventType.ENROLLMENT_STARTED);
        assertThat(started.data().get("enrollmentId").asText()).isEqualTo(enrollmentId);
        assertThat(started.data().get("trackCode").asText()).isEqualTo(trackCode);
    }

    private void pastGroupSessionsBookThePatient() {
        for (LocalDate day : List.of(groupWeek, groupWeek.plusDays(2), groupWeek.plusDays(4))) {
            Map<String, Object> session = new HashMap<>();
            session.put("kind", "group-therapy");
            session.put("trackId", trackId);
            session.put("date", day.toString());
            session.put("startTime", "17:45");
            session.put("durationMinutes", 180);
            session.put("modality", "in-person");
            session.put("roomId", roomId);
            session.put("facilitatorIds", List.of(CLINICIAN_A.toString()));
            String id = as("scheduler.a").body(session).post(SCHEDULING + "/sessions").then().statusCode(201)
                    .body("timeZone", equalTo(CLINIC_ZONE.getId())).extract().path("id");
            sessions.add(id);
            roster(id).body("participants.find { it.patientId == '" + patientId + "' }.status", equalTo("booked"));
        }
        // The week is over and nothing is attended yet: below the 9-hour target.
        weekOfGroups().body("[0].status", equalTo("non-compliant")).body("[0].scheduledHours", equalTo(9.0f))
                .body("[0].attendedHours", equalTo(0.0f));
        CloudEvent compliance = awaitEvent(EventType.ATTENDANCE_COMPLIANCE_CHANGED);
        assertThat(compliance.data().get("weekStart").asText()).isEqualTo(groupWeek.toString());
        assertThat(compliance.data().get("status").asText()).isEqualTo("non-compliant");
    }

    private void clinicianRecordsAttendance() {
        attendedSession = sessions.get(0);
        String firstBooking = bookingOf(attendedSession);
        String etag = as("scheduler.a").get(SCHEDULING + "/bookings/" + firstBooking).then().statusCode(200)
                .extract().header("ETag");
        as("clinician.a").header("If-Match", etag).body(Map.of("attendance", "present"))
                .put(SCHEDULING + "/bookings/" + firstBooking + "/attendance").then().statusCode(200)
                .body("attendance", equalTo("present")).body("minutesAttended", equalTo(180))
                .body("lateEntry", equalTo(true)).body("status", equalTo("fulfilled"));
        for (String session : sessions.subList(1, 3)) {
            as("clinician.a").body(Map.of("attendance", "absent-unexcused"))
                    .put(SCHEDULING + "/bookings/" + bookingOf(session) + "/attendance").then().statusCode(200)
                    .body("status", equalTo("noshow"));
        }

        CloudEvent attended = awaitEvent(EventType.SESSION_ATTENDED);
        assertThat(attended.data().get("sessionId").asText()).isEqualTo(attendedSession);
        assertThat(attended.data().get("minutesAttended").asInt()).isEqualTo(180);
        assertThat(attended.data().get("facilitatorIds").toString()).contains(CLINICIAN_A.toString());
        List<CloudEvent> missed = awaitEvents(EventType.SESSION_MISSED, 2);
        assertThat(missed).extracting(e -> e.data().get("sessionId").asText()).containsExactly(sessions.get(1),
                sessions.get(2));
        assertThat(missed).extracting(e -> e.data().get("excused").asBoolean()).containsOnly(false);
        assertThat(missed).extracting(e -> e.data().get("consecutiveUnexcused").asInt()).containsExactly(1, 2);

        as("scheduler.a").get(SCHEDULING + "/worklist").then().statusCode(200)
                .body("find { it.patientId == '" + patientId + "' }.reasons", hasItem("consecutive-unexcused-absences"))
                .body("find { it.patientId == '" + patientId + "' }.consecutiveUnexcusedAbsences", equalTo(2));
        weekOfGroups().body("[0].status", equalTo("non-compliant")).body("[0].attendedHours", equalTo(3.0f));
        as("clinician.b").get(SCHEDULING + "/worklist").then().statusCode(200)
                .body("patientId", not(hasItem(patientId)));
    }

    // ------------------------------------------------------------------------------------------------ notes

    private void clinicianDocumentsTheSession() {
        // The notes service knows of the attendance only from session.attended: the note is due, and overdue by now.
        Awaitility.await().atMost(WAIT).untilAsserted(() -> as("clinician.a")
                .queryParam("clinicianId", CLINICIAN_A.toString()).get(NOTES + "/worklist").then().statusCode(200)
                .body("notes.findAll { it.patientId == '" + patientId + "' }.sessionId", equalTo(List.of(attendedSession)))
                .body("notes.find { it.patientId == '" + patientId + "' }.overdue", equalTo(true)));

        Map<String, Object> sections = Map.of("subjective", noteText,
                "objective", "Alert, oriented, engaged in the group.",
                "assessment", "Early recovery; ambivalent about abstinence.",
                "plan", "Continue IOP three evenings a week; discuss MAT with the prescriber.");
        Map<String, Object> note = new HashMap<>();
        note.put("kind", "progress");
        note.put("format", "soap");
        note.put("sessionId", attendedSession);
        note.put("serviceDate", groupWeek.toString());
        note.put("sections", sections);
        note.put("mentalStatus", Map.of("mood", "anxious", "affect", "congruent", "thoughtProcess", "linear"));
        note.put("risk", Map.of("suicidalIdeation", "none", "homicidalIdeation", "none", "selfHarm", false,
                "level", "moderate", "safetyPlanReviewed", true));
        note.put("interventions", List.of("cbt", "motivational-interviewing"));
        ExtractableResponse<Response> draft = as("clinician.a").body(note)
                .post(NOTES + "/patients/" + patientId + "/notes").then().statusCode(201)
                .body("status", equalTo("draft")).body("authorId", equalTo(CLINICIAN_A.toString())).extract();
        noteId = draft.path("id");

        // Signing needs the current version: none is 428, a stale one 412.
        as("clinician.a").post(NOTES + "/notes/" + noteId + "/sign").then().statusCode(428);
        as("clinician.a").header("If-Match", "\"999\"").post(NOTES + "/notes/" + noteId + "/sign").then()
                .statusCode(412);
        as("clinician.a").header("If-Match", draft.header("ETag")).post(NOTES + "/notes/" + noteId + "/sign").then()
                .statusCode(200).body("status", equalTo("signed")).body("late", equalTo(true))
                .body("contentHash", matchesPattern("[0-9a-f]{64}"));

        CloudEvent signed = awaitEvent(EventType.NOTE_SIGNED);
        assertThat(signed.data().get("noteId").asText()).isEqualTo(noteId);
        assertThat(signed.data().get("authorId").asText()).isEqualTo(CLINICIAN_A.toString());
        as("clinician.a").get(NOTES + "/worklist").then().statusCode(200)
                .body("notes.findAll { it.patientId == '" + patientId + "' }", empty());
    }

    // ------------------------------------------------------------------------------------------------ medication

    private void prescriberOrdersAndNurseDoses() {
        // Medication learns of the patient from patient.admitted.
        Awaitility.await().atMost(WAIT).untilAsserted(() -> as("prescriber.a")
                .get(MEDICATIONS + "/patients/" + patientId + "/orders").then().statusCode(200));
        Map<String, Object> order = new HashMap<>();
        order.put("medicationId", "buprenorphine-naloxone");
        order.put("dose", 8);
        order.put("doseUnit", "mg");
        order.put("route", "sublingual");
        order.put("frequency", "daily");
        order.put("startDate", today.minusDays(1).toString());
        order.put("indication", "F11.20");
        order.put("matProgram", true);
        // Schedule III: without a recent PDMP check the order is refused.
        as("prescriber.a").body(order).post(MEDICATIONS + "/patients/" + patientId + "/orders").then()
                .statusCode(422);
        order.put("pdmpCheckedOn", today.toString());
        as("nurse.a").body(order).post(MEDICATIONS + "/patients/" + patientId + "/orders").then().statusCode(403);
        orderId = as("prescriber.a").body(order).post(MEDICATIONS + "/patients/" + patientId + "/orders").then()
                .statusCode(201).body("status", equalTo("active")).body("deaSchedule", equalTo("III"))
                .body("mat", equalTo(true)).body("matProgram", equalTo(true)).body("safetyFindings", empty())
                .extract().path("id");

        // Yesterday's observed dose (entered now) and today's, with two take-home doses.
        as("nurse.a").body(Map.of("outcome", "administered",
                        "administeredAt", Instant.now().minus(Duration.ofHours(24)).toString()))
                .post(MEDICATIONS + "/orders/" + orderId + "/administrations").then().statusCode(201);
        as("nurse.a").body(Map.of("outcome", "administered", "takeHomeDoses", 2))
                .post(MEDICATIONS + "/orders/" + orderId + "/administrations").then().statusCode(201)
                .body("takeHomeDoses", equalTo(2));
        as("nurse.a").body(Map.of("outcome", "administered"))
                .post(MEDICATIONS + "/orders/" + orderId + "/administrations").then().statusCode(409);

        CloudEvent prescribed = awaitEvent(EventType.MEDICATION_PRESCRIBED);
        assertThat(prescribed.data().get("orderId").asText()).isEqualTo(orderId);
        assertThat(prescribed.data().get("medicationCode").asText()).isEqualTo("352364");
        assertThat(prescribed.data().get("mat").asBoolean()).isTrue();
        assertThat(prescribed.data().get("deaSchedule").asText()).isEqualTo("III");
        List<CloudEvent> doses = awaitEvents(EventType.DOSE_ADMINISTERED, 2);
        assertThat(doses).extracting(e -> e.data().get("orderId").asText()).containsOnly(orderId);
        assertThat(doses.get(1).data().get("takeHomeDoses").asInt()).isEqualTo(2);
    }

    private void drugScreenFlagsRelapseRisk() {
        // What aftercare has heard so far: two unexcused absences (2 + 2) and a non-compliant week (3).
        awaitRisk("7");
        as("casemanager.a").get(AFTERCARE + "/patients/" + patientId + "/relapse-risk").then()
                .body("openFlag", nullValue());

        String screenId = as("prescriber.a").body(Map.of("specimen", "urine", "panel", List.of("BUP", "FEN", "THC")))
                .post(MEDICATIONS + "/patients/" + patientId + "/drug-screens").then().statusCode(201)
                .body("status", equalTo("ordered")).extract().path("id");
        as("nurse.a").body(Map.of()).post(MEDICATIONS + "/drug-screens/" + screenId + "/collection").then()
                .statusCode(200).body("status", equalTo("collected"));
        as("nurse.a").body(Map.of("results", List.of(Map.of("substanceCode", "BUP", "result", "positive"),
                        Map.of("substanceCode", "FEN", "result", "positive"),
                        Map.of("substanceCode", "THC", "result", "negative"))))
                .post(MEDICATIONS + "/drug-screens/" + screenId + "/results").then().statusCode(200)
                .body("unexpectedPositive", equalTo(true))
                .body("results.find { it.substanceCode == 'BUP' }.expected", equalTo(true))
                .body("results.find { it.substanceCode == 'FEN' }.expected", equalTo(false));
        CloudEvent resulted = awaitEvent(EventType.DRUG_SCREEN_RESULTED);
        assertThat(resulted.data().get("screenId").asText()).isEqualTo(screenId);
        assertThat(resulted.data().get("unexpectedPositive").asBoolean()).isTrue();

        // 7 + 5 for the unexpected positive = 12, over the threshold of 10: flagged once, with its reasons.
        CloudEvent flagged = awaitEvent(EventType.RELAPSE_RISK_FLAGGED);
        assertThat(flagged.data().get("score").decimalValue()).isEqualByComparingTo("12");
        assertThat(flagged.data().get("threshold").decimalValue()).isEqualByComparingTo("10");
        Map<String, Integer> factors = new LinkedHashMap<>();
        flagged.data().get("factors").forEach(f -> factors.put(f.get("code").asText(), f.get("occurrences").asInt()));
        assertThat(factors).containsExactlyInAnyOrderEntriesOf(Map.of("session-missed-unexcused", 2,
                "attendance-non-compliant", 1, "unexpected-positive-screen", 1));
        String flagId = flagged.data().get("flagId").asText();
        as("casemanager.a").get(AFTERCARE + "/patients/" + patientId + "/relapse-risk").then().statusCode(200)
                .body("openFlag.id", equalTo(flagId)).body("openFlag.status", equalTo("open"));
        as("casemanager.a").get(AFTERCARE + "/worklist").then().statusCode(200)
                .body("riskFlags.findAll { it.patientId == '" + patientId + "' }.flagId", equalTo(List.of(flagId)));
    }

    // ------------------------------------------------------------------------------------------------ aftercare

    private void caseManagerDischarges() {
        episodeId = as("casemanager.a").get(AFTERCARE + "/patients/" + patientId + "/episodes").then()
                .statusCode(200).body("$", hasSize(1)).body("[0].status", equalTo("open"))
                .body("[0].openedOn", equalTo(admissionDate.toString())).body("[0].currentLevel", equalTo("2.1"))
                .extract().path("[0].id");

        Map<String, Object> plan = new HashMap<>();
        plan.put("targetDate", dischargeDate.toString());
        plan.put("stepDownLevel", "1");
        plan.put("receivingPartnerId", Platform.PARTNER.toString());
        plan.put("firstAppointmentAt", dischargeDate.plusDays(3).atTime(15, 0).atZone(CLINIC_ZONE).toInstant().toString());
        plan.put("matContinuity", "receiving-provider");
        plan.put("housing", housing);
        plan.put("supportGroups", List.of("SMART Recovery"));
        plan.put("alumniGroup", true);
        as("clinician.a").body(plan).put(AFTERCARE + "/episodes/" + episodeId + "/discharge-plan").then()
                .statusCode(403);
        String planId = as("casemanager.a").body(plan).put(AFTERCARE + "/episodes/" + episodeId + "/discharge-plan")
                .then().statusCode(201).body("receivingPartnerId", equalTo(Platform.PARTNER.toString()))
                .extract().path("id");
        CloudEvent planned = awaitEvent(EventType.DISCHARGE_PLANNED);
        assertThat(planned.data().get("planId").asText()).isEqualTo(planId);
        assertThat(planned.data().get("episodeId").asText()).isEqualTo(episodeId);
        assertThat(planned.data().get("stepDownLevel").asText()).isEqualTo("1");
        assertThat(planned.data().get("matContinuityBy").asText()).isEqualTo("receiving-provider");

        Map<String, Object> discharge = new HashMap<>();
        discharge.put("reasonCode", TEDS_TRANSFERRED);
        discharge.put("dischargeDate", dischargeDate.toString());
        discharge.put("summary", dischargeSummary);
        discharge.put("stepDownLevel", "1");
        discharge.put("timeZone", CLINIC_ZONE.getId());
        String etag = as("casemanager.a").get(AFTERCARE + "/episodes/" + episodeId).then().statusCode(200).extract()
                .header("ETag");
        as("casemanager.a").header("If-Match", "\"999\"").body(discharge)
                .post(AFTERCARE + "/episodes/" + episodeId + "/discharge").then().statusCode(412);
        as("casemanager.a").header("If-Match", etag).body(discharge)
                .post(AFTERCARE + "/episodes/" + episodeId + "/discharge").then().statusCode(201)
                .body("status", equalTo("closed")).body("closedOn", equalTo(dischargeDate.toString()))
                .body("discharge.reasonCode", equalTo(TEDS_TRANSFERRED)).body("discharge.lengthOfStayDays", equalTo(14))
                .body("currentLevel", equalTo("1"));

        CloudEvent discharged = awaitEvent(EventType.PATIENT_DISCHARGED);
        assertThat(discharged.data().get("episodeId").asText()).isEqualTo(episodeId);
        assertThat(discharged.data().get("reasonCode").asInt()).isEqualTo(TEDS_TRANSFERRED);
        assertThat(discharged.data().get("dischargeDate").asText()).isEqualTo(dischargeDate.toString());
        assertThat(discharged.data().get("lengthOfStayDays").asInt()).isEqualTo(14);
    }

    private void servicesReactToTheDischarge() {
        // Scheduling ends the enrollment on the discharge date (nothing after it was booked).
        Awaitility.await().atMost(WAIT).untilAsserted(() -> as("scheduler.a").queryParam("patientId", patientId)
                .get(SCHEDULING + "/enrollments").then().statusCode(200).body("items[0].status", equalTo("ended"))
                .body("items[0].endDate", equalTo(dischargeDate.toString()))
                .body("items[0].endReason", equalTo("discharged")));
        CloudEvent ended = awaitEvent(EventType.ENROLLMENT_ENDED);
        assertThat(ended.data().get("enrollmentId").asText()).isEqualTo(enrollmentId);
        assertThat(ended.data().get("reason").asText()).isEqualTo("discharged");
        assertThat(ended.data().get("releasedBookings").asInt()).isZero();
        // Medication does not stop the buprenorphine silently: a prescriber decides.
        Awaitility.await().atMost(WAIT).untilAsserted(() -> as("prescriber.a").get(MEDICATIONS + "/discharge-review")
                .then().statusCode(200).body("findAll { it.patientId == '" + patientId + "' }.id",
                        equalTo(List.of(orderId))));
        as("prescriber.a").get(MEDICATIONS + "/orders/" + orderId).then().body("status", equalTo("active"))
                .body("dischargeReview", equalTo("pending"));
    }

    private void followUpIsDue() {
        as("casemanager.a").get(AFTERCARE + "/patients/" + patientId + "/follow-ups").then().statusCode(200)
                .body("kind", hasItems("day-7", "iet-initiation-14", "day-30", "iet-engagement-34", "day-60", "day-90"))
                .body("find { it.kind == 'day-7' }.dueDate", equalTo(today.toString()))
                .body("timeZone", everyItem(equalTo(CLINIC_ZONE.getId())));
        // The due-check timer (every 2 s here) announces it once its day has begun in the clinic's zone.
        CloudEvent due = awaitEvent(EventType.FOLLOW_UP_DUE);
        assertThat(due.data().get("kind").asText()).isEqualTo("day-7");
        assertThat(due.data().get("dueDate").asText()).isEqualTo(today.toString());
        Awaitility.await().atMost(WAIT).untilAsserted(() -> as("casemanager.a")
                .get(AFTERCARE + "/patients/" + patientId + "/follow-ups").then()
                .body("find { it.kind == 'day-7' }.status", equalTo("due"))
                .body("findAll { it.status == 'due' }.kind", equalTo(List.of("day-7"))));
        as("casemanager.a").get(AFTERCARE + "/worklist").then().statusCode(200)
                .body("followUps.findAll { it.patientId == '" + patientId + "' }.kind", equalTo(List.of("day-7")));
    }

    // ------------------------------------------------------------------------------------------------ gateway

    private void journeyShowsEveryStage() {
        ExtractableResponse<Response> journey = as("admin.a").get("/api/v1/patients/" + patientId + "/journey").then()
                .statusCode(200).body("patientId", equalTo(patientId))
                .body("parts.intake", equalTo("ok")).body("parts.scheduling", equalTo("ok"))
                .body("parts.notes", equalTo("ok")).body("parts.medications", equalTo("ok"))
                .body("parts.aftercare", equalTo("ok")).extract();
        List<String> types = journey.jsonPath().getList("events.type", String.class);
        assertThat(types).contains("referral", "screening", "assessment", "enrollment", "attendance-week",
                "attendance", "note-signed", "medication-order", "dose-administration", "drug-screen", "admission",
                "discharge", "relapse-risk-flag");
        assertThat(journey.jsonPath().getString("events.find { it.type == 'note-signed' }.id")).isEqualTo(noteId);
        assertThat(journey.jsonPath().getString("events.find { it.type == 'medication-order' }.id")).isEqualTo(orderId);
        assertThat(journey.jsonPath().getBoolean("events.find { it.type == 'drug-screen' }.unexpectedPositive")).isTrue();
        assertThat(journey.jsonPath().getInt("events.find { it.type == 'discharge' }.reasonCode"))
                .isEqualTo(TEDS_TRANSFERRED);
        assertThat(journey.jsonPath().getString("events.find { it.type == 'enrollment' }.status")).isEqualTo("ended");
        // Issue #19: the referral, the assessment, attendance per session and the doses given are on the timeline.
        assertThat(journey.jsonPath().getString("events.find { it.type == 'referral' && it.id == '" + referralId
                + "' }.referralSource")).isEqualTo("partner");
        assertThat(journey.jsonPath().getString("events.find { it.type == 'assessment' }.recommendedLevel"))
                .isEqualTo("2.1");
        assertThat(journey.jsonPath().getString("events.find { it.type == 'attendance' && it.sessionId == '"
                + attendedSession + "' }.attendance")).isEqualTo("present");
        assertThat(journey.jsonPath().getList("events.findAll { it.type == 'dose-administration' && it.orderId == '"
                + orderId + "' }.outcome", String.class)).filteredOn("administered"::equals).hasSize(2);
        assertThat(journey.jsonPath().getMap("sections")).doesNotContainValue("unavailable")
                .doesNotContainValue("forbidden");
        assertThat(journey.asString()).doesNotContain(given, family, birthDate, noteText, dischargeSummary, housing,
                livingSituation);
        // Another clinic's admin does not learn that the patient exists.
        as("admin.b").get("/api/v1/patients/" + patientId + "/journey").then().statusCode(404);
    }

    // ------------------------------------------------------------------------------------------------ FHIR

    static final String EHR_READ_SCOPES = "system/Patient.rs system/Encounter.rs system/MedicationRequest.rs "
            + "system/EpisodeOfCare.rs system/DocumentReference.rs system/Observation.rs";

    /**
     * What the journey left, as the clinic's EHR reads it over FHIR through the gateway (SMART client credentials with
     * system scopes): the patient, the attended and missed sessions as Encounters, the buprenorphine order as an RxNorm
     * MedicationRequest, the enrollment and the finished treatment episode as EpisodeOfCare, the signed note. Every
     * resource is valid against its US Core profile and carries the Part 2 labels. Another clinic's EHR learns nothing.
     */
    private void ehrReadsTheJourneyOverFhir() {
        String northside = Platform.clientBearer("ehr-northside", EHR_READ_SCOPES);
        String patient = "Patient/" + patientId;
        List<String> resources = new ArrayList<>();
        resources.add(Platform.fhir(northside).get("/fhir/r4/" + patient).then().statusCode(200)
                .body("id", equalTo(patientId)).extract().asString());
        ExtractableResponse<Response> encounters = Platform.fhir(northside).queryParam("patient", patient)
                .get("/fhir/r4/Encounter").then().statusCode(200).body("resourceType", equalTo("Bundle")).extract();
        assertThat(encounters.jsonPath().getList("entry.resource.status", String.class))
                .as("one attended, two missed sessions").hasSize(3).contains("finished");
        ExtractableResponse<Response> orders = Platform.fhir(northside).queryParam("patient", patient)
                .get("/fhir/r4/MedicationRequest").then().statusCode(200).extract();
        assertThat(orders.jsonPath().getList("entry.resource.id", String.class)).containsExactly(orderId);
        assertThat(orders.jsonPath().getList("entry[0].resource.medicationCodeableConcept.coding.code", String.class))
                .contains("352364");
        ExtractableResponse<Response> episodes = Platform.fhir(northside).queryParam("patient", patient)
                .get("/fhir/r4/EpisodeOfCare").then().statusCode(200).extract();
        List<String> episodeIds = episodes.jsonPath().getList("entry.resource.id", String.class);
        assertThat(episodeIds).anyMatch(id -> id.startsWith("enrollment-")).anyMatch(id -> id.startsWith("episode-"));
        assertThat(episodes.jsonPath().getString("entry.find { it.resource.id.startsWith('episode-') }.resource.status"))
                .isEqualTo("finished");
        ExtractableResponse<Response> notes = Platform.fhir(northside).queryParam("patient", patient)
                .get("/fhir/r4/DocumentReference").then().statusCode(200).extract();
        assertThat(notes.jsonPath().getList("entry.resource.id", String.class)).containsExactly(noteId);
        for (ExtractableResponse<Response> bundle : List.of(encounters, orders, episodes, notes)) {
            int n = bundle.jsonPath().getList("entry").size();
            for (int i = 0; i < n; i++) {
                resources.add(new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(
                        bundle.jsonPath().getMap("entry[" + i + "].resource")).toString());
            }
        }
        var validator = care.iop.testkit.fhir.UsCoreValidator.get();
        for (String resource : resources) {
            assertThat(validator.errors(resource)).as(resource).isEmpty();
            assertThat(resource).contains("42CFRPart2");
        }

        // Another clinic's EHR, with the same scopes: the patient does not exist for it.
        String riverside = Platform.clientBearer("ehr-riverside", EHR_READ_SCOPES);
        Platform.fhir(riverside).get("/fhir/r4/" + patient).then().statusCode(404)
                .body("resourceType", equalTo("OperationOutcome"));
        for (String type : List.of("Encounter", "MedicationRequest", "EpisodeOfCare", "DocumentReference")) {
            Platform.fhir(riverside).queryParam("patient", patient).get("/fhir/r4/" + type).then().statusCode(200)
                    .body("total", equalTo(0));
        }
        // Northside's token without the MedicationRequest scope is refused.
        Platform.fhir(Platform.clientBearer("ehr-northside", "system/Patient.rs")).queryParam("patient", patient)
                .get("/fhir/r4/MedicationRequest").then().statusCode(403)
                .body("resourceType", equalTo("OperationOutcome"));
    }

    // ------------------------------------------------------------------------------------------------ events

    private void everyEventIsValidAndFreeOfIdentifiers() {
        List<EventCapture.Captured> ours = events.records().stream().filter(r -> patientId.equals(r.key())).toList();
        assertThat(ours).allSatisfy(r -> {
            assertThat(r.event()).as("a CloudEvent on %s", r.topic()).isNotNull();
            EventSchemas.assertValid(r.value());
            assertThat(r.event().subject()).isEqualTo(patientId);
            assertThat(r.event().clinicid()).isEqualTo(Platform.CLINIC_A.toString());
        });
        assertThat(ours).as("nothing of this patient was dead-lettered")
                .noneMatch(r -> r.topic().endsWith(".dlq"));
        // Direct identifiers and free text never reach the broker, in any record of any topic.
        List<String> secrets = List.of(given, family, birthDate, phone, "555 0142", email, emergencyContact,
                livingSituation, noteText, dischargeSummary, housing);
        assertThat(events.records()).allSatisfy(r -> assertThat(r.value()).doesNotContain(secrets.toArray(String[]::new)));

        Map<String, List<String>> byTopic = ours.stream().collect(Collectors.groupingBy(EventCapture.Captured::topic,
                Collectors.mapping(r -> r.event().type(), Collectors.toList())));
        assertThat(byTopic.get(Topics.INTAKE)).containsSubsequence(type(EventType.REFERRAL_RECEIVED),
                type(EventType.SCREENING_COMPLETED), type(EventType.ASSESSMENT_COMPLETED),
                type(EventType.PATIENT_ADMITTED));
        assertThat(byTopic.get(Topics.SCHEDULING)).containsSubsequence(type(EventType.ENROLLMENT_STARTED),
                type(EventType.ATTENDANCE_COMPLIANCE_CHANGED), type(EventType.SESSION_ATTENDED),
                type(EventType.SESSION_MISSED), type(EventType.SESSION_MISSED), type(EventType.ENROLLMENT_ENDED));
        assertThat(byTopic.get(Topics.CLINICAL_NOTES)).contains(type(EventType.NOTE_SIGNED));
        assertThat(byTopic.get(Topics.MEDICATION)).containsSubsequence(type(EventType.MEDICATION_PRESCRIBED),
                type(EventType.DOSE_ADMINISTERED), type(EventType.DOSE_ADMINISTERED),
                type(EventType.DRUG_SCREEN_RESULTED));
        assertThat(byTopic.get(Topics.AFTERCARE)).containsSubsequence(type(EventType.RELAPSE_RISK_FLAGGED),
                type(EventType.DISCHARGE_PLANNED), type(EventType.PATIENT_DISCHARGED), type(EventType.FOLLOW_UP_DUE));
        assertThat(Stream.of(EventType.RELAPSE_RISK_FLAGGED, EventType.FOLLOW_UP_DUE, EventType.ENROLLMENT_STARTED,
                EventType.PATIENT_DISCHARGED).map(t -> ours.stream().filter(r -> r.event().type().equals(type(t))).count()))
                .as("announced once each").containsOnly(1L);
        assertThat(byTopic.get(Topics.AUDIT)).as("reads and writes of the patient are audited").isNotEmpty();
        System.out.printf("[journey] %d events of the patient (%d audit records): %s%n", ours.size(),
                byTopic.get(Topics.AUDIT).size(), byTopic.entrySet().stream().filter(e -> !e.getKey().equals(Topics.AUDIT))
                        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; ")));
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static RequestSpecification as(String username) {
        return Platform.as(username);
    }

    private Map<String, Object> patientBody() {
        Map<String, Object> body = new HashMap<>();
        body.put("legalName", Map.of("given", given, "family", family));
        body.put("birthDate", birthDate);
        body.put("pronouns", "they/them");
        body.put("preferredLanguage", "en");
        body.put("contact", Map.of("phone", phone, "email", email));
        body.put("emergencyContact", Map.of("name", emergencyContact, "phone", "+1 555 0199",
                "relationship", "sibling"));
        body.put("identifiers", List.of());
        return body;
    }

    private ValidatableResponse roster(String session) {
        return as("scheduler.a").get(SCHEDULING + "/sessions/" + session + "/roster").then().statusCode(200);
    }

    private String bookingOf(String session) {
        return roster(session).extract().path("participants.find { it.patientId == '" + patientId + "' }.id");
    }

    private ValidatableResponse weekOfGroups() {
        return as("scheduler.a").queryParam("from", groupWeek.toString()).queryParam("to", groupWeek.toString())
                .get(SCHEDULING + "/patients/" + patientId + "/compliance").then().statusCode(200);
    }

    private void awaitRisk(String score) {
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(new BigDecimal(as("casemanager.a")
                .get(AFTERCARE + "/patients/" + patientId + "/relapse-risk").then().statusCode(200).extract()
                .path("score").toString())).isEqualByComparingTo(score));
    }

    private CloudEvent awaitEvent(EventType type) {
        return awaitEvents(type, 1).get(0);
    }

    /** Waits for {@code count} events of a type keyed by the patient, in the order the broker delivered them. */
    private List<CloudEvent> awaitEvents(EventType type, int count) {
        return events.awaitCount(r -> patientId.equals(r.key()) && r.event() != null
                        && type.type().equals(r.event().type()), count, WAIT).stream()
                .map(EventCapture.Captured::event).filter(Objects::nonNull).toList();
    }

    private static String type(EventType t) {
        return t.type();
    }

    private void step(String name, Runnable step) {
        long t0 = System.nanoTime();
        step.run();
        System.out.printf("[journey] %-62s %6.1f s (at %6.1f s)%n", name, (System.nanoTime() - t0) / 1e9,
                (System.nanoTime() - started) / 1e9);
    }

    private static String letters(int n) {
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s.append((char) ('a' + ThreadLocalRandom.current().nextInt(26)));
        }
        return s.toString();
    }
}
