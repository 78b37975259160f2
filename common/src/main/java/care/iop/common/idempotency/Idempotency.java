package care.iop.common.idempotency;

import care.iop.common.audit.AuditLog;
import care.iop.common.config.IopConfig;
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
import org.jboss.logging.Logger;

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
 * <p>
 * The stored answer (body, Location, ETag and what the request audited) holds patient data for the retention period,
 * so it is kept encrypted ({@link AnswerCipher}, bound to the scope and key). An answer that does not open (altered
 * in the database, moved from another key, or written before answers were encrypted) is never replayed and the
 * request never run again (that would create the record twice): the retry gets 409, "carried out, answer not
 * replayable", and the failure is logged.
 */
@ApplicationScoped
public class Idempotency {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");
    private static final Logger LOG = Logger.getLogger(Idempotency.class);

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

    @Inject
    AnswerCipher cipher;

    /** A stored row: the request's hash, and once it completed its status and sealed answer. */
    private record Stored(String requestHash, Integer status, byte[] sealed) {
    }

    /** What a replay needs, sealed in {@code response_sealed}: the body exactly as first sent, headers, audit. */
    public record Answer(String body, String location, String etag, List<AuditLog.Entry> auditEntries) {
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
            if (stored.status() == null) {
                throw inProgress();
            }
            Answer answer = open(scope, key, stored);
            auditReplay(answer);
            return replay(stored.status(), answer);
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
                    SELECT request_hash, response_status, response_sealed
                      FROM idempotency_key WHERE scope = ? AND idempotency_key = ?""")) {
                ps.setString(1, scope);
                ps.setString(2, key);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw inProgress();
                    }
                    return new Stored(rs.getString(1), (Integer) rs.getObject(2), rs.getBytes(3));
                }
            }
        });
    }

    private void remember(String scope, String key, Response response, List<AuditLog.Entry> audited) {
        byte[] answer;
        try {
            String body = response.getEntity() == null ? null : json.writeValueAsString(response.getEntity());
            String location = response.getLocation() == null ? null : response.getLocation().toString();
            String etag = response.getEntityTag() == null ? null : response.getEntityTag().toString();
            answer = json.writeValueAsBytes(new Answer(body, location, etag, List.copyOf(audited)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot store the response", e);
        }
        byte[] sealed = cipher.seal(scope, key, answer);
        em.unwrap(Session.class).doWork(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE idempotency_key SET response_status = ?, response_sealed = ?
                    WHERE scope = ? AND idempotency_key = ?""")) {
                ps.setInt(1, response.getStatus());
                ps.setBytes(2, sealed);
                ps.setString(3, scope);
                ps.setString(4, key);
                ps.executeUpdate();
            }
        });
    }

    /** The stored answer, or 409 when it does not open: the request was carried out, its answer is not replayed. */
    private Answer open(String scope, String key, Stored stored) {
        try {
            return json.readValue(cipher.open(scope, key, stored.sealed()), Answer.class);
        } catch (AnswerCipher.Unreadable e) {
            LOG.errorf("The stored answer of an Idempotency-Key does not open (%s): not replayed", e.getMessage());
            throw ProblemException.conflict("The request with this Idempotency-Key was carried out, but its answer "
                    + "can no longer be replayed; read the result instead of retrying");
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read the stored answer", e);
        }
    }

    /** A replayed answer shows the same patient data again: it is audited like the request it answers. */
    private void auditReplay(Answer answer) {
        if (answer.auditEntries() != null) {
            answer.auditEntries().forEach(audit::record);
        }
    }

    private static ProblemException inProgress() {
        return ProblemException.conflict("A request with this Idempotency-Key is still in progress");
    }

    private static Response replay(int status, Answer answer) {
        Response.ResponseBuilder replay = Response.status(status).header(REPLAYED_HEADER, "true");
        if (answer.body() != null) {
            replay.entity(answer.body()).type(MediaType.APPLICATION_JSON_TYPE);
        }
        if (answer.location() != null) {
            replay.header("Location", answer.location());
        }
        if (answer.etag() != null) {
            replay.header("ETag", answer.etag());
        }
        return replay.build();
    }
}
