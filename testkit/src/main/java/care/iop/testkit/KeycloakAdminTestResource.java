package care.iop.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Points the staff directory ({@code iop.staff-directory.*}) at the testkit's stand-in for Keycloak's admin API, whose
 * users are the staff {@link StaffMember#of} and {@link TestStaff} register.
 */
public class KeycloakAdminTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of(
                "iop.staff-directory.realm-url", KeycloakAdminStandIn.url() + "/realms/iop",
                "iop.staff-directory.client-id", KeycloakAdminStandIn.CLIENT_ID,
                "iop.staff-directory.client-secret", KeycloakAdminStandIn.CLIENT_SECRET);
    }

    @Override
    public void stop() {
        // the stand-in lives as long as the JVM: other class loaders' tests may still register staff in it
    }
}
