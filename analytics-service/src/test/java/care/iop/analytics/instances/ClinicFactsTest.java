package care.iop.analytics.instances;

import care.iop.analytics.PatientFacts;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** What one instance hands another: one clinic's facts only, in the same JSON both read. */
class ClinicFactsTest {

    private static final LocalDate DAY = LocalDate.of(2026, 1, 5);

    private static final PatientFacts AT_TWO_CLINICS = PatientFacts.empty()
            .with(new PatientFacts.Admission("adm-1", "c1", "iop-adult", DAY))
            .with(new PatientFacts.Admission("adm-2", "c2", "iop-adult", DAY.plusDays(40)))
            .with(new PatientFacts.Attendance("s-1", "c1", true, false, DAY.plusDays(1)))
            .with(new PatientFacts.Attendance("s-2", "c2", false, true, DAY.plusDays(41)))
            .with(new PatientFacts.Screen("scr-2", "c2", true, DAY.plusDays(42)));

    @Test
    void a_patient_seen_at_two_clinics_keeps_only_the_asked_clinics_facts() {
        PatientFacts c1 = ClinicFacts.only(AT_TWO_CLINICS, "c1").orElseThrow();

        assertThat(c1.admissions()).containsOnlyKeys("adm-1");
        assertThat(c1.attendance()).containsOnlyKeys("s-1");
        assertThat(c1.screens()).isEmpty();
        assertThat(ClinicFacts.only(AT_TWO_CLINICS, "c2").orElseThrow().screens()).containsOnlyKeys("scr-2");
    }

    @Test
    void a_patient_with_nothing_at_the_clinic_is_left_out() {
        assertThat(ClinicFacts.only(AT_TWO_CLINICS, "c3")).isEmpty();
        assertThat(ClinicFacts.only(PatientFacts.empty(), "c1")).isEmpty();
    }

    @Test
    void a_share_reads_back_as_written() throws Exception {
        InstanceFacts share = InstanceFacts.of(Set.of(new TopicPartition("iop.intake.v1", 2),
                new TopicPartition("iop.aftercare.v1", 0)), List.of(ClinicFacts.only(AT_TWO_CLINICS, "c1").orElseThrow()));

        InstanceFacts read = InstanceFacts.fromJson(share.toJson());

        assertThat(read).isEqualTo(share);
        assertThat(read.topicPartitions()).containsExactlyInAnyOrder(new TopicPartition("iop.intake.v1", 2),
                new TopicPartition("iop.aftercare.v1", 0));
        assertThat(share.toJson()).doesNotContain("c2").contains("\"date\":\"2026-01-05\"");
    }
}
