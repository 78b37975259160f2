package care.iop.intake;

import care.iop.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static care.iop.intake.Api.BASE;
import static care.iop.intake.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;

/** Every read and write of patient data leaves a record that the clinic's auditor can query. */
@QuarkusTest
class AuditTrailTest {

    private final UUID clinic = UUID.randomUUID();

    @Test
    void reads_and_writes_are_audited_and_queryable_by_patient_and_actor() {
        TestTokens coordinator = TestTokens.staff(clinic, "intake-coordinator").subject("coordinator-7");
        String patientId = as(coordinator.bearer()).body(Api.patient()).post(BASE + "/patients").then().statusCode(201)
                .extract().path("id");
        as(coordinator.bearer()).get(BASE + "/patients/" + patientId).then().statusCode(200);
        String auditor = TestTokens.staff(clinic, "auditor").bearer();
        as(auditor).queryParam("patientId", patientId).get(BASE + "/audit-records").then().statusCode(200)
                .body("items.action", hasItems("create", "read"))
                .body("items[0].actorSubject", equalTo("coordinator-7"))
                .body("items[0].resourceType", equalTo("Patient"));
        as(auditor).queryParam("actor", "coordinator-7").get(BASE + "/audit-records").then().statusCode(200)
                .body("items", hasSize(2));
        as(TestTokens.staff(UUID.randomUUID(), "auditor").bearer()).queryParam("patientId", patientId)
                .get(BASE + "/audit-records").then().statusCode(200).body("items", hasSize(0));
        as(coordinator.bearer()).queryParam("patientId", patientId).get(BASE + "/audit-records").then().statusCode(403);
        as(auditor).get(BASE + "/audit-records").then().statusCode(400);
        // Auditors read the trail, not the record.
        as(auditor).get(BASE + "/patients/" + patientId).then().statusCode(403);
    }
}
