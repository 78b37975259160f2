package care.iop.portal.patients;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DisclosureViewTest {

    @Test
    void categories_become_sections_in_the_api_s_order_with_facts_and_tables_in_words() {
        Map<String, Object> categories = new LinkedHashMap<>();
        Map<String, Object> demographics = new LinkedHashMap<>();
        demographics.put("patientId", "5f0c…");
        demographics.put("legalName", Map.of("family", "Vale"));
        demographics.put("birthDate", "1990-04-23");
        demographics.put("preferredLanguage", null);
        demographics.put("identifiers", List.of());
        categories.put("demographics", demographics);
        Map<String, Object> medications = new LinkedHashMap<>();
        medications.put("orders", List.of(Map.of("drug", "buprenorphine", "active", true),
                Map.of("drug", "naltrexone", "active", false, "endedOn", "2026-01-01")));
        categories.put("medications", medications);

        List<DisclosureView.Section> sections = DisclosureView.sections(categories);

        assertThat(sections).extracting(DisclosureView.Section::title).containsExactly("Demographics", "Medications");
        assertThat(sections.get(0).facts()).containsExactly(new DisclosureView.Fact("Legal name: Family", "Vale"),
                new DisclosureView.Fact("Birth date", "1990-04-23"), new DisclosureView.Fact("Identifiers", "None recorded"));
        DisclosureView.Table orders = sections.get(1).tables().get(0);
        assertThat(orders.title()).isEqualTo("Orders");
        assertThat(orders.headers()).contains("Drug", "Active", "Ended on");
        assertThat(orders.rows()).hasSize(2);
        assertThat(orders.rows().get(0)).contains("buprenorphine", "Yes");
        assertThat(orders.rows().get(1)).contains("naltrexone", "No", "2026-01-01");
    }

    @Test
    void labels_read_as_words() {
        assertThat(DisclosureView.label("familyName")).isEqualTo("Family name");
        assertThat(DisclosureView.label("enrollment-attendance")).isEqualTo("Enrollment attendance");
        assertThat(DisclosureView.label("icd10Code")).isEqualTo("Icd10 code");
    }

    @Test
    void consent_purposes_ask_for_the_matching_purpose_of_use() {
        assertThat(ConsentWords.purposeOfUse("care-coordination")).isEqualTo("COC");
        assertThat(ConsentWords.purposeOfUse("payment")).isEqualTo("HPAYMT");
        assertThat(ConsentWords.purposeOf("HOPERAT")).isEqualTo("health-care-operations");
        assertThat(ConsentWords.purposeOf("ETREAT")).isNull();
        assertThat(ConsentWords.category("treatment-plan-summary")).isEqualTo("Treatment plan summary");
    }
}
