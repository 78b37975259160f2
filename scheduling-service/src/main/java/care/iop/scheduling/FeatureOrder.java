package care.iop.scheduling;

import jakarta.interceptor.Interceptor;

import java.util.List;

/**
 * The one order between scheduling's feature packages, lowest first. A feature may use the features below it
 * (call their services, read their entities) and never one above it: a lower feature announces its changes with
 * in-process CDI events (fired synchronously, so observers run in the caller's transaction) that higher features
 * observe, and asks a higher feature a question only through an interface it owns and the higher feature implements
 * ({@link care.iop.scheduling.session.Occupancy}). {@code FeatureOrderTest} fails when a lower package depends on a
 * higher one, or when a package is missing from the list. scheduling-service/README.md explains the order.
 *
 * <p>When several features observe one event, they run in this order too: each observer method carries the
 * {@code @Priority} of its feature below (a lower number runs first).
 */
public final class FeatureOrder {

    /**
     * Sub-packages of {@code care.iop.scheduling}, lowest first. {@code staff} (the read-only staff directory) uses
     * only common's {@code StaffDirectory}, which the features that take staff ids call directly. {@code fhir} (the FHIR R4 faces, issue #18) is the
     * outermost: it may call any feature's service and no feature may use it.
     */
    public static final List<String> FEATURES = List.of("staff", "patient", "room", "track", "session", "enrollment",
            "booking", "compliance", "authorization", "billing", "calendar", "disclosure", "inbound", "audit", "fhir");

    public static final int SESSION = Interceptor.Priority.APPLICATION + 30;
    public static final int ENROLLMENT = Interceptor.Priority.APPLICATION + 40;
    public static final int BOOKING = Interceptor.Priority.APPLICATION + 50;
    public static final int COMPLIANCE = Interceptor.Priority.APPLICATION + 60;
    public static final int AUTHORIZATION = Interceptor.Priority.APPLICATION + 70;
    public static final int BILLING = Interceptor.Priority.APPLICATION + 80;

    private FeatureOrder() {
    }
}
