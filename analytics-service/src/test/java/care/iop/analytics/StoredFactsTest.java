package care.iop.analytics;

import care.iop.events.CloudEvent;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static care.iop.analytics.EventStream.CLINIC;
import static care.iop.analytics.EventStream.OTHER_CLINIC;
import static care.iop.analytics.EventStream.admitted;
import static care.iop.analytics.EventStream.attended;
import static care.iop.analytics.EventStream.drugScreen;
import static care.iop.analytics.EventStream.otherClinic;
import static care.iop.analytics.EventStream.patient;
import static org.assertj.core.api.Assertions.assertThat;

/** The facts store read the way the service reads it: one entry per fact, a clinic's facts by one prefix scan. */
class StoredFactsTest {

    @Test
    void a_patient_seen_at_two_clinics_is_read_at_each_with_only_that_clinics_facts() {
        try (EventStream s = new EventStream()) {
            UUID p = patient();
            UUID other = patient();
            s.send(admitted(p, "2026-01-05")).send(attended(p, "2026-01-06"))
                    .send(otherClinic(admitted(p, "2026-02-14"))).send(otherClinic(attended(p, "2026-02-15")))
                    .send(otherClinic(drugScreen(p, "2026-02-16", true)))
                    .send(admitted(other, "2026-01-07"));

            List<PatientFacts> atClinic = s.patientsAt(CLINIC);
            List<PatientFacts> atOther = s.patientsAt(OTHER_CLINIC);

            assertThat(atClinic).hasSize(2);
            assertThat(atClinic).allSatisfy(facts -> assertThat(facts.all())
                    .allMatch(fact -> fact.clinicId().equals(CLINIC.toString())));
            assertThat(atClinic).extracting(facts -> facts.screens().size()).containsOnly(0);
            assertThat(atOther).singleElement().satisfies(facts -> {
                assertThat(facts.admissions()).hasSize(1);
                assertThat(facts.attendance()).hasSize(1);
                assertThat(facts.screens()).hasSize(1);
                assertThat(facts.all()).allMatch(fact -> fact.clinicId().equals(OTHER_CLINIC.toString()));
            });
            assertThat(s.patientsAt(UUID.randomUUID())).isEmpty();
        }
    }

    @Test
    void each_fact_is_one_entry_and_an_event_told_again_adds_none() {
        try (EventStream s = new EventStream()) {
            UUID p = patient();
            CloudEvent admission = admitted(p, "2026-01-05");
            CloudEvent attendance = attended(p, "2026-01-06");
            s.send(admission).send(attendance);
            assertThat(s.storedEntries()).isEqualTo(2);

            s.send(attendance).send(admission).send(attended(p, "2026-01-07"));

            assertThat(s.storedEntries()).isEqualTo(3);
            assertThat(s.patientsAt(CLINIC)).singleElement()
                    .satisfies(facts -> assertThat(facts.attendance()).hasSize(2));
        }
    }

    @Test
    void a_record_whose_key_or_clinic_would_break_the_store_key_is_skipped() {
        try (EventStream s = new EventStream()) {
            CloudEvent admission = admitted(patient(), "2026-01-05");
            s.sendRaw(care.iop.events.Topics.INTAKE, "patient|with|bars", care.iop.events.EventJson.write(admission));

            assertThat(s.storedEntries()).isZero();
        }
    }

    @Test
    void facts_built_one_by_one_in_any_order_equal_the_facts_told_in_turn() {
        PatientFacts.Attendance miss = new PatientFacts.Attendance("s-1", "c1", false, true,
                java.time.LocalDate.of(2026, 1, 6));
        PatientFacts.Attendance came = new PatientFacts.Attendance("s-1", "c1", true, false,
                java.time.LocalDate.of(2026, 1, 6));
        PatientFacts.Admission admission = new PatientFacts.Admission("adm-1", "c1", "iop-adult",
                java.time.LocalDate.of(2026, 1, 5));

        PatientFacts told = PatientFacts.empty().with(admission).with(miss).with(came);

        assertThat(PatientFacts.of(List.of(came, admission, miss))).isEqualTo(told);
        assertThat(told.attendance()).containsOnly(java.util.Map.entry("s-1", came));
    }
}
