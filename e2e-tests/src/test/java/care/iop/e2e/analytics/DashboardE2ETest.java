package care.iop.e2e.analytics;

import care.iop.devstack.Service;
import care.iop.e2e.Platform;
import care.iop.e2e.portal.Browser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The analytics service's program dashboard ({@code /dashboard}) in a real browser (Debian's headless Chromium)
 * against the whole platform: Keycloak's own login page, the dashboard's OIDC tenant and the measures from the stream.
 * One browser signed in as admin.a serves the first tests; the last one signs it out.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardE2ETest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TILES = List.of("tile-census", "tile-admissions", "tile-completion-rate",
            "tile-median-stay", "tile-attendance");

    private static Browser admin;

    @BeforeAll
    static void signIn() {
        admin = signedIn("admin.a");
    }

    @AfterAll
    static void close() {
        if (admin != null) {
            admin.close();
        }
    }

    @Test
    @Order(1)
    void an_admin_sees_the_tiles_charts_with_names_tables_and_a_json_download_of_their_clinic() throws Exception {
        assertThat(admin.path()).startsWith("/dashboard");
        assertThat(admin.h1()).isEqualTo("Program dashboard");
        assertThat(admin.one(By.id("signed-in-as")).getText()).contains("admin.a");
        for (String tile : TILES) {
            WebElement shown = admin.one(By.id(tile));
            assertThat(shown.isDisplayed()).as(tile).isTrue();
            assertThat(shown.findElement(By.className("tile-value")).getText()).as(tile + "'s value").isNotBlank();
        }

        List<WebElement> charts = admin.all(By.cssSelector("svg[role=img][id^='chart-']"));
        assertThat(charts).as("charts").isNotEmpty();
        for (WebElement chart : charts) {
            String id = chart.getAttribute("id");
            assertThat(chart.getAccessibleName()).as(id + "'s accessible name").isNotBlank();
            String description = (String) admin.script("var d = document.getElementById("
                    + "arguments[0].getAttribute('aria-describedby')); return d ? d.textContent : null;", chart);
            assertThat(description).as(id + "'s description (aria-describedby)").isNotBlank();
        }
        WebElement census = admin.one(By.id("chart-census"));
        assertThat(census.getAccessibleName()).isEqualTo("Census");

        WebElement table = admin.one(By.id("table-census"));
        WebElement details = table.findElement(By.xpath("./ancestor::details"));
        assertThat(table.isDisplayed()).as("the table is folded away").isFalse();
        details.findElement(By.tagName("summary")).click();
        assertThat(table.isDisplayed()).as("the table after opening its <details>").isTrue();
        assertThat(table.findElements(By.cssSelector("tbody tr"))).as("one row per period").isNotEmpty();
        assertThat(admin.one(By.id("section-flow")).getText()).contains("Census and flow");

        String jsonPath = admin.one(By.id("download-json")).getDomAttribute("href");
        Map<String, Object> json = fetch(admin, "GET", jsonPath, null);
        assertThat(json.get("status")).isEqualTo(200L);
        assertThat((String) json.get("type")).startsWith("application/json");
        JsonNode answer = JSON.readTree((String) json.get("body"));
        assertThat(answer.path("clinicId").asText()).isEqualTo(Platform.CLINIC_A.toString());
        assertThat(answer.path("periods").size()).isGreaterThan(0);
        Map<String, Object> csv = fetch(admin, "GET", admin.one(By.id("download-csv")).getDomAttribute("href"), null);
        assertThat(csv.get("status")).isEqualTo(200L);
        assertThat((String) csv.get("type")).startsWith("text/csv");

        details.findElement(By.tagName("summary")).click();
        admin.script("window.scrollTo(0, 0);");
        admin.assertAccessible("the dashboard");
        admin.screenshots("dashboard");
    }

    @Test
    @Order(2)
    void pages_are_not_stored_and_carry_no_inline_script_handler_or_style() throws Exception {
        Map<String, Object> page = fetch(admin, "GET", "/dashboard", null);
        assertThat(page.get("status")).isEqualTo(200L);
        assertThat(page.get("cache")).isEqualTo("no-store");
        String csp = (String) page.get("csp");
        assertThat(csp).contains("script-src 'self'").contains("style-src 'self'").contains("frame-ancestors 'none'")
                .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        String html = (String) page.get("body");
        assertThat(html).contains("id=\"chart-census\"");
        assertThat(html).doesNotContainPattern("(?i)<script(?![^>]*\\bsrc=)[^>]*>");
        assertThat(html).doesNotContainPattern("(?i)\\son[a-z]+\\s*=");
        assertThat(html).doesNotContainPattern("(?i)\\sstyle\\s*=");
        // The same in the document as the browser built it (the SVG included).
        Object offending = admin.script("var found = [];"
                + " document.querySelectorAll('*').forEach(function (e) { for (var i = 0; i < e.attributes.length; i++) {"
                + "   var n = e.attributes[i].name.toLowerCase();"
                + "   if (n === 'style' || n.indexOf('on') === 0) { found.push(e.tagName + '@' + n); } } });"
                + " document.querySelectorAll('script:not([src])').forEach(function (s) { found.push('inline script'); });"
                + " return found;");
        assertThat((List<?>) offending).isEmpty();
        Map<String, Object> json = fetch(admin, "GET", "/dashboard/measures.json", null);
        assertThat(json.get("cache")).as("the downloads are not stored either").isEqualTo("no-store");

        for (Cookie cookie : admin.driver().manage().getCookies()) {
            assertThat(cookie.isHttpOnly()).as("cookie " + cookie.getName() + " is HttpOnly").isTrue();
        }
        assertThat(admin.script("return document.cookie")).isEqualTo("");
    }

    @Test
    @Order(3)
    void the_keyboard_reaches_the_skip_link_first_and_every_control_with_a_visible_focus() {
        admin.open("/dashboard");
        admin.waitFor(By.id("dashboard-title"));
        Actions keys = new Actions(admin.driver());
        keys.sendKeys(Keys.TAB).perform();
        WebElement first = admin.driver().switchTo().activeElement();
        assertThat(first.getText()).isEqualTo("Skip to content");
        List<String> reached = new ArrayList<>();
        for (int i = 0; i < 80 && !reached.contains("download-csv"); i++) {
            WebElement focused = admin.driver().switchTo().activeElement();
            String name = focused.getTagName() + "#" + focused.getAttribute("id") + " " + focused.getText();
            String outline = (String) admin.script("var s = getComputedStyle(arguments[0]);"
                    + " return s.outlineStyle + ' ' + s.outlineWidth;", focused);
            assertThat(outline).as("focus outline of " + name).doesNotStartWith("none").doesNotEndWith(" 0px");
            Number left = (Number) admin.script("return arguments[0].getBoundingClientRect().left;", focused);
            assertThat(left.doubleValue()).as(name + " is on the screen when focused").isGreaterThanOrEqualTo(0);
            String id = focused.getAttribute("id");
            reached.add(id != null && !id.isEmpty() ? id : focused.getTagName());
            keys.sendKeys(Keys.TAB).perform();
        }
        assertThat(reached).contains("sign-out", "period", "from", "to", "track", "summary", "download-json",
                "download-csv");
        assertThat(reached.stream().filter("summary"::equals).count()).as("each chart's table can be opened")
                .isEqualTo(admin.all(By.cssSelector("details.chart-table")).size());

        // The skip link takes focus past the header to the page's content.
        admin.open("/dashboard");
        admin.waitFor(By.id("dashboard-title"));
        keys.sendKeys(Keys.TAB).sendKeys(Keys.ENTER).perform();
        assertThat(admin.driver().switchTo().activeElement().getAttribute("id")).isEqualTo("main");
    }

    @Test
    @Order(4)
    void clinicians_and_partners_get_the_not_for_you_page_and_no_measures() throws Exception {
        for (String user : List.of("clinician.a", "partner.p")) {
            try (Browser browser = signedIn(user)) {
                browser.waitFor(By.id("not-for-you"));
                assertThat(browser.h1()).isEqualTo("This dashboard is for clinic leads");
                assertThat(browser.all(By.cssSelector("[id^='tile-'], [id^='chart-'], [id^='table-']")))
                        .as(user + " sees no measure").isEmpty();
                Map<String, Object> page = fetch(browser, "GET", "/dashboard", null);
                assertThat(page.get("status")).as(user + " on the page").isEqualTo(403L);
                Map<String, Object> json = fetch(browser, "GET", "/dashboard/measures.json", null);
                assertThat(json.get("status")).as(user + " asking for the JSON").isEqualTo(403L);
                assertThat((String) json.get("body")).doesNotContain("clinicId");
                if (user.equals("clinician.a")) {
                    browser.assertAccessible("the not-for-you page");
                }
            }
        }
    }

    @Test
    @Order(5)
    void sign_out_needs_the_csrf_token_and_ends_the_keycloak_session() {
        admin.open("/dashboard");
        Map<String, Object> forged = fetch(admin, "POST", "/dashboard/sign-out", "");
        assertThat(forged.get("status")).as("sign-out without the CSRF token").isIn(400L, 403L);
        admin.open("/dashboard");
        assertThat(admin.h1()).as("still signed in").isEqualTo("Program dashboard");

        admin.one(By.id("sign-out")).click();
        admin.waitFor(By.id("signed-out"));
        assertThat(admin.path()).startsWith("/dashboard/signed-out");
        admin.assertAccessible("the signed-out page");
        admin.one(By.linkText("Sign in again")).click();
        // Keycloak asks for the password again: its session ended with the dashboard's.
        admin.waitFor(By.id("username"));
        assertThat(admin.driver().getCurrentUrl()).contains("/realms/iop/protocol/openid-connect/auth");

        // The other roles the dashboard is for.
        admin.signIn("supervisor.a", password("supervisor.a"));
        awaitDashboard(admin);
        assertThat(admin.one(By.id("signed-in-as")).getText()).contains("supervisor.a");
        admin.one(By.id("sign-out")).click();
        admin.waitFor(By.id("signed-out"));
        admin.one(By.linkText("Sign in again")).click();
        admin.signIn("auditor.a", password("auditor.a"));
        awaitDashboard(admin);
        assertThat(admin.one(By.id("signed-in-as")).getText()).contains("auditor.a");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static String password(String username) {
        return Platform.stack().accounts().demoAccount(username).password();
    }

    /** A fresh browser signed in on Keycloak's login page, on the dashboard once the measures are loaded. */
    private static Browser signedIn(String username) {
        Browser browser = new Browser(Platform.stack().serviceUrl(Service.ANALYTICS));
        browser.driver().manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        browser.open("/dashboard").signIn(username, password(username));
        awaitDashboard(browser);
        return browser;
    }

    /** The service answers "not ready" while its stream loads after a start: the page's own "Try again". */
    private static void awaitDashboard(Browser browser) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            if (browser.all(By.id("unavailable")).isEmpty()) {
                return true;
            }
            browser.open("/dashboard");
            return false;
        });
    }

    /** A request from the page itself (its cookies, its origin): status, content type, caching, CSP and body. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> fetch(Browser browser, String method, String path, String formBody) {
        Object result = ((JavascriptExecutor) browser.driver()).executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                        + " var init = {method: arguments[1], credentials: 'same-origin', redirect: 'manual'};"
                        + " if (arguments[2] !== null) { init.body = arguments[2];"
                        + "   init.headers = {'Content-Type': 'application/x-www-form-urlencoded'}; }"
                        + " fetch(arguments[0], init).then(function (r) { return r.text().then(function (t) {"
                        + "   done({status: r.status, type: r.headers.get('content-type'),"
                        + "     cache: r.headers.get('cache-control'), csp: r.headers.get('content-security-policy'),"
                        + "     body: t}); }); }).catch(function (e) { done({error: String(e)}); });",
                path, method, formBody);
        Map<String, Object> answer = (Map<String, Object>) result;
        assertThat(answer).as(method + " " + path).doesNotContainKey("error");
        return answer;
    }
}
