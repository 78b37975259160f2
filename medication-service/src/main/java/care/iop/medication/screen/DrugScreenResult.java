package care.iop.medication.screen;

import care.iop.events.medication.ScreenResult;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;

import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

/** One substance's result; a positive is expected when the patient is prescribed something that shows as it. */
@Entity
@IdClass(DrugScreenResult.Key.class)
public class DrugScreenResult extends PanacheEntityBase {

    public static class Key implements Serializable {
        public UUID screenId;
        public String substanceCode;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(screenId, k.screenId)
                    && Objects.equals(substanceCode, k.substanceCode);
        }

        @Override
        public int hashCode() {
            return Objects.hash(screenId, substanceCode);
        }
    }

    @Id
    public UUID screenId;
    @Id
    public String substanceCode;
    @Enumerated(EnumType.STRING)
    public ScreenResult result;
    public boolean expected;
}
