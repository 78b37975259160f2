package care.iop.common.audit;

import care.iop.common.security.CallerContext;
import care.iop.events.audit.AuditAction;
import care.iop.events.audit.AuditOutcome;
import io.quarkus.arc.Arc;
import io.quarkus.arc.Unremovable;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

/**
 * Refused and failed requests leave a trace too (HIPAA §164.312(b), ONC §170.315(d)(2)): every 4xx and 500 on the
 * API is one audit row with outcome {@code denied} (401, 403, 404) or {@code failure} (anything else), written in
 * a transaction of its own because the refused request's transaction rolled back. 503/504 are not recorded: they
 * mean the database or a peer is unreachable, and trying to write to it would only slow the answer.
 * <p>
 * Unauthenticated requests (401) carry no identity worth a row each and would let anyone fill the table: they are
 * counted per source address, action and minute, and each count becomes one row (resource type
 * {@code unauthenticated-requests}, resource id = the count) when its minute is over.
 */
@ApplicationScoped
@Unremovable
public class RefusalAudit {

    public static final String UNAUTHENTICATED = "unauthenticated-requests";
    private static final Logger LOG = Logger.getLogger(RefusalAudit.class);
    private static final Pattern UUID_TEXT = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern ROUTE_WORD = Pattern.compile("[a-z][a-z-]{0,63}");
    private static final String FHIR_BASE = "/fhir/r4/";
    private static final Pattern FHIR_TYPE = Pattern.compile("[A-Z][A-Za-z]{1,63}");
    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
    /** Past this many distinct addresses in a minute, the rest are counted together (address unknown). */
    private static final int MAX_TALLIES = 10_000;

    private record TallyKey(Instant minute, String address, AuditAction action) {
    }

    private final Map<TallyKey, LongAdder> unauthenticated = new ConcurrentHashMap<>();

    @Inject
    AuditLog audit;

    @Inject
    Vertx vertx;

    /**
     * Records a refused or failed request. Called where the answer is made (the problem mapper, the HTTP edge),
     * while the request is still in scope.
     */
    public void refused(int status, RoutingContext http) {
        String path = http.request().path();
        String method = http.request().method().name();
        var address = http.request().remoteAddress();
        String sourceAddress = address == null ? null : address.hostAddress();
        if (path == null || !(path.startsWith("/api/") || path.startsWith(FHIR_BASE)) || status < 400 || status == 503
                || status == 504) {
            return;
        }
        AuditAction action = actionOf(method, path);
        if (status == 401) {
            count(new TallyKey(Instant.now().truncatedTo(ChronoUnit.MINUTES), sourceAddress, action));
            return;
        }
        AuditOutcome outcome = status == 403 || status == 404 ? AuditOutcome.DENIED : AuditOutcome.FAILURE;
        AuditLog.Actor actor;
        AuditLog.Entry entry;
        try {
            actor = audit.currentActor();
            AuditLog.Entry said = attempt();
            entry = said != null ? said : fromPath(action, path, clinicOfCaller());
        } catch (RuntimeException identityUnreadable) {
            actor = new AuditLog.Actor(null, null, List.of(), null, requestId(), sourceAddress);
            entry = fromPath(action, path, null);
        }
        write(actor, entry.withOutcome(outcome));
    }

    private void count(TallyKey key) {
        TallyKey counted = unauthenticated.size() < MAX_TALLIES || unauthenticated.containsKey(key)
                ? key : new TallyKey(key.minute(), null, key.action());
        unauthenticated.computeIfAbsent(counted, k -> new LongAdder()).increment();
    }

    /** Writes the counts of every minute that is over (or all of them, at shutdown). */
    @Scheduled(every = "${iop.audit.unauthenticated-flush-interval:20s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void flushFinishedMinutes() {
        flush(Instant.now().truncatedTo(ChronoUnit.MINUTES));
    }

    void flushAll(@Observes ShutdownEvent stopping) {
        flush(Instant.MAX);
    }

