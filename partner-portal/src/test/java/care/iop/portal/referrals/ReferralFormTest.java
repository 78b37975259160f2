package care.iop.portal.referrals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReferralFormTest {

    static final LocalDate TODAY = LocalDate.of(2026, 3, 10);
    static final String CLINIC = "11111111-1111-4111-8111-111111111111";
    static final List<String> CLINICS = List.of(CLINIC);

    static ReferralForm valid() {
        return new ReferralForm(CLINIC, "Robin", "Vale", "1990-04-23", "", "", "", "routine", "opioid-use-disorder",
                "", "", "0b6e7c3e-5d0a-4a53-9f0e-3f2b4c1d2e3f");
    }

    @Test
    void a_complete_form_has_no_problems() {
        assertThat(valid().problems(TODAY, CLINICS)).isEmpty();
    }

    @Test
    void an_empty_form_names_every_required_field_in_words_in_the_order_of_the_page() {
        ReferralForm empty = new ReferralForm("", "", " ", "", "", "", "", "", "", "", "", "k");
        Map<String, String> problems = empty.problems(TODAY, CLINICS);
        assertThat(problems.keySet()).containsExactly("clinicId", "givenName", "familyName", "birthDate", "urgency",
                "reasonCode");
        assertThat(problems.get("familyName")).isEqualTo("Enter the person's last name.");
        assertThat(problems.values()).allMatch(m -> m.endsWith(".") && !m.contains("must match"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "2026-03-10 | The date of birth must be in the past.",
            "2026-03-11 | The date of birth must be in the past.",
            "1906-03-09 | Check the year: the date of birth is more than 120 years ago.",
            "23/04/1990 | Enter the date of birth as year-month-day, for example 1990-04-23.",
            "1990-02-30 | Enter the date of birth as year-month-day, for example 1990-04-23."})
    void birth_dates_are_checked_against_the_day_given(String birthDate, String problem) {
        ReferralForm form = new ReferralForm(CLINIC, "Robin", "Vale", birthDate, "", "", "", "routine",
                "opioid-use-disorder", "", "", "k");
        assertThat(form.problems(TODAY, CLINICS)).containsExactly(Map.entry("birthDate", problem));
    }

    @Test
    void the_day_before_today_is_a_valid_birth_date() {
        ReferralForm form = new ReferralForm(CLINIC, "Robin", "Vale", "2026-03-09", "", "", "", "routine",
                "opioid-use-disorder", "", "", "k");
        assertThat(form.problems(TODAY, CLINICS)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "clinicId | 22222222-2222-4222-8222-222222222222",
            "sexAtBirth | F",
            "phone | call me",
            "preferredLanguage | English",
            "urgency | soon",
            "reasonCode | anything",
            "requestedTrackCode | iop adult",
            "partnerReference | Robin Vale's file"})
    void a_value_outside_what_the_field_takes_is_named_on_that_field_only(String field, String value) {
        ReferralForm v = valid();
        ReferralForm form = new ReferralForm(
                field.equals("clinicId") ? value : v.clinicId(), v.givenName(), v.familyName(), v.birthDate(),
                field.equals("sexAtBirth") ? value : v.sexAtBirth(), field.equals("phone") ? value : v.phone(),
                field.equals("preferredLanguage") ? value : v.preferredLanguage(),
                field.equals("urgency") ? value : v.urgency(), field.equals("reasonCode") ? value : v.reasonCode(),
                field.equals("requestedTrackCode") ? value : v.requestedTrackCode(),
                field.equals("partnerReference") ? value : v.partnerReference(), v.idempotencyKey());
        assertThat(form.problems(TODAY, CLINICS)).containsOnlyKeys(field);
    }

    @Test
    void control_characters_are_refused_on_their_field() {
        ReferralForm v = valid();
        ReferralForm form = new ReferralForm(v.clinicId(), "Ro\u0000bin", v.familyName(), v.birthDate(), "", "", "",
                v.urgency(), v.reasonCode(), "", "", v.idempotencyKey());
        assertThat(form.problems(TODAY, CLINICS)).containsOnlyKeys("givenName");
    }

    @Test
    void a_new_key_keeps_what_was_typed() {
        ReferralForm again = valid().withNewKey();
        assertThat(again.idempotencyKey()).isNotEqualTo(valid().idempotencyKey());
        assertThat(again.givenName()).isEqualTo("Robin");
        assertThat(ReferralForm.blank().idempotencyKey()).isNotEqualTo(ReferralForm.blank().idempotencyKey());
    }

    @Test
    void the_api_s_field_names_map_to_the_form_s() {
        assertThat(ReferralForm.fieldOf("patient.legalName.given")).isEqualTo("givenName");
        assertThat(ReferralForm.fieldOf("patient.birthDate")).isEqualTo("birthDate");
        assertThat(ReferralForm.fieldOf("patient.contact.phone")).isEqualTo("phone");
        assertThat(ReferralForm.fieldOf("partnerReference")).isEqualTo("partnerReference");
        assertThat(ReferralForm.fieldOf("patient.identifiers[0].value")).isNull();
        assertThat(ReferralForm.fieldOf(null)).isNull();
    }
}
