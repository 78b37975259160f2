package care.iop.scheduling;

import java.util.Collection;
import java.util.List;

/**
 * Enum values in SQL come from the enum, never a retyped string literal: queries bind the constants' stored form
 * ({@code EnumType.STRING}, the constant's name) as a list parameter, {@code status in (:statuses)}.
 */
public final class SqlEnums {

    private SqlEnums() {
    }

    /** The constants' names in declaration order, for an SQL {@code in} list parameter. */
    public static <E extends Enum<E>> List<String> names(Collection<E> values) {
        return values.stream().sorted().map(Enum::name).toList();
    }
}
