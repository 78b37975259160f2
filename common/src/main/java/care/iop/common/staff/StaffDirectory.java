package care.iop.common.staff;

import care.iop.common.config.IopConfig;
import care.iop.common.problem.Problem;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.Roles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The staff of a clinic, read from Keycloak (the realm's users with the clinic's {@code clinic_id} and at least one
 * staff role): id, display name, staff roles, active (the account is enabled). Nothing else about a person is read
 * or kept (no e-mail, no username when a name is set). Lists and accepted members are reused for
 * {@code iop.staff-directory.cache-ttl}; an id that would be refused is always looked up again first, so a new hire
 * or a new role counts at once, while a disabled account may still be accepted for up to the cache time.
 */
@ApplicationScoped
public class StaffDirectory {

    /** The roles that make a clinic's user staff (ARCHITECTURE §4 without the partner and the EHR's service account). */
    public static final List<String> STAFF_ROLES = List.of(Roles.INTAKE_COORDINATOR, Roles.CLINICIAN,
            Roles.CLINICAL_SUPERVISOR, Roles.PRESCRIBER, Roles.NURSE, Roles.SCHEDULER, Roles.CASE_MANAGER,
            Roles.CLINIC_ADMIN, Roles.AUDITOR);

    /** The roles that treat patients: who may facilitate a session or see a patient in an individual one. */
    public static final Set<String> TREATING_ROLES = Set.of(Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR,
            Roles.PRESCRIBER, Roles.NURSE, Roles.CASE_MANAGER);

    /** A staff member of a clinic. {@code roles} are their staff roles in {@link #STAFF_ROLES} order. */
    public record Member(UUID id, UUID clinicId, String displayName, List<String> roles, boolean active,
                         Instant createdAt) {

        public boolean hasAnyRole(Collection<String> wanted) {
            return wanted.isEmpty() || roles.stream().anyMatch(wanted::contains);
        }
    }

    private record Cached<T>(T value, Instant until) {
        boolean fresh() {
            return Instant.now().isBefore(until);
        }
    }

    @Inject
    KeycloakUsers keycloak;

    @Inject
    IopConfig config;

    private final Map<UUID, Cached<List<Member>>> clinics = new ConcurrentHashMap<>();
    private final Map<UUID, CompletableFuture<List<Member>>> loading = new ConcurrentHashMap<>();
    /** Staff members by id (only real ones: at most the realm's staff). */
    private final Map<UUID, Cached<Optional<Member>>> members = new ConcurrentHashMap<>();

