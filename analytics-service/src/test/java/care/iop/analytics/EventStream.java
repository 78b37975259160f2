package care.iop.analytics;

import care.iop.events.CloudEvent;
import care.iop.events.EventData;
import care.iop.events.EventJson;
import care.iop.events.EventSchemas;
import care.iop.events.EventType;
import care.iop.events.LevelOfCare;
import care.iop.events.aftercare.DischargePlanned;
import care.iop.events.aftercare.FollowUpCompleted;
import care.iop.events.aftercare.MatContinuity;
import care.iop.events.aftercare.RelapseRiskAcknowledged;
import care.iop.events.aftercare.FollowUpOutcome;
import care.iop.events.aftercare.PatientDischarged;
import care.iop.events.aftercare.RecoveryStatus;
import care.iop.events.aftercare.RelapseRiskFlagged;
import care.iop.events.aftercare.RiskFactor;
import care.iop.events.medication.DrugScreenResulted;
import care.iop.events.medication.ScreenResult;
import care.iop.events.medication.SubstanceResult;
import care.iop.events.intake.AsamDimensions;
import care.iop.events.intake.AssessmentCompleted;
import care.iop.events.intake.PatientAdmitted;
import care.iop.events.intake.ScreeningCompleted;
import care.iop.events.intake.ScreeningInstrument;
import care.iop.events.medication.DeaSchedule;
import care.iop.events.medication.MedicationDiscontinued;
import care.iop.events.medication.MedicationPrescribed;
import care.iop.events.notes.NoteFormat;
import care.iop.events.notes.NoteKind;
import care.iop.events.notes.NoteOverdue;
import care.iop.events.notes.NoteSigned;
import care.iop.events.scheduling.AttendanceComplianceChanged;
import care.iop.events.scheduling.ComplianceStatus;
import care.iop.events.scheduling.AttendanceStatus;
import care.iop.events.scheduling.SessionAttended;
import care.iop.events.scheduling.SessionKind;
import care.iop.events.scheduling.SessionMissed;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Instant;
import java.time.LocalDate;
import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/** The topology on a TopologyTestDriver, fed hand-built, schema-valid events; fixed dates, never today's. */
final class EventStream implements AutoCloseable {

    static final UUID CLINIC = UUID.fromString("00000000-0000-0000-0000-0000000000c1");
    static final UUID OTHER_CLINIC = UUID.fromString("00000000-0000-0000-0000-0000000000c2");
    static final Instant EVENT_TIME = Instant.parse("2026-01-01T00:00:00Z");

    private final TopologyTestDriver driver;
    private final Map<String, TestInputTopic<String, String>> topics = new HashMap<>();

