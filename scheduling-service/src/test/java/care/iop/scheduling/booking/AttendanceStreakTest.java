package care.iop.scheduling.booking;

import org.junit.jupiter.api.Test;

import java.util.List;

import static care.iop.scheduling.booking.Attendance.ABSENT_EXCUSED;
import static care.iop.scheduling.booking.Attendance.ABSENT_UNEXCUSED;
import static care.iop.scheduling.booking.Attendance.LATE;
import static care.iop.scheduling.booking.Attendance.PRESENT;
import static org.assertj.core.api.Assertions.assertThat;

class AttendanceStreakTest {

    @Test
    void unexcused_absences_count_back_to_the_last_attended_session_and_excused_ones_are_neutral() {
        assertThat(AttendanceService.consecutiveUnexcused(List.of())).isZero();
        assertThat(AttendanceService.consecutiveUnexcused(List.of(ABSENT_UNEXCUSED, ABSENT_UNEXCUSED, PRESENT,
                ABSENT_UNEXCUSED))).isEqualTo(2);
        assertThat(AttendanceService.consecutiveUnexcused(List.of(ABSENT_UNEXCUSED, ABSENT_EXCUSED, ABSENT_UNEXCUSED)))
                .isEqualTo(2);
        assertThat(AttendanceService.consecutiveUnexcused(List.of(LATE, ABSENT_UNEXCUSED))).isZero();
        assertThat(AttendanceService.consecutiveUnexcused(List.of(ABSENT_EXCUSED))).isZero();
    }
}
