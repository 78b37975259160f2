package care.iop.common.request;

import care.iop.common.problem.ProblemException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A request body only where the operation reads one, and then with a {@code Content-Type}: the REST layer would
 * otherwise ignore a body sent to an operation that takes none (even one that is not JSON) and read a body sent
 * without a media type (or with a wildcard, which names none) as JSON.
 */
public class BodyRules {

    private static final Map<Method, Boolean> TAKES_BODY = new ConcurrentHashMap<>();

    @ServerRequestFilter
    public void requireMatchingBody(ContainerRequestContext request, ResourceInfo resource) {
        Method method = resource.getResourceMethod();
        if (method == null || !hasBody(request)) {
            return;
        }
        if (!TAKES_BODY.computeIfAbsent(method, BodyRules::takesBody)) {
            throw ProblemException.badRequest("This operation takes no request body");
        }
        String contentType = request.getHeaderString("Content-Type");
        if (contentType == null || contentType.isBlank() || contentType.contains("*")) {
            throw new ProblemException(415, "unsupported-media-type", "Unsupported media type",
                    "Say what the body is: send it with Content-Type: application/json");
        }
    }

    private static boolean hasBody(ContainerRequestContext request) {
        String length = request.getHeaderString("Content-Length");
        if (length != null) {
            try {
                return Long.parseLong(length.trim()) > 0;
            } catch (NumberFormatException e) {
                return true;
            }
        }
        return request.getHeaderString("Transfer-Encoding") != null;
    }

    /** Whether one of the method's parameters is the entity: the one that is neither annotated nor a context. */
    static boolean takesBody(Method method) {
        for (Parameter parameter : method.getParameters()) {
            boolean bound = false;
            for (Annotation annotation : parameter.getAnnotations()) {
                bound |= isRestPackage(annotation.annotationType().getPackageName());
            }
            if (!bound && !isRestPackage(parameter.getType().getPackageName())
                    && !parameter.getType().getPackageName().startsWith("io.vertx")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isRestPackage(String packageName) {
        return packageName.startsWith("jakarta.ws.rs") || packageName.startsWith("org.jboss.resteasy.reactive");
    }
}
