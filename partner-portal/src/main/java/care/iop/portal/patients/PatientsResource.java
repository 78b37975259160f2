package care.iop.portal.patients;

import care.iop.client.api.GatewayPartnerDisclosureApi;
import care.iop.client.api.IntakeConsents42CfrPart2Api;
import care.iop.client.model.GatewayDisclosureCategory;
import care.iop.client.model.GatewayPartnerDisclosure;
import care.iop.client.model.IntakePartnerConsentFilter;
import care.iop.client.model.IntakePartnerConsentView;
import care.iop.client.model.IntakePartnerConsentPage;
import care.iop.portal.api.ApiRefusal;
import care.iop.portal.api.Gateway;
import care.iop.portal.web.Dates;
import care.iop.portal.web.PortalUser;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The patients who consented to share records with this partner, and one patient's disclosure: only the consented
 * categories, under the §2.32 notice, with a print view. Each view asks the API again, which checks the consent at
 * that moment and audits the disclosure.
 */
@Path("/patients")
@RolesAllowed(PortalUser.PARTNER_ROLE)
@Produces(MediaType.TEXT_HTML)
public class PatientsResource {

    static final int PAGE_SIZE = 20;
    /** The notice 42 CFR §2.32 requires with each disclosure; the API sends it, this is only the fallback. */
    static final String PART2_NOTICE = "This record which has been disclosed to you is protected by federal "
            + "confidentiality rules (42 CFR part 2). These rules prohibit you from using or disclosing this record, "
            + "or testimony that describes the information contained in this record, in any civil, criminal, "
            + "administrative, or legislative proceedings by any Federal, State, or local authority, against the "
            + "patient, unless authorized by the consent of the patient, except as provided at 42 CFR 2.12(c)(5) or as "
            + "authorized by a court in accordance with 42 CFR 2.64 or 2.65. In addition, the federal rules prohibit "
            + "you from making any other use or disclosure of this record unless at least one of the following applies: "
            + "further use or disclosure is expressly permitted by the written consent of the individual whose "
            + "information is being disclosed in this record or as otherwise permitted by 42 CFR part 2.";

    @Inject
    Gateway gateway;

    @CheckedTemplate
    static class Templates {
        /** {@code firstPageUrl} is null on the first page. */
        static native TemplateInstance list(List<ConsentRow> consents, boolean all, String nextPage,
                                            String firstPageUrl);

        static native TemplateInstance disclosure(Disclosure disclosure, boolean print);

        static native TemplateInstance notShared(String patientId, String why, String when);
    }

    /** One consent as a row of the list. */
    public record ConsentRow(String patientId, String shortId, List<String> categories, String purpose,
                             String purposeOfUse, String signed, String expires, String state) {
    }

    /** What the disclosure page shows. */
    public record Disclosure(String patientId, String shortId, String purpose, String purposeOfUse, String notice,
                             List<DisclosureView.Section> sections, List<String> notConsented,
                             List<String> unavailable) {
    }

    @GET
    public TemplateInstance list(@QueryParam("state") String state, @QueryParam("cursor") String cursor) {
        boolean all = "all".equals(state);
        IntakePartnerConsentPage page = gateway.call(c -> new IntakeConsents42CfrPart2Api(c)
                .apiV1IntakePartnerConsentsGet(blankToNull(cursor), PAGE_SIZE, null,
                        all ? IntakePartnerConsentFilter.ALL : IntakePartnerConsentFilter.ACTIVE));
        List<ConsentRow> rows = page.getItems().stream().map(PatientsResource::row).toList();
        String next = page.getNextCursor() == null ? null
                : "/patients?" + (all ? "state=all&" : "") + "cursor=" + java.net.URLEncoder.encode(
                        page.getNextCursor(), java.nio.charset.StandardCharsets.UTF_8);
        String first = cursor == null || cursor.isBlank() ? null : all ? "/patients?state=all" : "/patients";
        return Templates.list(rows, all, next, first);
    }

    @GET
    @Path("{id}")
    public Response disclosure(@PathParam("id") UUID id, @QueryParam("purpose") String purposeOfUse) {
        return show(id, purposeOfUse, false);
    }

    @GET
    @Path("{id}/print")
    public Response print(@PathParam("id") UUID id, @QueryParam("purpose") String purposeOfUse) {
        return show(id, purposeOfUse, true);
    }

    private Response show(UUID id, String purposeOfUse, boolean print) {
        String pou = ConsentWords.purposeOf(purposeOfUse) == null ? "TREAT" : purposeOfUse;
        GatewayPartnerDisclosure shown;
        try {
            shown = gateway.call(c -> new GatewayPartnerDisclosureApi(c).getPartnerDisclosure(id, null,
                    Map.of("X-Purpose-Of-Use", pou)));
        } catch (ApiRefusal refusal) {
            if (refusal.status() == 403 || refusal.status() == 404) {
                return notShared(id);
            }
            throw refusal;
        }
        Disclosure view = new Disclosure(id.toString(), id.toString().substring(0, 8),
                ConsentWords.purpose(ConsentWords.purposeOf(pou)), pou,
                shown.getNotice() == null || shown.getNotice().isBlank() ? PART2_NOTICE : shown.getNotice(),
                DisclosureView.sections(shown.getCategories()),
                shown.getNotConsented().stream().map(c -> ConsentWords.category(c.getValue())).toList(),
                shown.getUnavailable().stream().map(GatewayDisclosureCategory::getValue).map(ConsentWords::category).toList());
        return Response.ok(Templates.disclosure(view, print)).build();
    }

    /** Why nothing is shown: the partner's latest consent for this patient was revoked or has expired, or there is none. */
    private Response notShared(UUID id) {
        List<IntakePartnerConsentView> consents = gateway.call(c -> new IntakeConsents42CfrPart2Api(c)
                .apiV1IntakePartnerConsentsGet(null, 100, id, IntakePartnerConsentFilter.ALL)).getItems();
        IntakePartnerConsentView latest = consents.stream()
                .max(Comparator.comparing(IntakePartnerConsentView::getSignedAt)).orElse(null);
        String why = latest == null ? "none" : latest.getState().getValue();
        String when = latest == null ? "" : "expired".equals(why) ? Dates.moment(latest.getExpiresAt())
                : Dates.moment(latest.getRevokedAt());
        return Response.status(Response.Status.FORBIDDEN).entity(Templates.notShared(id.toString(), why, when)).build();
    }

    private static ConsentRow row(IntakePartnerConsentView c) {
        String purpose = c.getPurpose().getValue();
        return new ConsentRow(c.getPatientId().toString(), c.getPatientId().toString().substring(0, 8),
                c.getCategories().stream().map(cat -> ConsentWords.category(cat.getValue())).toList(),
                ConsentWords.purpose(purpose), ConsentWords.purposeOfUse(purpose), Dates.day(c.getSignedAt()),
                Dates.day(c.getExpiresAt()), c.getState().getValue());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
