package care.iop.medication.order;

import care.iop.common.http.ETags;
import care.iop.common.idempotency.Idempotency;
import care.iop.common.security.Roles;
import care.iop.medication.MedicationData;
import care.iop.medication.catalogue.Medication;
import care.iop.medication.order.OrderApi.AllergyRequest;
import care.iop.medication.order.OrderApi.AllergyView;
import care.iop.medication.order.OrderApi.DiscontinueRequest;
import care.iop.medication.order.OrderApi.DischargeDecision;
import care.iop.medication.order.OrderApi.OrderRequest;
import care.iop.medication.order.OrderApi.OrderView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

/** Medication orders, allergies, the catalogue, and the discharge-review worklist. */
@Path("/api/v1/medications")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.PRESCRIBER, Roles.NURSE, Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR, Roles.CLINIC_ADMIN,
        Roles.CASE_MANAGER, Roles.EHR_INTEGRATION})
@Tag(name = "Medication orders")
public class OrderResource {

    @Inject
    OrderService orders;

    @Inject
    AllergyService allergies;

    @Inject
    MedicationData data;

    @GET
    @Path("catalogue")
    @Operation(summary = "The medication catalogue: RxNorm code, class, DEA schedule, MAT flag, routes")
    public List<Medication> catalogue() {
        return data.catalogue().all();
    }

    @POST
    @Path("patients/{patientId}/orders")
    @RolesAllowed(Roles.PRESCRIBER)
    @Operation(summary = "Write a medication order (prescribers)",
            description = "Checked against the patient's active orders and allergies with the versioned rule table. "
                    + "A warning (duplicate therapy, opioid agonist with a benzodiazepine) needs an acknowledgement "
                    + "with a reason; a contraindication (naltrexone with an opioid agonist, an allergy) an override "
                    + "with a reason; otherwise 409 with the findings and nothing is written. Schedule II–IV orders "
                    + "need pdmpCheckedOn within the configured window (422). Accepts Idempotency-Key.")
    public Response prescribe(@PathParam("patientId") UUID patientId, @NotNull @Valid OrderRequest request,
                              @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        return orders.prescribe(patientId, request, idempotencyKey, view -> Response.status(Response.Status.CREATED)
                .entity(view).tag(ETags.of(view.version())).build());
    }

    @GET
    @Path("patients/{patientId}/orders")
    @Operation(summary = "A patient's orders (status active or discontinued; all by default)")
    public List<OrderView> list(@PathParam("patientId") UUID patientId, @QueryParam("status") String status) {
        return orders.list(patientId, status);
    }

    @GET
    @Path("orders/{id}")
    @Operation(summary = "One order with its safety findings and history")
    public Response get(@PathParam("id") UUID id) {
        return withETag(orders.get(id));
    }

    @POST
    @Path("orders/{id}/discontinue")
    @RolesAllowed(Roles.PRESCRIBER)
    @Operation(summary = "Discontinue an order with a coded reason (prescribers); honours If-Match")
    public Response discontinue(@PathParam("id") UUID id, @NotNull @Valid DiscontinueRequest request,
                                @HeaderParam(ETags.IF_MATCH) String ifMatch) {
        return withETag(orders.discontinue(id, request, ifMatch));
    }

    @POST
    @Path("orders/{id}/discharge-review")
    @RolesAllowed(Roles.PRESCRIBER)
    @Operation(summary = "Decide an active order after the patient's discharge: continued (handed over) or discontinued")
    public Response decide(@PathParam("id") UUID id, @NotNull @Valid DischargeDecision request,
                           @HeaderParam(ETags.IF_MATCH) String ifMatch) {
        return withETag(orders.decideAfterDischarge(id, request.decision(), request.reasonCode(), ifMatch));
    }

    @GET
    @Path("discharge-review")
    @RolesAllowed({Roles.PRESCRIBER, Roles.NURSE, Roles.CLINIC_ADMIN, Roles.CASE_MANAGER})
    @Operation(summary = "Active orders of discharged patients waiting for a prescriber's decision (never stopped silently)")
    public List<OrderView> dischargeReview() {
        return orders.dischargeReview();
    }

    @POST
    @Path("patients/{patientId}/allergies")
    @RolesAllowed({Roles.PRESCRIBER, Roles.NURSE})
    @Operation(summary = "Record a medication allergy: a catalogue medication id or a whole class",
            description = "Later orders of that medication or class are contraindicated (override with a reason).")
    public Response addAllergy(@PathParam("patientId") UUID patientId, @NotNull @Valid AllergyRequest request) {
        return Response.status(Response.Status.CREATED).entity(allergies.add(patientId, request)).build();
    }

    @GET
    @Path("patients/{patientId}/allergies")
    @Operation(summary = "A patient's medication allergies")
    public List<AllergyView> allergies(@PathParam("patientId") UUID patientId) {
        return allergies.list(patientId);
    }

    private static Response withETag(OrderView view) {
        return Response.ok(view).tag(ETags.of(view.version())).build();
    }
}
