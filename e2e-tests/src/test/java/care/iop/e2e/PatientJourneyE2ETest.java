package care.iop.e2e;

import care.iop.client.ApiClient;
import care.iop.client.ApiException;
import care.iop.client.ApiResponse;
import care.iop.client.api.AftercareEpisodesAndDischargeApi;
import care.iop.client.api.AftercareFollowUpsApi;
import care.iop.client.api.AftercareRelapseRiskApi;
import care.iop.client.api.GatewayPatientJourneyApi;
import care.iop.client.api.IntakeAdmissionsAndWaitlistApi;
import care.iop.client.api.IntakeAssessmentsApi;
import care.iop.client.api.IntakePatientsApi;
import care.iop.client.api.IntakeReferralsApi;
import care.iop.client.api.IntakeScreeningsApi;
import care.iop.client.api.MedicationsDoseAdministrationApi;
import care.iop.client.api.MedicationsDrugScreensApi;
import care.iop.client.api.MedicationsMedicationOrdersApi;
import care.iop.client.api.NotesClinicalNotesApi;
import care.iop.client.api.NotesDocumentationWorklistApi;
import care.iop.client.api.SchedulingAttendanceComplianceApi;
import care.iop.client.api.SchedulingBookingsAndAttendanceApi;
import care.iop.client.api.SchedulingEnrollmentsApi;
import care.iop.client.api.SchedulingProgramTracksApi;
import care.iop.client.api.SchedulingRoomsApi;
import care.iop.client.api.SchedulingSessionsApi;
import care.iop.client.model.AftercareDischargeRequest;
import care.iop.client.model.AftercareEpisodeStatus;
import care.iop.client.model.AftercareEpisodeView;
import care.iop.client.model.AftercareFlagItem;
import care.iop.client.model.AftercareFollowUpStatus;
import care.iop.client.model.AftercareFollowUpView;
import care.iop.client.model.AftercareLevelOfCare;
import care.iop.client.model.AftercareMatContinuity;
import care.iop.client.model.AftercarePlanRequest;
import care.iop.client.model.AftercarePlanView;
import care.iop.client.model.AftercareRiskFlagStatus;
import care.iop.client.model.AftercareRiskView;
import care.iop.client.model.GatewayJourneyEvent;
import care.iop.client.model.GatewayPartState;
import care.iop.client.model.GatewayPatientJourney;
import care.iop.client.model.IntakeAdmissionRequest;
import care.iop.client.model.IntakeAdmissionView;
import care.iop.client.model.IntakeAssessmentRequest;
import care.iop.client.model.IntakeAssessmentView;
import care.iop.client.model.IntakeContact;
import care.iop.client.model.IntakeDiagnosis;
import care.iop.client.model.IntakeDimensionRating;
import care.iop.client.model.IntakeDimensions;
import care.iop.client.model.IntakeEmergencyContact;
import care.iop.client.model.IntakeLevelOfCare;
import care.iop.client.model.IntakeName;
import care.iop.client.model.IntakePartnerReferralView;
import care.iop.client.model.IntakeReferralAnswer;
import care.iop.client.model.IntakePatientRequest;
import care.iop.client.model.IntakePatientStatus;
import care.iop.client.model.IntakePatientView;
import care.iop.client.model.IntakeReferralRequest;
import care.iop.client.model.IntakeReferralSource;
import care.iop.client.model.IntakeReferralStatus;
import care.iop.client.model.IntakeReferralView;
import care.iop.client.model.IntakeScreeningInstrument;
import care.iop.client.model.IntakeScreeningRequest;
import care.iop.client.model.IntakeScreeningView;
import care.iop.client.model.IntakeStatusChange;
import care.iop.client.model.IntakeSubstanceRoute;
import care.iop.client.model.IntakeSubstanceUse;
import care.iop.client.model.IntakeUrgency;
import care.iop.client.model.MedicationsAdministrationOutcome;
import care.iop.client.model.MedicationsAdministrationRequest;
import care.iop.client.model.MedicationsAdministrationView;
import care.iop.client.model.MedicationsCollection;
import care.iop.client.model.MedicationsDeaSchedule;
import care.iop.client.model.MedicationsDischargeReview;
import care.iop.client.model.MedicationsDrugScreenStatus;
import care.iop.client.model.MedicationsFrequency;
import care.iop.client.model.MedicationsMedicationOrderStatus;
import care.iop.client.model.MedicationsOrderRequest;
import care.iop.client.model.MedicationsOrderView;
import care.iop.client.model.MedicationsResultEntry;
import care.iop.client.model.MedicationsResults;
import care.iop.client.model.MedicationsScreenOrder;
import care.iop.client.model.MedicationsScreenResult;
import care.iop.client.model.MedicationsScreenView;
import care.iop.client.model.NotesIdeation;
import care.iop.client.model.NotesIntervention;
import care.iop.client.model.NotesLevel;
import care.iop.client.model.NotesMentalStatus;
import care.iop.client.model.NotesNoteDue;
import care.iop.client.model.NotesNoteFormat;
import care.iop.client.model.NotesNoteKind;
import care.iop.client.model.NotesNoteRequest;
import care.iop.client.model.NotesNoteStatus;
import care.iop.client.model.NotesNoteView;
import care.iop.client.model.NotesRisk;
import care.iop.client.model.SchedulingAttendance;
import care.iop.client.model.SchedulingAttendanceRequest;
import care.iop.client.model.SchedulingBookingStatus;
import care.iop.client.model.SchedulingBookingView;
import care.iop.client.model.SchedulingComplianceStatus;
import care.iop.client.model.SchedulingEnrollmentEndReason;
import care.iop.client.model.SchedulingEnrollmentStatus;
import care.iop.client.model.SchedulingEnrollmentView;
import care.iop.client.model.SchedulingLevelOfCare;
import care.iop.client.model.SchedulingModality;
import care.iop.client.model.SchedulingPopulation;
import care.iop.client.model.SchedulingRoomRequest;
import care.iop.client.model.SchedulingSessionKind;
import care.iop.client.model.SchedulingSessionRequest;
import care.iop.client.model.SchedulingSessionView;
import care.iop.client.model.SchedulingTrackRequest;
import care.iop.client.model.SchedulingTrackView;
import care.iop.client.model.SchedulingWeekView;
import care.iop.client.model.SchedulingWeekday;
import care.iop.client.model.SchedulingWorklistItem;
import care.iop.events.CloudEvent;
import care.iop.events.EventSchemas;
import care.iop.events.EventType;
import care.iop.events.Topics;
import care.iop.testkit.EventCapture;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
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
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.hamcrest.Matchers.equalTo;

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
 *
 * <p>The REST API is called through the Java client generated from the platform's API document (api-client,
 * {@code care.iop.client}), with typed requests and answers read strictly (a property the document does not name fails
 * the call), so the walk also checks that the document says what the services do. Raw HTTP remains where the test
 * means raw HTTP (a sign without If-Match, which the client cannot send) and for FHIR.
 */
