package care.iop.intake.search;

import java.util.List;

/**
 * One page of a patient's matching records and how many matched in all: what the FHIR searches ask the feature
 * services for, so that a service audits exactly the records it hands out (as the REST lists audit their page).
 *
 * @param items the page, in the order of the whole result
 * @param total how many records matched
 */
public record Slice<T>(List<T> items, int total) {

    public Slice {
        items = List.copyOf(items);
    }

    /** The page of {@code all} from {@code offset}, at most {@code count} long. */
    public static <T> Slice<T> of(List<T> all, int offset, int count) {
        int from = Math.min(Math.max(offset, 0), all.size());
        int to = Math.min(from + Math.max(count, 0), all.size());
        return new Slice<>(all.subList(from, to), all.size());
    }
}