    EventStream() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "analytics-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(OutcomesTopology.build(), props);
        for (String topic : OutcomesTopology.TOPICS) {
            topics.put(topic, driver.createInputTopic(topic, new StringSerializer(), new StringSerializer()));
        }
    }

    /** Sends the event to its type's topic, keyed by its subject. */
    EventStream send(CloudEvent event) {
        String json = EventJson.write(event);
        EventSchemas.assertValid(json);
        String topic = EventType.forType(event.type()).orElseThrow().topic();
        topics.get(topic).pipeInput(event.subject(), json);
        return this;
    }

    EventStream sendRaw(String topic, String key, String value) {
        topics.get(topic).pipeInput(key, value);
        return this;
    }

    List<PatientFacts> patients() {
        KeyValueStore<String, byte[]> store = driver.getKeyValueStore(StoredFacts.STORE);
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            return StoredFacts.patients(it);
        }
    }

    /** The clinic's facts as the service reads them: one prefix scan of the store. */
    List<PatientFacts> patientsAt(UUID clinic) {
        KeyValueStore<String, byte[]> store = driver.getKeyValueStore(StoredFacts.STORE);
        try (KeyValueIterator<String, byte[]> it = store.prefixScan(StoredFacts.clinicPrefix(clinic.toString()),
                new StringSerializer())) {
            return StoredFacts.patients(it);
        }
    }

    /** How many entries the store holds. */
    long storedEntries() {
        KeyValueStore<String, byte[]> store = driver.getKeyValueStore(StoredFacts.STORE);
        return store.approximateNumEntries();
    }

    List<Measures.Raw> raw(PeriodKind kind, String from, String to) {
        return raw(kind, from, to, null);
    }

    List<Measures.Raw> raw(PeriodKind kind, String from, String to, String track) {
        return Measures.raw(patients(), CLINIC.toString(), kind, LocalDate.parse(from), LocalDate.parse(to), track);
    }

    /** The one period containing {@code day}. */
    Measures.Raw week(String day) {
        return raw(PeriodKind.WEEK, day, day).get(0);
    }

    Measures.Raw month(String day) {
        return raw(PeriodKind.MONTH, day, day).get(0);
    }

    @Override
    public void close() {
        driver.close();
    }

    static CloudEvent event(EventData data, UUID patient, UUID clinic) {
        return event(UUID.randomUUID().toString(), data, patient, clinic);
    }

    static CloudEvent event(String id, EventData data, UUID patient, UUID clinic) {
        EventType type = EventType.forDataClass(data.getClass());
        return new CloudEvent("1.0", id, "/iop/test", type.type(), patient.toString(), EVENT_TIME, "application/json",
                clinic.toString(), null, EventJson.toJsonNode(data));
    }

    /** An event told at {@code time} (the CloudEvents time that orders re-told facts). */
    static CloudEvent at(CloudEvent e, Instant time) {
        return new CloudEvent(e.specversion(), e.id(), e.source(), e.type(), e.subject(), time, e.datacontenttype(),
                e.clinicid(), e.requestid(), e.data());
    }

    /** The same event told by another clinic (its own event id). */
    static CloudEvent otherClinic(CloudEvent e) {
        return new CloudEvent(e.specversion(), UUID.randomUUID().toString(), e.source(), e.type(), e.subject(),
                e.time(), e.datacontenttype(), OTHER_CLINIC.toString(), e.requestid(), e.data());
    }

    static CloudEvent complianceJudged(UUID patient, UUID enrollment, String weekStart, String attended,
                                       String target) {
        BigDecimal hours = new BigDecimal(attended);
        BigDecimal goal = new BigDecimal(target);
        return event(new AttendanceComplianceChanged(enrollment, LocalDate.parse(weekStart), null,
                hours.compareTo(goal) >= 0 ? ComplianceStatus.COMPLIANT : ComplianceStatus.NON_COMPLIANT, goal, hours,
                goal, 0), patient, CLINIC);
    }

    static CloudEvent assessed(UUID patient, String date) {
        return event(new AssessmentCompleted(UUID.randomUUID(), new AsamDimensions(1, 0, 2, 3, 3, 2),
                LevelOfCare.LEVEL_2_1, LevelOfCare.LEVEL_2_1, "2024.2", List.of("D5-HIGH"), startsAt(date)), patient,
                CLINIC);
    }

    static CloudEvent phq9(UUID patient, String date, int total) {
        return screening(patient, ScreeningInstrument.PHQ_9, date, total);
    }

    static CloudEvent screening(UUID patient, ScreeningInstrument instrument, String date, int total) {
        return event(new ScreeningCompleted(UUID.randomUUID(), instrument, null, total, "band", List.of(), null,
                startsAt(date)), patient, CLINIC);
    }

    static CloudEvent prescribed(UUID patient, UUID order, String startDate, boolean mat) {
        return event(new MedicationPrescribed(order, "1010600", "opioid-partial-agonist", DeaSchedule.III, mat,
                UUID.randomUUID(), LocalDate.parse(startDate), List.of()), patient, CLINIC);
    }

    static CloudEvent discontinued(UUID patient, UUID order, String date) {
        return event(new MedicationDiscontinued(order, "1010600", "taper-complete", startsAt(date)), patient, CLINIC);
    }

    static CloudEvent dischargePlanned(UUID patient, UUID episode, MatContinuity mat) {
        return event(new DischargePlanned(UUID.randomUUID(), episode, LocalDate.parse("2026-03-01"),
                LevelOfCare.LEVEL_1, null, null, mat), patient, CLINIC);
    }

    static CloudEvent dischargePlanned(UUID patient, UUID plan, UUID episode, MatContinuity mat) {
        return event(new DischargePlanned(plan, episode, LocalDate.parse("2026-03-01"), LevelOfCare.LEVEL_1, null,
                null, mat), patient, CLINIC);
    }

    static CloudEvent noteSigned(UUID patient, UUID note, String date, boolean late) {
        return event(new NoteSigned(note, NoteKind.GROUP, NoteFormat.BIRP, UUID.randomUUID(), null, startsAt(date),
                late, false), patient, CLINIC);
    }

    static CloudEvent noteOverdue(UUID patient, String date) {
        return event(new NoteOverdue(UUID.randomUUID(), UUID.randomUUID(), startsAt(date)), patient, CLINIC);
    }

    static CloudEvent riskFlagged(UUID patient, UUID flag, Instant at) {
        return event(new RelapseRiskFlagged(flag, new BigDecimal("7.5"), new BigDecimal("6"), "rr-1",
                List.of(new RiskFactor("missed-sessions", new BigDecimal("2.5"), 3)), at), patient, CLINIC);
    }

    static CloudEvent riskAcknowledged(UUID patient, UUID flag, Instant at) {
        return event(new RelapseRiskAcknowledged(flag, UUID.randomUUID(), "called-patient", at), patient, CLINIC);
    }

    static CloudEvent discharged(UUID patient, UUID episode, String date, int reason) {
        return event(new PatientDischarged(UUID.randomUUID(), episode, reason, LocalDate.parse(date), 0, null),
                patient, CLINIC);
    }

    static CloudEvent admitted(UUID patient, String date) {
        return admitted(patient, date, "iop-adult");
    }

    static CloudEvent admitted(UUID patient, String date, String track) {
        return event(new PatientAdmitted(UUID.randomUUID(), track, LevelOfCare.LEVEL_2_1, LocalDate.parse(date),
                UUID.randomUUID()), patient, CLINIC);
    }

    static CloudEvent discharged(UUID patient, String date, int reason) {
        return event(new PatientDischarged(UUID.randomUUID(), UUID.randomUUID(), reason, LocalDate.parse(date), 0,
                null), patient, CLINIC);
    }

    static CloudEvent attended(UUID patient, String date) {
        return event(new SessionAttended(UUID.randomUUID(), SessionKind.GROUP_THERAPY, AttendanceStatus.PRESENT, 180,
                startsAt(date), List.of(UUID.randomUUID())), patient, CLINIC);
    }

    static CloudEvent missed(UUID patient, String date, boolean excused) {
        return event(new SessionMissed(UUID.randomUUID(), SessionKind.GROUP_THERAPY, excused, startsAt(date), 1),
                patient, CLINIC);
    }

    static CloudEvent followUpCompleted(UUID patient, String date, FollowUpOutcome outcome) {
        return followUpCompleted(patient, UUID.randomUUID(), date, outcome);
    }

    static CloudEvent followUpCompleted(UUID patient, UUID followUp, String date, FollowUpOutcome outcome) {
        return event(new FollowUpCompleted(followUp, "day-7", outcome, RecoveryStatus.IN_RECOVERY, null,
                startsAt(date)), patient, CLINIC);
    }

    static CloudEvent drugScreen(UUID patient, String date, boolean unexpectedPositive) {
        return event(new DrugScreenResulted(UUID.randomUUID(), startsAt(date), List.of(new SubstanceResult("opiates",
                unexpectedPositive ? ScreenResult.POSITIVE : ScreenResult.NEGATIVE, false)), unexpectedPositive),
                patient, CLINIC);
    }

    static CloudEvent riskFlagged(UUID patient, String date) {
        return event(new RelapseRiskFlagged(UUID.randomUUID(), new BigDecimal("7.5"), new BigDecimal("6"), "rr-1",
                List.of(new RiskFactor("missed-sessions", new BigDecimal("2.5"), 3)), startsAt(date)), patient, CLINIC);
    }

    static Instant startsAt(String date) {
        return LocalDate.parse(date).atTime(17, 0).toInstant(ZoneOffset.UTC);
    }

    static UUID patient() {
        return UUID.randomUUID();
    }
}
