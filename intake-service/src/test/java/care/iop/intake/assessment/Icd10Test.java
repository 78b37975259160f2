package care.iop.intake.assessment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class Icd10Test {

    @ParameterizedTest(name = "{0} is well-formed ({1})")
    @CsvSource({
            "F10.20,   alcohol dependence, uncomplicated",
            "F11.20,   opioid dependence, uncomplicated",
            "F32.1,    major depressive disorder, single episode, moderate",
            "F41.1,    generalized anxiety disorder",
            "Z63.0,    problems in relationship with spouse or partner",
            "F43.10,   post-traumatic stress disorder, unspecified",
            "F10.239,  alcohol dependence with withdrawal, unspecified",
            "T40.1X1A, poisoning by heroin, accidental, initial encounter (placeholder X and 7th character)",
            "C4A.9,    Merkel cell carcinoma (letter in 3rd position)",
            "U07.1,    COVID-19 (U codes are used by ICD-10-CM)",
            "F32,      category without subcategory",
    })
    void validCodes(String code, String meaning) {
        assertThat(Icd10.isValidFormat(code)).isTrue();
    }

    @ParameterizedTest(name = "''{0}'' is refused ({1})")
    @CsvSource({
            "'',          empty",
            "f10.20,      lower case",
            "F1020,       undotted claim form",
            "F10.,        trailing dot",
            "10.20,       no leading letter",
            "FF0.20,      letter in 2nd position",
            "F10.20000,   more than 4 characters after the dot",
            "F10.2.0,     two dots",
            "F1,          too short",
            "F10-20,      hyphen",
            "' F10.20',   leading space",
            "'F10.20 ',   trailing space",
            "F10.2$,      symbol",
    })
    void invalidCodes(String code, String why) {
        assertThat(Icd10.isValidFormat(code)).isFalse();
    }

    @Test
    void nullIsNotValid() {
        assertThat(Icd10.isValidFormat(null)).isFalse();
    }
}
