package care.iop.e2e.portal;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.chromium.HasCdp;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Headless Chromium from Debian's packages ({@code chromium}, {@code chromium-driver}; {@code .ci/run} installs them),
 * driven by Selenium with the driver's path given, so nothing is downloaded. One browser (fresh profile, so fresh
 * cookies) per person in a test. Used by the partner portal's tests and the analytics dashboard's.
 */
public final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getProperty("iop.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("iop.chromedriver", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    public static final Dimension DESKTOP = new Dimension(1280, 900);
    public static final Dimension PHONE = new Dimension(360, 780);
    private static final Set<String> BLOCKING_IMPACTS = Set.of("serious", "critical");

    private final ChromeDriver driver;
    private final Path profile;
    private final String portalUrl;

    /** A browser for the pages under {@code portalUrl} (a base URL such as {@code http://localhost:8084}). */
    public Browser(String portalUrl) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("the browser tests need Debian's chromium and chromium-driver ("
                    + CHROMIUM + ", " + CHROMEDRIVER + "): apt-get install chromium chromium-driver (.ci/run does)");
        }
        this.portalUrl = portalUrl;
        try {
            profile = Files.createTempDirectory("iop-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(DESKTOP);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    public WebDriver driver() {
        return driver;
    }

    /** Opens a path under the base URL ({@code /referrals}). */
    public Browser open(String path) {
        driver.get(portalUrl + path);
        return this;
    }

    /** On Keycloak's real login page (the portal sent the browser there), signs in. */
    public Browser signIn(String username, String password) {
        waitFor(By.id("username"));
        assertThat(driver.getCurrentUrl()).as("Keycloak's login page").contains("/realms/iop/protocol/openid-connect/auth");
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("kc-login")).click();
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> d.getCurrentUrl().startsWith(portalUrl)
                && !d.getCurrentUrl().contains("/signed-in"));
        return this;
    }

    public WebElement waitFor(By by) {
        return new WebDriverWait(driver, Duration.ofSeconds(30)).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    public String path() {
        return driver.getCurrentUrl().substring(portalUrl.length());
    }

    public String h1() {
        return waitFor(By.tagName("h1")).getText();
    }

    public String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    public List<WebElement> all(By by) {
        return driver.findElements(by);
    }

    public WebElement one(By by) {
        return driver.findElement(by);
    }

    public Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** axe-core on the page as it is now: the serious and critical WCAG 2.1 A/AA violations (must be none). */
    public List<String> accessibilityProblems() {
        Results results = new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"))
                .analyze(driver);
        assertThat(results.isErrored()).as("axe-core ran: " + results.getErrorMessage()).isFalse();
        return results.getViolations().stream().filter(v -> BLOCKING_IMPACTS.contains(v.getImpact()))
                .map(Browser::describe).toList();
    }

    /** Asserts axe-core finds no serious or critical violation, at desktop and at phone width. */
    public void assertAccessible(String page) {
        assertThat(accessibilityProblems()).as("axe-core on " + page + " (desktop)").isEmpty();
        atPhoneWidth(() -> {
            assertThat(accessibilityProblems()).as("axe-core on " + page + " (360 px)").isEmpty();
            Number overflow = (Number) script("return document.documentElement.scrollWidth - window.innerWidth;");
            assertThat(overflow.intValue()).as(page + " fits a 360 px screen (no sideways scrolling)").isLessThanOrEqualTo(0);
        });
    }

    /** Saves the page at desktop and phone width as {@code target/screenshots/<name>-desktop.png} and {@code -phone.png}. */
    public void screenshots(String name) {
        shot(name + "-desktop");
        atPhoneWidth(() -> shot(name + "-phone"));
    }

    /**
     * Runs {@code check} with the page laid out for a 360 px phone. Chromium's window is never narrower than 500 px,
     * so the screen is emulated (as DevTools' device mode does); the layout width is asserted to be 360 px, so a page
     * that widens itself past the screen fails here.
     */
    public void atPhoneWidth(Runnable check) {
        HasCdp devTools = (HasCdp) driver;
        devTools.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.<String, Object>of("width", PHONE.width,
                "height", PHONE.height, "deviceScaleFactor", 1, "mobile", true));
        try {
            Number width = (Number) script("return window.innerWidth;");
            Object tooWide = script("var out = []; document.querySelectorAll('body *').forEach(function (e) {"
                    + " if (e.getBoundingClientRect().right > arguments[0]) { out.push(e.tagName + '.' + e.className); } });"
                    + " return out;", PHONE.width);
            assertThat(width.intValue()).as("the layout at 360 px, wider because of " + tooWide).isEqualTo(PHONE.width);
            check.run();
        } finally {
            devTools.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.<String, Object>of());
        }
    }

    /** Saves the page as it is now as {@code target/screenshots/<name>.png}. */
    public void shot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            File png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Files.copy(png.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String describe(Rule violation) {
        return violation.getImpact() + " " + violation.getId() + ": " + violation.getHelp() + " at "
                + violation.getNodes().stream().map(n -> String.valueOf(n.getTarget())).collect(Collectors.joining(", "));
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            care.iop.embedded.Directories.deleteQuietly(profile);
        }
    }
}
