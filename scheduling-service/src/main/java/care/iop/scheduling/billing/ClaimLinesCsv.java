package care.iop.scheduling.billing;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Claim lines as CSV (RFC 4180): a header, then one row per line in the JSON's order and with its fields; a list
 * is one field with its items separated by {@code ;}, a null is an empty field.
 */
public final class ClaimLinesCsv {

    static final String HEADER = "lineId,billableDayId,kind,reversesLineId,reversed,patientId,date,payerRuleSet,"
            + "coverageId,authorizationNumber,hcpcsCode,revenueCode,units,modifiers,placeOfService,renderingStaffIds,"
            + "perDiemClass,conditionCodes,rulesVersion,recordedAt";

    private ClaimLinesCsv() {
    }

    public static String write(List<ClaimLineView> lines) {
        StringBuilder csv = new StringBuilder(HEADER).append("\r\n");
        for (ClaimLineView l : lines) {
            csv.append(Stream.of(l.lineId(), l.billableDayId(), l.kind(), l.reversesLineId(), l.reversed(),
                    l.patientId(), l.date(), l.payerRuleSet(), l.coverageId(), l.authorizationNumber(), l.hcpcsCode(),
                    l.revenueCode(), l.units(), list(l.modifiers()), l.placeOfService(), list(l.renderingStaffIds()),
                    l.perDiemClass(), list(l.conditionCodes()), l.rulesVersion(), l.recordedAt())
                    .map(ClaimLinesCsv::field).collect(Collectors.joining(","))).append("\r\n");
        }
        return csv.toString();
    }

    private static String list(List<?> items) {
        return items.stream().map(Objects::toString).collect(Collectors.joining(";"));
    }

    static String field(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        return text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")
                ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
}
