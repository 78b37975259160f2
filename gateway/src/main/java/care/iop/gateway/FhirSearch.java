package care.iop.gateway;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A search of a type two services hold, answered as one searchset Bundle (plain Java over HAPI's model, no I/O).
 * Both owners were asked the same query; the answer is their entries concatenated in {@link FhirOwners} order, the
 * sum of their totals when both gave one, and links on the gateway's public URL.
 *
 * <p>Paging: the services page with {@code _offset} and {@code _count}, so page <i>n</i> of the merged search is page
 * <i>n</i> of each owner, one after the other — up to twice {@code _count} entries, fewer once one owner has run
 * out. The {@code next} link (present while either owner had one) repeats the query with {@code _offset} advanced by
 * {@code _count}; an owner whose results are exhausted answers that page with no entries.
 */
final class FhirSearch {

    /** The query of a search as the caller wrote it: raw {@code name=value} pieces, encoding kept. */
    record Query(List<String> pieces) {

        static Query of(String... raw) {
            List<String> pieces = new ArrayList<>();
            for (String part : raw) {
                if (part == null || part.isBlank()) {
                    continue;
                }
                for (String piece : part.split("&")) {
                    if (!piece.isEmpty()) {
                        pieces.add(piece);
                    }
                }
            }
            return new Query(List.copyOf(pieces));
        }

        static String name(String piece) {
            int eq = piece.indexOf('=');
            return decode(eq < 0 ? piece : piece.substring(0, eq));
        }

        Optional<Integer> integer(String name) {
            for (String piece : pieces) {
                if (name(piece).equals(name)) {
                    int eq = piece.indexOf('=');
                    try {
                        return Optional.of(Integer.parseInt(decode(eq < 0 ? "" : piece.substring(eq + 1)).trim()));
                    } catch (NumberFormatException e) {
                        return Optional.empty();
                    }
                }
            }
            return Optional.empty();
        }

        /** The pieces except the paging ones, then {@code _count} and {@code _offset} as given. */
        String paged(int count, int offset) {
            List<String> kept = new ArrayList<>(pieces.stream()
                    .filter(p -> !name(p).equals("_offset") && !name(p).equals("_count")).toList());
            kept.add("_count=" + count);
            kept.add("_offset=" + offset);
            return String.join("&", kept);
        }

        String raw() {
            return String.join("&", pieces);
        }

        private static String decode(String s) {
            try {
                return URLDecoder.decode(s, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return s;
            }
        }
    }

    private FhirSearch() {
    }

    /**
     * One Bundle from the owners' searchsets (in owner order).
     *
     * @param searchPath {@code /fhir/r4/<Type>} (links are GET searches, also for a POST {@code _search})
     */
    static Bundle merge(List<Bundle> answers, Query query, String searchPath, FhirLinks links) {
        Bundle merged = new Bundle().setType(Bundle.BundleType.SEARCHSET);
        merged.setId(UUID.randomUUID().toString());
        merged.getMeta().setLastUpdated(new Date());
        boolean everyTotal = !answers.isEmpty() && answers.stream().allMatch(Bundle::hasTotal);
        if (everyTotal) {
            merged.setTotal(answers.stream().mapToInt(Bundle::getTotal).sum());
        }
        Set<String> seen = new HashSet<>();
        for (Bundle answer : answers) {
            for (BundleEntryComponent entry : answer.getEntry()) {
                // An _include'd resource both owners returned (say, the patient) is listed once.
                if (entry.hasFullUrl() && !seen.add(entry.getFullUrl())) {
                    continue;
                }
                merged.addEntry(entry);
            }
        }
        links.rewrite(merged);

        String base = links.publicUrl(searchPath);
        String self = query.raw();
        merged.addLink().setRelation("self").setUrl(self.isEmpty() ? base : base + "?" + self);
        int offset = Math.max(0, query.integer("_offset").orElse(0));
        int count = pageSize(answers, query, offset);
        boolean more = answers.stream().anyMatch(b -> b.getLink(Bundle.LINK_NEXT) != null);
        if (more && count > 0) {
            merged.addLink().setRelation(Bundle.LINK_NEXT).setUrl(base + "?" + query.paged(count, offset + count));
        }
        if (offset > 0 && count > 0) {
            merged.addLink().setRelation("previous")
                    .setUrl(base + "?" + query.paged(count, Math.max(0, offset - count)));
        }
        return merged;
    }

    /**
     * The page size the owners used: the caller's {@code _count}, else the one in an owner's {@code next} link, else
     * how far that link moved {@code _offset}, else the larger page an owner returned.
     */
    static int pageSize(List<Bundle> answers, Query query, int offset) {
        Optional<Integer> asked = query.integer("_count");
        if (asked.isPresent()) {
            return Math.max(0, asked.get());
        }
        for (Bundle answer : answers) {
            Bundle.BundleLinkComponent next = answer.getLink(Bundle.LINK_NEXT);
            if (next == null) {
                continue;
            }
            Query nextQuery = Query.of(rawQuery(next.getUrl()));
            Optional<Integer> count = nextQuery.integer("_count");
            if (count.isPresent() && count.get() > 0) {
                return count.get();
            }
            Optional<Integer> nextOffset = nextQuery.integer("_offset");
            if (nextOffset.isPresent() && nextOffset.get() > offset) {
                return nextOffset.get() - offset;
            }
        }
        return answers.stream().mapToInt(b -> (int) b.getEntry().stream()
                .filter(e -> !e.hasSearch() || e.getSearch().getMode() != Bundle.SearchEntryMode.INCLUDE).count())
                .max().orElse(0);
    }

    private static String rawQuery(String url) {
        try {
            return URI.create(url).getRawQuery();
        } catch (IllegalArgumentException e) {
            int q = url.indexOf('?');
            return q < 0 ? "" : url.substring(q + 1);
        }
    }
}
