package care.iop.intake.assessment;

import java.util.regex.Pattern;

/**
 * Format check for ICD-10-CM diagnosis codes (not a lookup: a well-formed code may still not exist).
 *
 * <p>Accepted: the dotted form in upper case, e.g. {@code F10.20}, {@code T40.1X1A}, or a bare category such as
 * {@code F32}. A letter (any, including U: ICD-10-CM uses U07.1, U09.9), a digit, a digit or letter (C4A, Z3A),
 * then optionally a dot and 1–4 digits or letters (the placeholder X and 7th-character extensions are letters).
 * The undotted claim form ({@code F1020}) and lower case are refused so that one spelling is stored.
 */
public final class Icd10 {

    private static final Pattern FORMAT = Pattern.compile("[A-Z][0-9][0-9A-Z](\\.[0-9A-Z]{1,4})?");

    private Icd10() {
    }

    public static boolean isValidFormat(String code) {
        return code != null && FORMAT.matcher(code).matches();
    }
}
