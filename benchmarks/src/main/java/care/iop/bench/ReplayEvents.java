package care.iop.bench;

import care.iop.events.CloudEvent;
import care.iop.events.EventData;
import care.iop.events.EventJson;
import care.iop.events.EventSchemas;
import care.iop.events.EventType;
import care.iop.events.LevelOfCare;
import care.iop.events.aftercare.FollowUpCompleted;
import care.iop.events.aftercare.FollowUpOutcome;
import care.iop.events.aftercare.PatientDischarged;
import care.iop.events.aftercare.RecoveryStatus;
import care.iop.events.intake.PatientAdmitted;
import care.iop.events.intake.ScreeningCompleted;
import care.iop.events.intake.ScreeningInstrument;
import care.iop.events.medication.DrugScreenResulted;
import care.iop.events.medication.ScreenResult;
import care.iop.events.medication.SubstanceResult;
import care.iop.events.notes.NoteFormat;
import care.iop.events.notes.NoteKind;
import care.iop.events.notes.NoteSigned;
import care.iop.events.scheduling.AttendanceComplianceChanged;
import care.iop.events.scheduling.AttendanceStatus;
import care.iop.events.scheduling.ComplianceStatus;
import care.iop.events.scheduling.SessionAttended;
import care.iop.events.scheduling.SessionKind;
import care.iop.events.scheduling.SessionMissed;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * A synthetic history for the analytics replay: per patient (two clinics, ids and codes only) an admission, then
 * mostly sessions attended or missed with drug screens, signed notes, judged compliance weeks and PHQ-9 screenings
 * among them, then a discharge and a follow-up. Patients are interleaved as time goes by, each keyed by its id.
 */
final class ReplayEvents {

    /** The first events (every type among them) are checked against their schemas, as an outbox would. */
    private static final int VALIDATED = 5_000;
    private static final LocalDate FIRST_DAY = LocalDate.of(2025, 1, 6);
    private static final UUID[] CLINICS = {UUID.fromString("0b7e6d5c-4a39-4e28-8f17-a6b5c4d3e2f1"),
            UUID.fromString("5d1a2b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b")};

    record Produced(long bytes, String mix) {
    }

    private final SplittableRandom random = new SplittableRandom(21);
    private final Map<EventType, Long> mix = new EnumMap<>(EventType.class);

    private ReplayEvents() {
    }

    static Produced produce(String bootstrap, int events, int patients) {
        return new ReplayEvents().send(bootstrap, events, patients);
    }

