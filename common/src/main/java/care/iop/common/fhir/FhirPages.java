package care.iop.common.fhir;

import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.hl7.fhir.instance.model.api.IBaseResource;

import java.util.List;

/**
 * Search results one page at a time: {@code _count} (default 20, at most 100) from {@code _offset}; HAPI writes the
 * Bundle's {@code self}, {@code next} and {@code previous} links with {@code _offset}, so paging needs no server-side
 * state and works against any replica.
 */
public final class FhirPages {

    public static final int DEFAULT_COUNT = 20;
    public static final int MAX_COUNT = 100;

    private FhirPages() {
    }

    public static int count(Integer requested) {
        if (requested == null) {
            return DEFAULT_COUNT;
        }
        if (requested < 0) {
            throw new InvalidRequestException("_count must not be negative");
        }
        return Math.min(requested, MAX_COUNT);
    }

    public static int offset(Integer requested) {
        if (requested == null) {
            return 0;
        }
        if (requested < 0) {
            throw new InvalidRequestException("_offset must not be negative");
        }
        return requested;
    }

    /** One page of a result whose matches are all in hand (a patient's records: tens, not thousands). */
    public static IBundleProvider of(List<? extends IBaseResource> matches, Integer offset, Integer count) {
        int from = Math.min(offset(offset), matches.size());
        int to = Math.min(from + count(count), matches.size());
        return page(List.copyOf(matches.subList(from, to)), matches.size(), offset, count);
    }

    /** A page fetched by the caller (LIMIT/OFFSET in the query), with the total it counted. */
    public static IBundleProvider page(List<? extends IBaseResource> page, int total, Integer offset, Integer count) {
        SimpleBundleProvider provider = new SimpleBundleProvider(List.copyOf(page));
        provider.setCurrentPageOffset(offset(offset));
        provider.setCurrentPageSize(count(count));
        provider.setSize(total);
        return provider;
    }
}
