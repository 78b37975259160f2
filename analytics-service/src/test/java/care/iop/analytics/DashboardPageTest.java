package care.iop.analytics;

import care.iop.events.CloudEvent;
import care.iop.testkit.EventPublisher;
import care.iop.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard page (care.iop.analytics.dashboard) rendered from the real stream: the clinic's 11 admissions of
 * week 2 and one discharge in week 3. The browser sign-in (the dashboard tenant's code flow) needs Keycloak; here the
 * tenant takes testkit's signed bearer tokens (DashboardOidcTestResource), so roles, the clinic claim, the page, its
 * headers and its downloads run for real. "Today" is pinned to 2026-03-02 (application.properties, %test).
 */
@QuarkusTest
class DashboardPageTest {

    private static final UUID CLINIC = UUID.randomUUID();
    private static final String QUERY = "?period=week&from=2026-01-05&to=2026-01-25";

    @BeforeAll
    static void publish_eleven_admissions_and_one_discharge() {
        List<CloudEvent> events = new ArrayList<>();
        UUID first = null;
        for (int i = 0; i < 11; i++) {
            UUID p = UUID.randomUUID();
            first = first == null ? p : first;
            events.add(atClinic(EventStream.admitted(p, "2026-01-05")));
        }
        events.add(atClinic(EventStream.discharged(first, "2026-01-14", 1)));
        EventPublisher.send(events.toArray(CloudEvent[]::new));
    }

    private static CloudEvent atClinic(CloudEvent e) {
        return new CloudEvent("1.0", e.id(), e.source(), e.type(), e.subject(), e.time(), e.datacontenttype(),
                CLINIC.toString(), null, e.data());
    }

    private static Response get(String path, String role) {
        var request = RestAssured.given().redirects().follow(false);
        if (role != null) {
            request.header("Authorization", TestTokens.staff(CLINIC, role).bearer());
        }
        return request.get(path);
    }

    /** The page once the stream has applied the discharge (week 3's census drops to 10: "<11"). */
    private static String page(String role) {
        String[] html = new String[1];
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Response r = get("/dashboard" + QUERY, role);
            assertThat(r.statusCode()).isEqualTo(200);
            html[0] = r.asString();
            assertThat(table(html[0], "census")).containsExactly("11", "<11 — withheld", "<11 — withheld");
        });
        return html[0];
    }

    @Test
    void the_clinics_lead_roles_see_tiles_charts_tables_and_downloads() {
        for (String role : List.of("clinic-admin", "clinical-supervisor", "auditor")) {
            String html = page(role);
            // Latest complete week on 2026-03-02 within 5-25 January: week 4, census 10 and no admissions.
            assertThat(html).contains("Latest complete week: 2026-W04");
            assertThat(tile(html, "tile-census")).isEqualTo("<11 — withheld");
            assertThat(tile(html, "tile-admissions")).isEqualTo("0");
            assertThat(tile(html, "tile-completion-rate")).isEqualTo("none");
            assertThat(html).contains("TEDS-D national IOP: 38 % completed", "TEDS-D national IOP: median 41 days");
            for (String chart : List.of("census", "admissions", "discharges", "completion-rate", "median-stay",
                    "attendance")) {
                assertThat(html).as(chart).contains("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"chart-" + chart
                        + "\"", "<table id=\"table-" + chart + "\">");
            }
            assertThat(html).contains("id=\"section-iet\"", "&lt;11 — withheld",
                    "href=\"/dashboard/measures.json?period=week&amp;from=2026-01-05&amp;to=2026-01-25\"",
                    "href=\"/dashboard/measures.csv?period=week&amp;from=2026-01-05&amp;to=2026-01-25\"");
            assertThat(table(html, "admissions")).containsExactly("11", "0", "0");
        }
    }

    @Test
    void headings_come_in_order() {
        String html = page("clinic-admin");
        List<String> headings = new ArrayList<>();
        Matcher h = Pattern.compile("<h([1-3])[^>]*>").matcher(html);
        while (h.find()) {
            headings.add(h.group(1));
        }
        assertThat(headings.get(0)).isEqualTo("1");
        assertThat(headings.stream().filter("1"::equals).count()).isEqualTo(1);
        for (int i = 1; i < headings.size(); i++) {
            assertThat(Integer.parseInt(headings.get(i)) - Integer.parseInt(headings.get(i - 1)))
                    .as("no level skipped at heading " + i).isLessThanOrEqualTo(1);
        }
        assertThat(html.indexOf("id=\"headline-title\"")).isLessThan(html.indexOf("id=\"trends-title\""));
    }

    @Test
    void the_page_is_not_stored_runs_no_inline_script_or_style_and_is_not_framed() {
        Response r = get("/dashboard" + QUERY, "clinical-supervisor");
        assertThat(r.header("Cache-Control")).isEqualTo("no-store");
        assertThat(r.header("Content-Security-Policy")).contains("script-src 'self'", "style-src 'self'",
                "frame-ancestors 'none'").doesNotContain("unsafe-inline");
        assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
        String html = r.asString();
        assertThat(html).doesNotContain("<script", "style=", " onclick=", "<style");
    }

    @Test
    void other_roles_get_a_plain_not_for_you_page_and_no_downloads() {
        Response r = get("/dashboard" + QUERY, "clinician");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.asString()).contains("id=\"not-for-you\"").doesNotContain("tile-census");
        assertThat(get("/dashboard/measures.json" + QUERY, "clinician").statusCode()).isEqualTo(403);
        assertThat(get("/dashboard/measures.csv" + QUERY, "scheduler").statusCode()).isEqualTo(403);
    }

    @Test
    void without_a_sign_in_nothing_is_shown_but_the_signed_out_page_and_the_style_sheet() {
        assertThat(get("/dashboard" + QUERY, null).statusCode()).isEqualTo(401);
        assertThat(get("/dashboard/measures.json" + QUERY, null).statusCode()).isEqualTo(401);
        Response out = get("/dashboard/signed-out", null);
        assertThat(out.statusCode()).isEqualTo(200);
        assertThat(out.asString()).contains("id=\"signed-out\"").doesNotContain("sign-out\" method");
        assertThat(get("/dashboard/static/dashboard.css", null).statusCode()).isEqualTo(200);
    }

    @Test
    void the_downloads_are_the_apis_answer_for_the_users_clinic() {
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            Response json = get("/dashboard/measures.json" + QUERY, "auditor");
            assertThat(json.statusCode()).isEqualTo(200);
            assertThat(json.jsonPath().getString("clinicId")).isEqualTo(CLINIC.toString());
            assertThat(json.jsonPath().getString("periods[0].admissions")).isEqualTo("11");
        });
        Response csv = get("/dashboard/measures.csv" + QUERY, "auditor");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.header("Content-Disposition")).contains("measures-week-2026-01-05-2026-01-25.csv");
        assertThat(csv.asString().lines().count()).isEqualTo(4); // header and three weeks
    }

    @Test
    void parameters_that_are_not_valid_get_a_page_that_says_which() {
        Response r = get("/dashboard?period=year", "clinic-admin");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.asString()).contains("The period must be week or month.").doesNotContain("year");
    }

    @Test
    void signing_out_with_the_forms_csrf_token_goes_to_keycloaks_logout() {
        String bearer = TestTokens.staff(CLINIC, "clinic-admin").bearer();
        Response page = RestAssured.given().header("Authorization", bearer).get("/dashboard" + QUERY);
        String cookie = page.getCookie("csrf-token");
        assertThat(cookie).as("the page sets the CSRF cookie").isNotBlank();
        Matcher field = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]+)\">")
                .matcher(page.asString());
        assertThat(field.find()).as("the sign-out form carries the token").isTrue();
        Response r = RestAssured.given().redirects().follow(false).header("Authorization", bearer)
                .cookie("csrf-token", cookie).contentType("application/x-www-form-urlencoded")
                .formParam(field.group(1), field.group(2)).post("/dashboard/sign-out");
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.header("Location")).endsWith("/dashboard/sign-out/keycloak");
    }

    @Test
    void signing_out_needs_the_forms_csrf_token() {
        Response r = RestAssured.given().redirects().follow(false)
                .header("Authorization", TestTokens.staff(CLINIC, "clinic-admin").bearer())
                .contentType("application/x-www-form-urlencoded").formParam("x", "y").post("/dashboard/sign-out");
        assertThat(r.statusCode()).isEqualTo(400);
    }

    @Test
    void the_api_keeps_its_bearer_tenant_and_its_own_headers() {
        Response r = RestAssured.given().header("Authorization", TestTokens.staff(CLINIC, "auditor").bearer())
                .queryParam("from", "2026-01-05").queryParam("to", "2026-01-11")
                .get("/api/v1/analytics/clinics/{id}/measures", CLINIC);
        assertThat(r.statusCode()).isIn(200, 503);
        assertThat(r.header("Content-Security-Policy")).isNull();
        assertThat(r.headers().getValues("Set-Cookie")).as("no dashboard cookie on the API").isEmpty();
    }

    private static String tile(String html, String id) {
        Matcher m = Pattern.compile("id=\"" + id + "\">\\s*<span class=\"tile-label\">[^<]*</span>\\s*"
                + "<span class=\"tile-value\">([^<]*)</span>").matcher(html);
        assertThat(m.find()).as(id).isTrue();
        return m.group(1).replace("&lt;", "<");
    }

    private static List<String> table(String html, String id) {
        int start = html.indexOf("<table id=\"table-" + id + "\">");
        assertThat(start).as("table " + id).isGreaterThanOrEqualTo(0);
        String table = html.substring(start, html.indexOf("</table>", start));
        List<String> values = new ArrayList<>();
        Matcher m = Pattern.compile("<td>[^<]*</td><td>([^<]*)</td>").matcher(table);
        while (m.find()) {
            values.add(m.group(1).replace("&lt;", "<"));
        }
        return values;
    }
}
