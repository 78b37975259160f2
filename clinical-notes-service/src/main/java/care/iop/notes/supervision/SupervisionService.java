package care.iop.notes.supervision;

import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import care.iop.common.security.Roles;
import care.iop.common.staff.StaffDirectory;
import care.iop.common.transaction.RetryOnConflict;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Who needs co-signature (supervised staff) and which clinical supervisors are assigned to whom (they read the
 * staff member's psychotherapy notes). Staff records, not patient data: nothing here is audited.
 */
@ApplicationScoped
public class SupervisionService {

    @Inject
    CallerContext caller;

    @Inject
    StaffDirectory staff;

    /** A flag or an assignment, and whether this request made it (false: it existed already). */
    public record Written<T>(T value, boolean created) {
    }

    /** Flags a staff member (treating staff of the clinic, else 422) as needing co-signature; idempotent. */
    @Transactional
    @RetryOnConflict
    public Written<SupervisedStaff> flag(UUID staffId) {
        UUID clinic = caller.requireClinicId();
        staff.requireStaff(clinic, "staffId", staffId, StaffDirectory.TREATING_ROLES.toArray(String[]::new));
        if (SupervisedStaff.isSupervised(clinic, staffId)) {
            return new Written<>(SupervisedStaff.<SupervisedStaff>find("clinicId = ?1 and staffId = ?2", clinic,
                    staffId).firstResult(), false);
        }
        SupervisedStaff s = new SupervisedStaff();
        s.clinicId = clinic;
        s.staffId = staffId;
        s.since = Instant.now();
        s.flaggedBy = caller.subject();
        s.persist();
        return new Written<>(s, true);
    }

    /** Stops requiring co-signature (notes already pending still need it). */
    @Transactional
    @RetryOnConflict
    public void unflag(UUID staffId) {
        SupervisedStaff.delete("clinicId = ?1 and staffId = ?2", caller.requireClinicId(), staffId);
    }

    public List<SupervisedStaff> supervised() {
        return SupervisedStaff.<SupervisedStaff>list("clinicId = ?1 order by since", caller.requireClinicId());
    }

    /**
     * Assigns a clinical supervisor to a staff member (not themselves: 400); idempotent. Both must be active staff
     * of the caller's clinic, the supervisor with the clinical-supervisor role (422 naming the field otherwise).
     */
    @Transactional
    @RetryOnConflict
    public Written<StaffSupervisor> assign(UUID staffId, UUID supervisorId) {
        UUID clinic = caller.requireClinicId();
        if (staffId.equals(supervisorId)) {
            throw ProblemException.invalid("supervisorId", "is the staff member themselves");
        }
        staff.requireStaff(clinic, "staffId", staffId, StaffDirectory.TREATING_ROLES.toArray(String[]::new));
        staff.requireStaff(clinic, "supervisorId", supervisorId, Roles.CLINICAL_SUPERVISOR);
        StaffSupervisor existing = StaffSupervisor.<StaffSupervisor>find(
                "clinicId = ?1 and staffId = ?2 and supervisorId = ?3", clinic, staffId, supervisorId).firstResult();
        if (existing != null) {
            return new Written<>(existing, false);
        }
        StaffSupervisor a = new StaffSupervisor();
        a.clinicId = clinic;
        a.staffId = staffId;
        a.supervisorId = supervisorId;
        a.since = Instant.now();
        a.assignedBy = caller.subject();
        a.persist();
        return new Written<>(a, true);
    }

    /** Ends a supervisor's assignment to a staff member. */
    @Transactional
    @RetryOnConflict
    public void unassign(UUID staffId, UUID supervisorId) {
        StaffSupervisor.delete("clinicId = ?1 and staffId = ?2 and supervisorId = ?3", caller.requireClinicId(),
                staffId, supervisorId);
    }

    public List<StaffSupervisor> supervisors(UUID staffId) {
        return StaffSupervisor.<StaffSupervisor>list("clinicId = ?1 and staffId = ?2 order by since, supervisorId",
                caller.requireClinicId(), staffId);
    }
}
