package care.iop.scheduling.billing;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ClaimLinesCsvTest {

    private static UUID id(int n) {
        return UUID.fromString(String.format("00000000-0000-4000-8000-%012d", n));
    }

    @Test
    void a_header_then_one_row_per_line_with_lists_joined_and_nulls_empty() {
        ClaimLineView reversal = new ClaimLineView(id(3), id(1), "reversal", id(2), false, id(9),
                LocalDate.of(2026, 4, 17), "h0015", id(7), "PA 2026/77", "H0015", null, 1, List.of("95"), "10",
                List.of(id(5), id(6)), null, List.of(), "2026.1", Instant.parse("2026-04-18T12:00:00Z"));
        String[] rows = ClaimLinesCsv.write(List.of(reversal)).split("\r\n");
        assertThat(rows).hasSize(2);
        assertThat(rows[0]).isEqualTo(ClaimLinesCsv.HEADER);
        assertThat(rows[1]).isEqualTo(id(3) + "," + id(1) + ",reversal," + id(2) + ",false," + id(9)
                + ",2026-04-17,h0015," + id(7) + ",PA 2026/77,H0015,,1,95,10," + id(5) + ";" + id(6)
                + ",,,2026.1,2026-04-18T12:00:00Z");
    }

    @Test
    void a_field_with_a_comma_or_quote_is_quoted() {
        assertThat(ClaimLinesCsv.field("a,b")).isEqualTo("\"a,b\"");
        assertThat(ClaimLinesCsv.field("say \"x\"")).isEqualTo("\"say \"\"x\"\"\"");
        assertThat(ClaimLinesCsv.field(null)).isEmpty();
    }
}
