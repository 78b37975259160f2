package care.iop.portal.referrals;

import care.iop.client.model.IntakePartnerReferralView;
import care.iop.client.model.IntakeReferralHistoryItem;
import care.iop.portal.web.Clinics;
import care.iop.portal.web.Dates;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** What the referral pages show, made from the API's partner view: codes in words, dates for people. */
public final class ReferralViews {

    private ReferralViews() {
    }

    /** The list's filter as typed, and what is wrong with it. */
    public record Filter(String status, String from, String to, Map<String, String> errors) {
        Filter(String status, String from, String to) {
            this(nz(status), nz(from), nz(to), Map.of());
        }

        Filter withErrors(Map<String, String> errors) {
            return new Filter(status, from, to, errors);
        }

        public boolean isActive() {
            return !status.isBlank() || !from.isBlank() || !to.isBlank();
        }

        /** The list's URL for the page at {@code cursor}, keeping the filter. */
        public String query(String cursor) {
            StringJoiner q = new StringJoiner("&", "/referrals?", "");
            add(q, "status", status);
            add(q, "from", from);
            add(q, "to", to);
            add(q, "cursor", cursor);
            return q.toString();
        }

        private static void add(StringJoiner q, String name, String value) {
            if (value != null && !value.isBlank()) {
                q.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        }
    }

    /** One referral as a row (and the detail page's summary). */
    public record Row(String id, String shortId, String reference, String clinic, String received, String urgency,
               String statusCode, String status, String meaning, String decision, String changed) {
    }

    /** One status of the timeline. */
    public record Step(String statusCode, String status, String reason, String at) {
    }

    static Row row(IntakePartnerReferralView r, Clinics clinics) {
        String status = r.getStatus().getValue();
        return new Row(r.getId().toString(), r.getId().toString().substring(0, 8), nz(r.getPartnerReference()),
                clinics.name(r.getClinicId()), Dates.moment(r.getReceivedAt()),
                r.getUrgency() == null ? "" : ReferralWords.urgency(r.getUrgency().getValue()), status,
                ReferralWords.status(status), ReferralWords.meaning(status),
                ReferralWords.decision(r.getDecisionReasonCode()), Dates.moment(r.getStatusChangedAt()));
    }

    static List<Step> timeline(List<IntakeReferralHistoryItem> items) {
        return items.stream().map(i -> new Step(i.getStatus().getValue(), ReferralWords.status(i.getStatus().getValue()),
                ReferralWords.decision(i.getReasonCode()), Dates.moment(i.getAt()))).toList();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
