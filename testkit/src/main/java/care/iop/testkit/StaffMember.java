package care.iop.testkit;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.util.UUID;

/**
 * A staff member of a clinic for tests: the id the clinical record names, and a signed token carrying it. Each is
 * also a user of the testkit's stand-in for Keycloak ({@link TestStaff}), so the services' staff directory knows them.
 */
public record StaffMember(UUID id, String bearer) {

    public static StaffMember of(UUID clinicId, String... roles) {
        UUID id = UUID.randomUUID();
        TestStaff.register(id, clinicId, true, roles);
        return new StaffMember(id, TestTokens.staff(clinicId, roles).subject(id.toString()).bearer());
    }

    /** A JSON request as this staff member. */
    public RequestSpecification api() {
        return RestAssured.given().header("Authorization", bearer).contentType(ContentType.JSON);
    }
}