class PatientJourneyE2ETest {

    static final ZoneId CLINIC_ZONE = ZoneId.of("America/New_York");
    static final Duration WAIT = Duration.ofSeconds(30);
    static final Duration POLL = Duration.ofMillis(100);
    static final String AWAITING_EVENT = "urn:iop:problem:awaiting-event";
    /** clinician.a's subject in the realm file: facilitator of the track's group and author of the note. */
    static final UUID CLINICIAN_A = UUID.fromString("aaaaaaaa-0000-4000-8000-000000000002");
    static final int TEDS_TRANSFERRED = 4;

    static final String INTAKE = "/api/v1/intake";
    static final String NOTES = "/api/v1/notes";

    /** The client's own reading of JSON (java.time, wire values), strict as {@link Platform#api} reads answers. */
    static final ObjectMapper JSON = ApiClient.createDefaultObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

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

    private final Map<String, ApiClient> clients = new HashMap<>();
    private EventCapture events;
    private long started;

    private UUID referralId;
    private UUID patientId;
    private UUID trackId;
    private UUID roomId;
    private UUID enrollmentId;
    private final List<UUID> sessions = new ArrayList<>();
    private UUID attendedSession;
    private UUID noteId;
    private UUID orderId;
    private UUID episodeId;

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

    private void partnerRefers() throws Exception {
        IntakeReferralRequest referral = new IntakeReferralRequest().clinicId(Platform.CLINIC_A).patient(patientBody())
                .source(IntakeReferralSource.PARTNER).urgency(IntakeUrgency.ROUTINE).reasonCode("opioid-use-disorder")
                .requestedTrackCode(trackCode);
        // The partner's answer is the partner view (discriminator "view"), read strictly: a property the partner view
        // does not have, such as the patient's id, fails the call.
        IntakeReferralsApi partnerReferrals = new IntakeReferralsApi(api("partner.p"));
        ApiResponse<IntakeReferralAnswer> sent = partnerReferrals.apiV1IntakeReferralsPostWithHttpInfo(referral,
                UUID.randomUUID().toString(), Map.of("X-Request-Id", requestId));
        assertThat(sent.getStatusCode()).isEqualTo(201);
        assertThat(sent.getHeaders().get("x-request-id")).containsExactly(requestId);
        assertThat(sent.getHeaders().get("location")).singleElement().asString().contains("/api/v1/intake/referrals/");
        IntakePartnerReferralView answer = partnerView(sent.getData());
        assertThat(answer.getStatus()).isEqualTo(IntakeReferralStatus.RECEIVED);
        referralId = answer.getId();
        // The partner sees where its referral stands, nothing about the patient.
        assertThat(partnerView(partnerReferrals.apiV1IntakeReferralsIdGet(referralId)).getStatus())
                .isEqualTo(IntakeReferralStatus.RECEIVED);
        // The clinic sees the whole referral, with the patient intake registered for it.
        IntakeReferralView seen = referral("coordinator.a");
        assertThat(seen.getPartnerId()).isEqualTo(Platform.PARTNER);
        assertThat(seen.getSource()).isEqualTo(IntakeReferralSource.PARTNER);
        assertThat(seen.getPatientId()).isNotNull();
        patientId = seen.getPatientId();
        IntakePatientView patient = new IntakePatientsApi(api("coordinator.a")).apiV1IntakePatientsIdGet(patientId);
        assertThat(patient.getLegalName().getGiven()).isEqualTo(given);
        assertThat(patient.getBirthDate()).isEqualTo(LocalDate.parse(birthDate));

        CloudEvent received = awaitEvent(EventType.REFERRAL_RECEIVED);
        assertThat(received.data().get("referralId").asText()).isEqualTo(referralId.toString());
        assertThat(received.data().get("source").asText()).isEqualTo("partner");
        assertThat(received.requestid()).as("the gateway passes the caller's X-Request-Id on").isEqualTo(requestId);
    }

    private void screenAndAssess() throws Exception {
        IntakeReferralsApi referrals = new IntakeReferralsApi(api("coordinator.a"));
        IntakeReferralView screening = ok(() -> referrals.apiV1IntakeReferralsIdStatusPostWithHttpInfo(referralId,
                new IntakeStatusChange().status(IntakeReferralStatus.SCREENING), null));
        assertThat(screening.getStatus()).isEqualTo(IntakeReferralStatus.SCREENING);
        // Moderate depression, no thoughts of self-harm (item 9 is 0).
        IntakeScreeningView screened = created(() -> new IntakeScreeningsApi(api("coordinator.a"))
                .apiV1IntakePatientsPatientIdScreeningsPostWithHttpInfo(patientId, new IntakeScreeningRequest()
                        .instrument(IntakeScreeningInstrument.PHQ_9).answers(List.of(2, 2, 1, 1, 1, 1, 1, 1, 0)),
                        null));
        assertThat(screened.getTotal()).isEqualTo(10);
        assertThat(screened.getBand()).isEqualTo("moderate");
        assertThat(screened.getLoinc()).isEqualTo("44261-6");
        assertThat(Objects.requireNonNullElse(screened.getFlags(), List.<String>of()))
                .doesNotContain("suicide-risk-follow-up");
        UUID screeningId = screened.getId();
        ok(() -> referrals.apiV1IntakeReferralsIdStatusPostWithHttpInfo(referralId,
                new IntakeStatusChange().status(IntakeReferralStatus.ASSESSMENT_SCHEDULED), null));

        int[] ratings = {1, 0, 2, 1, 2, 1};
        List<IntakeDimensionRating> dimensions = new ArrayList<>();
        for (int rating : ratings) {
            dimensions.add(new IntakeDimensionRating().rating(rating).rationale("rated from the interview"));
        }
        IntakeAssessmentRequest assessment = new IntakeAssessmentRequest().referralId(referralId)
                .substanceUse(List.of(new IntakeSubstanceUse().substance("opioids")
                        .route(IntakeSubstanceRoute.INTRANASAL)
                        .frequency("daily").ageOfFirstUse(19).lastUse(today.minusDays(30))))
                .diagnoses(List.of(new IntakeDiagnosis().icd10("F11.20")))
                .livingSituation(livingSituation)
                .dimensions(new IntakeDimensions().d1(dimensions.get(0)).d2(dimensions.get(1)).d3(dimensions.get(2))
                        .d4(dimensions.get(3)).d5(dimensions.get(4)).d6(dimensions.get(5)))
                .finalLevel(IntakeLevelOfCare._2_1);
        IntakeAssessmentView assessed = created(() -> new IntakeAssessmentsApi(api("clinician.a"))
                .apiV1IntakePatientsPatientIdAssessmentsPostWithHttpInfo(patientId, assessment, null));
        assertThat(assessed.getRecommendedLevel()).isEqualTo(IntakeLevelOfCare._2_1);
        assertThat(assessed.getFinalLevel()).isEqualTo(IntakeLevelOfCare._2_1);
        assertThat(assessed.getReferOut()).isFalse();
        assertThat(referral("coordinator.a").getStatus()).isEqualTo(IntakeReferralStatus.ASSESSED);

        CloudEvent screenedEvent = awaitEvent(EventType.SCREENING_COMPLETED);
        assertThat(screenedEvent.data().get("screeningId").asText()).isEqualTo(screeningId.toString());
        assertThat(screenedEvent.data().get("total").asInt()).isEqualTo(10);
        assertThat(screenedEvent.data().has("answers")).as("answers stay in intake").isFalse();
        CloudEvent assessedEvent = awaitEvent(EventType.ASSESSMENT_COMPLETED);
        assertThat(assessedEvent.data().get("assessmentId").asText()).isEqualTo(assessed.getId().toString());
        assertThat(assessedEvent.data().get("finalLevel").asText()).isEqualTo("2.1");
    }

