package care.iop.gateway;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * A request URI longer than {@value #MAX_URI_LENGTH} characters is refused here with a 414 problem document. Without
 * this the HTTP codec refused request lines over 4,096 bytes itself — at the gateway, and at every service behind
 * it — with a bare {@code 414} and an empty body (found by the API fuzzer, issue #10: a 10 KB query parameter). The
 * gateway's codec now reads request lines up to {@code quarkus.http.limits.max-initial-line-length} (64 KiB) so that
 * this route sees them, and the limit stays below the services' own 4,096 so that none of them is ever reached
 * with a line it would refuse bare.
 */
@ApplicationScoped
public class UriLimit {

    static final int MAX_URI_LENGTH = 4_000;

    void routes(@Observes Router router) {
        router.route().order(-1_000).handler(rc -> {
            if (rc.request().uri().length() > MAX_URI_LENGTH) {
                Problems.send(rc, 414, "uri-too-long", "URI too long",
                        "The request URI exceeds " + MAX_URI_LENGTH + " characters");
            } else {
                rc.next();
            }
        });
    }
}
