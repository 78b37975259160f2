package care.iop.medication.order;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

import java.time.Instant;
import java.util.UUID;

/** One change to an order (prescribed, discontinued, continued after discharge...), kept for the record. */
@Entity
public class OrderHistory extends PanacheEntityBase {

    /** The actions, as stored in {@code action} and shown in an order's history; queries bind these constants. */
    public static final String PRESCRIBED = "prescribed";
    public static final String DISCONTINUED = "discontinued";
    public static final String CONTINUED_AFTER_DISCHARGE = "continued-after-discharge";
    public static final String DISCHARGE_REVIEW_REQUESTED = "discharge-review-requested";

    @Id
    public UUID id;
    public UUID orderId;
    public String action;
    public Instant at;
    public UUID actor;
    public String reasonCode;

    public static void record(UUID orderId, String action, UUID actor, String reasonCode) {
        OrderHistory h = new OrderHistory();
        h.id = UUID.randomUUID();
        h.orderId = orderId;
        h.action = action;
        h.at = Instant.now();
        h.actor = actor;
        h.reasonCode = reasonCode;
        h.persist();
    }
}