    private void schedulerCreatesTrack() throws Exception {
        roomId = created(() -> new SchedulingRoomsApi(api("scheduler.a")).apiV1SchedulingRoomsPostWithHttpInfo(
                new SchedulingRoomRequest().name("Group room " + trackCode).capacity(14), null)).getId();
        SchedulingTrackRequest track = new SchedulingTrackRequest().code(trackCode)
                .name("Adult evening IOP (end-to-end " + trackCode + ")").levelOfCare(SchedulingLevelOfCare._2_1)
                .population(SchedulingPopulation.ADULT).timeZone(CLINIC_ZONE.getId())
                .days(List.of(SchedulingWeekday.MONDAY, SchedulingWeekday.WEDNESDAY, SchedulingWeekday.FRIDAY))
                .startTime("17:45").durationMinutes(180).roomId(roomId).facilitatorIds(List.of(CLINICIAN_A));
        SchedulingTrackView created = created(() -> new SchedulingProgramTracksApi(api("scheduler.a"))
                .apiV1SchedulingTracksPostWithHttpInfo(track, null));
        assertThat(created.getCode()).isEqualTo(trackCode);
        trackId = created.getId();
    }

    private void coordinatorAdmits() throws Exception {
        IntakeAdmissionView admission = created(() -> new IntakeAdmissionsAndWaitlistApi(api("coordinator.a"))
                .apiV1IntakeAdmissionsPostWithHttpInfo(new IntakeAdmissionRequest().patientId(patientId)
                        .referralId(referralId).trackCode(trackCode).levelOfCare(IntakeLevelOfCare._2_1)
                        .admissionDate(admissionDate).primaryCounselorId(CLINICIAN_A), null));
        assertThat(admission.getTrackCode()).isEqualTo(trackCode);
        assertThat(admission.getAdmissionDate()).isEqualTo(admissionDate);
        assertThat(referral("coordinator.a").getStatus()).isEqualTo(IntakeReferralStatus.ADMITTED);
        assertThat(new IntakePatientsApi(api("coordinator.a")).apiV1IntakePatientsIdGet(patientId).getStatus())
                .isEqualTo(IntakePatientStatus.ACTIVE);
        assertThat(partnerView(new IntakeReferralsApi(api("partner.p")).apiV1IntakeReferralsIdGet(referralId))
                .getStatus()).isEqualTo(IntakeReferralStatus.ADMITTED);

        CloudEvent admitted = awaitEvent(EventType.PATIENT_ADMITTED);
        assertThat(admitted.data().get("admissionId").asText()).isEqualTo(admission.getId().toString());
        assertThat(admitted.data().get("trackCode").asText()).isEqualTo(trackCode);
        assertThat(admitted.data().get("admissionDate").asText()).isEqualTo(admissionDate.toString());
    }

    // ------------------------------------------------------------------------------------------------ scheduling

    private void schedulingEnrolls() throws Exception {
        eventually(() -> {
            List<SchedulingEnrollmentView> items = enrollments();
            assertThat(items).hasSize(1);
            assertThat(items.get(0).getStatus()).isEqualTo(SchedulingEnrollmentStatus.ACTIVE);
        });
        SchedulingEnrollmentView enrollment = enrollments().get(0);
        assertThat(enrollment.getTrackCode()).isEqualTo(trackCode);
        assertThat(enrollment.getTrackId()).isEqualTo(trackId);
        assertThat(enrollment.getStartDate()).isEqualTo(admissionDate);
        enrollmentId = enrollment.getId();
        CloudEvent started = awaitEvent(EventType.ENROLLMENT_STARTED);
        assertThat(started.data().get("enrollmentId").asText()).isEqualTo(enrollmentId.toString());
        assertThat(started.data().get("trackCode").asText()).isEqualTo(trackCode);
    }

    private void pastGroupSessionsBookThePatient() throws Exception {
        SchedulingSessionsApi sessionsApi = new SchedulingSessionsApi(api("scheduler.a"));
        for (LocalDate day : List.of(groupWeek, groupWeek.plusDays(2), groupWeek.plusDays(4))) {
            SchedulingSessionRequest session = new SchedulingSessionRequest().kind(SchedulingSessionKind.GROUP_THERAPY)
                    .trackId(trackId).date(day).startTime("17:45").durationMinutes(180)
                    .modality(SchedulingModality.IN_PERSON).roomId(roomId).facilitatorIds(List.of(CLINICIAN_A));
            SchedulingSessionView created = created(() -> sessionsApi.apiV1SchedulingSessionsPostWithHttpInfo(session,
                    null));
            assertThat(created.getTimeZone()).isEqualTo(CLINIC_ZONE.getId());
            sessions.add(created.getId());
            assertThat(bookingOf(created.getId()).getStatus()).isEqualTo(SchedulingBookingStatus.BOOKED);
        }
        // The week is over and nothing is attended yet: below the 9-hour target.
        SchedulingWeekView week = weekOfGroups();
        assertThat(week.getStatus()).isEqualTo(SchedulingComplianceStatus.NON_COMPLIANT);
        assertThat(week.getScheduledHours()).isEqualByComparingTo("9");
        assertThat(week.getAttendedHours()).isEqualByComparingTo("0");
        CloudEvent compliance = awaitEvent(EventType.ATTENDANCE_COMPLIANCE_CHANGED);
        assertThat(compliance.data().get("weekStart").asText()).isEqualTo(groupWeek.toString());
        assertThat(compliance.data().get("status").asText()).isEqualTo("non-compliant");
    }

