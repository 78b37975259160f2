package care.iop.notes;

import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import care.iop.common.security.Roles;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import java.util.UUID;

/** The signed-in staff member as the clinical record names them: a person's id, never a service account. */
@RequestScoped
public class Staff {

    @Inject
    CallerContext caller;

    public UUID id() {
        try {
            return UUID.fromString(caller.subject());
        } catch (RuntimeException e) {
            throw ProblemException.forbidden("Clinical documentation is written by a person with a staff id");
        }
    }

    public boolean isSupervisor() {
        return caller.hasRole(Roles.CLINICAL_SUPERVISOR);
    }

    public UUID clinicId() {
        return caller.requireClinicId();
    }
}
