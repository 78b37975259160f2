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
import jakarta.ws.rs.core.UriBuilder;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
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
    @APIResponse(responseCode = "201", description = "Written; Location names the order, ETag is its version",
            headers = @Header(name = "Location", description = "The order's URL", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OrderView.class)))
    public Response prescribe(@PathParam("patientId") UUID patientId, @NotNull @Valid OrderRequest request,
                              @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        return orders.prescribe(patientId, request, idempotencyKey, view -> Response.created(
                        UriBuilder.fromResource(OrderResource.class).path("orders").path(view.id().toString()).build())
                .entity(view).tag(ETags.of(view.version())).build());
    }

    @GET
    @Path("patients/{patientId}/orders")
    @Operation(summary = "A patient's orders (status active or discontinued; all by default)")
    public List<OrderView> list(@PathParam("patientId") UUID patientId,
                                @Parameter(description = "Only orders with this status",
                                        schema = @Schema(implementation = MedicationOrder.Status.class))
                                @QueryParam("status") String status) {
        return orders.list(patientId, status);
    }

    @GET
    @Path("orders/{id}")
    @Operation(summary = "One order with its safety findings and history")
    @APIResponse(responseCode = "200", description = "The order, with its version as ETag",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OrderView.class)))
    public Response get(@PathParam("id") UUID id) {
        return withETag(orders.get(id));
    }

    @POST
    @Path("orders/{id}/discontinue")
    @RolesAllowed(Roles.PRESCRIBER)
    @Operation(summary = "Discontinue an order with a coded reason (prescribers); honours If-Match")
    @APIResponse(responseCode = "200", description = "The discontinued order, with its new version as ETag",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OrderView.class)))
    public Response discontinue(@PathParam("id") UUID id, @NotNull @Valid DiscontinueRequest request,
                                @HeaderParam(ETags.IF_MATCH) String ifMatch) {
        return withETag(orders.discontinue(id, request, ifMatch));
    }

    @POST
    @Path("orders/{id}/discharge-review")
    @RolesAllowed(Roles.PRESCRIBER)
    @Operation(summary = "Decide an active order after the patient's discharge: continued (handed over) or discontinued",
            description = "409 awaiting-event (Retry-After) while the patient's discharge has not reached medication "
                    + "yet: the order is not on the discharge review until care.iop.aftercare.patient.discharged.v1 "
                    + "arrives. Honours If-Match.")
    @APIResponse(responseCode = "200", description = "The decided order, with its new version as ETag",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OrderView.class)))
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
    @APIResponse(responseCode = "201", description = "Recorded; Location names the allergy",
            headers = @Header(name = "Location", description = "The allergy's URL", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AllergyView.class)))
    public Response addAllergy(@PathParam("patientId") UUID patientId, @NotNull @Valid AllergyRequest request) {
        AllergyView view = allergies.add(patientId, request);
        return Response.created(UriBuilder.fromResource(OrderResource.class).path("allergies")
                .path(view.id().toString()).build()).entity(view).build();
    }

    @GET
    @Path("allergies/{id}")
    @Operation(summary = "One medication allergy")
    public AllergyView allergy(@PathParam("id") UUID id) {
        return allergies.get(id);
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
