package care.iop.analytics;

import care.iop.events.CloudEvent;
import care.iop.events.EventJson;
import care.iop.events.EventType;
import care.iop.events.Topics;
import care.iop.events.aftercare.FollowUpCompleted;
import care.iop.events.aftercare.FollowUpOutcome;
import care.iop.events.aftercare.PatientDischarged;
import care.iop.events.aftercare.RelapseRiskFlagged;
import care.iop.events.intake.PatientAdmitted;
import care.iop.events.medication.DrugScreenResulted;
import care.iop.events.scheduling.SessionAttended;
import care.iop.events.scheduling.SessionMissed;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.jboss.logging.Logger;

import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * The analytics topology: the domain topics' CloudEvents (keyed by patient id) are folded into one
 * {@link PatientFacts} per patient in the {@value #PATIENTS} store; {@value #SEEN} remembers every applied event
 * id so a redelivered event is applied once. Measures are computed from the patients store when asked
 * ({@link Measures}), so they do not depend on the order in which the topics deliver. No framework code here.
 */
public final class OutcomesTopology {

    public static final String PATIENTS = "analytics-patients";
    public static final String SEEN = "analytics-seen-events";
    /** The topics read; each record's key is the patient id for the event types used. */
    public static final List<String> TOPICS = List.of(Topics.INTAKE, Topics.SCHEDULING, Topics.MEDICATION,
            Topics.AFTERCARE);

    private static final Logger LOG = Logger.getLogger(OutcomesTopology.class);

    private OutcomesTopology() {
    }

    public static Topology build() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PATIENTS), Serdes.String(),
                JsonSerde.of(PatientFacts.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SEEN), Serdes.String(),
                Serdes.Long()));
        builder.stream(TOPICS, Consumed.with(Serdes.String(), Serdes.String()))
                .process(FactsProcessor::new, PATIENTS, SEEN);
        return builder.build();
    }

    /** Applies one event to its patient's facts; events of other types, or unreadable ones, are skipped. */
    static final class FactsProcessor implements Processor<String, String, Void, Void> {

        private KeyValueStore<String, PatientFacts> patients;
        private KeyValueStore<String, Long> seen;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            patients = context.getStateStore(PATIENTS);
            seen = context.getStateStore(SEEN);
        }

        @Override
        public void process(Record<String, String> record) {
            if (record.value() == null) {
                return;
            }
            CloudEvent event;
            try {
                event = EventJson.parse(record.value());
            } catch (IllegalArgumentException e) {
                LOG.warnf("skipped a record that is not a CloudEvent (key %s)", record.key());
                return;
            }
            if (event.id() == null || event.clinicid() == null || seen.get(event.id()) != null) {
                return;
            }
            String patientId = record.key() != null ? record.key() : event.subject();
            if (patientId == null) {
                return;
            }
            Optional<EventType> type = EventType.forType(event.type());
            if (type.isEmpty()) {
                return;
            }
            try {
                PatientFacts before = Optional.ofNullable(patients.get(patientId)).orElseGet(PatientFacts::empty);
                PatientFacts after = apply(before, type.get(), event);
                if (after != null) {
                    patients.put(patientId, after);
                    seen.put(event.id(), record.timestamp());
                }
            } catch (IllegalArgumentException e) {
                LOG.warnf("skipped event %s of type %s: data not readable", event.id(), event.type());
            }
        }

        private static PatientFacts apply(PatientFacts facts, EventType type, CloudEvent event) {
            String clinic = event.clinicid();
            switch (type) {
                case PATIENT_ADMITTED -> {
                    PatientAdmitted a = EventJson.read(event.data(), PatientAdmitted.class);
                    return facts.with(new PatientFacts.Admission(a.admissionId().toString(), clinic, a.trackCode(),
                            a.admissionDate()));
                }
                case PATIENT_DISCHARGED -> {
                    PatientDischarged d = EventJson.read(event.data(), PatientDischarged.class);
                    return facts.with(new PatientFacts.Discharge(d.dischargeId().toString(), clinic, d.reasonCode(),
                            d.dischargeDate()));
                }
                case SESSION_ATTENDED -> {
                    SessionAttended s = EventJson.read(event.data(), SessionAttended.class);
                    return facts.with(new PatientFacts.Attendance(s.sessionId().toString(), clinic, true, false,
                            s.sessionStartsAt().atZone(ZoneOffset.UTC).toLocalDate()));
                }
                case SESSION_MISSED -> {
                    SessionMissed s = EventJson.read(event.data(), SessionMissed.class);
                    return facts.with(new PatientFacts.Attendance(s.sessionId().toString(), clinic, false,
                            s.excused(), s.sessionStartsAt().atZone(ZoneOffset.UTC).toLocalDate()));
                }
                case FOLLOW_UP_COMPLETED -> {
                    FollowUpCompleted f = EventJson.read(event.data(), FollowUpCompleted.class);
                    return facts.with(new PatientFacts.FollowUp(f.followUpId().toString(), clinic,
                            f.outcome() == FollowUpOutcome.REACHED, f.completedAt().atZone(ZoneOffset.UTC).toLocalDate()));
                }
                case DRUG_SCREEN_RESULTED -> {
                    DrugScreenResulted d = EventJson.read(event.data(), DrugScreenResulted.class);
                    return facts.with(new PatientFacts.Screen(d.screenId().toString(), clinic, d.unexpectedPositive(),
                            d.resultedAt().atZone(ZoneOffset.UTC).toLocalDate()));
                }
                case RELAPSE_RISK_FLAGGED -> {
                    RelapseRiskFlagged r = EventJson.read(event.data(), RelapseRiskFlagged.class);
                    return facts.with(new PatientFacts.RiskFlag(r.flagId().toString(), clinic,
                            r.flaggedAt().atZone(ZoneOffset.UTC).toLocalDate()));
                }
                default -> {
                    return null;
                }
            }
        }
    }
}
