package care.iop.e2e.portal;

import care.iop.devstack.Service;
import care.iop.e2e.Admitted;
import care.iop.e2e.Platform;
import care.iop.portal.session.IdleTimeout;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static care.iop.e2e.Platform.as;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The partner portal in a real browser (Debian's headless Chromium) against the whole platform: Keycloak's own login
 * page, the gateway and the services. Every page the tests open is checked with axe-core at desktop and phone width;
 * screenshots of the main pages go to {@code target/screenshots/}.
 */
class PartnerPortalE2ETest {

    private static final String TRACK = "E2E-PORTAL";
    /** The realm file's demo secret of the portal's client (the portal's default too). */
    private static final String PORTAL_CLIENT_SECRET = "partner-portal-demo-secret";

    private static String portal() {
        return Platform.stack().portalUrl();
    }

    private static String password(String username) {
        return Platform.stack().accounts().demoAccount(username).password();
    }

    private static Browser signedIn(String username) {
        Browser browser = new Browser(portal());
        browser.open("/referrals").signIn(username, password(username));
        return browser;
    }

    @Test
    void a_partner_sends_a_referral_with_field_errors_first_and_follows_it_to_admitted() throws Exception {
        try (Browser partner = signedIn("partner.p")) {
            assertThat(partner.path()).startsWith("/referrals");
            assertThat(partner.h1()).isEqualTo("Your referrals");
            partner.assertAccessible("the referral list");

            partner.one(By.linkText("Send a referral")).click();
            assertThat(partner.h1()).isEqualTo("Send a referral");
            partner.assertAccessible("the referral form");
            partner.screenshots("portal-referral-form");

            // Sent with mistakes: each error next to its field, in words, and what was typed is kept.
            String reference = "CASE-" + UUID.randomUUID().toString().substring(0, 8);
            new Select(partner.one(By.id("clinicId"))).selectByVisibleText("Northside IOP");
            partner.one(By.id("givenName")).sendKeys("Robin");
            partner.one(By.id("familyName")).sendKeys("");
            type(partner, "birthDate", LocalDate.now().plusDays(3).toString());
            partner.one(By.id("phone")).sendKeys("call me");
            partner.one(By.id("partnerReference")).sendKeys(reference);
            partner.one(By.cssSelector("form[action='/referrals'] button[type=submit]")).click();

            assertThat(partner.waitFor(By.id("familyName-error")).getText()).contains("Enter the person's last name");
            assertThat(partner.one(By.id("birthDate-error")).getText()).contains("must be in the past");
            assertThat(partner.one(By.id("phone-error")).getText()).contains("phone number");
            assertThat(partner.one(By.id("reasonCode-error")).getText()).contains("main reason");
            assertThat(partner.one(By.id("familyName")).getAttribute("aria-invalid")).isEqualTo("true");
            assertThat(partner.one(By.id("givenName")).getAttribute("value")).isEqualTo("Robin");
            assertThat(partner.one(By.id("partnerReference")).getAttribute("value")).isEqualTo(reference);
            assertThat(partner.one(By.cssSelector(".error-summary")).getText()).contains("Please correct 4 fields");
            partner.assertAccessible("the referral form with errors");
            partner.screenshots("portal-referral-form-errors");

            partner.one(By.id("familyName")).sendKeys("Vale");
            type(partner, "birthDate", "1990-04-23");
            partner.one(By.id("phone")).clear();
            new Select(partner.one(By.id("reasonCode"))).selectByVisibleText("Opioid use disorder");
            String key = partner.one(By.name("idempotencyKey")).getAttribute("value");
            Map<String, String> sentForm = formOf(partner);
            partner.one(By.cssSelector("form[action='/referrals'] button[type=submit]")).click();

            partner.waitFor(By.cssSelector(".success"));
            String referralId = partner.path().replaceAll("^/referrals/([0-9a-f-]{36}).*$", "$1");
            assertThat(UUID.fromString(referralId)).isNotNull();
            assertThat(partner.h1()).isEqualTo("Referral " + reference);
            assertThat(timeline(partner)).containsExactly("Received");
            partner.assertAccessible("a referral's page");

            // The same form sent again (a double click, a retry after a timeout) makes no second referral.
            HttpResponse<String> again = post(partner, "/referrals", sentForm);
            assertThat(again.statusCode()).isEqualTo(303);
            assertThat(again.headers().firstValue("Location").orElseThrow()).contains(referralId);
            assertThat(sentForm.get("idempotencyKey")).isEqualTo(key);
            String patientId = as("coordinator.a").get("/api/v1/intake/referrals/" + referralId).then().statusCode(200)
                    .extract().path("patientId");
            assertThat(as("coordinator.a").get("/api/v1/intake/patients/" + patientId + "/referrals").then()
                    .statusCode(200).extract().jsonPath().getList("id")).containsExactly(referralId);

            // Clinic staff move it along through the API; the partner's next look shows each step.
            move(referralId, "screening");
            move(referralId, "assessment-scheduled");
            assess(patientId, referralId);
            as("coordinator.a").body(Map.of("patientId", patientId, "referralId", referralId, "trackCode", TRACK,
                            "levelOfCare", "2.1", "admissionDate", LocalDate.now().toString(),
                            "primaryCounselorId", "aaaaaaaa-0000-4000-8000-000000000002"))
                    .post("/api/v1/intake/admissions").then().statusCode(201);

            partner.open("/referrals/" + referralId);
            assertThat(partner.one(By.cssSelector(".summary .status")).getText()).isEqualTo("Admitted");
            assertThat(timeline(partner)).containsExactly("Received", "Screening", "Assessment scheduled", "Assessed",
                    "Admitted");
            partner.screenshots("portal-referral-timeline");

            partner.open("/referrals?status=admitted");
            assertThat(partner.all(By.cssSelector("table.referrals tbody tr")).stream().map(WebElement::getText))
                    .anyMatch(row -> row.contains(reference) && row.contains("Admitted"));
            partner.open("/referrals?status=declined");
            assertThat(partner.text()).doesNotContain(reference);
            partner.open("/referrals?from=2001-13-01");
            assertThat(partner.one(By.id("from-error")).getText()).contains("year-month-day");
            partner.open("/referrals");
            partner.screenshots("portal-referrals");
        }
    }

    @Test
    void a_declined_referral_shows_the_reason_in_words_and_the_list_pages_and_filters_by_date() throws Exception {
        try (Browser partner = signedIn("partner.p")) {
            String first = sendByApi("partner.p", "DEC-" + UUID.randomUUID().toString().substring(0, 6));
            as("coordinator.a").body(Map.of("status", "declined", "reasonCode", "outside-service-area"))
                    .header("If-Match", etag(first)).post("/api/v1/intake/referrals/" + first + "/status")
                    .then().statusCode(200);
            partner.open("/referrals/" + first);
            assertThat(partner.one(By.cssSelector(".summary")).getText()).contains("Declined")
                    .contains("Lives outside the clinic's service area");
            assertThat(timeline(partner)).containsExactly("Received", "Declined");

            for (int i = 0; i < 21; i++) {
                sendByApi("partner.p", null);
            }
            partner.open("/referrals?from=" + LocalDate.now().minusDays(1) + "&to=" + LocalDate.now().plusDays(1));
            assertThat(partner.all(By.cssSelector("table.referrals tbody tr"))).hasSize(20);
            partner.one(By.linkText("Next page")).click();
            assertThat(partner.all(By.cssSelector("table.referrals tbody tr"))).isNotEmpty();
            assertThat(partner.path()).contains("from=").contains("cursor=");
            partner.one(By.linkText("First page")).click();
            partner.open("/referrals?to=2001-01-01");
            assertThat(partner.text()).contains("No referrals match this filter.");
        }
    }

    @Test
    void the_disclosure_shows_only_the_consented_categories_under_the_notice_until_the_consent_is_revoked() {
        Admitted patient = Admitted.inClinicA(TRACK);
        String consentId = grant(patient.patientId(), List.of("demographics", "medications"));
        try (Browser partner = signedIn("partner.p")) {
            partner.open("/patients");
            assertThat(partner.h1()).isEqualTo("Shared records");
            partner.assertAccessible("the shared-records list");
            partner.screenshots("portal-shared-records");
            WebElement link = partner.one(By.cssSelector("a[href^='/patients/" + patient.patientId() + "']"));
            assertThat(link.findElement(By.xpath("./ancestor::tr")).getText()).contains("Demographics, Medications")
                    .contains("Care coordination");
            link.click();

            assertThat(partner.h1()).startsWith("Shared records of patient");
            List<String> sections = partner.all(By.cssSelector("section.category h2")).stream().map(WebElement::getText).toList();
            assertThat(sections).containsExactly("Demographics", "Medications");
            assertThat(partner.one(By.cssSelector(".summary")).getText()).contains("Not shared with you")
                    .contains("Diagnoses").contains("Discharge summary");
            assertThat(partner.one(By.cssSelector("section.category")).getText()).contains("Person");
            // The §2.32 notice comes before the records.
            Boolean noticeFirst = (Boolean) partner.script("var n = document.querySelector('.part2-notice');"
                    + " var c = document.querySelector('section.category');"
                    + " return !!(n.compareDocumentPosition(c) & Node.DOCUMENT_POSITION_FOLLOWING);");
            assertThat(noticeFirst).isTrue();
            assertThat(partner.one(By.cssSelector(".part2-notice")).getText()).contains("42 CFR part 2");
            partner.assertAccessible("a disclosure");
            partner.screenshots("portal-disclosure");

            partner.one(By.linkText("Print view")).click();
            assertThat(partner.one(By.id("print-now")).isDisplayed()).isTrue();
            assertThat(partner.one(By.cssSelector(".part2-notice")).getText()).contains("42 CFR part 2");
            partner.assertAccessible("a disclosure's print view");

            as("coordinator.a").post("/api/v1/intake/consents/" + consentId + "/revocation").then().statusCode(200);
            partner.open("/patients/" + patient.patientId() + "?purpose=COC");
            assertThat(partner.h1()).isEqualTo("This patient's records are not shared with you");
            assertThat(partner.text()).contains("revoked the consent").doesNotContain("Person");
            partner.assertAccessible("a revoked consent's page");
            partner.open("/patients?state=all");
            assertThat(partner.one(By.xpath("//tr[contains(., '" + patient.patientId().substring(0, 8) + "')]"))
                    .getText()).contains("revoked");

            partner.open("/patients/" + UUID.randomUUID());
            assertThat(partner.h1()).isEqualTo("This patient's records are not shared with you");
            assertThat(partner.text()).contains("No current consent");
        }
    }

    @Test
    void a_second_partner_sees_none_of_the_first_ones_referrals_or_patients() throws Exception {
        String theirs = sendByApi("partner.p", "P-ONLY-" + UUID.randomUUID().toString().substring(0, 6));
        Admitted patient = Admitted.inClinicA(TRACK);
        grant(patient.patientId(), List.of("demographics"));
        try (Browser other = signedIn("partner.q")) {
            other.open("/referrals");
            assertThat(other.driver().getPageSource()).doesNotContain(theirs);
            other.open("/referrals/" + theirs);
            assertThat(other.h1()).isEqualTo("We could not find that");
            assertThat(other.text()).doesNotContain("P-ONLY-");
            other.assertAccessible("the not-found page");
            other.open("/patients");
            assertThat(other.driver().getPageSource()).doesNotContain(patient.patientId());
            other.open("/patients/" + patient.patientId());
            assertThat(other.h1()).isEqualTo("This patient's records are not shared with you");
            assertThat(other.text()).doesNotContain("Person");
        }
    }

    @Test
    void clinic_staff_and_auditors_are_turned_away_with_a_plain_page() {
        for (String staff : List.of("coordinator.a", "auditor.a")) {
            try (Browser browser = signedIn(staff)) {
                assertThat(browser.h1()).isEqualTo("This portal is for partner organizations");
                assertThat(browser.all(By.cssSelector("nav[aria-label=Main]"))).isEmpty();
                browser.open("/patients");
                assertThat(browser.h1()).isEqualTo("This portal is for partner organizations");
                browser.open("/referrals/new");
                assertThat(browser.h1()).isEqualTo("This portal is for partner organizations");
                browser.assertAccessible("the page for staff");
                if (staff.equals("coordinator.a")) {
                    browser.screenshots("portal-not-for-staff");
                }
            }
        }
    }

    @Test
    void pages_are_not_stored_run_no_inline_script_keep_tokens_out_of_the_browser_and_refuse_forms_without_the_csrf_token()
            throws Exception {
        try (Browser partner = signedIn("partner.p")) {
            HttpResponse<String> page = get(partner, "/referrals");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
            String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
            assertThat(csp).contains("script-src 'self'").doesNotContain("unsafe-inline").doesNotContain("unsafe-eval")
                    .contains("frame-ancestors 'none'");
            assertThat(page.body()).doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>");
            assertThat(page.body()).doesNotContainPattern("\\son[a-z]+=\"");

            // No token or patient data where scripts can read it: session cookies are HttpOnly, storage is empty.
            for (Cookie cookie : partner.driver().manage().getCookies()) {
                assertThat(cookie.isHttpOnly()).as("cookie " + cookie.getName() + " is HttpOnly").isTrue();
                assertThat(cookie.getSameSite()).as("cookie " + cookie.getName()).isIn("Lax", "Strict");
            }
            assertThat(partner.script("return document.cookie")).isEqualTo("");
            assertThat(partner.script("return window.localStorage.length + window.sessionStorage.length")).isEqualTo(0L);

            // A form posted without the CSRF token (another site's form, say) is refused and makes nothing.
            partner.open("/referrals/new");
            Map<String, String> form = formOf(partner);
            form.remove(partner.one(By.cssSelector("form[action='/referrals'] input[type=hidden]")).getAttribute("name"));
            form.put("clinicId", Platform.CLINIC_A.toString());
            form.put("givenName", "Csrf");
            form.put("familyName", "Probe");
            form.put("birthDate", "1991-01-01");
            form.put("reasonCode", "relapse");
            HttpResponse<String> forged = post(partner, "/referrals", form);
            assertThat(forged.statusCode()).isBetween(400, 403);
            assertThat(forged.headers().firstValue("Location")).isEmpty();
        }
    }

    @Test
    void keyboard_only_use_reaches_every_control_with_a_visible_focus() {
        try (Browser partner = signedIn("partner.p")) {
            partner.open("/referrals/new");
            Actions keys = new Actions(partner.driver());
            keys.sendKeys(Keys.TAB).perform();
            WebElement first = partner.driver().switchTo().activeElement();
            assertThat(first.getText()).isEqualTo("Skip to content");
            List<String> reached = new java.util.ArrayList<>();
            for (int i = 0; i < 40 && !reached.contains("Cancel"); i++) {
                WebElement focused = partner.driver().switchTo().activeElement();
                String outline = (String) partner.script("var s = getComputedStyle(arguments[0]);"
                        + " return s.outlineStyle + ' ' + s.outlineWidth;", focused);
                assertThat(outline).as("focus outline of " + focused.getTagName() + "#" + focused.getAttribute("id"))
                        .doesNotStartWith("none").doesNotEndWith(" 0px");
                reached.add(focused.getAttribute("id") != null && !focused.getAttribute("id").isEmpty()
                        ? focused.getAttribute("id") : focused.getText());
                keys.sendKeys(Keys.TAB).perform();
            }
            assertThat(reached).contains("clinicId", "urgency", "reasonCode", "givenName", "familyName", "birthDate",
                    "partnerReference", "Send the referral");
        }
    }

    @Test
    void sign_out_ends_the_keycloak_session_too() {
        try (Browser partner = signedIn("partner.p")) {
            partner.one(By.cssSelector("form.signout button")).click();
            partner.waitFor(By.tagName("h1"));
            assertThat(partner.path()).startsWith("/signed-out");
            assertThat(partner.h1()).isEqualTo("You are signed out");
            partner.assertAccessible("the signed-out page");
            partner.one(By.linkText("Sign in again")).click();
            // Keycloak asks for the password again: its session ended with the portal's.
            partner.waitFor(By.id("username"));
            assertThat(partner.driver().getCurrentUrl()).contains("/realms/iop/protocol/openid-connect/auth");
        }
    }

    @Test
    void a_session_idle_for_15_minutes_is_signed_out_keycloak_too_and_the_page_warns_before() {
        try (Browser partner = signedIn("partner.p")) {
            // The page's timer: the warning 13 minutes after the last page, the sign-out at 15.
            assertThat(partner.one(By.tagName("body")).getAttribute("data-idle-warn-ms")).isEqualTo("780000");
            assertThat(partner.one(By.tagName("body")).getAttribute("data-idle-limit-ms")).isEqualTo("900000");
            assertThat(partner.one(By.id("idle-warning")).isDisplayed()).isFalse();
            assertThat(partner.one(By.id("idle-stay")).getAttribute("textContent").strip()).isEqualTo("Stay signed in");

            // The server's rule: a request whose last activity was 16 minutes ago ends the session. The activity
            // cookie is signed with the portal client's secret (the realm file's demo value), as the portal signs it.
            IdleTimeout rule = new IdleTimeout(Duration.ofMinutes(15), Duration.ofMinutes(2), PORTAL_CLIENT_SECRET);
            String stale = rule.stamp("partner.p", Instant.now().minus(Duration.ofMinutes(16)));
            partner.driver().manage().deleteCookieNamed("portal_seen");
            partner.driver().manage().addCookie(new Cookie.Builder("portal_seen", stale).path("/").isHttpOnly(true).build());
            partner.open("/referrals");
            partner.waitFor(By.tagName("h1"));
            assertThat(partner.path()).startsWith("/signed-out");
            assertThat(partner.text()).contains("after 15 minutes without activity");
            partner.open("/referrals");
            partner.waitFor(By.id("username"));
            assertThat(partner.driver().getCurrentUrl()).contains("/realms/iop/protocol/openid-connect/auth");
        }
    }

    @Test
    void the_form_answers_garbage_with_its_own_page_and_a_4xx_never_a_500() throws Exception {
        try (Browser partner = signedIn("partner.p")) {
            partner.open("/referrals/new");
            Map<String, String> valid = formOf(partner);
            Map<String, Map<String, String>> cases = new LinkedHashMap<>();
            cases.put("NUL in a name", with(valid, "givenName", "Ro\u0000bin"));
            cases.put("a date as a number", with(valid, "birthDate", "19900423"));
            cases.put("a huge value", with(valid, "familyName", "x".repeat(200_000)));
            cases.put("an unknown clinic", with(valid, "clinicId", UUID.randomUUID().toString()));
            cases.put("not a uuid key", with(valid, "idempotencyKey", "' OR 1=1 --"));
            cases.put("an unknown urgency", with(valid, "urgency", "asap"));
            for (Map.Entry<String, Map<String, String>> c : cases.entrySet()) {
                HttpResponse<String> answer = post(partner, "/referrals", c.getValue());
                assertThat(answer.statusCode()).as(c.getKey()).isBetween(400, 499);
                assertThat(answer.body()).as(c.getKey()).doesNotContain("Exception").doesNotContain("at care.iop");
                if (!c.getKey().equals("a huge value")) { // refused before the page (the form size limit)
                    assertThat(answer.body()).as(c.getKey()).contains("Send a referral");
                }
            }
            // Repeated fields (the first counts) and no Content-Type at all.
            String body = "givenName=A&givenName=B&" + valid.entrySet().stream().filter(e -> !e.getKey().equals("givenName"))
                    .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
            HttpResponse<String> repeated = http().send(HttpRequest.newBuilder(URI.create(portal() + "/referrals"))
                    .header("Cookie", cookies(partner)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(repeated.statusCode()).isBetween(400, 499);
            HttpResponse<String> untyped = http().send(HttpRequest.newBuilder(URI.create(portal() + "/referrals"))
                    .header("Cookie", cookies(partner)).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(untyped.statusCode()).isBetween(400, 499);
        }
    }

    @Test
    void the_api_being_down_shows_a_plain_page_with_a_retry_never_a_stack_trace() {
        try (Browser partner = signedIn("partner.p")) {
            Platform.stack().stop(Service.GATEWAY);
            try {
                partner.open("/referrals?status=received");
                assertThat(partner.h1()).isEqualTo("The service is not answering right now");
                assertThat(partner.text()).doesNotContain("Exception").doesNotContain("at care.iop");
                assertThat(partner.one(By.linkText("Try again")).getAttribute("href")).endsWith("/referrals?status=received");
                partner.assertAccessible("the service-unavailable page");
                partner.screenshots("portal-unavailable");
            } finally {
                Platform.stack().start(Service.GATEWAY);
            }
            partner.one(By.linkText("Try again")).click();
            assertThat(partner.h1()).isEqualTo("Your referrals");
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static Map<String, String> with(Map<String, String> form, String field, String value) {
        Map<String, String> changed = new LinkedHashMap<>(form);
        changed.put(field, value);
        return changed;
    }

    private static void type(Browser browser, String id, String isoDate) {
        // A date input takes what a user types in their locale's order; set the value as a script would.
        WebElement input = browser.one(By.id(id));
        browser.script("arguments[0].value = arguments[1];", input, isoDate);
    }

    private static List<String> timeline(Browser browser) {
        return browser.all(By.cssSelector("ol.timeline li strong")).stream().map(WebElement::getText).toList();
    }

    /** The current page's referral form as the browser would send it (hidden fields included). */
    private static Map<String, String> formOf(Browser browser) {
        Map<String, String> form = new LinkedHashMap<>();
        for (WebElement field : browser.all(By.cssSelector("form[action='/referrals'] input, form[action='/referrals'] select"))) {
            form.put(field.getAttribute("name"), field.getAttribute("value"));
        }
        return form;
    }

    private static HttpClient http() {
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static String cookies(Browser browser) {
        return browser.driver().manage().getCookies().stream().map(c -> c.getName() + "=" + c.getValue())
                .collect(Collectors.joining("; "));
    }

    private static HttpResponse<String> get(Browser browser, String path) throws IOException, InterruptedException {
        return http().send(HttpRequest.newBuilder(URI.create(portal() + path)).header("Cookie", cookies(browser)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(Browser browser, String path, Map<String, String> form)
            throws IOException, InterruptedException {
        String body = form.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return http().send(HttpRequest.newBuilder(URI.create(portal() + path)).header("Cookie", cookies(browser))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", portal())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }

    private static String etag(String referralId) {
        return as("coordinator.a").get("/api/v1/intake/referrals/" + referralId).then().statusCode(200)
                .extract().header("ETag");
    }

    private static void move(String referralId, String status) {
        as("coordinator.a").header("If-Match", etag(referralId)).body(Map.of("status", status))
                .post("/api/v1/intake/referrals/" + referralId + "/status").then().statusCode(200);
    }

    private static void assess(String patientId, String referralId) {
        Map<String, Object> dimensions = new LinkedHashMap<>();
        int[] ratings = {1, 0, 2, 1, 2, 1};
        for (int i = 0; i < 6; i++) {
            dimensions.put("d" + (i + 1), Map.of("rating", ratings[i], "rationale", "rated from the interview"));
        }
        as("clinician.a").body(Map.of("referralId", referralId, "diagnoses", List.of(Map.of("icd10", "F11.20")),
                "dimensions", dimensions, "finalLevel", "2.1")).post("/api/v1/intake/patients/" + patientId + "/assessments")
                .then().statusCode(201);
    }

    /** A referral sent by a partner through the API (faster than the form where the form is not what is tested). */
    private static String sendByApi(String partner, String reference) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("clinicId", Platform.CLINIC_A.toString());
        body.put("patient", Map.of("legalName", Map.of("given", "Api" + UUID.randomUUID().toString().substring(0, 6),
                "family", "Sent"), "birthDate", "1985-06-01"));
        body.put("source", "partner");
        body.put("urgency", "routine");
        body.put("reasonCode", "alcohol-use-disorder");
        if (reference != null) {
            body.put("partnerReference", reference);
        }
        return as(partner).body(body).post("/api/v1/intake/referrals").then().statusCode(201).extract().path("id");
    }

    private static String grant(String patientId, List<String> categories) {
        return as("coordinator.a").body(Map.of("recipientPartnerId", Platform.PARTNER.toString(), "categories", categories,
                        "purpose", "care-coordination", "expiresAt", Instant.now().plus(90, ChronoUnit.DAYS).toString(),
                        "signedAt", Instant.now().minusSeconds(60).toString(), "signatureMethod", "electronic"))
                .post("/api/v1/intake/patients/" + patientId + "/consents").then().statusCode(201).extract().path("id");
    }
}
