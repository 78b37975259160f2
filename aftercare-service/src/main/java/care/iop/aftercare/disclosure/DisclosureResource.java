package care.iop.aftercare.disclosure;

import care.iop.aftercare.discharge.Discharge;
import care.iop.aftercare.followup.FollowUp;
import care.iop.common.disclosure.Disclosures;
import care.iop.common.disclosure.Disclosures.Disclosure;
import care.iop.common.security.Roles;
import care.iop.common.transaction.RetryOnConflict;
import care.iop.events.LevelOfCare;
import care.iop.events.intake.ConsentCategory;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What aftercare discharges to a partner with the patient's consent: the discharge summaries of the patient's
 * episodes and when follow-up contacts are due. Never follow-up outcomes, screening scores or relapse-risk flags.
 */
@Path("/api/v1/aftercare/disclosures/patients/{patientId}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Partner disclosures (42 CFR Part 2)")
@RolesAllowed(Roles.PARTNER)
@RetryOnConflict
public class DisclosureResource {

    public record FollowUpDue(String kind, LocalDate dueDate) {
    }

    /** One discharge: date, TEDS-D reason code (1–7), length of stay, step-down level and the summary text. */
    public record DischargeSummary(LocalDate dischargeDate, int reasonCode, int lengthOfStayDays,
                                   LevelOfCare stepDownLevel, String summary, List<FollowUpDue> followUps) {
    }

    public record DischargeSummaries(List<DischargeSummary> discharges) {
    }

    @Inject
    Disclosures disclosures;

    @GET
    @Path("discharge-summary")
    @Operation(summary = "Discharge summaries of the patient's episodes, if the patient consented to disclose them "
            + "to this partner", description = "403 without an active consent for discharge-summary naming the "
            + "partner; the answer carries the 42 CFR §2.32 notice. Latest discharge first.")
    public Disclosure<DischargeSummaries> dischargeSummary(@PathParam("patientId") UUID patientId) {
        return disclosures.disclose(patientId, ConsentCategory.DISCHARGE_SUMMARY, "Discharge", clinic -> {
            List<Discharge> discharges = Discharge.list("clinicId = ?1 and patientId = ?2 "
                    + "order by dischargeDate desc, recordedAt desc", clinic, patientId);
            Map<UUID, List<FollowUpDue>> followUps = FollowUp.<FollowUp>list(
                            "clinicId = ?1 and patientId = ?2 order by dueDate, kind", clinic, patientId).stream()
                    .collect(Collectors.groupingBy(f -> f.episodeId,
                            Collectors.mapping(f -> new FollowUpDue(f.kind, f.dueDate), Collectors.toList())));
            return new DischargeSummaries(discharges.stream().map(d -> new DischargeSummary(d.dischargeDate,
                    d.reasonCode, d.lengthOfStayDays, d.stepDownLevel, d.summary,
                    followUps.getOrDefault(d.episodeId, List.of()))).toList());
        });
    }
}