    private void clinicianRecordsAttendance() throws Exception {
        attendedSession = sessions.get(0);
        UUID firstBooking = bookingOf(attendedSession).getId();
        ApiResponse<SchedulingBookingView> read = new SchedulingBookingsAndAttendanceApi(api("scheduler.a"))
                .apiV1SchedulingBookingsIdGetWithHttpInfo(firstBooking);
        assertThat(read.getStatusCode()).isEqualTo(200);
        String etag = header(read, "ETag");
        SchedulingBookingsAndAttendanceApi attendance = new SchedulingBookingsAndAttendanceApi(api("clinician.a"));
        SchedulingBookingView present = ok(() -> attendance.apiV1SchedulingBookingsIdAttendancePutWithHttpInfo(
                firstBooking, new SchedulingAttendanceRequest().attendance(SchedulingAttendance.PRESENT), etag));
        assertThat(present.getAttendance()).isEqualTo(SchedulingAttendance.PRESENT);
        assertThat(present.getMinutesAttended()).isEqualTo(180);
        assertThat(present.getLateEntry()).isTrue();
        assertThat(present.getStatus()).isEqualTo(SchedulingBookingStatus.FULFILLED);
        for (UUID session : sessions.subList(1, 3)) {
            UUID booking = bookingOf(session).getId();
            SchedulingBookingView absent = ok(() -> attendance.apiV1SchedulingBookingsIdAttendancePutWithHttpInfo(
                    booking, new SchedulingAttendanceRequest().attendance(SchedulingAttendance.ABSENT_UNEXCUSED),
                    null));
            assertThat(absent.getStatus()).isEqualTo(SchedulingBookingStatus.NOSHOW);
        }

        CloudEvent attended = awaitEvent(EventType.SESSION_ATTENDED);
        assertThat(attended.data().get("sessionId").asText()).isEqualTo(attendedSession.toString());
        assertThat(attended.data().get("minutesAttended").asInt()).isEqualTo(180);
        assertThat(attended.data().get("facilitatorIds").toString()).contains(CLINICIAN_A.toString());
        List<CloudEvent> missed = awaitEvents(EventType.SESSION_MISSED, 2);
        assertThat(missed).extracting(e -> e.data().get("sessionId").asText())
                .containsExactly(sessions.get(1).toString(), sessions.get(2).toString());
        assertThat(missed).extracting(e -> e.data().get("excused").asBoolean()).containsOnly(false);
        assertThat(missed).extracting(e -> e.data().get("consecutiveUnexcused").asInt()).containsExactly(1, 2);

        SchedulingWorklistItem item = first(new SchedulingAttendanceComplianceApi(api("scheduler.a"))
                .apiV1SchedulingWorklistGet(), i -> patientId.equals(i.getPatientId()));
        assertThat(item.getReasons()).contains("consecutive-unexcused-absences");
        assertThat(item.getConsecutiveUnexcusedAbsences()).isEqualTo(2);
        SchedulingWeekView week = weekOfGroups();
        assertThat(week.getStatus()).isEqualTo(SchedulingComplianceStatus.NON_COMPLIANT);
        assertThat(week.getAttendedHours()).isEqualByComparingTo("3");
        assertThat(new SchedulingAttendanceComplianceApi(api("clinician.b")).apiV1SchedulingWorklistGet())
                .extracting(SchedulingWorklistItem::getPatientId).doesNotContain(patientId);
    }

    // ------------------------------------------------------------------------------------------------ notes

    private void clinicianDocumentsTheSession() throws Exception {
        // The notes service knows of the attendance only from session.attended: the note is due, and overdue by now.
        NotesDocumentationWorklistApi worklist = new NotesDocumentationWorklistApi(api("clinician.a"));
        eventually(() -> {
            List<NotesNoteDue> due = notesDue(worklist.apiV1NotesWorklistGet(CLINICIAN_A).getNotes());
            assertThat(due).extracting(NotesNoteDue::getSessionId).containsExactly(attendedSession);
            assertThat(due.get(0).getOverdue()).isTrue();
        });

        Map<String, String> sections = Map.of("subjective", noteText,
                "objective", "Alert, oriented, engaged in the group.",
                "assessment", "Early recovery; ambivalent about abstinence.",
                "plan", "Continue IOP three evenings a week; discuss MAT with the prescriber.");
        NotesNoteRequest note = new NotesNoteRequest().kind(NotesNoteKind.PROGRESS).format(NotesNoteFormat.SOAP)
                .sessionId(attendedSession).serviceDate(groupWeek).sections(sections)
                .mentalStatus(new NotesMentalStatus().mood("anxious").affect("congruent").thoughtProcess("linear"))
                .risk(new NotesRisk().suicidalIdeation(NotesIdeation.NONE).homicidalIdeation(NotesIdeation.NONE)
                        .selfHarm(false).level(NotesLevel.MODERATE).safetyPlanReviewed(true))
                .interventions(List.of(NotesIntervention.CBT, NotesIntervention.MOTIVATIONAL_INTERVIEWING));
        NotesClinicalNotesApi notes = new NotesClinicalNotesApi(api("clinician.a"));
        ApiResponse<NotesNoteView> draft = notes.apiV1NotesPatientsPatientIdNotesPostWithHttpInfo(patientId, note,
                null);
        assertThat(draft.getStatusCode()).isEqualTo(201);
        assertThat(draft.getData().getStatus()).isEqualTo(NotesNoteStatus.DRAFT);
        assertThat(draft.getData().getAuthorId()).isEqualTo(CLINICIAN_A);
        noteId = draft.getData().getId();

        // Signing needs the current version: none is 428 (raw HTTP: the client requires If-Match), a stale one 412.
        as("clinician.a").post(NOTES + "/notes/" + noteId + "/sign").then().statusCode(428);
        assertThat(refusal(() -> notes.apiV1NotesNotesIdSignPost(noteId, "\"999\""))).isEqualTo(412);
        NotesNoteView signed = ok(() -> notes.apiV1NotesNotesIdSignPostWithHttpInfo(noteId, header(draft, "ETag")));
        assertThat(signed.getStatus()).isEqualTo(NotesNoteStatus.SIGNED);
        assertThat(signed.getLate()).isTrue();
        assertThat(signed.getContentHash()).matches("[0-9a-f]{64}");

        CloudEvent signedEvent = awaitEvent(EventType.NOTE_SIGNED);
        assertThat(signedEvent.data().get("noteId").asText()).isEqualTo(noteId.toString());
        assertThat(signedEvent.data().get("authorId").asText()).isEqualTo(CLINICIAN_A.toString());
        assertThat(notesDue(worklist.apiV1NotesWorklistGet(null).getNotes())).isEmpty();
    }

