package care.iop.portal.referrals;

import care.iop.client.api.IntakeReferralsApi;
import care.iop.client.model.IntakeContact;
import care.iop.client.model.IntakeName;
import care.iop.client.model.IntakePartnerReferralView;
import care.iop.client.model.IntakePatientRequest;
import care.iop.client.model.IntakeReferralPage;
import care.iop.client.model.IntakeReferralRequest;
import care.iop.client.model.IntakeReferralSource;
import care.iop.client.model.IntakeReferralStatus;
import care.iop.client.model.IntakeSexAtBirth;
import care.iop.client.model.IntakeUrgency;
import care.iop.portal.api.ApiRefusal;
import care.iop.portal.api.ApiUnavailable;
import care.iop.portal.api.Gateway;
import care.iop.portal.web.Clinics;
import care.iop.portal.web.Dates;
import care.iop.portal.web.PortalUser;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;

import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A partner's referrals: the list (filter, pages), sending one, and one referral's timeline. */
@Path("/referrals")
@RolesAllowed(PortalUser.PARTNER_ROLE)
@Produces(MediaType.TEXT_HTML)
public class ReferralsResource {

    static final int PAGE_SIZE = 20;

    @Inject
    Gateway gateway;

    @Inject
    Clinics clinics;

    @Inject
    Clock clock;

    @CheckedTemplate
    static class Templates {
        /** {@code firstPageUrl} is null on the first page. */
        static native TemplateInstance list(ReferralViews.Filter filter, List<ReferralViews.Row> rows, String nextPage,
                                            String firstPageUrl, Map<String, String> statuses);

        static native TemplateInstance form(ReferralForm form, Map<String, String> errors, String notice,
                                            Map<String, String> clinics, Map<String, String> urgencies,
                                            Map<String, String> reasons, Map<String, String> sexes);

        static native TemplateInstance detail(ReferralViews.Row referral, List<ReferralViews.Step> timeline,
                                              boolean justSent);
    }

    @GET
    public Response list(@QueryParam("status") String status, @QueryParam("from") String from,
                         @QueryParam("to") String to, @QueryParam("cursor") String cursor) {
        ReferralViews.Filter filter = new ReferralViews.Filter(status, from, to);
        Map<String, String> problems = new LinkedHashMap<>();
        IntakeReferralStatus wanted = null;
        if (!ReferralForm.blank(status)) {
            try {
                wanted = IntakeReferralStatus.fromValue(status);
            } catch (IllegalArgumentException e) {
                problems.put("status", "Choose a status from the list.");
            }
        }
        LocalDate fromDate = date(from, "from", problems);
        LocalDate toDate = date(to, "to", problems);
        if (fromDate != null && toDate != null && fromDate.isAfter(toDate)) {
            problems.put("to", "The end date must not be before the start date.");
        }
        if (!problems.isEmpty()) {
            return Response.status(400).entity(Templates.list(filter.withErrors(problems), List.of(), null, null,
                    ReferralWords.STATUSES)).build();
        }
        IntakeReferralStatus statusFilter = wanted;
        IntakeReferralPage page = gateway.call(c -> new IntakeReferralsApi(c).apiV1IntakeReferralsGet(
                blankToNull(cursor), PAGE_SIZE, fromDate, toDate, statusFilter));
        List<ReferralViews.Row> rows = page.getItems().stream()
                .map(answer -> ReferralViews.row(answer.getIntakePartnerReferralView(), clinics)).toList();
        String next = page.getNextCursor() == null ? null : filter.query(page.getNextCursor());
        String first = ReferralForm.blank(cursor) ? null : filter.query(null);
        return Response.ok(Templates.list(filter, rows, next, first, ReferralWords.STATUSES)).build();
    }

