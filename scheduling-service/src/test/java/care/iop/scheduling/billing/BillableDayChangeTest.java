package care.iop.scheduling.billing;

import care.iop.scheduling.billing.BillableDayChange.LineContent;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BillableDayChangeTest {

    private static LineContent h0015(String placeOfService, List<String> staff) {
        return new LineContent("H0015", null, 1, List.of(), placeOfService, null, List.of(), staff, "PA-1", "2026.1");
    }

    private static final LineContent IN_PERSON = h0015("57", List.of("a", "b"));

    @Test
    void nothing_stored_and_nothing_billable_is_unchanged_and_a_new_billable_day_is_determined() {
        assertThat(BillableDayChange.of(List.of(), List.of())).isEqualTo(BillableDayChange.UNCHANGED);
        assertThat(BillableDayChange.of(List.of(), List.of(IN_PERSON))).isEqualTo(BillableDayChange.DETERMINE);
    }

    @Test
    void the_same_lines_are_unchanged_whatever_their_order_or_the_order_of_their_staff() {
        LineContent group = new LineContent("90853", null, 1, List.of(), "57", null, List.of(), List.of("c"), null,
                "2026.1");
        assertThat(BillableDayChange.of(List.of(IN_PERSON, group), List.of(group, h0015("57", List.of("b", "a")))))
                .isEqualTo(BillableDayChange.UNCHANGED);
    }

    @Test
    void a_day_no_longer_billable_is_reversed() {
        assertThat(BillableDayChange.of(List.of(IN_PERSON), List.of())).isEqualTo(BillableDayChange.REVERSE);
    }

    @Test
    void any_change_to_a_line_reverses_it_and_determines_the_day_again() {
        assertThat(BillableDayChange.of(List.of(IN_PERSON), List.of(h0015("10", List.of("a", "b")))))
                .isEqualTo(BillableDayChange.REVERSE_AND_DETERMINE);
        assertThat(BillableDayChange.of(List.of(IN_PERSON), List.of(h0015("57", List.of("a")))))
                .isEqualTo(BillableDayChange.REVERSE_AND_DETERMINE);
        assertThat(BillableDayChange.of(List.of(IN_PERSON), List.of(new LineContent("H0015", null, 1, List.of(),
                "57", null, List.of(), List.of("a", "b"), "PA-1", "2026.2"))))
                .isEqualTo(BillableDayChange.REVERSE_AND_DETERMINE);
        assertThat(BillableDayChange.of(List.of(IN_PERSON), List.of(IN_PERSON, IN_PERSON)))
                .isEqualTo(BillableDayChange.REVERSE_AND_DETERMINE);
    }
}
