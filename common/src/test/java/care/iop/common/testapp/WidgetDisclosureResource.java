package care.iop.common.testapp;

import care.iop.common.disclosure.Disclosures;
import care.iop.common.disclosure.Disclosures.Disclosure;
import care.iop.common.transaction.RetryOnConflict;
import care.iop.events.intake.ConsentCategory;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.UUID;

/** A disclosure endpoint as the services write them: not {@code @Transactional}, Disclosures opens its own. */
@Path("/api/v1/test/disclosures/patients/{patientId}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("partner")
@RetryOnConflict
public class WidgetDisclosureResource {

    public record WidgetCodes(List<String> codes) {
    }

    @Inject
    Disclosures disclosures;

    @GET
    @Path("widgets")
    public Disclosure<WidgetCodes> widgets(@PathParam("patientId") UUID patientId) {
        return disclosures.disclose(patientId, ConsentCategory.DEMOGRAPHICS, "Widget", clinic ->
                new WidgetCodes(Widget.<Widget>list("clinicId = ?1 and patientId = ?2 order by code", clinic,
                        patientId).stream().map(w -> w.code).toList()));
    }
}
