package care.iop.scheduling.room;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.UUID;

/** A room of the clinic where in-person sessions are held. */
@Entity
public class Room extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID clinicId;
    public String name;
    public int capacity;
    public Instant createdAt;
    @Version
    public long version;
}
