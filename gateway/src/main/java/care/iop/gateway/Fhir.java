package care.iop.gateway;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * HAPI's FHIR R4 model, the one way the gateway reads and writes FHIR: parsers are made per use (they are not
 * thread-safe), the context is HAPI's shared one. Its first use loads the model (about a second), so it is warmed on
 * a worker thread at start-up rather than on the first caller's request.
 */
@ApplicationScoped
public class Fhir {

    private static FhirContext context() {
        return FhirContext.forR4Cached();
    }

    /** A compact JSON parser that leaves unknown elements to the lenient default (logged, not fatal). */
    static IParser json() {
        return context().newJsonParser().setPrettyPrint(false);
    }

    void warm(@Observes StartupEvent start, Vertx vertx) {
        vertx.executeBlocking(() -> OperationOutcomes.body("processing", "warm-up"), false);
    }
}
