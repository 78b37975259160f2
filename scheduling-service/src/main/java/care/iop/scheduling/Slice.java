package care.iop.scheduling;

import java.util.List;

/**
 * One page of a result counted in full: the items from some offset, and how many matched in all. The FHIR faces page
 * by offset ({@code _offset}, {@code _count}) and report the total in the Bundle; services hand them only the page
 * they serve, so only what is served is audited.
 */
public record Slice<T>(List<T> items, int total) {

    public Slice {
        items = List.copyOf(items);
    }

    /** The page of {@code matches} from {@code offset}, at most {@code count} long. */
    public static <T> Slice<T> of(List<T> matches, int offset, int count) {
        int from = Math.min(Math.max(offset, 0), matches.size());
        int to = Math.min(from + Math.max(count, 0), matches.size());
        return new Slice<>(matches.subList(from, to), matches.size());
    }
}
