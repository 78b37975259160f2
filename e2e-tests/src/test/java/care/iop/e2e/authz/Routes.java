package care.iop.e2e.authz;

import care.iop.e2e.Platform;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A route template made concrete with clinic A's records of the {@link World}. */
final class Routes {

    /** Path parameters that name something other than a record of the clinic. */
    private static final Set<String> NOT_RECORD_PARAMS = Set.of("staffId", "supervisorId", "trackCode", "system",
            "value", "planVersion");

    /** The record a path parameter names, by the collection segment in front of it. */
    private static final Map<String, String> RECORD_BY_SEGMENT = Map.ofEntries(
            Map.entry("patients", "patient"), Map.entry("referrals", "referral"),
            Map.entry("screenings", "screening"), Map.entry("assessments", "assessment"),
            Map.entry("consents", "consent"), Map.entry("entries", "waitlistEntry"),
            Map.entry("coverages", "coverage"), Map.entry("admissions", "admission"),
            Map.entry("bookings", "booking"), Map.entry("enrollments", "enrollment"),
            Map.entry("sessions", "session"), Map.entry("series", "series"), Map.entry("rooms", "room"),
            Map.entry("tracks", "track"), Map.entry("notes", "note"), Map.entry("group-notes", "groupNote"),
            Map.entry("treatment-plans", "plan"), Map.entry("reviews", "planReview"), Map.entry("orders", "order"),
            Map.entry("drug-screens", "drugScreen"), Map.entry("episodes", "episode"),
            Map.entry("follow-ups", "followUp"), Map.entry("risk-flags", "riskFlag"),
            Map.entry("allergies", "allergy"), Map.entry("administrations", "administration"),
            Map.entry("reconciliations", "reconciliation"), Map.entry("readmission-requests", "readmissionRequest"),
            Map.entry("staff", "staffMember"));

    /** Whose record each is (the rest — rooms, tracks, series, sessions — are the clinic's, not a patient's). */
    private static final Map<String, String> PATIENT_OF = Map.ofEntries(
            Map.entry("patient", "patient"), Map.entry("referral", "patient"), Map.entry("screening", "patient"),
            Map.entry("assessment", "patient"), Map.entry("consent", "patient"),
            Map.entry("coverage", "patient"), Map.entry("admission", "patient"),
            Map.entry("waitlistEntry", "waitlistedPatient"), Map.entry("booking", "patient"),
            Map.entry("enrollment", "patient"), Map.entry("note", "patient"), Map.entry("groupNote", "patient"),
            Map.entry("plan", "patient"), Map.entry("planReview", "patient"), Map.entry("order", "patient"),
            Map.entry("drugScreen", "patient"),
            Map.entry("episode", "patient"), Map.entry("followUp", "consentedPatient"),
            Map.entry("riskFlag", "patient"), Map.entry("consentedPatient", "consentedPatient"),
            Map.entry("allergy", "patient"), Map.entry("administration", "patient"),
            Map.entry("reconciliation", "patient"), Map.entry("readmissionRequest", "consentedPatient"));

    /**
     * @param url         path and query
     * @param records     the records of clinic A it names, by world name
     * @param patient     the patient whose record it reads or writes, or null
     * @param lastRecord  the id of the record the path ends with, or null (a collection, or not a record)
     */
    record Resolved(String url, List<String> records, String patient, String lastRecord) {
        boolean namesRecord() {
            return !records.isEmpty();
        }
    }

    private Routes() {
    }

    /** The template with clinic A's records in place of its parameters, and the query parameters it needs. */
    static Resolved resolve(Api.Operation op, World world, Identity who) {
        return resolve(op, world, who, null);
    }

    /** As {@link #resolve(Api.Operation, World, Identity)}, with another patient for a {@code patientId} query. */
    static Resolved resolve(Api.Operation op, World world, Identity who, String queryPatient) {
        boolean consented = who != null && who.kind() == Identity.Kind.PARTNER_WITH_CONSENT;
        String[] segments = op.template().split("/");
        StringBuilder out = new StringBuilder();
        List<String> records = new ArrayList<>();
        String patient = null;
        String last = null;
        for (int i = 1; i < segments.length; i++) {
            String s = segments[i];
            last = null;
            if (s.startsWith("{") && s.endsWith("}")) {
                String param = s.substring(1, s.length() - 1);
                String value;
                if (NOT_RECORD_PARAMS.contains(param)) {
                    value = switch (param) {
                        case "staffId" -> segments[i - 1].equals("facilitators") ? world.facilitator : world.supervisedStaff;
                        case "supervisorId" -> world.facilitator;
                        case "trackCode", "value" -> world.code;
                        case "system" -> "urn:e2e:authz";
                        case "planVersion" -> "1";
                        default -> throw new IllegalStateException(param);
                    };
                } else {
                    String name = RECORD_BY_SEGMENT.get(segments[i - 1]);
                    if (name == null) {
                        throw new AssertionError("no record of clinic A for {" + param + "} in " + op.template()
                                + ": add one to World and Routes.RECORD_BY_SEGMENT");
                    }
                    if (name.equals("patient") && consented) {
                        name = "consentedPatient";
                    }
                    records.add(name);
                    value = world.id(name);
                    last = value;
                    if (patient == null && PATIENT_OF.containsKey(name)) {
                        patient = world.id(PATIENT_OF.get(name));
                    }
                }
                out.append('/').append(value);
            } else {
                out.append('/').append(s);
            }
        }
        List<String> query = new ArrayList<>();
        for (String q : op.queryParams()) {
            switch (q) {
                case "patientId" -> {
                    String p = queryPatient != null ? queryPatient : world.id(consented ? "consentedPatient" : "patient");
                    query.add("patientId=" + p);
                    patient = patient == null ? p : patient;
                }
                case "category" -> query.add("category=demographics");
                case "partnerId" -> query.add("partnerId=" + Platform.PARTNER);
                // The claim lines need their date range (at most 366 days): the month up to the world's day.
                case "from" -> {
                    if (op.template().endsWith("/billing/claim-lines")) {
                        query.add("from=" + LocalDate.now(ZoneOffset.UTC).minusDays(30));
                    }
                }
                case "to" -> {
                    if (op.template().endsWith("/billing/claim-lines")) {
                        query.add("to=" + LocalDate.now(ZoneOffset.UTC).plusDays(1));
                    }
                }
                default -> {
                }
            }
        }
        return new Resolved(out + (query.isEmpty() ? "" : "?" + String.join("&", query)), List.copyOf(records),
                patient, last);
    }
}
