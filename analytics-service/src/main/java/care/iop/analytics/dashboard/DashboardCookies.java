package care.iop.analytics.dashboard;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps the dashboard's CSRF cookie off the API's answers. quarkus-rest-csrf makes a token on every GET of the
 * application (its {@code create-token-path}, which would limit that, fails against Quarkus 3.34 in the 3.33.2 build
 * used here); the cookie is scoped to /dashboard so it would never come back, but API clients need not see it.
 */
@ApplicationScoped
public class DashboardCookies {

    void keepCsrfCookieOnDashboard(@Observes Router router,
                                   @ConfigProperty(name = "quarkus.rest-csrf.cookie-name", defaultValue = "csrf-token")
                                   String csrfCookie) {
        router.route().order(-100).handler(rc -> {
            String path = rc.normalizedPath();
            if (!path.equals("/dashboard") && !path.startsWith("/dashboard/")) {
                // Runs before Vert.x writes the response's cookies.
                rc.addHeadersEndHandler(v -> rc.response().removeCookie(csrfCookie, false));
            }
            rc.next();
        });
    }
}
