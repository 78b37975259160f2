package care.iop.medication.disclosure;

import care.iop.common.disclosure.Disclosures;
import care.iop.common.disclosure.Disclosures.Disclosure;
import care.iop.common.security.Roles;
import care.iop.common.transaction.RetryOnConflict;
import care.iop.events.intake.ConsentCategory;
import care.iop.medication.MedicationData;
import care.iop.medication.catalogue.Medication;
import care.iop.medication.order.MedicationOrder;
import care.iop.medication.order.OrderHistory;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What medication discloses to a partner with the patient's consent: the medication orders. Never drug screens
 * (no consent category covers them), PDMP checks, safety overrides or prescribers.
 */
@Path("/api/v1/medications/disclosures/patients/{patientId}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Partner disclosures (42 CFR Part 2)")
@RolesAllowed(Roles.PARTNER)
@RetryOnConflict
public class DisclosureResource {

    /** One order: the medication as the catalogue names it, how it is taken, and when it started or stopped. */
    public record MedicationSummary(String medicationName, String rxnorm, BigDecimal dose, String doseUnit,
                                    String route, String frequency, boolean mat, MedicationOrder.Status status,
                                    LocalDate startDate, LocalDate endDate, Instant discontinuedAt,
                                    String discontinuationReasonCode) {
    }

    public record Medications(List<MedicationSummary> orders) {
    }

    @Inject
    Disclosures disclosures;

    @Inject
    MedicationData data;

    @GET
    @Path("medications")
    @Operation(summary = "Medication orders, if the patient consented to disclose them to this partner",
            description = "403 without an active consent for medications naming the partner; the answer carries the "
                    + "42 CFR §2.32 notice. Oldest order first.")
    public Disclosure<Medications> medications(@PathParam("patientId") UUID patientId) {
        return disclosures.disclose(patientId, ConsentCategory.MEDICATIONS, "MedicationOrder", clinic -> {
            List<MedicationOrder> orders = MedicationOrder.list("clinicId = ?1 and patientId = ?2 order by createdAt",
                    clinic, patientId);
            Map<UUID, OrderHistory> stopped = new HashMap<>();
            if (!orders.isEmpty()) {
                OrderHistory.<OrderHistory>list("orderId in ?1 and action = ?2 order by at",
                                orders.stream().map(o -> o.id).toList(), OrderHistory.DISCONTINUED)
                        .forEach(h -> stopped.put(h.orderId, h));
            }
            return new Medications(orders.stream().map(o -> {
                OrderHistory h = o.status == MedicationOrder.Status.DISCONTINUED ? stopped.get(o.id) : null;
                return new MedicationSummary(data.catalogue().find(o.catalogueId).map(Medication::name).orElse(null),
                        o.rxnorm, o.dose, o.doseUnit, o.route, o.frequency, o.mat, o.status, o.startDate, o.endDate,
                        h == null ? null : h.at, h == null ? null : h.reasonCode);
            }).toList());
        });
    }
}
