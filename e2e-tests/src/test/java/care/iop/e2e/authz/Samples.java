package care.iop.e2e.authz;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Map.entry;

/**
 * A request body that passes each write operation's validation, so that a caller of another clinic reaches the
 * lookup of clinic A's record (and gets 404) instead of a 400. {@code ${name}} stands for a record of the
 * {@link World} ({@code ${today}} for its date); a body naming one of clinic A's records is also how another
 * clinic's caller tries to use a foreign id inside a body. The matrix fails for a write operation that has no
 * sample here while it needs one (a new route), so this table grows with the API.
 */
final class Samples {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z]+)}");

    private static final String PATIENT = """
            {"legalName":{"given":"Sample","family":"Person"},"birthDate":"1991-01-01"}""";
    private static final String NOTE = """
            {"kind":"progress","format":"soap","serviceDate":"${today}","sections":{"subjective":"s","objective":"o",
             "assessment":"a","plan":"p"}}""";
    private static final String PLAN = """
            {"content":{"problems":[{"icd10":"F11.20","description":"Opioid use disorder"}],
             "goals":[{"inPatientsWords":"Stay sober"}],
             "objectives":[{"goal":0,"description":"Attend groups","targetDate":"${today}"}],
             "interventions":[{"modality":"cbt","frequency":"weekly","responsibleStaffId":"${clinicianA}"}]},
             "patientParticipated":true}""";
    private static final String GROUP_NOTE = """
            {"sessionId":"${session}","serviceDate":"${sessionDate}","narrative":"n",
             "entries":[{"patientId":"${patient}","section":"s"}]}""";
    private static final String SESSION = """
            {"kind":"individual-therapy","trackId":"${track}","date":"${today}","startTime":"05:00","durationMinutes":60,
             "timeZone":"America/New_York","modality":"in-person","roomId":"${room}","facilitatorIds":["${facilitator}"]}""";

    static final Map<String, String> BODIES = Map.ofEntries(
            // intake
            entry("POST /api/v1/intake/admissions", """
                    {"patientId":"${patient}","trackCode":"${code}","levelOfCare":"2.1","admissionDate":"${today}",
                     "primaryCounselorId":"${clinicianA}"}"""),
            entry("POST /api/v1/intake/patients", PATIENT),
            entry("PUT /api/v1/intake/patients/by-identifier/{system}/{value}", PATIENT),
            entry("POST /api/v1/intake/patients/{id}/coverages", """
                    {"payer":"Acme Health","memberId":"M-1"}"""),
            entry("POST /api/v1/intake/patients/{patientId}/assessments", """
                    {"dimensions":{"d1":{"rating":1,"rationale":"r"},"d2":{"rating":0,"rationale":"r"},
                     "d3":{"rating":2,"rationale":"r"},"d4":{"rating":1,"rationale":"r"},"d5":{"rating":2,"rationale":"r"},
                     "d6":{"rating":1,"rationale":"r"}},"finalLevel":"2.1"}"""),
            entry("POST /api/v1/intake/patients/{patientId}/consents", """
                    {"recipientClass":"hospital","categories":["demographics"],"purpose":"treatment",
                     "expiresAt":"2099-01-01T00:00:00Z","signedAt":"2020-01-01T00:00:00Z","signatureMethod":"electronic"}"""),
            entry("POST /api/v1/intake/patients/{patientId}/screenings", """
                    {"instrument":"GAD-7","answers":[0,0,0,0,0,0,0]}"""),
            entry("POST /api/v1/intake/referrals", """
                    {"patientId":"${patient}","source":"self","urgency":"routine","reasonCode":"alcohol-use-disorder"}"""),
            entry("POST /api/v1/intake/referrals/{id}/status", """
                    {"status":"screening"}"""),
            entry("POST /api/v1/intake/screenings/{id}/acknowledgement", """
                    {"action":"safety-plan-reviewed"}"""),
            entry("POST /api/v1/intake/waitlist", """
                    {"patientId":"${waitlistedPatient}","trackCode":"${code}"}"""),
            entry("POST /api/v1/intake/waitlist/entries/{id}/decline", """
                    {"reasonCode":"no-longer-interested"}"""),
            // scheduling
            entry("PUT /api/v1/scheduling/bookings/{id}/attendance", """
                    {"attendance":"present"}"""),
            entry("POST /api/v1/scheduling/bookings/{id}/cancel", """
                    {"reasonCode":"patient-request"}"""),
            entry("POST /api/v1/scheduling/enrollments", """
                    {"patientId":"${patient}","trackId":"${track}","startDate":"${today}"}"""),
            entry("POST /api/v1/scheduling/enrollments/{id}/end", """
                    {"reason":"withdrawn","endDate":"${today}"}"""),
            entry("POST /api/v1/scheduling/rooms", """
                    {"name":"Sample room","capacity":10}"""),
            entry("POST /api/v1/scheduling/series", """
                    {"kind":"skills-group","trackId":"${track}","days":["thursday"],"startTime":"05:00",
                     "durationMinutes":60,"firstDate":"${today}","modality":"in-person","roomId":"${room}",
                     "facilitatorIds":["${facilitator}"]}"""),
            entry("POST /api/v1/scheduling/sessions", SESSION),
            entry("POST /api/v1/scheduling/sessions/{id}/attendance", """
                    {"entries":[{"patientId":"${patient}","attendance":"present"}]}"""),
            entry("POST /api/v1/scheduling/sessions/{id}/bookings", """
                    {"patientId":"${patient}"}"""),
            entry("POST /api/v1/scheduling/sessions/{id}/cancel", """
                    {"reasonCode":"facilitator-ill"}"""),
            entry("POST /api/v1/scheduling/sessions/{id}/reschedule", """
                    {"reasonCode":"room-change"}"""),
            entry("POST /api/v1/scheduling/tracks", """
                    {"code":"SAMPLE-1","name":"Sample","levelOfCare":"2.1","population":"adult",
                     "timeZone":"America/New_York","days":["monday"],"startTime":"05:00","durationMinutes":60,
                     "roomId":"${room}","facilitatorIds":["${facilitator}"]}"""),
            entry("PUT /api/v1/scheduling/tracks/{id}", """
                    {"name":"Sample","weeklyHoursTarget":9,"groupSizeLimit":12,"groupType":"open",
                     "facilitatorIds":["${facilitator}"]}"""),
            // notes
            entry("POST /api/v1/notes/group-notes", GROUP_NOTE),
            entry("PUT /api/v1/notes/group-notes/{id}", GROUP_NOTE),
            entry("PUT /api/v1/notes/notes/{id}", NOTE),
            entry("POST /api/v1/notes/notes/{id}/break-glass", """
                    {"reasonCode":"emergency-treatment","reasonText":"e2e"}"""),
            entry("POST /api/v1/notes/notes/{id}/addenda", """
                    {"text":"addendum"}"""),
            entry("POST /api/v1/notes/patients/{patientId}/notes", NOTE),
            entry("POST /api/v1/notes/patients/{patientId}/treatment-plans", PLAN),
            entry("POST /api/v1/notes/treatment-plans/{id}/reviews", """
                    {"ratings":[{"objectiveId":"${objective}","rating":"progressing"}]}"""),
            entry("POST /api/v1/notes/treatment-plans/{id}/versions", PLAN),
            // medications
            entry("POST /api/v1/medications/drug-screens/{id}/collection", "{}"),
            entry("POST /api/v1/medications/drug-screens/{id}/results", """
                    {"results":[{"substanceCode":"THC","result":"negative"}]}"""),
            entry("POST /api/v1/medications/orders/{id}/administrations", """
                    {"outcome":"administered"}"""),
            entry("POST /api/v1/medications/orders/{id}/discharge-review", """
                    {"decision":"continued","reasonCode":"stable-on-mat"}"""),
            entry("POST /api/v1/medications/orders/{id}/discontinue", """
                    {"reasonCode":"completed-course"}"""),
            entry("POST /api/v1/medications/patients/{patientId}/allergies", """
                    {"substance":"gabapentin","severity":"mild"}"""),
            entry("POST /api/v1/medications/patients/{patientId}/drug-screens", """
                    {"specimen":"urine","panel":["THC"]}"""),
            entry("POST /api/v1/medications/patients/{patientId}/orders", """
                    {"medicationId":"sertraline","dose":50,"doseUnit":"mg","route":"oral","frequency":"daily",
                     "startDate":"${today}","indication":"F32.9"}"""),
            entry("POST /api/v1/medications/patients/{patientId}/reconciliations", """
                    {"items":[{"medication":"Ibuprofen","decision":"continue"}]}"""),
            // aftercare
            entry("POST /api/v1/aftercare/episodes/{id}/discharge", """
                    {"reasonCode":1,"dischargeDate":"${today}","summary":"s"}"""),
            entry("PUT /api/v1/aftercare/episodes/{id}/discharge-plan", """
                    {"targetDate":"${today}","stepDownLevel":"1"}"""),
            entry("POST /api/v1/aftercare/episodes/{id}/transitions", """
                    {"toLevel":"2.1","onDate":"${today}","reasonCode":"clinical-need"}"""),
            entry("POST /api/v1/aftercare/follow-ups/{id}/outcome", """
                    {"outcome":"reached","recoveryStatus":"in-recovery"}"""),
            entry("POST /api/v1/aftercare/patients/{patientId}/readmission-requests", """
                    {"reasonCode":"relapse"}"""),
            entry("PUT /api/v1/aftercare/patients/{patientId}/relapse-prevention-plan", """
                    {"triggers":["t"],"warningSigns":["w"],"copingStrategies":["c"],"crisisPlan":"p"}"""),
            entry("POST /api/v1/aftercare/risk-flags/{id}/acknowledge", """
                    {"action":"outreach-call"}"""));

    /** Names of world records that are not clinic A's records (a date, a code, a staff id). */
    private static final Set<String> NOT_RECORDS = Set.of("today", "sessionDate", "code", "clinicianA", "facilitator");

    private Samples() {
    }

    /** The sample with the world's values, or null if there is none. */
    static String body(String key, Map<String, String> values) {
        String sample = BODIES.get(key);
        return sample == null ? null : fill(sample, values, false);
    }

    /** The sample with every clinic A record replaced by an id that exists nowhere. */
    static String bodyWithUnknownIds(String key, Map<String, String> values) {
        String sample = BODIES.get(key);
        return sample == null ? null : fill(sample, values, true);
    }

    /** The clinic A records the sample names (empty: it names none, so another clinic may use it as is). */
    static Set<String> recordsNamed(String key) {
        Set<String> out = new LinkedHashSet<>();
        String sample = BODIES.get(key);
        if (sample != null) {
            Matcher m = PLACEHOLDER.matcher(sample);
            while (m.find()) {
                if (!NOT_RECORDS.contains(m.group(1))) {
                    out.add(m.group(1));
                }
            }
        }
        return out;
    }

    private static String fill(String sample, Map<String, String> values, boolean unknownRecords) {
        Matcher m = PLACEHOLDER.matcher(sample);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value = unknownRecords && !NOT_RECORDS.contains(name) ? World.random() : values.get(name);
            if (value == null) {
                throw new IllegalStateException("the world has no " + name + " for a sample body");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