    @GET
    @Path("new")
    public TemplateInstance newReferral() {
        return form(ReferralForm.blank(), Map.of(), null);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response send(@RestForm String clinicId, @RestForm String givenName, @RestForm String familyName,
                         @RestForm String birthDate, @RestForm String sexAtBirth, @RestForm String phone,
                         @RestForm String preferredLanguage, @RestForm String urgency, @RestForm String reasonCode,
                         @RestForm String requestedTrackCode, @RestForm String partnerReference,
                         @RestForm String idempotencyKey) {
        ReferralForm form = new ReferralForm(clinicId, givenName, familyName, birthDate, sexAtBirth, phone,
                preferredLanguage, urgency, reasonCode, requestedTrackCode, partnerReference,
                validKey(idempotencyKey) ? idempotencyKey : UUID.randomUUID().toString());
        Map<String, String> problems = form.problems(LocalDate.now(clock), clinics.ids());
        if (!problems.isEmpty()) {
            return Response.status(400).entity(form(form, problems, null)).build();
        }
        try {
            IntakePartnerReferralView sent = gateway.call(c -> new IntakeReferralsApi(c)
                    .apiV1IntakeReferralsPost(request(form), form.idempotencyKey())).getIntakePartnerReferralView();
            return Response.seeOther(URI.create("/referrals/" + sent.getId() + "?sent=true")).build();
        } catch (ApiRefusal refusal) {
            Map<String, String> fields = new LinkedHashMap<>();
            refusal.violations().forEach((field, message) -> {
                String formField = ReferralForm.fieldOf(field);
                if (formField != null) {
                    fields.putIfAbsent(formField, "Check this field: " + message + ".");
                }
            });
            String notice = refusal.is("idempotency-key-reused")
                    ? "This form was already sent with other details. Check your referrals before sending it again."
                    : fields.isEmpty() ? "The clinic's system did not accept the referral. Check the details and send it again." : null;
            return Response.status(refusal.status() == 401 ? 403 : refusal.status())
                    .entity(form(form.withNewKey(), fields, notice)).build();
        } catch (ApiUnavailable unavailable) {
            // The outcome is unknown: the same key goes with the retry, so it cannot make a second referral.
            return Response.status(503).entity(form(form, Map.of(), "The service did not answer, so the referral may"
                    + " not have arrived. Send it again: it will not be sent twice.")).build();
        }
    }

    @GET
    @Path("{id}")
    public TemplateInstance detail(@PathParam("id") UUID id, @QueryParam("sent") boolean sent) {
        IntakePartnerReferralView referral = gateway.call(c -> new IntakeReferralsApi(c).apiV1IntakeReferralsIdGet(id))
                .getIntakePartnerReferralView();
        List<ReferralViews.Step> timeline = ReferralViews.timeline(
                gateway.call(c -> new IntakeReferralsApi(c).apiV1IntakeReferralsIdHistoryGet(id)).getItems());
        return Templates.detail(ReferralViews.row(referral, clinics), timeline, sent);
    }

    private TemplateInstance form(ReferralForm form, Map<String, String> errors, String notice) {
        return Templates.form(form, errors, notice, clinics.options(), ReferralWords.URGENCIES, ReferralWords.REASONS,
                ReferralWords.SEX_AT_BIRTH);
    }

    private static IntakeReferralRequest request(ReferralForm form) {
        IntakePatientRequest patient = new IntakePatientRequest()
                .legalName(new IntakeName().given(form.givenName().strip()).family(form.familyName().strip()))
                .birthDate(LocalDate.parse(form.birthDate().strip()));
        if (!ReferralForm.blank(form.sexAtBirth())) {
            patient.sexAtBirth(IntakeSexAtBirth.fromValue(form.sexAtBirth()));
        }
        if (!ReferralForm.blank(form.preferredLanguage())) {
            patient.preferredLanguage(form.preferredLanguage().strip());
        }
        if (!ReferralForm.blank(form.phone())) {
            patient.contact(new IntakeContact().phone(form.phone().strip()));
        }
        return new IntakeReferralRequest()
                .clinicId(UUID.fromString(form.clinicId()))
                .patient(patient)
                .source(IntakeReferralSource.PARTNER)
                .urgency(IntakeUrgency.fromValue(form.urgency()))
                .reasonCode(form.reasonCode())
                .requestedTrackCode(blankToNull(form.requestedTrackCode()))
                .partnerReference(blankToNull(form.partnerReference()));
    }

    private static LocalDate date(String value, String field, Map<String, String> problems) {
        if (ReferralForm.blank(value)) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            problems.put(field, "Enter the date as year-month-day, for example 2026-03-01.");
            return null;
        }
    }

    private static boolean validKey(String key) {
        try {
            return key != null && UUID.fromString(key).toString().equals(key);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String blankToNull(String s) {
        return ReferralForm.blank(s) ? null : s.strip();
    }
}
