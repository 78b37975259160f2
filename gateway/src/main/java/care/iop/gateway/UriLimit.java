package care.iop.gateway;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.regex.Pattern;

/**
 * A request URI longer than {@value #MAX_URI_LENGTH} characters is refused here with a 414 problem document. Without
 * this the HTTP codec refused request lines over 4,096 bytes itself — at the gateway, and at every service behind
 * it — with a bare {@code 414} and an empty body (found by the API fuzzer, issue #10: a 10 KB query parameter). The
 * gateway's codec now reads request lines up to {@code quarkus.http.limits.max-initial-line-length} (64 KiB) so that
 * this route sees them, and the limit stays below the services' own 4,096 so that none of them is ever reached
 * with a line it would refuse bare.
 *
 * <p>A path with a {@code .} or {@code ..} segment (plain or percent-encoded) is a 400: the gateway routes by the
 * normalised path but forwards the path as sent, and the service behind it normalises again, so
 * {@code /api/v1/intake/patients/../referrals} reached another operation than the one it names (found by the API
 * fuzzer, issue #19). A client sends the path it means.
 */
@ApplicationScoped
public class UriLimit {

    static final int MAX_URI_LENGTH = 4_000;
    private static final Pattern DOT_SEGMENT = Pattern.compile("(^|/)(\\.|%2e){1,2}(/|$)", Pattern.CASE_INSENSITIVE);

    void routes(@Observes Router router) {
        router.route().order(-1_000).handler(rc -> {
            if (rc.request().uri().length() > MAX_URI_LENGTH) {
                Problems.send(rc, 414, "uri-too-long", "URI too long",
                        "The request URI exceeds " + MAX_URI_LENGTH + " characters");
            } else if (DOT_SEGMENT.matcher(rc.request().path()).find()) {
                Problems.send(rc, 400, "bad-request", "Bad request",
                        "The path has a dot segment; send the path it stands for");
            } else {
                rc.next();
            }
        });
    }
}
