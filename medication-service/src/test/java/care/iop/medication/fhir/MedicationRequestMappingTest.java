package care.iop.medication.fhir;

import care.iop.events.medication.DeaSchedule;
import care.iop.medication.order.MedicationOrder;
import care.iop.medication.order.OrderApi.HistoryView;
import care.iop.medication.order.OrderApi.OrderView;
import care.iop.medication.order.OrderHistory;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.MedicationRequest.MedicationRequestStatus;
import org.hl7.fhir.r4.model.Timing;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The decisions of the order → MedicationRequest mapping: status, category and the dosage's timing. */
class MedicationRequestMappingTest {

    static final LocalDate TODAY = LocalDate.of(2025, 6, 1);

    static OrderView order(MedicationOrder.Status status, String frequency, LocalDate end, List<LocalTime> times,
                           MedicationOrder.DischargeReview review) {
        return new OrderView(UUID.randomUUID(), UUID.randomUUID(), "buprenorphine-naloxone", "352364",
                "opioid-partial-agonist", DeaSchedule.III, true, true, new BigDecimal("8.000"), "mg", "sublingual",
                frequency, LocalDate.of(2025, 3, 1), end, null, "F11.20", UUID.randomUUID(), null, status, times,
                times.isEmpty() ? null : "America/New_York", times.isEmpty() ? null : 60, review, List.of(),
                List.of(new HistoryView(OrderHistory.PRESCRIBED, Instant.parse("2025-03-01T15:00:00Z"),
                                UUID.randomUUID(), null),
                        new HistoryView(OrderHistory.DISCONTINUED, Instant.parse("2025-04-01T15:00:00Z"),
                                UUID.randomUUID(), "patient-request")), 3);
    }

    static OrderView active(String frequency) {
        return order(MedicationOrder.Status.ACTIVE, frequency, null, List.of(), null);
    }

    @Test
    void status_is_stopped_completed_past_the_end_date_or_active_also_while_waiting_for_discharge_review() {
        assertThat(MedicationRequestMapping.status(order(MedicationOrder.Status.DISCONTINUED, "daily", null,
                List.of(), null), TODAY)).isEqualTo(MedicationRequestStatus.STOPPED);
        assertThat(MedicationRequestMapping.status(order(MedicationOrder.Status.ACTIVE, "daily",
                TODAY.minusDays(1), List.of(), null), TODAY)).isEqualTo(MedicationRequestStatus.COMPLETED);
        assertThat(MedicationRequestMapping.status(order(MedicationOrder.Status.ACTIVE, "daily", TODAY, List.of(),
                null), TODAY)).isEqualTo(MedicationRequestStatus.ACTIVE);
        assertThat(MedicationRequestMapping.status(order(MedicationOrder.Status.ACTIVE, "daily", null, List.of(),
                MedicationOrder.DischargeReview.PENDING), TODAY)).isEqualTo(MedicationRequestStatus.ACTIVE);
        var stopped = MedicationRequestMapping.toFhir(order(MedicationOrder.Status.DISCONTINUED, "daily", null,
                List.of(), null), "buprenorphine / naloxone", TODAY);
        assertThat(stopped.getStatusReason().getText()).isEqualTo("patient-request");
    }

    @Test
    void observed_doses_are_outpatient_with_times_of_day_and_home_doses_community() {
        var observed = MedicationRequestMapping.toFhir(order(MedicationOrder.Status.ACTIVE, "bid", null,
                List.of(LocalTime.of(9, 0), LocalTime.of(21, 0)), null), "buprenorphine / naloxone", TODAY);
        assertThat(observed.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("outpatient");
        Dosage dosage = observed.getDosageInstructionFirstRep();
        assertThat(dosage.getText()).isEqualTo("8 mg sublingual bid at 09:00, 21:00 (America/New_York)");
        assertThat(dosage.getTiming().getRepeat().getTimeOfDay()).extracting(t -> t.getValue())
                .containsExactly("09:00:00", "21:00:00");
        assertThat(dosage.getTiming().getRepeat().getFrequency()).isEqualTo(2);
        assertThat(observed.getMedicationCodeableConcept().getCoding()).extracting(c -> c.getCode())
                .containsExactly("352364", "buprenorphine-naloxone");
        assertThat(observed.getNoteFirstRep().getText()).contains("MAT");
        var home = MedicationRequestMapping.toFhir(active("daily"), "x", TODAY);
        assertThat(home.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("community");
    }

    @Test
    void each_frequency_has_a_timing() {
        assertThat(MedicationRequestMapping.dosage(active("once")).getTiming().getRepeat().getCount()).isEqualTo(1);
        Timing weekly = MedicationRequestMapping.dosage(active("weekly")).getTiming();
        assertThat(weekly.getRepeat().getPeriodUnit()).isEqualTo(Timing.UnitsOfTime.WK);
        assertThat(weekly.getCode().getCodingFirstRep().getCode()).isEqualTo("WK");
        assertThat(MedicationRequestMapping.dosage(active("monthly")).getTiming().getRepeat().getPeriodUnit())
                .isEqualTo(Timing.UnitsOfTime.MO);
        assertThat(MedicationRequestMapping.dosage(active("qhs")).getTiming().getRepeat().getWhen())
                .extracting(w -> w.getValue()).containsExactly(Timing.EventTiming.HS);
        assertThat(MedicationRequestMapping.dosage(active("prn")).getAsNeededBooleanType().booleanValue()).isTrue();
        assertThat(MedicationRequestMapping.dosage(active("qid")).getTiming().getCode().getCodingFirstRep()
                .getCode()).isEqualTo("QID");
        assertThat(MedicationRequestMapping.dosage(active("daily")).getDoseAndRateFirstRep().getDoseQuantity()
                .getValue()).isEqualByComparingTo("8");
    }
}
