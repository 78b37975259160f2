package care.iop.medication;

import care.iop.medication.screen.DrugScreen;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static care.iop.medication.MedClinic.BASE;
import static care.iop.medication.MedClinic.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;

/**
 * A positive is expected when an order's clinical dates (start, end, discontinuation effective date) cover the
 * specimen's collection, whenever the order was entered. Every date is relative to now; whole days apart from each
 * boundary, so the time of day the test runs at does not matter.
 */
@QuarkusTest
class DrugScreenExpectationTest {

    private final MedClinic clinic = new MedClinic();

    private static LocalDate daysAgo(int days) {
        return LocalDate.now(ZoneOffset.UTC).minusDays(days);
    }

    private static Instant instantDaysAgo(int days) {
        return Instant.now().minus(days, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MICROS);
    }

    /** A buprenorphine order entered now with the given clinical start date. */
    private String buprenorphineStarted(UUID patient, LocalDate start) {
        var bup = order("buprenorphine", "sublingual", 8, "mg");
        bup.put("startDate", start.toString());
        return clinic.prescribe(patient, bup);
    }

    /**
     * A BUP-positive urine screen collected {@code days} ago, resulted now; answers whether BUP was expected.
     * The screen order is dated the day of collection (a screen cannot be collected well before it is ordered, and
     * the test cannot wait days to collect it).
     */
    private boolean bupPositiveCollectedDaysAgo(UUID patient, int days) {
        String screen = clinic.prescriber.api().body(Map.of("specimen", "urine", "panel", List.of("BUP")))
                .post(BASE + "/patients/" + patient + "/drug-screens").then().statusCode(201).extract().path("id");
        Instant collectedAt = instantDaysAgo(days);
        QuarkusTransaction.requiringNew().run(() -> DrugScreen.update("orderedAt = ?1 where id = ?2",
                collectedAt.minus(1, ChronoUnit.HOURS), UUID.fromString(screen)));
        clinic.nurse.api().body(Map.of("collectedAt", collectedAt.toString()))
                .post(BASE + "/drug-screens/" + screen + "/collection").then().statusCode(200);
        boolean expected = clinic.nurse.api()
                .body(Map.of("results", List.of(Map.of("substanceCode", "BUP", "result", "positive"))))
                .post(BASE + "/drug-screens/" + screen + "/results").then().statusCode(200)
                .extract().path("results[0].expected");
        clinic.nurse.api().get(BASE + "/drug-screens/" + screen).then().statusCode(200)
                .body("unexpectedPositive", equalTo(!expected));
        return expected;
    }

    @Test
    void a_screen_collected_after_the_start_date_is_expected_though_the_order_was_entered_later() {
        UUID patient = clinic.admittedPatient();
        buprenorphineStarted(patient, daysAgo(3));
        assertThat(bupPositiveCollectedDaysAgo(patient, 2)).isTrue();
        // Before the start date the medication explains nothing.
        assertThat(bupPositiveCollectedDaysAgo(patient, 5)).isFalse();
    }

    @Test
    void a_screen_collected_after_the_discontinuation_effective_date_is_unexpected() {
        UUID patient = clinic.admittedPatient();
        String bup = buprenorphineStarted(patient, daysAgo(30));
        // Recorded today: the patient stopped twelve days ago. Not in the future, not before the start date.
        clinic.prescriber.api().body(Map.of("reasonCode", "patient-stopped", "effectiveDate", daysAgo(-2).toString()))
                .post(BASE + "/orders/" + bup + "/discontinue").then().statusCode(400)
                .body("violations[0].field", equalTo("effectiveDate"));
        clinic.prescriber.api().body(Map.of("reasonCode", "patient-stopped", "effectiveDate", daysAgo(31).toString()))
                .post(BASE + "/orders/" + bup + "/discontinue").then().statusCode(400)
                .body("violations[0].field", equalTo("effectiveDate"));
        clinic.prescriber.api().body(Map.of("reasonCode", "patient-stopped", "effectiveDate", daysAgo(12).toString()))
                .post(BASE + "/orders/" + bup + "/discontinue").then().statusCode(200)
                .body("status", equalTo("discontinued")).body("discontinuedOn", equalTo(daysAgo(12).toString()));

        // While it was taken, and for the washout week after (buprenorphine stays detectable): expected.
        assertThat(bupPositiveCollectedDaysAgo(patient, 14)).isTrue();
        assertThat(bupPositiveCollectedDaysAgo(patient, 7)).isTrue();
        // More than a week after the discontinuation took effect, though before it was recorded: unexpected.
        assertThat(bupPositiveCollectedDaysAgo(patient, 3)).isFalse();
    }

    @Test
    void a_discontinuation_without_an_effective_date_takes_effect_today() {
        UUID patient = clinic.admittedPatient();
        String bup = buprenorphineStarted(patient, daysAgo(10));
        LocalDate today = daysAgo(0);
        clinic.prescriber.api().body(Map.of("reasonCode", "tapered"))
                .post(BASE + "/orders/" + bup + "/discontinue").then().statusCode(200)
                .body("discontinuedOn", anyOf(equalTo(today.toString()), equalTo(today.plusDays(1).toString())));
        assertThat(bupPositiveCollectedDaysAgo(patient, 2)).isTrue();
    }
}
