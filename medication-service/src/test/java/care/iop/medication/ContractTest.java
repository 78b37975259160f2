package care.iop.medication;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static care.iop.medication.MedClinic.BASE;
import static care.iop.medication.MedClinic.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * The contract an integrator reads in the OpenAPI document: a creation answers 201 with a Location that reads the
 * created record, and enums travel as their kebab-case wire values only (the Java constant names are a 400).
 */
@QuarkusTest
class ContractTest {

    private final MedClinic clinic = new MedClinic();

    /** The created record's id, after checking that its Location reads it back at the expected path. */
    private String createdAt(Response created, String path) {
        String id = created.then().statusCode(201).extract().path("id");
        String location = created.header("Location");
        assertThat(location).endsWith(BASE + path + id);
        clinic.prescriber.api().get(location).then().statusCode(200).body("id", equalTo(id));
        return id;
    }

    @Test
    void every_creation_answers_201_with_a_location_that_reads_what_was_created() {
        UUID patient = clinic.admittedPatient();
        String patientPath = BASE + "/patients/" + patient;

        String orderId = createdAt(clinic.prescriber.api().body(order("sertraline", "oral", 50, "mg"))
                .post(patientPath + "/orders"), "/orders/");
        createdAt(clinic.nurse.api().body(Map.of("outcome", "administered"))
                .post(BASE + "/orders/" + orderId + "/administrations"), "/administrations/");
        createdAt(clinic.nurse.api().body(Map.of("substance", "benzodiazepine", "severity", "moderate"))
                .post(patientPath + "/allergies"), "/allergies/");
        createdAt(clinic.prescriber.api().body(Map.of("specimen", "urine", "panel", List.of("BUP")))
                .post(patientPath + "/drug-screens"), "/drug-screens/");
        createdAt(clinic.prescriber.api().body(Map.of("items", List.of(Map.of("medication", "sertraline 50 mg",
                "decision", "continue")))).post(patientPath + "/reconciliations"), "/reconciliations/");
    }

    @Test
    void a_created_record_is_read_only_by_its_own_clinic() {
        UUID patient = clinic.admittedPatient();
        String location = clinic.prescriber.api().body(Map.of("items", List.of(Map.of("medication", "x",
                        "decision", "stop")))).post(BASE + "/patients/" + patient + "/reconciliations").then()
                .statusCode(201).extract().header("Location");
        new MedClinic().prescriber.api().get(location).then().statusCode(404);
    }

    @Test
    void enums_are_read_by_their_wire_values_and_the_java_names_are_refused() {
        UUID patient = clinic.admittedPatient();
        String patientPath = BASE + "/patients/" + patient;
        String orderId = clinic.prescribe(patient, order("sertraline", "oral", 50, "mg"));

        Map<String, Object> upperFrequency = new HashMap<>(order("mirtazapine", "oral", 15, "mg"));
        upperFrequency.put("frequency", "DAILY");
        clinic.prescriber.api().body(upperFrequency).post(patientPath + "/orders").then().statusCode(400);

        clinic.prescriber.api().queryParam("status", "ACTIVE").get(patientPath + "/orders").then().statusCode(400)
                .body("violations[0].field", equalTo("status"));
        clinic.prescriber.api().queryParam("status", "active").get(patientPath + "/orders").then().statusCode(200)
                .body("id", equalTo(List.of(orderId))).body("[0].status", equalTo("active"))
                .body("[0].frequency", equalTo("daily"));
        clinic.prescriber.api().queryParam("status", "discontinued").get(patientPath + "/orders").then()
                .statusCode(200).body("id", equalTo(List.of()));

        clinic.nurse.api().body(Map.of("outcome", "ADMINISTERED"))
                .post(BASE + "/orders/" + orderId + "/administrations").then().statusCode(400);
        clinic.prescriber.api().body(Map.of("decision", "CONTINUED", "reasonCode", "handed-over"))
                .post(BASE + "/orders/" + orderId + "/discharge-review").then().statusCode(400);
        clinic.prescriber.api().body(Map.of("items", List.of(Map.of("medication", "x", "decision", "CONTINUE"))))
                .post(patientPath + "/reconciliations").then().statusCode(400);

        String screen = clinic.prescriber.api().body(Map.of("specimen", "urine", "panel", List.of("BUP")))
                .post(patientPath + "/drug-screens").then().statusCode(201).body("status", equalTo("ordered"))
                .extract().path("id");
        clinic.nurse.api().body(Map.of()).post(BASE + "/drug-screens/" + screen + "/collection").then()
                .statusCode(200).body("status", equalTo("collected"));
        clinic.nurse.api().body(Map.of("results", List.of(Map.of("substanceCode", "BUP", "result", "POSITIVE"))))
                .post(BASE + "/drug-screens/" + screen + "/results").then().statusCode(400);
        clinic.nurse.api().body(Map.of("results", List.of(Map.of("substanceCode", "BUP", "result", "negative"))))
                .post(BASE + "/drug-screens/" + screen + "/results").then().statusCode(200)
                .body("status", equalTo("resulted")).body("results[0].result", equalTo("negative"));
        // Nothing the refused requests sent was written.
        clinic.prescriber.api().get(patientPath + "/orders").then().body("id", equalTo(List.of(orderId)));
        clinic.prescriber.api().get(patientPath + "/reconciliations").then().body("id", equalTo(List.of()));
        clinic.prescriber.api().get(patientPath + "/administrations").then().body("id", equalTo(List.of()));
    }
}
