package care.iop.intake.screening;

import care.iop.common.audit.AuditLog;
import care.iop.common.http.WireEnums;
import care.iop.common.idempotency.Idempotency;
import care.iop.common.outbox.Outbox;
import care.iop.common.problem.Problem;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import care.iop.common.security.ClinicScope;
import care.iop.common.transaction.RetryOnConflict;
import care.iop.events.audit.AuditAction;
import care.iop.events.intake.ScreeningCompleted;
import care.iop.events.intake.ScreeningInstrument;
import care.iop.intake.patient.Patient;
import care.iop.intake.screening.ScreeningApi.ScreeningRecord;
import care.iop.intake.screening.ScreeningApi.ScreeningRequest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Screenings: scored by {@link ScreeningScorer}, stored, announced ({@code screening.completed}) and audited, each in
 * its own transaction; safety flags wait for a clinician's acknowledgement.
 */
@ApplicationScoped
@Transactional
@RetryOnConflict
public class ScreeningService {

    static final String RESOURCE = "Screening";

    /** A screening and its change from the patient's first (baseline) score on the instrument, null when none. */
    public record Scored(Screening screening, Integer changeFromBaseline) {
    }

    @Inject
    ClinicScope clinicScope;

    @Inject
    CallerContext caller;

    @Inject
    Outbox outbox;

    @Inject
    AuditLog audit;

    @Inject
    Idempotency idempotency;

    @Inject
    ObjectMapper json;

    /** Scores and records a screening (once per Idempotency-Key; {@code answer} maps it to the stored response). */
    public Response record(UUID patientId, ScreeningRequest request, String idempotencyKey,
                           Function<Scored, Response> answer) {
        return idempotency.create(idempotencyKey, request, () -> answer.apply(record(patientId, request)));
    }

    private Scored record(UUID patientId, ScreeningRequest request) {
        Patient patient = clinicScope.require(Patient.class, patientId);
        ScreeningResult result;
        try {
            result = ScreeningScorer.score(request.instrument(), request.answers(), request.cssrsRecency());
        } catch (InvalidAnswersException e) {
            throw ProblemException.invalid(e.violations().stream()
                    .map(v -> new Problem.Violation(v.field(), v.message())).toList());
        }
        Screening s = new Screening();
        s.id = UUID.randomUUID();
        s.clinicId = patient.clinicId;
        s.patientId = patient.id;
        s.instrument = request.instrument();
        s.answers = request.answers().stream().map(String::valueOf).collect(Collectors.joining(","));
        s.cssrsRecency = request.cssrsRecency();
        s.total = result.total();
        s.band = result.band();
        s.flags = String.join(",", result.flags());
        s.requiresAck = result.requiresAcknowledgement();
        s.completedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Integer change = baseline(patient.id, s.instrument)
                .map(b -> ScreeningScorer.changeFromBaseline(b.total, s.total)).orElse(null);
        s.persistAndFlush();
        outbox.publish(new ScreeningCompleted(s.id, s.instrument, result.loinc(), s.total, s.band, result.flags(),
                change, s.completedAt), patient.id, patient.clinicId);
        audit.record(AuditLog.Entry.success(AuditAction.CREATE, RESOURCE, s.id, patient.id, patient.clinicId));
        return new Scored(s, change);
    }