    /** Writes and forgets the counts of minutes before {@code before}; returns how many rows were written. */
    public int flush(Instant before) {
        int written = 0;
        for (TallyKey key : List.copyOf(unauthenticated.keySet())) {
            if (!key.minute().isBefore(before)) {
                continue;
            }
            LongAdder count = unauthenticated.remove(key);
            if (count == null || count.sum() == 0) {
                continue;
            }
            AuditLog.Actor nobody = new AuditLog.Actor(null, null, List.of(), null,
                    "unauthenticated:" + key.minute().getEpochSecond(), key.address());
            AuditLog.Entry tally = new AuditLog.Entry(key.action(), UNAUTHENTICATED, Long.toString(count.sum()), null,
                    null, AuditOutcome.DENIED, false);
            try {
                QuarkusTransaction.requiringNew().run(() -> audit.record(nobody, tally));
                written++;
            } catch (RuntimeException e) {
                unauthenticated.computeIfAbsent(key, k -> new LongAdder()).add(count.sum()); // try again next time
                LOG.warnf("could not record unauthenticated request counts: %s", e.getClass().getSimpleName());
                break;
            }
        }
        return written;
    }

    private void write(AuditLog.Actor actor, AuditLog.Entry entry) {
        Runnable work = () -> care.iop.common.request.RequestIds.runWith(actor.requestId(), () -> {
            try {
                QuarkusTransaction.requiringNew().run(() -> audit.record(actor, entry));
            } catch (RuntimeException e) {
                LOG.warnf("could not record a refused request, request=%s: %s", actor.requestId(),
                        e.getClass().getSimpleName());
            }
        });
        if (Context.isOnEventLoopThread()) {
            vertx.executeBlocking(() -> {
                work.run();
                return null;
            }, false);
        } else {
            work.run();
        }
    }

    private static AuditLog.Entry attempt() {
        var requestContext = Arc.container().requestContext();
        return requestContext.isActive() ? Arc.container().instance(AccessAttempt.class).get().target() : null;
    }

    private static UUID clinicOfCaller() {
        var requestContext = Arc.container().requestContext();
        if (!requestContext.isActive()) {
            return null;
        }
        CallerContext caller = Arc.container().instance(CallerContext.class).get();
        return caller.isAuthenticated() ? caller.clinicId().orElse(null) : null;
    }

    private static String requestId() {
        String id = care.iop.common.request.RequestIds.current();
        return id != null ? id : UUID.randomUUID().toString();
    }

    static AuditAction actionOf(String method, String path) {
        if (path.contains("/disclosure")) {
            return AuditAction.DISCLOSE;
        }
        return switch (method == null ? "" : method) {
            case "POST" -> path.endsWith("/sign") ? AuditAction.SIGN : AuditAction.CREATE;
            case "PUT", "PATCH" -> AuditAction.UPDATE;
            case "DELETE" -> AuditAction.DELETE;
            default -> AuditAction.READ;
        };
    }

    /**
     * What a path names, for a refusal nobody described: {@code /api/v1/intake/patients/{id}/consents} is resource
     * type {@code consents}, resource id {id} (the last id asked for). No patient is named: a refused id may belong to
     * another clinic, and a record filed under the caller's clinic must not claim it for that one. Only path
     * segments that are ids or route words are read, never free text.
     */
    static AuditLog.Entry fromPath(AuditAction action, String path, UUID clinicId) {
        String[] segments = path.split("/");
        if (path.startsWith(FHIR_BASE)) {
            // segments: "", "fhir", "r4", type, id, ...
            String type = segments.length > 3 && FHIR_TYPE.matcher(segments[3]).matches() ? segments[3] : "fhir";
            String id = segments.length > 4 && FHIR_ID.matcher(segments[4]).matches() && !segments[4].startsWith("_")
                    ? segments[4] : null;
            return new AuditLog.Entry(action, type, id, null, clinicId, AuditOutcome.SUCCESS, false);
        }
        String resourceType = null;
        String resourceId = null;
        // segments: "", "api", "v1", area, ...
        for (int i = 4; i < segments.length; i++) {
            String segment = segments[i];
            if (UUID_TEXT.matcher(segment).matches()) {
                resourceId = segment.toLowerCase();
            } else if (ROUTE_WORD.matcher(segment).matches()) {
                resourceType = segment;
            }
        }
        if (resourceType == null) {
            resourceType = segments.length > 3 && ROUTE_WORD.matcher(segments[3]).matches() ? segments[3] : "api";
        }
        return new AuditLog.Entry(action, resourceType, resourceId, null, clinicId, AuditOutcome.SUCCESS, false);
    }
}
