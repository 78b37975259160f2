package care.iop.scheduling.staff;

import care.iop.common.http.Page;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import care.iop.common.staff.StaffDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * The caller's clinic's staff, from the staff directory (Keycloak). Staff records, not patient data: reads are not
 * audited (as supervision lists and rooms); refused reads are, like every refusal.
 */
@ApplicationScoped
public class StaffService {

    private static final Comparator<Page.Position> ORDER = Comparator.comparing(Page.Position::createdAt)
            .thenComparing(Page.Position::id);

    @Inject
    CallerContext caller;

    @Inject
    StaffDirectory directory;

    /** The clinic's staff, oldest account first; {@code role} and {@code active} filter when given. */
    public Page<StaffDirectory.Member> list(String role, Boolean active, String cursor, Integer limit) {
        if (role != null && !StaffDirectory.STAFF_ROLES.contains(role)) {
            throw ProblemException.invalid("role", "must be one of " + String.join(", ", StaffDirectory.STAFF_ROLES));
        }
        int size = Page.limit(limit);
        Page.Position after = Page.decode(cursor);
        List<StaffDirectory.Member> rows = directory.staff(caller.requireClinicId()).stream()
                .filter(m -> role == null || m.roles().contains(role))
                .filter(m -> active == null || m.active() == active)
                .filter(m -> after == null || ORDER.compare(position(m), after) > 0)
                .limit(size + 1L)
                .toList();
        return Page.of(rows, size, StaffService::position, m -> m);
    }

    /** One staff member of the caller's clinic; 404 for anyone else. */
    public StaffDirectory.Member get(UUID id) {
        return directory.find(caller.requireClinicId(), id).orElseThrow(() -> ProblemException.notFound("Staff member", id));
    }

    private static Page.Position position(StaffDirectory.Member m) {
        return new Page.Position(m.createdAt(), m.id());
    }
}
