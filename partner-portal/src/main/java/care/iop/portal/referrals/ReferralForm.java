package care.iop.portal.referrals;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The referral form as typed (every field a string, so a page with errors shows back exactly what was typed), its
 * checks in plain words, and the map from the API's field names to the form's. {@code idempotencyKey} is made when
 * the form is rendered and sent as the {@code Idempotency-Key}, so submitting the same form twice makes one referral.
 */
public record ReferralForm(String clinicId, String givenName, String familyName, String birthDate, String sexAtBirth,
                           String phone, String preferredLanguage, String urgency, String reasonCode,
                           String requestedTrackCode, String partnerReference, String idempotencyKey) {

    private static final Pattern TRACK = Pattern.compile("[A-Z0-9][A-Z0-9-]{0,31}");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9 ()-]{7,20}");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{2,8})*");
    private static final Pattern REFERENCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,39}");

    /** An empty form, with a fresh key. */
    public static ReferralForm blank() {
        return new ReferralForm("", "", "", "", "", "", "", "routine", "", "", "", UUID.randomUUID().toString());
    }

    /** The same form under a new key: after the API refused it, what is sent next is a new request. */
    public ReferralForm withNewKey() {
        return new ReferralForm(clinicId, givenName, familyName, birthDate, sexAtBirth, phone, preferredLanguage,
                urgency, reasonCode, requestedTrackCode, partnerReference, UUID.randomUUID().toString());
    }

    /**
     * What is wrong, field by field, in words a coordinator can act on; empty when the form can be sent.
     *
     * @param today the date birth dates must be before
     * @param clinics the clinic ids the form offers
     */
    public Map<String, String> problems(LocalDate today, Iterable<String> clinics) {
        Map<String, String> problems = new LinkedHashMap<>();
        Map<String, String> typed = typed();
        typed.forEach((field, value) -> {
            if (value != null && value.chars().anyMatch(Character::isISOControl)) {
                problems.put(field, "Remove the invisible control characters from this field.");
            }
        });
        if (!problems.isEmpty()) {
            return problems;
        }
        if (blank(clinicId)) {
            problems.put("clinicId", "Choose the clinic you are referring to.");
        } else if (!contains(clinics, clinicId)) {
            problems.put("clinicId", "Choose one of the clinics in the list.");
        }
        requireName(problems, "givenName", givenName, "Enter the person's first name.");
        requireName(problems, "familyName", familyName, "Enter the person's last name.");
        if (blank(birthDate)) {
            problems.put("birthDate", "Enter the date of birth.");
        } else {
            try {
                LocalDate born = LocalDate.parse(birthDate.strip());
                if (!born.isBefore(today)) {
                    problems.put("birthDate", "The date of birth must be in the past.");
                } else if (born.isBefore(today.minusYears(120))) {
                    problems.put("birthDate", "Check the year: the date of birth is more than 120 years ago.");
                }
            } catch (DateTimeParseException e) {
                problems.put("birthDate", "Enter the date of birth as year-month-day, for example 1990-04-23.");
            }
        }
        if (!blank(sexAtBirth) && !ReferralWords.SEX_AT_BIRTH.containsKey(sexAtBirth)) {
            problems.put("sexAtBirth", "Choose one of the options, or leave it empty.");
        }
        if (!blank(phone) && !PHONE.matcher(phone.strip()).matches()) {
            problems.put("phone", "Enter a phone number of 7 to 20 digits (spaces, brackets, + and - are fine).");
        }
        if (!blank(preferredLanguage) && !LANGUAGE.matcher(preferredLanguage.strip()).matches()) {
            problems.put("preferredLanguage", "Enter a language code such as en, es or pt-BR, or leave it empty.");
        }
        if (!ReferralWords.URGENCIES.containsKey(String.valueOf(urgency))) {
            problems.put("urgency", "Choose how urgent the referral is.");
        }
        if (blank(reasonCode)) {
            problems.put("reasonCode", "Choose the main reason for the referral.");
        } else if (!ReferralWords.REASONS.containsKey(reasonCode)) {
            problems.put("reasonCode", "Choose one of the reasons in the list.");
        }
        if (!blank(requestedTrackCode) && !TRACK.matcher(requestedTrackCode.strip()).matches()) {
            problems.put("requestedTrackCode", "Use capital letters, digits and hyphens, for example IOP-ADULT, or leave it empty.");
        }
        if (!blank(partnerReference) && !REFERENCE.matcher(partnerReference.strip()).matches()) {
            problems.put("partnerReference", "Use up to 40 letters, digits and . _ / - (your case number, not a name).");
        }
        return problems;
    }

    /** The fields a person types, by name (the key is not typed). */
    private Map<String, String> typed() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("clinicId", clinicId);
        fields.put("givenName", givenName);
        fields.put("familyName", familyName);
        fields.put("birthDate", birthDate);
        fields.put("sexAtBirth", sexAtBirth);
        fields.put("phone", phone);
        fields.put("preferredLanguage", preferredLanguage);
        fields.put("urgency", urgency);
        fields.put("reasonCode", reasonCode);
        fields.put("requestedTrackCode", requestedTrackCode);
        fields.put("partnerReference", partnerReference);
        return fields;
    }

    /** The form field an API violation names ({@code patient.legalName.given} → {@code givenName}); null if none fits. */
    public static String fieldOf(String apiField) {
        if (apiField == null) {
            return null;
        }
        return switch (apiField) {
            case "clinicId" -> "clinicId";
            case "patient.legalName.given" -> "givenName";
            case "patient.legalName.family" -> "familyName";
            case "patient.birthDate" -> "birthDate";
            case "patient.sexAtBirth" -> "sexAtBirth";
            case "patient.contact.phone" -> "phone";
            case "patient.preferredLanguage" -> "preferredLanguage";
            case "urgency" -> "urgency";
            case "reasonCode" -> "reasonCode";
            case "requestedTrackCode" -> "requestedTrackCode";
            case "partnerReference" -> "partnerReference";
            default -> null;
        };
    }

    private static void requireName(Map<String, String> problems, String field, String value, String missing) {
        if (blank(value)) {
            problems.put(field, missing);
        } else if (value.strip().length() > 100) {
            problems.put(field, "Shorten this to 100 characters or fewer.");
        }
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static boolean contains(Iterable<String> values, String wanted) {
        for (String v : values) {
            if (v.equals(wanted)) {
                return true;
            }
        }
        return false;
    }
}
