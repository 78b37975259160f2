package care.iop.intake;

import care.iop.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static care.iop.intake.Api.BASE;
import static care.iop.intake.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * A {@code null} inside a list of objects (found by the API fuzzer, issue #10) is a validation problem, not a 500:
 * {@code "identifiers": [null]} on registration and on the EHR upsert, {@code "diagnoses": [null]} and
 * {@code "substanceUse": [null]} on an assessment.
 */
@QuarkusTest
class NullListElementsTest {

    private final UUID clinic = UUID.randomUUID();
    private final String coordinator = TestTokens.staff(clinic, "intake-coordinator").bearer();
    private final String clinician = TestTokens.staff(clinic, "clinician").bearer();

    @Test
    void a_null_identifier_is_400_on_registration_and_on_the_ehr_upsert() {
        Map<String, Object> patient = new HashMap<>(Api.patient("Nula", "Element" + UUID.randomUUID().toString()
                .substring(0, 6), "1990-01-01"));
        patient.put("identifiers", Arrays.asList((Object) null));
        as(coordinator).body(patient).post(BASE + "/patients").then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("urn:iop:problem:validation-failed"));
        as(coordinator).body(patient).put(BASE + "/patients/by-identifier/urn:ehr:mrn/N-" + UUID.randomUUID())
                .then().statusCode(400).body("type", equalTo("urn:iop:problem:validation-failed"));
    }

    @Test
    void a_null_diagnosis_or_substance_is_400_on_an_assessment() {
        String patientId = Api.createPatient(coordinator);
        for (String list : new String[]{"diagnoses", "substanceUse"}) {
            Map<String, Object> body = new HashMap<>(IntakeJourneyTest.assessment(null,
                    IntakeJourneyTest.dimensions(1, 0, 2, 1, 2, 1), "2.1"));
            body.put(list, Arrays.asList((Object) null));
            as(clinician).body(body).post(BASE + "/patients/" + patientId + "/assessments").then().statusCode(400)
                    .body("type", equalTo("urn:iop:problem:validation-failed"));
        }
    }
}
