package care.iop.medication.order;

import care.iop.common.audit.AuditLog;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import care.iop.common.transaction.RetryOnConflict;
import care.iop.events.audit.AuditAction;
import care.iop.medication.MedicationData;
import care.iop.medication.Patients;
import care.iop.medication.order.OrderApi.AllergyRequest;
import care.iop.medication.order.OrderApi.AllergyView;
import care.iop.medication.patient.KnownPatient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A patient's medication allergies: a catalogue medication or a whole class ({@code Catalogue.isAllergySubstance}).
 * Later orders of it are contraindicated by the safety rules ({@link OrderService}).
 */
@ApplicationScoped
public class AllergyService {

    @Inject
    Patients patients;

    @Inject
    MedicationData data;

    @Inject
    CallerContext caller;

    @Inject
    AuditLog audit;

    /** Records an allergy, once per substance (409 for a second one). */
    @Transactional
    @RetryOnConflict
    public AllergyView add(UUID patientId, AllergyRequest request) {
        KnownPatient patient = patients.requireAdmitted(patientId);
        if (!data.catalogue().isAllergySubstance(request.substance())) {
            throw ProblemException.invalid("substance", "is neither a catalogue medication nor a medication class");
        }
        patients.lock(patientId);
        if (Allergy.count("clinicId = ?1 and patientId = ?2 and substance = ?3", patient.clinicId, patientId,
                request.substance()) > 0) {
            throw ProblemException.conflict("This allergy is recorded already");
        }
        Allergy a = new Allergy();
        a.id = UUID.randomUUID();
        a.clinicId = patient.clinicId;
        a.patientId = patientId;
        a.substance = request.substance();
        a.reaction = request.reaction();
        a.severity = request.severity();
        a.recordedBy = caller.requireStaffId();
        a.recordedAt = Instant.now();
        a.persist();
        audit.record(AuditLog.Entry.success(AuditAction.CREATE, "Allergy", a.id, patientId, patient.clinicId));
        return view(a);
    }

    /** A patient's allergies, oldest first; audited as one read. */
    @Transactional
    @RetryOnConflict
    public List<AllergyView> list(UUID patientId) {
        return ofPatient(patientId).stream().map(AllergyService::view).toList();
    }

    /**
     * An allergy as recorded, with who recorded it and its version: what the FHIR AllergyIntolerance is made of.
     */
    public record AllergyRecord(UUID id, UUID patientId, String substance, String reaction, String severity,
                                UUID recordedBy, Instant recordedAt, long version) {
    }

    /** One allergy of the caller's clinic (404 otherwise); audited as a read of that allergy. */
    @Transactional
    @RetryOnConflict
    public AllergyRecord record(UUID id) {
        Allergy a = Allergy.<Allergy>find("id = ?1 and clinicId = ?2", id, caller.requireClinicId())
                .firstResultOptional().orElseThrow(() -> ProblemException.notFound("Allergy", id));
        audit.record(AuditLog.Entry.success(AuditAction.READ, "Allergy", a.id, a.patientId, a.clinicId));
        return recordOf(a);
    }

    /** One allergy of the caller's clinic (404 otherwise), as the REST API shows it; audited like {@link #record}. */
    @Transactional
    @RetryOnConflict
    public AllergyView get(UUID id) {
        AllergyRecord r = record(id);
        return new AllergyView(r.id(), r.substance(), r.reaction(), r.severity(), r.recordedAt());
    }

    /** A patient's allergies as recorded, oldest first; audited as one read, like {@link #list(UUID)}. */
    @Transactional
    @RetryOnConflict
    public List<AllergyRecord> records(UUID patientId) {
        return ofPatient(patientId).stream().map(AllergyService::recordOf).toList();
    }

    private List<Allergy> ofPatient(UUID patientId) {
        KnownPatient patient = patients.require(patientId);
        audit.record(AuditLog.Entry.success(AuditAction.READ, "Allergy", null, patientId, patient.clinicId));
        return Allergy.list("clinicId = ?1 and patientId = ?2 order by recordedAt", patient.clinicId, patientId);
    }

    private static AllergyRecord recordOf(Allergy a) {
        return new AllergyRecord(a.id, a.patientId, a.substance, a.reaction, a.severity, a.recordedBy, a.recordedAt,
                a.version);
    }

    private static AllergyView view(Allergy a) {
        return new AllergyView(a.id, a.substance, a.reaction, a.severity, a.recordedAt);
    }
}
