package care.iop.scheduling.room;

import care.iop.common.idempotency.Idempotency;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import care.iop.common.security.ClinicScope;
import care.iop.common.transaction.RetryOnConflict;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** The clinic's rooms. Rooms hold no patient data, so nothing here is audited. */
@ApplicationScoped
public class RoomService {

    @Inject
    CallerContext caller;

    @Inject
    ClinicScope clinicScope;

    @Inject
    Idempotency idempotency;

    /** Adds a room (once per Idempotency-Key; {@code answer} maps it to the stored response); names are unique. */
    @Transactional
    @RetryOnConflict
    public Response create(String name, int capacity, String idempotencyKey, Object requestBody,
                           Function<Room, Response> answer) {
        return idempotency.create(idempotencyKey, requestBody, () -> {
            UUID clinic = caller.requireClinicId();
            Room.<Room>find("clinicId = ?1 and name = ?2", clinic, name.strip()).firstResultOptional()
                    .ifPresent(existing -> {
                        throw ProblemException.conflict("A room with this name exists", "conflictingId", existing.id);
                    });
            Room r = new Room();
            r.id = UUID.randomUUID();
            r.clinicId = clinic;
            r.name = name.strip();
            r.capacity = capacity;
            r.createdAt = Instant.now();
            r.persistAndFlush();
            return answer.apply(r);
        });
    }

    public List<Room> list() {
        return Room.<Room>list("clinicId = ?1 order by name", caller.requireClinicId());
    }

    public Room get(UUID id) {
        return clinicScope.require(Room.class, id);
    }
}