    /**
     * The clinic's staff (active and not), oldest account first. One load per clinic at a time: callers that arrive
     * while it runs wait for it instead of asking Keycloak again (a burst of list requests once cost Keycloak a
     * search and a role look-up per user each, and timed out at the gateway).
     */
    public List<Member> staff(UUID clinicId) {
        Cached<List<Member>> cached = clinics.get(clinicId);
        if (cached != null && cached.fresh()) {
            return cached.value();
        }
        CompletableFuture<List<Member>> mine = new CompletableFuture<>();
        CompletableFuture<List<Member>> running = loading.putIfAbsent(clinicId, mine);
        if (running != null) {
            try {
                return running.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        try {
            List<Member> list = load(clinicId);
            mine.complete(list);
            return list;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            loading.remove(clinicId, mine);
        }
    }

    private List<Member> load(UUID clinicId) {
        List<KeycloakUsers.User> users = keycloak.usersOf(clinicId);
        Map<UUID, Set<String>> realmRoles = keycloak.realmRoles(users.stream().map(KeycloakUsers.User::id).toList());
        List<Member> staff = new ArrayList<>();
        for (KeycloakUsers.User user : users) {
            member(user, clinicId, realmRoles.get(user.id())).ifPresent(staff::add);
        }
        staff.sort(Comparator.comparing(Member::createdAt).thenComparing(Member::id));
        List<Member> list = List.copyOf(staff);
        clinics.put(clinicId, new Cached<>(list, until()));
        list.forEach(m -> members.put(m.id(), new Cached<>(Optional.of(m), until())));
        return list;
    }

    /** A staff member of the clinic (active or not); empty for anyone else, another clinic's staff too. */
    public Optional<Member> find(UUID clinicId, UUID id) {
        Cached<Optional<Member>> cached = members.get(id);
        Optional<Member> member = cached != null && cached.fresh() ? cached.value() : lookUp(id);
        return member.filter(m -> m.clinicId().equals(clinicId));
    }

    /**
     * Refuses (422 naming {@code field}) an id that is not an active staff member of the clinic holding one of
     * {@code roles} (any staff role when none is given). Keycloak unreachable: 503.
     */
    public void requireStaff(UUID clinicId, String field, UUID id, String... roles) {
        String refusal = refusal(clinicId, id, Set.of(roles));
        if (refusal != null) {
            throw notStaff(List.of(new Problem.Violation(field, refusal)));
        }
    }

    /** {@link #requireStaff} for each id of a list; the violations name {@code field[i]}. Null or empty: nothing to check. */
    public void requireStaff(UUID clinicId, String field, List<UUID> ids, String... roles) {
        if (ids == null) {
            return;
        }
        List<Problem.Violation> violations = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            String refusal = ids.get(i) == null ? null : refusal(clinicId, ids.get(i), Set.of(roles));
            if (refusal != null) {
                violations.add(new Problem.Violation(field + "[" + i + "]", refusal));
            }
        }
        if (!violations.isEmpty()) {
            throw notStaff(violations);
        }
    }

    /** Why the id is refused, or null when it is acceptable; a refusal is only given on a fresh look-up. */
    private String refusal(UUID clinicId, UUID id, Set<String> roles) {
        Cached<Optional<Member>> cached = members.get(id);
        if (cached != null && cached.fresh() && acceptable(cached.value(), clinicId, roles)) {
            return null;
        }
        Optional<Member> member = lookUp(id);
        if (acceptable(member, clinicId, roles)) {
            return null;
        }
        if (member.isEmpty() || !member.get().clinicId().equals(clinicId)) {
            return "is not a staff member of this clinic";
        }
        if (!member.get().active()) {
            return "is a staff member whose account is disabled";
        }
        return "is a staff member without a required role (" + String.join(", ", sorted(roles)) + ")";
    }

    private static boolean acceptable(Optional<Member> member, UUID clinicId, Set<String> roles) {
        return member.isPresent() && member.get().clinicId().equals(clinicId) && member.get().active()
                && member.get().hasAnyRole(roles);
    }

    private Optional<Member> lookUp(UUID id) {
        Optional<Member> member = keycloak.user(id).flatMap(user -> user.clinicIds().size() == 1
                ? member(user, user.clinicIds().iterator().next()) : Optional.empty());
        if (member.isPresent()) {
            members.put(id, new Cached<>(member, until()));
        } else {
            members.remove(id); // ids that name no staff are not kept: made-up ids cannot fill the cache
        }
        return member;
    }

    /** The user as a member of the clinic, if they hold a staff role (service accounts and partners do not). */
    private Optional<Member> member(KeycloakUsers.User user, UUID clinicId) {
        return member(user, clinicId, keycloak.realmRoles(user.id()));
    }

    private static Optional<Member> member(KeycloakUsers.User user, UUID clinicId, Set<String> realmRoles) {
        List<String> roles = STAFF_ROLES.stream().filter(realmRoles::contains).toList();
        if (roles.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Member(user.id(), clinicId, user.displayName(), roles, user.enabled(),
                user.createdAt()));
    }

    private Instant until() {
        return Instant.now().plus(config.staffDirectory().cacheTtl());
    }

    private static List<String> sorted(Set<String> roles) {
        return roles.isEmpty() ? STAFF_ROLES : roles.stream().sorted().toList();
    }

    private static ProblemException notStaff(List<Problem.Violation> violations) {
        return new ProblemException(422, "unknown-staff", "Not staff of this clinic",
                "Staff ids must name active staff of the caller's clinic (GET /api/v1/scheduling/staff lists them)",
                violations, Map.of());
    }
}
