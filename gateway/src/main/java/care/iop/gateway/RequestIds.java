package care.iop.gateway;

import io.vertx.ext.web.RoutingContext;

import java.util.UUID;
import java.util.regex.Pattern;

/** X-Request-Id: taken from the caller when sensible, otherwise made here; passed on and echoed. */
final class RequestIds {

    static final String HEADER = "X-Request-Id";
    private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final String KEY = "iop.request-id";

    private RequestIds() {
    }

    static String of(RoutingContext rc) {
        String id = rc.get(KEY);
        if (id == null) {
            String given = rc.request().getHeader(HEADER);
            id = given != null && ACCEPTABLE.matcher(given).matches() ? given : UUID.randomUUID().toString();
            rc.put(KEY, id);
            rc.request().headers().set(HEADER, id);
            rc.response().putHeader(HEADER, id);
        }
        return id;
    }
}