    // ------------------------------------------------------------------------------------------------ medication

    private void prescriberOrdersAndNurseDoses() throws Exception {
        MedicationsMedicationOrdersApi prescriber = new MedicationsMedicationOrdersApi(api("prescriber.a"));
        // Medication learns of the patient from patient.admitted.
        eventually(() -> prescriber.apiV1MedicationsPatientsPatientIdOrdersGet(patientId, null));
        MedicationsOrderRequest order = new MedicationsOrderRequest().medicationId("buprenorphine-naloxone")
                .dose(BigDecimal.valueOf(8)).doseUnit("mg").route("sublingual").frequency(MedicationsFrequency.DAILY)
                .startDate(today.minusDays(1)).indication("F11.20").matProgram(true);
        // Schedule III: without a recent PDMP check the order is refused.
        assertThat(refusal(() -> prescriber.apiV1MedicationsPatientsPatientIdOrdersPost(patientId, order, null)))
                .isEqualTo(422);
        order.pdmpCheckedOn(today);
        assertThat(refusal(() -> new MedicationsMedicationOrdersApi(api("nurse.a"))
                .apiV1MedicationsPatientsPatientIdOrdersPost(patientId, order, null))).isEqualTo(403);
        MedicationsOrderView ordered = created(() -> prescriber.apiV1MedicationsPatientsPatientIdOrdersPostWithHttpInfo(
                patientId, order, null));
        assertThat(ordered.getStatus()).isEqualTo(MedicationsMedicationOrderStatus.ACTIVE);
        assertThat(ordered.getDeaSchedule()).isEqualTo(MedicationsDeaSchedule.III);
        assertThat(ordered.getMat()).isTrue();
        assertThat(ordered.getMatProgram()).isTrue();
        assertThat(ordered.getSafetyFindings()).isEmpty();
        orderId = ordered.getId();

        // Yesterday's observed dose (entered now) and today's, with two take-home doses.
        MedicationsDoseAdministrationApi nurse = new MedicationsDoseAdministrationApi(api("nurse.a"));
        created(() -> nurse.apiV1MedicationsOrdersIdAdministrationsPostWithHttpInfo(orderId,
                new MedicationsAdministrationRequest().outcome(MedicationsAdministrationOutcome.ADMINISTERED)
                        .administeredAt(OffsetDateTime.now(ZoneOffset.UTC).minus(Duration.ofHours(24)))));
        MedicationsAdministrationView takeHome = created(() -> nurse
                .apiV1MedicationsOrdersIdAdministrationsPostWithHttpInfo(orderId, new MedicationsAdministrationRequest()
                        .outcome(MedicationsAdministrationOutcome.ADMINISTERED).takeHomeDoses(2)));
        assertThat(takeHome.getTakeHomeDoses()).isEqualTo(2);
        assertThat(refusal(() -> nurse.apiV1MedicationsOrdersIdAdministrationsPost(orderId,
                new MedicationsAdministrationRequest().outcome(MedicationsAdministrationOutcome.ADMINISTERED))))
                .isEqualTo(409);

        CloudEvent prescribed = awaitEvent(EventType.MEDICATION_PRESCRIBED);
        assertThat(prescribed.data().get("orderId").asText()).isEqualTo(orderId.toString());
        assertThat(prescribed.data().get("medicationCode").asText()).isEqualTo("352364");
        assertThat(prescribed.data().get("mat").asBoolean()).isTrue();
        assertThat(prescribed.data().get("deaSchedule").asText()).isEqualTo("III");
        List<CloudEvent> doses = awaitEvents(EventType.DOSE_ADMINISTERED, 2);
        assertThat(doses).extracting(e -> e.data().get("orderId").asText()).containsOnly(orderId.toString());
        assertThat(doses.get(1).data().get("takeHomeDoses").asInt()).isEqualTo(2);
    }

    private void drugScreenFlagsRelapseRisk() throws Exception {
        // What aftercare has heard so far: two unexcused absences (2 + 2) and a non-compliant week (3).
        awaitRisk("7");
        assertThat(risk().getOpenFlag()).isNull();

        MedicationsScreenView ordered = created(() -> new MedicationsDrugScreensApi(api("prescriber.a"))
                .apiV1MedicationsPatientsPatientIdDrugScreensPostWithHttpInfo(patientId,
                        new MedicationsScreenOrder().specimen("urine").panel(List.of("BUP", "FEN", "THC")), null));
        assertThat(ordered.getStatus()).isEqualTo(MedicationsDrugScreenStatus.ORDERED);
        UUID screenId = ordered.getId();
        MedicationsDrugScreensApi nurse = new MedicationsDrugScreensApi(api("nurse.a"));
        MedicationsScreenView collected = ok(() -> nurse.apiV1MedicationsDrugScreensIdCollectionPostWithHttpInfo(
                screenId, new MedicationsCollection()));
        assertThat(collected.getStatus()).isEqualTo(MedicationsDrugScreenStatus.COLLECTED);
        MedicationsScreenView resulted = ok(() -> nurse.apiV1MedicationsDrugScreensIdResultsPostWithHttpInfo(screenId,
                new MedicationsResults().results(List.of(
                        new MedicationsResultEntry().substanceCode("BUP").result(MedicationsScreenResult.POSITIVE),
                        new MedicationsResultEntry().substanceCode("FEN").result(MedicationsScreenResult.POSITIVE),
                        new MedicationsResultEntry().substanceCode("THC").result(MedicationsScreenResult.NEGATIVE)))));
        assertThat(resulted.getUnexpectedPositive()).isTrue();
        assertThat(first(resulted.getResults(), r -> r.getSubstanceCode().equals("BUP")).getExpected()).isTrue();
        assertThat(first(resulted.getResults(), r -> r.getSubstanceCode().equals("FEN")).getExpected()).isFalse();
        CloudEvent resultedEvent = awaitEvent(EventType.DRUG_SCREEN_RESULTED);
        assertThat(resultedEvent.data().get("screenId").asText()).isEqualTo(screenId.toString());
        assertThat(resultedEvent.data().get("unexpectedPositive").asBoolean()).isTrue();

        // 7 + 5 for the unexpected positive = 12, over the threshold of 10: flagged once, with its reasons.
        CloudEvent flagged = awaitEvent(EventType.RELAPSE_RISK_FLAGGED);
        assertThat(flagged.data().get("score").decimalValue()).isEqualByComparingTo("12");
        assertThat(flagged.data().get("threshold").decimalValue()).isEqualByComparingTo("10");
        Map<String, Integer> factors = new LinkedHashMap<>();
        flagged.data().get("factors").forEach(f -> factors.put(f.get("code").asText(), f.get("occurrences").asInt()));
        assertThat(factors).containsExactlyInAnyOrderEntriesOf(Map.of("session-missed-unexcused", 2,
                "attendance-non-compliant", 1, "unexpected-positive-screen", 1));
        UUID flagId = UUID.fromString(flagged.data().get("flagId").asText());
        AftercareRiskView risk = risk();
        assertThat(risk.getOpenFlag().getId()).isEqualTo(flagId);
        assertThat(risk.getOpenFlag().getStatus()).isEqualTo(AftercareRiskFlagStatus.OPEN);
        assertThat(new AftercareFollowUpsApi(api("casemanager.a")).apiV1AftercareWorklistGet().getRiskFlags())
                .filteredOn(f -> patientId.equals(f.getPatientId())).extracting(AftercareFlagItem::getFlagId)
                .containsExactly(flagId);
    }

