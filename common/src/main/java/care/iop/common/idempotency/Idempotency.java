package care.iop.common.idempotency;

import care.iop.common.audit.AuditLog;
import care.iop.common.config.IopConfig;
import com.fasterxml.jackson.core.type.TypeReference;
import care.iop.common.json.CanonicalHash;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * {@code Idempotency-Key} for creating POSTs. The key row is inserted first, in the request's own transaction:
 * a concurrent duplicate blocks on it until the first commits, then replays the stored response, so only one
 * record is ever created. If the first request fails, its key row rolls back with it and a retry runs anew.
 * Keys are scoped to the caller (clinic and client or subject); the same key with a different body (or on a
 * different endpoint) is refused with 422.
 */
@ApplicationScoped
public class Idempotency {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper json;

    @Inject
    CallerContext caller;

    @Inject
    CurrentVertxRequest request;

    @Inject
    IopConfig config;

    @Inject
    AuditLog audit;

    private static final TypeReference<List<AuditLog.Entry>> AUDIT_ENTRIES = new TypeReference<>() {
    };

    private record Stored(String requestHash, Integer status, String body, String location, String etag,
                          String auditEntries) {
    }

    /**
     * Runs {@code create} once per key. Call it from a {@code @Transactional} resource method.
     *
     * @param key         the request's Idempotency-Key header, or null (then {@code create} simply runs)
     * @param requestBody the deserialised body, hashed to recognise a different request under the same key
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Response create(String key, Object requestBody, Supplier<Response> create) {
        if (key == null) {
            return create.get();
        }
        if (!KEY.matcher(key).matches()) {
            throw ProblemException.invalid(HEADER, "must be 1 to 255 visible ASCII characters");
        }
        String scope = scope();
        String hash = hash(requestBody);
        if (!claim(scope, key, hash)) {
            Stored stored = load(scope, key);
            if (!stored.requestHash().equals(hash)) {
                throw ProblemException.unprocessable(
                        "This Idempotency-Key was already used for a different request");
            }
            auditReplay(stored);
            return replay(stored);
        }
        Response response = create.get();
        remember(scope, key, response, audit.recordedInThisTransaction());
        return response;
    }

    private String scope() {
        String who = caller.clientId() != null && caller.hasRole("ehr-integration") ? "client:" + caller.clientId()
                : "sub:" + caller.subject();
        return caller.clinicId().map(c -> "clinic:" + c).orElseGet(() -> caller.partnerId().map(p -> "partner:" + p)
                .orElse("none")) + "|" + who;
    }

    private String hash(Object body) {
        var http = request.getCurrent().request();
        return CanonicalHash.sha256(http.method().name() + " " + http.path() + "\n", body);
    }

    /** True if this transaction now owns the key; false if a committed request already holds it. */
    private boolean claim(String scope, String key, String hash) {
        return em.unwrap(Session.class).doReturningWork(c -> {
            try (PreparedStatement expired = c.prepareStatement(
                    "DELETE FROM idempotency_key WHERE scope = ? AND idempotency_key = ? AND expires_at < now()")) {
                expired.setString(1, scope);
                expired.setString(2, key);
                expired.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO idempotency_key (scope, idempotency_key, request_hash, expires_at)
                    VALUES (?, ?, ?, ?) ON CONFLICT (scope, idempotency_key) DO NOTHING""")) {
                ps.setString(1, scope);
                ps.setString(2, key);
                ps.setString(3, hash);
                ps.setTimestamp(4, Timestamp.from(Instant.now().plus(config.idempotency().retention())));
                return ps.executeUpdate() == 1;
            }
        });
    }

    private Stored load(String scope, String key) {
        return em.unwrap(Session.class).doReturningWork(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT request_hash, response_status, response_body, response_location, response_etag,
                      audit_entries FROM idempotency_key WHERE scope = ? AND idempotency_key = ?""")) {
                ps.setString(1, scope);
                ps.setString(2, key);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw inProgress();
                    }
                    return new Stored(rs.getString(1), (Integer) rs.getObject(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6));
                }
            }
        });
    }

    private void remember(String scope, String key, Response response, List<AuditLog.Entry> audited) {
        String body;
        String auditEntries;
        try {
            body = response.getEntity() == null ? null : json.writeValueAsString(response.getEntity());
            auditEntries = json.writeValueAsString(audited);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot store the response", e);
        }
        String location = response.getLocation() == null ? null : response.getLocation().toString();
        String etag = response.getEntityTag() == null ? null : response.getEntityTag().toString();
        em.unwrap(Session.class).doWork(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE idempotency_key SET response_status = ?, response_body = ?, response_location = ?,
                      response_etag = ?, audit_entries = ? WHERE scope = ? AND idempotency_key = ?""")) {
                ps.setInt(1, response.getStatus());
                ps.setString(2, body);
                ps.setString(3, location);
                ps.setString(4, etag);
                ps.setString(5, auditEntries);
                ps.setString(6, scope);
                ps.setString(7, key);
                ps.executeUpdate();
            }
        });
    }

    /** A replayed answer shows the same patient data again: it is audited like the request it answers. */
    private void auditReplay(Stored stored) {
        if (stored.status() == null || stored.auditEntries() == null) {
            return;
        }
        try {
            for (AuditLog.Entry entry : json.readValue(stored.auditEntries(), AUDIT_ENTRIES)) {
                audit.record(entry);
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read the stored audit entries", e);
        }
    }

    private static ProblemException inProgress() {
        return ProblemException.conflict("A request with this Idempotency-Key is still in progress");
    }

    private static Response replay(Stored stored) {
        if (stored.status() == null) {
            throw inProgress();
        }
        Response.ResponseBuilder replay = Response.status(stored.status()).header(REPLAYED_HEADER, "true");
        if (stored.body() != null) {
            replay.entity(stored.body()).type(MediaType.APPLICATION_JSON_TYPE);
        }
        if (stored.location() != null) {
            replay.header("Location", stored.location());
        }
        if (stored.etag() != null) {
            replay.header("ETag", stored.etag());
        }
        return replay.build();
    }
}
