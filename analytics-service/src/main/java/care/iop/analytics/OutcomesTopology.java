package care.iop.analytics;

import care.iop.analytics.PatientFacts.Fact;
import care.iop.events.CloudEvent;
import care.iop.events.EventJson;
import care.iop.events.EventType;
import care.iop.events.Topics;
import care.iop.events.aftercare.DischargePlanned;
import care.iop.events.aftercare.FollowUpCompleted;
import care.iop.events.aftercare.FollowUpOutcome;
import care.iop.events.aftercare.PatientDischarged;
import care.iop.events.aftercare.RelapseRiskAcknowledged;
import care.iop.events.aftercare.RelapseRiskFlagged;
import care.iop.events.intake.AssessmentCompleted;
import care.iop.events.intake.PatientAdmitted;
import care.iop.events.intake.ScreeningCompleted;
import care.iop.events.intake.ScreeningInstrument;
import care.iop.events.medication.DrugScreenResulted;
import care.iop.events.medication.MedicationDiscontinued;
import care.iop.events.medication.MedicationPrescribed;
import care.iop.events.notes.NoteOverdue;
import care.iop.events.notes.NoteSigned;
import care.iop.events.scheduling.AttendanceComplianceChanged;
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

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * The analytics topology: the domain topics' CloudEvents (keyed by patient id) are turned into facts (ids, codes
 * and dates) kept one per entry in the {@value StoredFacts#STORE} store ({@link StoredFacts}). A fact has a natural
 * id and a rule for which of two told with that id stands ({@link FactKind}), so a redelivered event, or events
 * arriving in any order across topics, leave the same facts, and no record of applied event ids is needed. Measures
 * are computed from the store when asked ({@link Measures}). No framework code here.
 */
public final class OutcomesTopology {

    /** The topics read; each record's key is the patient id for the event types used. */
    public static final List<String> TOPICS = List.of(Topics.INTAKE, Topics.SCHEDULING, Topics.CLINICAL_NOTES,
            Topics.MEDICATION, Topics.AFTERCARE);

    private static final Logger LOG = Logger.getLogger(OutcomesTopology.class);

    private OutcomesTopology() {
    }

    public static Topology build() {
        StreamsBuilder builder = new StreamsBuilder();
        // Not cached: nearly every fact has a key of its own, so the record cache would only sort and copy
        // (measured in docs/benchmarks.md, "Analytics replay").
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoredFacts.STORE),
                Serdes.String(), Serdes.ByteArray()));
        builder.stream(TOPICS, Consumed.with(Serdes.String(), Serdes.String()))
                .process(FactsProcessor::new, StoredFacts.STORE);
        return builder.build();
    }

    /** Keeps one event's fact; events of other types, or unreadable ones, are skipped. */
    static final class FactsProcessor implements Processor<String, String, Void, Void> {

        private KeyValueStore<String, byte[]> facts;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            facts = context.getStateStore(StoredFacts.STORE);
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
            String patientId = record.key() != null ? record.key() : event.subject();
            if (event.id() == null || !StoredFacts.keyable(event.clinicid()) || !StoredFacts.keyable(patientId)) {
                return;
            }
            Optional<EventType> type = EventType.forType(event.type());
            if (type.isEmpty()) {
                return;
            }
            try {
                Fact told = fact(type.get(), event);
                if (told != null) {
                    keep(patientId, FactKind.of(told), told);
                }
            } catch (IllegalArgumentException e) {
                LOG.warnf("skipped event %s of type %s: data not readable", event.id(), event.type());
            }
        }

        /** Stores the fact that stands once {@code told} is merged with the one already kept under its id. */
        private <T extends Fact> void keep(String patientId, FactKind<T> kind, Fact told) {
            T fact = kind.cast(told);
            String key = StoredFacts.key(patientId, kind, kind.id(fact), fact.clinicId());
            byte[] before = facts.get(key);
            T old = before == null ? null : StoredFacts.read(kind, before);
            T stands = kind.merge(old, fact);
            if (!stands.equals(old)) {
                facts.put(key, StoredFacts.write(stands));
            }
        }

        private static Fact fact(EventType type, CloudEvent event) {
            String clinic = event.clinicid();
            switch (type) {
                case PATIENT_ADMITTED -> {
                    PatientAdmitted a = EventJson.read(event.data(), PatientAdmitted.class);
                    return new PatientFacts.Admission(a.admissionId().toString(), clinic, a.trackCode(),
                            a.admissionDate());
                }
                case PATIENT_DISCHARGED -> {
                    PatientDischarged d = EventJson.read(event.data(), PatientDischarged.class);
                    return new PatientFacts.Discharge(d.dischargeId().toString(), clinic, d.reasonCode(),
                            d.dischargeDate(), d.episodeId().toString());
                }
                case SESSION_ATTENDED -> {
                    SessionAttended s = EventJson.read(event.data(), SessionAttended.class);
                    return new PatientFacts.Attendance(s.sessionId().toString(), clinic, true, false,
                            s.sessionStartsAt().atZone(ZoneOffset.UTC).toLocalDate());
                }
                case SESSION_MISSED -> {
                    SessionMissed s = EventJson.read(event.data(), SessionMissed.class);
                    return new PatientFacts.Attendance(s.sessionId().toString(), clinic, false,
                            s.excused(), s.sessionStartsAt().atZone(ZoneOffset.UTC).toLocalDate());
                }
                case FOLLOW_UP_COMPLETED -> {
                    FollowUpCompleted f = EventJson.read(event.data(), FollowUpCompleted.class);
                    return new PatientFacts.FollowUp(f.followUpId().toString(), clinic,
                            f.outcome() == FollowUpOutcome.REACHED, f.completedAt().atZone(ZoneOffset.UTC).toLocalDate());
                }
                case DRUG_SCREEN_RESULTED -> {
                    DrugScreenResulted d = EventJson.read(event.data(), DrugScreenResulted.class);
                    return new PatientFacts.Screen(d.screenId().toString(), clinic, d.unexpectedPositive(),
                            d.resultedAt().atZone(ZoneOffset.UTC).toLocalDate());
                }
                case RELAPSE_RISK_FLAGGED -> {
                    RelapseRiskFlagged r = EventJson.read(event.data(), RelapseRiskFlagged.class);
                    return new PatientFacts.RiskFlag(r.flagId().toString(), clinic,
                            utcDate(r.flaggedAt()), r.flaggedAt());
                }
                case RELAPSE_RISK_ACKNOWLEDGED -> {
                    RelapseRiskAcknowledged r = EventJson.read(event.data(), RelapseRiskAcknowledged.class);
                    return new PatientFacts.RiskAcknowledgement(r.flagId().toString(), clinic,
                            r.acknowledgedAt());
                }
                case ATTENDANCE_COMPLIANCE_CHANGED -> {
                    AttendanceComplianceChanged c = EventJson.read(event.data(), AttendanceComplianceChanged.class);
                    return new PatientFacts.ComplianceWeek(c.enrollmentId().toString(), clinic,
                            c.weekStart(), c.attendedHours(), c.targetHours(), event.time(), event.id());
                }
                case ASSESSMENT_COMPLETED -> {
                    AssessmentCompleted a = EventJson.read(event.data(), AssessmentCompleted.class);
                    return new PatientFacts.Assessment(a.assessmentId().toString(), clinic,
                            utcDate(a.completedAt()));
                }
                case SCREENING_COMPLETED -> {
                    ScreeningCompleted sc = EventJson.read(event.data(), ScreeningCompleted.class);
                    return sc.instrument() != ScreeningInstrument.PHQ_9 ? null : new PatientFacts.Phq9(
                            sc.screeningId().toString(), clinic, sc.total(), sc.completedAt());
                }
                case MEDICATION_PRESCRIBED -> {
                    MedicationPrescribed m = EventJson.read(event.data(), MedicationPrescribed.class);
                    return !m.mat() ? null : new PatientFacts.MatOrder(m.orderId().toString(), clinic,
                            m.startDate());
                }
                case MEDICATION_DISCONTINUED -> {
                    MedicationDiscontinued m = EventJson.read(event.data(), MedicationDiscontinued.class);
                    return new PatientFacts.Discontinuation(m.orderId().toString(), clinic,
                            utcDate(m.discontinuedAt()));
                }
                case DISCHARGE_PLANNED -> {
                    DischargePlanned d = EventJson.read(event.data(), DischargePlanned.class);
                    return new PatientFacts.DischargePlan(d.planId().toString(), clinic,
                            d.episodeId().toString(), d.matContinuityBy() == null ? null : d.matContinuityBy().value(),
                            event.time(), event.id());
                }
                case NOTE_SIGNED -> {
                    NoteSigned n = EventJson.read(event.data(), NoteSigned.class);
                    return new PatientFacts.Note(n.noteId().toString(), clinic, n.late(),
                            utcDate(n.signedAt()));
                }
                case NOTE_OVERDUE -> {
                    NoteOverdue n = EventJson.read(event.data(), NoteOverdue.class);
                    return new PatientFacts.NoteOverdue(n.sessionId().toString(), clinic,
                            utcDate(n.dueAt()));
                }
                default -> {
                    return null;
                }
            }
        }

        private static LocalDate utcDate(Instant at) {
            return at.atZone(ZoneOffset.UTC).toLocalDate();
        }
    }
}
