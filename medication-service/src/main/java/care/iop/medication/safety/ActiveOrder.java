package care.iop.medication.safety;

import care.iop.medication.catalogue.Medication;

import java.util.Objects;
import java.util.UUID;

/** A medication order the patient currently has running, as the safety rules see it. */
public record ActiveOrder(UUID orderId, Medication medication) {

    public ActiveOrder {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(medication, "medication");
    }
}
