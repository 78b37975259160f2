package care.iop.common.http;

import care.iop.common.problem.ProblemException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * A page of a list, with an opaque cursor for the next one (keyset pagination over {@code (createdAt, id)}, so
 * pages stay stable while rows are added). {@code limit} defaults to 50, at most 200.
 */
public record Page<T>(List<T> items, String nextCursor) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    /** The position after which the next page starts. */
    public record Position(Instant createdAt, UUID id) {
    }

    public static int limit(Integer requested) {
        if (requested == null) {
            return DEFAULT_LIMIT;
        }
        if (requested < 1 || requested > MAX_LIMIT) {
            throw ProblemException.invalid("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return requested;
    }

    public static Position decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
            return new Position(Instant.parse(parts[0]), UUID.fromString(parts[1]));
        } catch (RuntimeException e) {
            throw ProblemException.invalid("cursor", "is not a cursor this API issued");
        }
    }

    /**
     * @param rows     up to limit + 1 rows in (createdAt, id) order; the extra one only says there is more
     * @param position how to read a row's position
     */
    public static <R, T> Page<T> of(List<R> rows, int limit, Function<R, Position> position, Function<R, T> view) {
        boolean more = rows.size() > limit;
        List<R> page = more ? rows.subList(0, limit) : rows;
        String next = null;
        if (more) {
            Position last = position.apply(page.get(page.size() - 1));
            next = Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((last.createdAt() + "|" + last.id()).getBytes(StandardCharsets.UTF_8));
        }
        return new Page<>(page.stream().map(view).toList(), next);
    }
}