    // ------------------------------------------------------------------------------------------------ aftercare

    private void caseManagerDischarges() throws Exception {
        AftercareEpisodesAndDischargeApi episodes = new AftercareEpisodesAndDischargeApi(api("casemanager.a"));
        List<AftercareEpisodeView> open = episodes.apiV1AftercarePatientsPatientIdEpisodesGet(patientId);
        assertThat(open).hasSize(1);
        assertThat(open.get(0).getStatus()).isEqualTo(AftercareEpisodeStatus.OPEN);
        assertThat(open.get(0).getOpenedOn()).isEqualTo(admissionDate);
        assertThat(open.get(0).getCurrentLevel()).isEqualTo(AftercareLevelOfCare._2_1);
        episodeId = open.get(0).getId();

        AftercarePlanRequest plan = new AftercarePlanRequest().targetDate(dischargeDate)
                .stepDownLevel(AftercareLevelOfCare._1).receivingPartnerId(Platform.PARTNER)
                .firstAppointmentAt(dischargeDate.plusDays(3).atTime(15, 0).atZone(CLINIC_ZONE).toInstant()
                        .atOffset(ZoneOffset.UTC))
                .matContinuity(AftercareMatContinuity.RECEIVING_PROVIDER).housing(housing)
                .supportGroups(List.of("SMART Recovery")).alumniGroup(true);
        assertThat(refusal(() -> new AftercareEpisodesAndDischargeApi(api("clinician.a"))
                .apiV1AftercareEpisodesIdDischargePlanPut(episodeId, plan, null))).isEqualTo(403);
        AftercarePlanView planned = created(() -> episodes.apiV1AftercareEpisodesIdDischargePlanPutWithHttpInfo(
                episodeId, plan, null));
        assertThat(planned.getReceivingPartnerId()).isEqualTo(Platform.PARTNER);
        CloudEvent plannedEvent = awaitEvent(EventType.DISCHARGE_PLANNED);
        assertThat(plannedEvent.data().get("planId").asText()).isEqualTo(planned.getId().toString());
        assertThat(plannedEvent.data().get("episodeId").asText()).isEqualTo(episodeId.toString());
        assertThat(plannedEvent.data().get("stepDownLevel").asText()).isEqualTo("1");
        assertThat(plannedEvent.data().get("matContinuityBy").asText()).isEqualTo("receiving-provider");

        AftercareDischargeRequest discharge = new AftercareDischargeRequest().reasonCode(TEDS_TRANSFERRED)
                .dischargeDate(dischargeDate).summary(dischargeSummary).stepDownLevel(AftercareLevelOfCare._1)
                .timeZone(CLINIC_ZONE.getId());
        ApiResponse<AftercareEpisodeView> read = episodes.apiV1AftercareEpisodesIdGetWithHttpInfo(episodeId);
        assertThat(read.getStatusCode()).isEqualTo(200);
        String etag = header(read, "ETag");
        assertThat(refusal(() -> episodes.apiV1AftercareEpisodesIdDischargePost(episodeId, discharge, null,
                "\"999\""))).isEqualTo(412);
        AftercareEpisodeView closed = created(() -> episodes.apiV1AftercareEpisodesIdDischargePostWithHttpInfo(
                episodeId, discharge, null, etag));
        assertThat(closed.getStatus()).isEqualTo(AftercareEpisodeStatus.CLOSED);
        assertThat(closed.getClosedOn()).isEqualTo(dischargeDate);
        assertThat(closed.getDischarge().getReasonCode()).isEqualTo(TEDS_TRANSFERRED);
        assertThat(closed.getDischarge().getLengthOfStayDays()).isEqualTo(14);
        assertThat(closed.getCurrentLevel()).isEqualTo(AftercareLevelOfCare._1);

        CloudEvent discharged = awaitEvent(EventType.PATIENT_DISCHARGED);
        assertThat(discharged.data().get("episodeId").asText()).isEqualTo(episodeId.toString());
        assertThat(discharged.data().get("reasonCode").asInt()).isEqualTo(TEDS_TRANSFERRED);
        assertThat(discharged.data().get("dischargeDate").asText()).isEqualTo(dischargeDate.toString());
        assertThat(discharged.data().get("lengthOfStayDays").asInt()).isEqualTo(14);
    }

    private void servicesReactToTheDischarge() throws Exception {
        // Scheduling ends the enrollment on the discharge date (nothing after it was booked).
        eventually(() -> {
            SchedulingEnrollmentView enrollment = enrollments().get(0);
            assertThat(enrollment.getStatus()).isEqualTo(SchedulingEnrollmentStatus.ENDED);
            assertThat(enrollment.getEndDate()).isEqualTo(dischargeDate);
            assertThat(enrollment.getEndReason()).isEqualTo(SchedulingEnrollmentEndReason.DISCHARGED);
        });
        CloudEvent ended = awaitEvent(EventType.ENROLLMENT_ENDED);
        assertThat(ended.data().get("enrollmentId").asText()).isEqualTo(enrollmentId.toString());
        assertThat(ended.data().get("reason").asText()).isEqualTo("discharged");
        assertThat(ended.data().get("releasedBookings").asInt()).isZero();
        // Medication does not stop the buprenorphine silently: a prescriber decides.
        MedicationsMedicationOrdersApi prescriber = new MedicationsMedicationOrdersApi(api("prescriber.a"));
        eventually(() -> assertThat(prescriber.apiV1MedicationsDischargeReviewGet())
                .filteredOn(o -> patientId.equals(o.getPatientId())).extracting(MedicationsOrderView::getId)
                .containsExactly(orderId));
        MedicationsOrderView order = prescriber.apiV1MedicationsOrdersIdGet(orderId);
        assertThat(order.getStatus()).isEqualTo(MedicationsMedicationOrderStatus.ACTIVE);
        assertThat(order.getDischargeReview()).isEqualTo(MedicationsDischargeReview.PENDING);
    }

