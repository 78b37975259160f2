package care.iop.common.staff;

import care.iop.common.config.IopConfig;
import care.iop.common.problem.ProblemException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The directory's rules over a fake Keycloak: who counts as staff, what is cached, and that refusals are fresh. */
class StaffDirectoryTest {

    static final UUID CLINIC = UUID.randomUUID();
    static final UUID OTHER = UUID.randomUUID();

    /** Keycloak's users and roles, counting the calls the directory makes. */
    static final class FakeKeycloak extends KeycloakUsers {
        final Map<UUID, User> users = new HashMap<>();
        final Map<UUID, Set<String>> roles = new HashMap<>();
        final List<String> calls = new ArrayList<>();

        void put(UUID id, UUID clinic, boolean enabled, String... realmRoles) {
            users.put(id, new User(id, "Staff " + id.toString().substring(0, 4), enabled, Set.of(clinic),
                    Instant.ofEpochSecond(1_000 + users.size())));
            roles.put(id, Set.of(realmRoles));
        }

        /** Counted down when a list starts; the list waits for {@link #release} (open unless a test closes it). */
        volatile CountDownLatch listing = new CountDownLatch(1);
        volatile CountDownLatch release = new CountDownLatch(0);

        @Override
        public List<User> usersOf(UUID clinicId) {
            calls.add("list");
            listing.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return users.values().stream().filter(u -> u.clinicIds().contains(clinicId)).toList();
        }

        @Override
        public Optional<User> user(UUID id) {
            calls.add("user");
            return Optional.ofNullable(users.get(id));
        }

        @Override
        public Set<String> realmRoles(UUID id) {
            return roles.getOrDefault(id, Set.of());
        }

        @Override
        public Map<UUID, Set<String>> realmRoles(List<UUID> ids) {
            calls.add("roles");
            Map<UUID, Set<String>> answer = new HashMap<>();
            ids.forEach(id -> answer.put(id, realmRoles(id)));
            return answer;
        }
    }

    FakeKeycloak keycloak;
    StaffDirectory directory;

    @BeforeEach
    void directory() {
        keycloak = new FakeKeycloak();
        directory = new StaffDirectory();
        directory.keycloak = keycloak;
        IopConfig.StaffDirectory settings = (IopConfig.StaffDirectory) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {IopConfig.StaffDirectory.class},
                (proxy, method, args) -> method.getName().equals("cacheTtl") ? Duration.ofMinutes(1) : null);
        directory.config = (IopConfig) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {IopConfig.class},
                (proxy, method, args) -> method.getName().equals("staffDirectory") ? settings : null);
    }

    @Test
    void the_list_holds_users_with_a_staff_role_oldest_first_and_is_reused() {
        UUID nurse = UUID.randomUUID();
        UUID clinician = UUID.randomUUID();
        keycloak.put(nurse, CLINIC, true, "nurse", "case-manager", "default-roles-iop");
        keycloak.put(clinician, CLINIC, false, "clinician");
        keycloak.put(UUID.randomUUID(), CLINIC, true, "ehr-integration", "offline_access");
        keycloak.put(UUID.randomUUID(), OTHER, true, "clinician");

        List<StaffDirectory.Member> staff = directory.staff(CLINIC);
        assertThat(staff).extracting(StaffDirectory.Member::id).containsExactly(nurse, clinician);
        assertThat(staff.get(0).roles()).containsExactly("nurse", "case-manager");
        assertThat(staff.get(1).active()).isFalse();
        directory.staff(CLINIC);
        assertThat(keycloak.calls).containsExactly("list", "roles");
        // a listed member is accepted from the cache
        directory.requireStaff(CLINIC, "facilitatorIds", nurse, "nurse");
        assertThat(keycloak.calls).containsExactly("list", "roles");
    }

    @Test
    void a_refusal_asks_keycloak_again_so_a_new_role_counts_at_once() {
        UUID id = UUID.randomUUID();
        keycloak.put(id, CLINIC, true, "scheduler");
        assertThatThrownBy(() -> directory.requireStaff(CLINIC, "supervisorId", id, "clinical-supervisor"))
                .isInstanceOfSatisfying(ProblemException.class, p -> {
                    assertThat(p.status()).isEqualTo(422);
                    assertThat(p.slug()).isEqualTo("unknown-staff");
                    assertThat(p.violations()).singleElement().satisfies(v -> {
                        assertThat(v.field()).isEqualTo("supervisorId");
                        assertThat(v.message()).contains("without a required role").doesNotContain(id.toString());
                    });
                });
        keycloak.put(id, CLINIC, true, "scheduler", "clinical-supervisor");
        directory.requireStaff(CLINIC, "supervisorId", id, "clinical-supervisor");
        assertThat(keycloak.calls).containsExactly("user", "user");
    }

    @Test
    void unknown_foreign_and_disabled_ids_are_refused_each_naming_its_index() {
        UUID ok = UUID.randomUUID();
        UUID foreign = UUID.randomUUID();
        UUID disabled = UUID.randomUUID();
        keycloak.put(ok, CLINIC, true, "clinician");
        keycloak.put(foreign, OTHER, true, "clinician");
        keycloak.put(disabled, CLINIC, false, "clinician");
        assertThatThrownBy(() -> directory.requireStaff(CLINIC, "facilitatorIds",
                List.of(ok, foreign, UUID.randomUUID(), disabled), "clinician"))
                .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.violations())
                        .extracting(v -> v.field() + ": " + v.message()).containsExactly(
                                "facilitatorIds[1]: is not a staff member of this clinic",
                                "facilitatorIds[2]: is not a staff member of this clinic",
                                "facilitatorIds[3]: is a staff member whose account is disabled"));
        assertThat(directory.find(OTHER, foreign)).isPresent();
        assertThat(directory.find(CLINIC, foreign)).isEmpty();
    }

    @Test
    void callers_arriving_while_a_clinic_is_loaded_wait_for_that_load_instead_of_asking_keycloak_again()
            throws Exception {
        UUID nurse = UUID.randomUUID();
        keycloak.put(nurse, CLINIC, true, "nurse");
        keycloak.release = new CountDownLatch(1);
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<StaffDirectory.Member>>> lists = new ArrayList<>();
            lists.add(callers.submit(() -> directory.staff(CLINIC)));
            assertThat(keycloak.listing.await(5, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 3; i++) {
                lists.add(callers.submit(() -> directory.staff(CLINIC)));
            }
            Thread.sleep(200); // the three are waiting for the first load
            keycloak.release.countDown();
            for (Future<List<StaffDirectory.Member>> list : lists) {
                assertThat(list.get(5, TimeUnit.SECONDS)).extracting(StaffDirectory.Member::id).containsExactly(nurse);
            }
        } finally {
            callers.shutdownNow();
        }
        assertThat(keycloak.calls).containsExactly("list", "roles");
    }
}
