package care.iop.portal.patients;

import java.util.Map;

/** Part 2 consent codes in words, and the HL7 purpose of use a disclosure is asked for under each consent purpose. */
public final class ConsentWords {

    static final Map<String, String> CATEGORIES = Map.of(
            "demographics", "Demographics",
            "diagnoses", "Diagnoses",
            "enrollment-attendance", "Enrollment and attendance",
            "medications", "Medications",
            "treatment-plan-summary", "Treatment plan summary",
            "discharge-summary", "Discharge summary");

    static final Map<String, String> PURPOSES = Map.of(
            "treatment", "Treatment",
            "care-coordination", "Care coordination",
            "payment", "Payment",
            "health-care-operations", "Health-care operations");

    /** The consent purpose → the {@code X-Purpose-Of-Use} that asks for a disclosure under it (docs/decisions.md). */
    static final Map<String, String> PURPOSE_OF_USE = Map.of(
            "treatment", "TREAT",
            "care-coordination", "COC",
            "payment", "HPAYMT",
            "health-care-operations", "HOPERAT");

    private ConsentWords() {
    }

    public static String category(String code) {
        return CATEGORIES.getOrDefault(code, DisclosureView.label(code));
    }

    public static String purpose(String code) {
        return PURPOSES.getOrDefault(code, DisclosureView.label(code));
    }

    /** The purpose of use for a consent purpose; TREAT (the API's default) when the purpose is not known. */
    public static String purposeOfUse(String consentPurpose) {
        return PURPOSE_OF_USE.getOrDefault(consentPurpose, "TREAT");
    }

    /** The consent purpose a purpose of use stands for, for the page's heading; null when it is not one of the four. */
    public static String purposeOf(String purposeOfUse) {
        return PURPOSE_OF_USE.entrySet().stream().filter(e -> e.getValue().equals(purposeOfUse)).map(Map.Entry::getKey)
                .findFirst().orElse(null);
    }
}