    private void followUpIsDue() throws Exception {
        AftercareFollowUpsApi followUps = new AftercareFollowUpsApi(api("casemanager.a"));
        List<AftercareFollowUpView> planned = followUps.apiV1AftercarePatientsPatientIdFollowUpsGet(patientId);
        assertThat(planned).extracting(AftercareFollowUpView::getKind)
                .contains("day-7", "iet-initiation-14", "day-30", "iet-engagement-34", "day-60", "day-90");
        assertThat(first(planned, f -> f.getKind().equals("day-7")).getDueDate()).isEqualTo(today);
        assertThat(planned).extracting(AftercareFollowUpView::getTimeZone).containsOnly(CLINIC_ZONE.getId());
        // The due-check timer (every 2 s here) announces it once its day has begun in the clinic's zone.
        CloudEvent due = awaitEvent(EventType.FOLLOW_UP_DUE);
        assertThat(due.data().get("kind").asText()).isEqualTo("day-7");
        assertThat(due.data().get("dueDate").asText()).isEqualTo(today.toString());
        eventually(() -> {
            List<AftercareFollowUpView> now = followUps.apiV1AftercarePatientsPatientIdFollowUpsGet(patientId);
            assertThat(first(now, f -> f.getKind().equals("day-7")).getStatus()).isEqualTo(AftercareFollowUpStatus.DUE);
            assertThat(now).filteredOn(f -> f.getStatus() == AftercareFollowUpStatus.DUE)
                    .extracting(AftercareFollowUpView::getKind).containsExactly("day-7");
        });
        assertThat(followUps.apiV1AftercareWorklistGet().getFollowUps())
                .filteredOn(f -> patientId.equals(f.getPatientId())).extracting(AftercareFollowUpView::getKind)
                .containsExactly("day-7");
    }

    // ------------------------------------------------------------------------------------------------ gateway

