package care.iop.portal.referrals;

import java.util.Locale;
import java.util.Map;

/**
 * The codes a partner meets, in words: referral statuses, urgencies, referral reasons the form offers, and the
 * clinic's decision reasons. A decision code without an entry is still shown in words (its hyphens as spaces), never
 * as a bare code, since clinics may use their own.
 */
public final class ReferralWords {

    /** Statuses, in pipeline order. */
    public static final Map<String, String> STATUSES = ordered(
            "received", "Received",
            "screening", "Screening",
            "assessment-scheduled", "Assessment scheduled",
            "assessed", "Assessed",
            "admitted", "Admitted",
            "waitlisted", "On the waiting list",
            "declined", "Declined",
            "referred-out", "Referred elsewhere");

    /** What a status means for the referring partner. */
    public static final Map<String, String> STATUS_MEANINGS = ordered(
            "received", "The clinic has the referral and will contact the person.",
            "screening", "The clinic is screening the person.",
            "assessment-scheduled", "An assessment with the person is booked.",
            "assessed", "The person has been assessed; a decision follows.",
            "admitted", "The person was admitted to the program.",
            "waitlisted", "The person is on the clinic's waiting list.",
            "declined", "The clinic will not admit the person.",
            "referred-out", "The clinic referred the person to another provider.");

    public static final Map<String, String> URGENCIES = ordered(
            "routine", "Routine",
            "urgent", "Urgent (within 72 hours)",
            "emergent", "Emergent (same day)");

    public static final Map<String, String> SEX_AT_BIRTH = ordered(
            "female", "Female",
            "male", "Male",
            "intersex", "Intersex",
            "unknown", "Unknown");

    /** The reasons the form offers (intake takes any code; these are the ones clinics' screening expects). */
    public static final Map<String, String> REASONS = ordered(
            "alcohol-use-disorder", "Alcohol use disorder",
            "opioid-use-disorder", "Opioid use disorder",
            "stimulant-use-disorder", "Stimulant use disorder",
            "cannabis-use-disorder", "Cannabis use disorder",
            "co-occurring-disorders", "Substance use with a mental-health condition",
            "depression", "Depression",
            "anxiety", "Anxiety",
            "step-down-from-residential", "Step-down from residential treatment",
            "step-down-from-inpatient", "Step-down from inpatient care",
            "relapse", "Relapse after earlier treatment");

    /** Decision reasons clinics commonly give. */
    static final Map<String, String> DECISIONS = ordered(
            "needs-higher-level-of-care", "Needs a higher level of care",
            "needs-lower-level-of-care", "A lower level of care fits better",
            "outside-service-area", "Lives outside the clinic's service area",
            "insurance-not-accepted", "Insurance not accepted",
            "no-capacity", "The program has no place",
            "patient-declined", "The person declined the program",
            "unable-to-contact", "The clinic could not reach the person",
            "not-clinically-appropriate", "The program does not fit the person's needs",
            "duplicate-referral", "Already referred");

    private ReferralWords() {
    }

    public static String status(String code) {
        return STATUSES.getOrDefault(code, words(code));
    }

    public static String meaning(String status) {
        return STATUS_MEANINGS.getOrDefault(status, "");
    }

    public static String urgency(String code) {
        return URGENCIES.getOrDefault(code, words(code));
    }

    public static String reason(String code) {
        return REASONS.getOrDefault(code, words(code));
    }

    public static String decision(String code) {
        return DECISIONS.getOrDefault(code, words(code));
    }

    /** A code in words: {@code no-show-at-assessment} → "No show at assessment". */
    static String words(String code) {
        if (code == null || code.isBlank()) {
            return "";
        }
        String spaced = code.replace('-', ' ').replace('.', ' ').strip();
        return spaced.substring(0, 1).toUpperCase(Locale.ROOT) + spaced.substring(1);
    }

    private static Map<String, String> ordered(String... pairs) {
        java.util.LinkedHashMap<String, String> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