    private Produced send(String bootstrap, int events, int patients) {
        Patient[] cohort = new Patient[patients];
        for (int p = 0; p < patients; p++) {
            cohort[p] = new Patient(uuid(), CLINICS[p % 2], uuid(), uuid(), uuid(),
                    FIRST_DAY.plusDays(p % 364), events / patients + (p < events % patients ? 1 : 0));
        }
        int rounds = (events + patients - 1) / patients;
        long bytes = 0;
        long sent = 0;
        AtomicReference<Exception> refused = new AtomicReference<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap,
                "key.serializer", StringSerializer.class, "value.serializer", StringSerializer.class,
                "enable.idempotence", true, "acks", "all", "compression.type", "lz4", "linger.ms", 20,
                "batch.size", 256 * 1024, "buffer.memory", 128L * 1024 * 1024))) {
            for (int j = 0; j < rounds; j++) {
                for (Patient patient : cohort) {
                    if (j >= patient.events) {
                        continue;
                    }
                    EventData data = eventOf(patient, j);
                    EventType type = EventType.forDataClass(data.getClass());
                    mix.merge(type, 1L, Long::sum);
                    Instant at = patient.day(j).atTime(16, 0).toInstant(ZoneOffset.UTC);
                    CloudEvent event = new CloudEvent(CloudEvent.SPEC_VERSION, uuid().toString(),
                            "/iop/" + type.topic().split("\\.")[1] + "-service", type.type(), patient.id.toString(), at,
                            CloudEvent.DATA_CONTENT_TYPE, patient.clinic.toString(), null, EventJson.toJsonNode(data));
                    String json = EventJson.write(event);
                    if (sent < VALIDATED) {
                        EventSchemas.assertValid(json);
                    }
                    bytes += json.length();
                    sent++;
                    producer.send(new ProducerRecord<>(type.topic(), patient.id.toString(), json), (m, e) -> {
                        if (e != null) {
                            refused.compareAndSet(null, e);
                        }
                    });
                }
            }
            producer.flush();
        }
        if (refused.get() != null) {
            throw new IllegalStateException("the broker refused an event", refused.get());
        }
        String described = mix.entrySet().stream().sorted(Map.Entry.<EventType, Long>comparingByValue().reversed())
                .map(e -> String.format("%s %.1f%%", e.getKey().name().toLowerCase(), 100.0 * e.getValue() / events))
                .collect(Collectors.joining(", "));
        return new Produced(bytes, described);
    }

    /** Event {@code j} of the patient's stay: admission first, discharge and follow-up last, sessions between. */
    private EventData eventOf(Patient p, int j) {
        Instant at = p.day(j).atTime(16, 0).toInstant(ZoneOffset.UTC);
        if (j == 0) {
            return new PatientAdmitted(p.admissionId, "IOP-ADULT-AM", LevelOfCare.LEVEL_2_1, p.firstDay, p.counselorId);
        }
        if (p.events >= 4 && j == p.events - 2) {
            return new PatientDischarged(uuid(), p.admissionId, random.nextInt(10) < 6 ? 1 : 2, p.day(j), j,
                    LevelOfCare.LEVEL_1);
        }
        if (p.events >= 4 && j == p.events - 1) {
            return new FollowUpCompleted(uuid(), "day-30", random.nextInt(10) < 7 ? FollowUpOutcome.REACHED
                    : FollowUpOutcome.NOT_REACHED, RecoveryStatus.IN_RECOVERY, null, at);
        }
        return switch (j % 13) {
            case 0 -> new DrugScreenResulted(uuid(), at, List.of(new SubstanceResult("FEN", ScreenResult.NEGATIVE,
                    false), new SubstanceResult("BUP", ScreenResult.POSITIVE, true)), random.nextInt(20) == 0);
            case 1 -> new NoteSigned(uuid(), NoteKind.GROUP, NoteFormat.BIRP, p.counselorId, uuid(), at,
                    random.nextInt(10) == 0, false);
            case 2 -> new AttendanceComplianceChanged(p.enrollmentId,
                    p.firstDay.with(DayOfWeek.MONDAY).plusWeeks(j / 13), ComplianceStatus.COMPLIANT,
                    ComplianceStatus.AT_RISK, new BigDecimal("9"), new BigDecimal("7.5"), new BigDecimal("9"), 1);
            case 3 -> new ScreeningCompleted(uuid(), ScreeningInstrument.PHQ_9, "44261-6", 17, "moderately-severe",
                    List.of(), -4, at);
            case 4, 5 -> new SessionMissed(uuid(), SessionKind.GROUP_THERAPY, j % 13 == 4, at, 1);
            default -> new SessionAttended(uuid(), SessionKind.GROUP_THERAPY, AttendanceStatus.PRESENT, 180, at,
                    List.of(p.counselorId));
        };
    }

    private UUID uuid() {
        // A version 4 UUID from the seeded generator: the same history on every run.
        return new UUID((random.nextLong() & ~0xF000L) | 0x4000L,
                (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L);
    }

    private record Patient(UUID id, UUID clinic, UUID admissionId, UUID enrollmentId, UUID counselorId,
                           LocalDate firstDay, int events) {

        LocalDate day(int j) {
            return firstDay.plusDays(j * 2L);
        }
    }
}
