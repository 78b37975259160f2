package care.iop.intake;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API document tells an integrator which roles each operation allows (its security requirement's scopes) —
 * also for the audit trail, whose method each service inherits from common (Quarkus only lists the roles of
 * methods declared in the resource class; the document showed the audit trail as needing no token at all).
 */
@QuarkusTest
class ApiSecurityDocsTest {

    @Test
    void every_operation_names_the_roles_it_allows_the_inherited_audit_trail_too() {
        JsonPath doc = RestAssured.given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().jsonPath();
        Map<String, Map<String, Object>> paths = doc.getMap("paths");
        List<String> withoutRoles = new ArrayList<>();
        paths.forEach((path, item) -> item.forEach((method, op) -> {
            if (Set.of("get", "post", "put", "patch", "delete").contains(method) && roles(op).isEmpty()) {
                withoutRoles.add(method + " " + path);
            }
        }));
        assertThat(withoutRoles).isEmpty();
        assertThat(roles(paths.get("/api/v1/intake/audit-records").get("get")))
                .containsExactlyInAnyOrder("auditor", "clinic-admin");
    }

    @SuppressWarnings("unchecked")
    private static List<String> roles(Object operation) {
        List<String> roles = new ArrayList<>();
        Object security = ((Map<String, Object>) operation).get("security");
        if (security instanceof List<?> requirements) {
            for (Object requirement : requirements) {
                ((Map<String, List<String>>) requirement).values().forEach(roles::addAll);
            }
        }
        return roles;
    }
}
