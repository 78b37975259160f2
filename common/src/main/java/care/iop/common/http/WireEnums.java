package care.iop.common.http;

import care.iop.common.problem.ProblemException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Reads an enum from a query parameter by its JSON wire name ({@code "PHQ-9"}, {@code "assessment-scheduled"}),
 * the same spelling bodies use; JAX-RS alone would only accept the Java constant name.
 */
public final class WireEnums {

    private static final ObjectMapper JSON = new ObjectMapper();

    private WireEnums() {
    }

    public static <E extends Enum<E>> E parse(Class<E> type, String value, String parameter) {
        if (value == null) {
            return null;
        }
        return Arrays.stream(type.getEnumConstants()).filter(e -> wireName(e).equals(value)).findFirst()
                .orElseThrow(() -> ProblemException.invalid(parameter, "must be one of " + Arrays
                        .stream(type.getEnumConstants()).map(WireEnums::wireName).collect(Collectors.joining(", "))));
    }

    public static String wireName(Enum<?> constant) {
        return JSON.convertValue(constant, String.class);
    }
}