    private void journeyShowsEveryStage() throws Exception {
        GatewayPatientJourneyApi gateway = new GatewayPatientJourneyApi(api("admin.a"));
        ApiResponse<GatewayPatientJourney> answer = gateway.getPatientJourneyWithHttpInfo(patientId);
        assertThat(answer.getStatusCode()).isEqualTo(200);
        GatewayPatientJourney journey = answer.getData();
        assertThat(journey.getPatientId()).isEqualTo(patientId);
        assertThat(journey.getParts()).containsEntry("intake", GatewayPartState.OK)
                .containsEntry("scheduling", GatewayPartState.OK).containsEntry("notes", GatewayPartState.OK)
                .containsEntry("medications", GatewayPartState.OK).containsEntry("aftercare", GatewayPartState.OK);
        List<GatewayJourneyEvent> timeline = journey.getEvents();
        assertThat(timeline).extracting(e -> e.getType().getValue()).contains("referral", "screening", "assessment",
                "enrollment", "attendance-week", "attendance", "note-signed", "medication-order", "dose-administration",
                "drug-screen", "admission", "discharge", "relapse-risk-flag");
        assertThat(firstOfType(timeline, GatewayJourneyEvent.TypeEnum.NOTE_SIGNED).getId())
                .isEqualTo(noteId.toString());
        assertThat(firstOfType(timeline, GatewayJourneyEvent.TypeEnum.MEDICATION_ORDER).getId())
                .isEqualTo(orderId.toString());
        assertThat(firstOfType(timeline, GatewayJourneyEvent.TypeEnum.DRUG_SCREEN).getUnexpectedPositive()).isTrue();
        // A discharge's reasonCode is its TEDS-D number (a dose's is a text code: the document allows both).
        assertThat(firstOfType(timeline, GatewayJourneyEvent.TypeEnum.DISCHARGE).getReasonCode().getActualInstance())
                .isEqualTo(TEDS_TRANSFERRED);
        assertThat(firstOfType(timeline, GatewayJourneyEvent.TypeEnum.ENROLLMENT).getStatus()).isEqualTo("ended");
        // Issue #19: the referral, the assessment, attendance per session and the doses given are on the timeline.
        assertThat(first(timeline, e -> e.getType() == GatewayJourneyEvent.TypeEnum.REFERRAL
                && referralId.toString().equals(e.getId())).getReferralSource()).isEqualTo("partner");
        assertThat(firstOfType(timeline, GatewayJourneyEvent.TypeEnum.ASSESSMENT).getRecommendedLevel())
                .isEqualTo("2.1");
        assertThat(first(timeline, e -> e.getType() == GatewayJourneyEvent.TypeEnum.ATTENDANCE
                && attendedSession.toString().equals(e.getSessionId())).getAttendance()).isEqualTo("present");
        assertThat(timeline).filteredOn(e -> e.getType() == GatewayJourneyEvent.TypeEnum.DOSE_ADMINISTRATION
                        && orderId.toString().equals(e.getOrderId())).extracting(GatewayJourneyEvent::getOutcome)
                .filteredOn("administered"::equals).hasSize(2);
        assertThat(journey.getSections()).doesNotContainValue(GatewayPartState.UNAVAILABLE)
                .doesNotContainValue(GatewayPartState.FORBIDDEN);
        // Read strictly, the typed journey holds every property of the answer: written back, none is PHI.
        assertThat(JSON.writeValueAsString(journey)).doesNotContain(given, family, birthDate, noteText,
                dischargeSummary, housing, livingSituation);
        // Another clinic's admin does not learn that the patient exists.
        assertThat(refusal(() -> new GatewayPatientJourneyApi(api("admin.b")).getPatientJourney(patientId)))
                .isEqualTo(404);
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
                .body("id", equalTo(patientId.toString())).extract().asString());
        ExtractableResponse<Response> encounters = Platform.fhir(northside).queryParam("patient", patient)
                .get("/fhir/r4/Encounter").then().statusCode(200).body("resourceType", equalTo("Bundle")).extract();
        assertThat(encounters.jsonPath().getList("entry.resource.status", String.class))
                .as("one attended, two missed sessions").hasSize(3).contains("finished");
        ExtractableResponse<Response> orders = Platform.fhir(northside).queryParam("patient", patient)
                .get("/fhir/r4/MedicationRequest").then().statusCode(200).extract();
        assertThat(orders.jsonPath().getList("entry.resource.id", String.class)).containsExactly(orderId.toString());
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
        assertThat(notes.jsonPath().getList("entry.resource.id", String.class)).containsExactly(noteId.toString());
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
        List<EventCapture.Captured> ours = events.records().stream()
                .filter(r -> patientId.toString().equals(r.key())).toList();
        assertThat(ours).allSatisfy(r -> {
            assertThat(r.event()).as("a CloudEvent on %s", r.topic()).isNotNull();
            EventSchemas.assertValid(r.value());
            assertThat(r.event().subject()).isEqualTo(patientId.toString());
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

    /** A call through the generated client. */
    @FunctionalInterface
    interface Call<T> {
        T call() throws ApiException;
    }

    /** A check that may call the API; a step of the walk. */
    @FunctionalInterface
    interface Check {
        void run() throws Exception;
    }

    /** The generated client as a demo account, one per account. */
    private ApiClient api(String username) {
        return clients.computeIfAbsent(username, Platform::api);
    }

    private static RequestSpecification as(String username) {
        return Platform.as(username);
    }

    /** The referral as the clinic's staff read it: the whole referral. */
    private IntakeReferralView referral(String username) throws ApiException {
        Object answer = new IntakeReferralsApi(api(username)).apiV1IntakeReferralsIdGet(referralId).getActualInstance();
        assertThat(answer).as("the clinic's staff read the whole referral").isInstanceOf(IntakeReferralView.class);
        return (IntakeReferralView) answer;
    }

    /** A partner's answer about its referral: the partner view, never the staff view. */
    private static IntakePartnerReferralView partnerView(IntakeReferralAnswer answer) {
        assertThat(answer.getActualInstance()).as("a partner reads the partner view").isInstanceOf(
                IntakePartnerReferralView.class);
        return (IntakePartnerReferralView) answer.getActualInstance();
    }

    private IntakePatientRequest patientBody() {
        return new IntakePatientRequest().legalName(new IntakeName().given(given).family(family))
                .birthDate(LocalDate.parse(birthDate)).pronouns("they/them").preferredLanguage("en")
                .contact(new IntakeContact().phone(phone).email(email))
                .emergencyContact(new IntakeEmergencyContact().name(emergencyContact).phone("+1 555 0199")
                        .relationship("sibling"))
                .identifiers(List.of());
    }

    private List<SchedulingEnrollmentView> enrollments() throws ApiException {
        return new SchedulingEnrollmentsApi(api("scheduler.a"))
                .apiV1SchedulingEnrollmentsGet(null, null, patientId, null, null).getItems();
    }

    /** The patient's booking on a session's roster. */
    private SchedulingBookingView bookingOf(UUID session) throws ApiException {
        return first(new SchedulingBookingsAndAttendanceApi(api("scheduler.a"))
                .apiV1SchedulingSessionsIdRosterGet(session).getParticipants(), b -> patientId.equals(b.getPatientId()));
    }

    /** The compliance of the week of the group sessions. */
    private SchedulingWeekView weekOfGroups() throws ApiException {
        List<SchedulingWeekView> weeks = new SchedulingAttendanceComplianceApi(api("scheduler.a"))
                .apiV1SchedulingPatientsPatientIdComplianceGet(patientId, groupWeek, groupWeek);
        assertThat(weeks).isNotEmpty();
        return weeks.get(0);
    }

    /** The notes due of this patient on a documentation worklist. */
    private List<NotesNoteDue> notesDue(List<NotesNoteDue> due) {
        return due.stream().filter(n -> patientId.equals(n.getPatientId())).toList();
    }

    private AftercareRiskView risk() throws ApiException {
        return new AftercareRelapseRiskApi(api("casemanager.a"))
                .apiV1AftercarePatientsPatientIdRelapseRiskGet(patientId);
    }

    private void awaitRisk(String score) throws Exception {
        eventually(() -> assertThat(risk().getScore()).isEqualByComparingTo(score));
    }

    /** The answer of a call that must answer 201. */
    private static <T> T created(Call<ApiResponse<T>> call) throws ApiException {
        return answered(201, call);
    }

    /** The answer of a call that must answer 200. */
    private static <T> T ok(Call<ApiResponse<T>> call) throws ApiException {
        return answered(200, call);
    }

    private static <T> T answered(int status, Call<ApiResponse<T>> call) throws ApiException {
        ApiResponse<T> response = call.call();
        assertThat(response.getStatusCode()).isEqualTo(status);
        return response.getData();
    }

    /** The status of a call that must be refused. */
    private static int refusal(Call<?> call) {
        try {
            call.call();
        } catch (ApiException e) {
            return e.getCode();
        }
        return fail("the call was expected to be refused, and succeeded");
    }

    private static String header(ApiResponse<?> response, String name) {
        return response.getHeaders().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .flatMap(e -> e.getValue().stream()).findFirst()
                .orElseThrow(() -> new AssertionError("the answer has no " + name + " header"));
    }

    /**
     * Runs a check until it passes, for at most {@link #WAIT}: after a failed assertion or a refused call it tries
     * again shortly; after a 409 {@code awaiting-event} (an event from another service has not arrived yet) it waits as long
     * as the answer's {@code Retry-After} asks, which such an answer must carry.
     */
    private static void eventually(Check check) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                check.run();
                return;
            } catch (AssertionError | ApiException e) {
                Duration pause = e instanceof ApiException refused ? retryAfter(refused) : POLL;
                if (System.nanoTime() + pause.toNanos() > deadline) {
                    throw e;
                }
                Thread.sleep(pause.toMillis());
            }
        }
    }

    /** How long to wait before asking again after a refused call. */
    private static Duration retryAfter(ApiException refused) {
        String body = Objects.requireNonNullElse(refused.getResponseBody(), "");
        if (refused.getCode() != 409 || !body.contains(AWAITING_EVENT)) {
            return POLL;
        }
        String seconds = refused.getResponseHeaders() == null ? null
                : refused.getResponseHeaders().firstValue("Retry-After").orElse(null);
        assertThat(seconds).as("a 409 awaiting-event says when to ask again (Retry-After)").isNotNull()
                .matches("[0-9]+");
        return Duration.ofSeconds(Long.parseLong(seconds));
    }

    private static <T> T first(List<T> items, Predicate<T> matching) {
        return items.stream().filter(matching).findFirst()
                .orElseThrow(() -> new AssertionError("none of " + items.size() + " items matches"));
    }

    private static GatewayJourneyEvent firstOfType(List<GatewayJourneyEvent> timeline,
                                                   GatewayJourneyEvent.TypeEnum type) {
        return first(timeline, e -> e.getType() == type);
    }

    private CloudEvent awaitEvent(EventType type) {
        return awaitEvents(type, 1).get(0);
    }

    /** Waits for {@code count} events of a type keyed by the patient, in the order the broker delivered them. */
    private List<CloudEvent> awaitEvents(EventType type, int count) {
        return events.awaitCount(r -> patientId.toString().equals(r.key()) && r.event() != null
                        && type.type().equals(r.event().type()), count, WAIT).stream()
                .map(EventCapture.Captured::event).filter(Objects::nonNull).toList();
    }

    private static String type(EventType t) {
        return t.type();
    }

    private void step(String name, Check step) {
        long t0 = System.nanoTime();
        try {
            step.run();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(name + ": " + e.getMessage(), e);
        }
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