    /**
     * Scores and records a screening sent as a FHIR QuestionnaireResponse: the same scoring, event, audit and safety
     * flags as {@link #record(UUID, ScreeningRequest, String, Function)}, once per Idempotency-Key (a retry answers
     * the first record again).
     */
    public ScreeningRecord recordAnswers(UUID patientId, ScreeningRequest request, String idempotencyKey) {
        Response answer = record(patientId, request, idempotencyKey, scored -> Response.status(Response.Status.CREATED)
                .entity(ScreeningRecord.of(scored.screening())).build());
        if (answer.getEntity() instanceof ScreeningRecord fresh) {
            return fresh;
        }
        try {
            return json.readValue((String) answer.getEntity(), ScreeningRecord.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read the stored answer", e);
        }
    }

    /** One screening of the caller's clinic, audited as a read of it (another clinic's is a 404). */
    public Screening get(UUID id) {
        Screening s = clinicScope.require(Screening.class, id);
        audit.record(AuditLog.Entry.success(AuditAction.READ, RESOURCE, s.id, s.patientId, s.clinicId));
        return s;
    }

    /** One screening of the caller's clinic with its answers, audited as a read of it. */
    public ScreeningRecord read(UUID id) {
        Screening s = clinicScope.require(Screening.class, id);
        audit.record(AuditLog.Entry.success(AuditAction.READ, RESOURCE, s.id, s.patientId, s.clinicId));
        return ScreeningRecord.of(s);
    }

    /**
     * A patient's screenings with their answers, oldest first, audited as one read as {@link #history} is (the FHIR
     * searches filter them by instrument and date).
     */
    public List<ScreeningRecord> records(UUID patientId) {
        return history(patientId, null).stream().map(scored -> ScreeningRecord.of(scored.screening())).toList();
    }

    /**
     * A patient's screenings, oldest first, optionally of one instrument, each with its change from the first score
     * on its instrument (null for that first one); audited as one read. {@code instrumentName} is the wire value of
     * the query filter (null: all), parsed after the patient is found so an unknown patient stays a 404.
     */
    public List<Scored> history(UUID patientId, String instrumentName) {
        Patient patient = clinicScope.require(Patient.class, patientId);
        ScreeningInstrument instrument = WireEnums.parse(ScreeningInstrument.class, instrumentName, "instrument");
        List<Screening> rows = instrument == null
                ? Screening.list("patientId = ?1 order by completedAt", patient.id)
                : Screening.list("patientId = ?1 and instrument = ?2 order by completedAt", patient.id, instrument);
        audit.record(AuditLog.Entry.success(AuditAction.READ, RESOURCE, null, patient.id, patient.clinicId));
        Map<ScreeningInstrument, Integer> baselines = new EnumMap<>(ScreeningInstrument.class);
        return rows.stream().map(s -> {
            Integer baseline = baselines.putIfAbsent(s.instrument, s.total);
            return new Scored(s, baseline == null ? null : ScreeningScorer.changeFromBaseline(baseline, s.total));
        }).toList();
    }

    /** A clinician acknowledges a screening's safety flag with the action taken (once). */
    public Screening acknowledge(UUID id, String action) {
        Screening s = clinicScope.require(Screening.class, id);
        if (!s.requiresAck) {
            throw ProblemException.conflict("This screening raised no flag that needs acknowledgement");
        }
        if (s.acknowledgedAt != null) {
            throw ProblemException.conflict("This safety flag was already acknowledged");
        }
        s.acknowledgedBy = caller.subject();
        s.acknowledgedAt = Instant.now();
        s.acknowledgementAction = action;
        s.persistAndFlush();
        audit.record(AuditLog.Entry.success(AuditAction.UPDATE, RESOURCE, s.id, s.patientId, s.clinicId));
        return s;
    }

    /** The clinic's safety flags not yet acknowledged, oldest first; each is audited as read. */
    public List<Screening> unacknowledged() {
        UUID clinic = caller.requireClinicId();
        List<Screening> rows = Screening.list("clinicId = ?1 and requiresAck = true and acknowledgedAt is null "
                + "order by completedAt", clinic);
        audit.recordAll(rows.stream()
                .map(s -> AuditLog.Entry.success(AuditAction.READ, RESOURCE, s.id, s.patientId, clinic)).toList());
        return rows;
    }

    private static Optional<Screening> baseline(UUID patientId, ScreeningInstrument instrument) {
        return Screening.<Screening>find("patientId = ?1 and instrument = ?2 order by completedAt", patientId, instrument)
                .firstResultOptional();
    }
}
