package io.listguard.console;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium, driven through Debian's ChromeDriver, for tests that look at the console as a person
 * would. Both paths are given explicitly so that Selenium Manager is never run: this machine's network is closed
 * (package registries only), so it could not download a driver or a browser anyway. The flags keep Chromium off
 * the network too (no QUIC, sync, component updates or background requests), make it run as root in a container
 * (no sandbox, no GPU, no /dev/shm) and give every page the same window size and a French locale.
 *
 * <pre>{@code
 * Browser.assumeAvailable();
 * try (Browser browser = new Browser(port)) {
 *     browser.open("/console");
 *     browser.waitForText(By.tagName("h1"), "Console");
 *     browser.screenshot("console-home");
 * }
 * }</pre>
 */
public final class Browser implements AutoCloseable {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    public static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    public static final Duration WAIT = Duration.ofSeconds(10);

    private final String baseUrl;
    private final Path userDataDir;
    private final ChromeDriverService service;
    private final ChromeDriver driver;

    /** Starts a fresh headless Chromium (own temporary profile) for {@code http://localhost:<port>}. */
    public Browser(int port) {
        this.baseUrl = "http://localhost:" + port;
        try {
            this.userDataDir = Files.createTempDirectory("listguard-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--window-size=1280,900",
                "--lang=fr-FR",
                "--user-data-dir=" + userDataDir.toAbsolutePath());
        // On Linux --lang alone changes neither the Accept-Language header nor navigator.language: this preference does.
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "fr-FR,fr"));
        // the page's console (script errors, Content-Security-Policy violations) can be read back by tests
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        this.service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver started = null;
        try {
            started = new ChromeDriver(service, options);
        } finally {
            if (started == null) {
                service.stop();
                deleteRecursively(userDataDir);
            }
        }
        this.driver = started;
    }

    /** Whether Debian's chromium and chromium-driver packages are installed. */
    public static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /**
     * For the first line of a browser test: skips it when the browser is missing, except where
     * {@code LISTGUARD_BROWSER_TESTS=required} (as {@code .ci/run} sets it), where it fails instead.
     */
    public static void assumeAvailable() {
        if (available()) {
            return;
        }
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(CHROMIUM)) {
            missing.add(CHROMIUM + " (Debian package chromium)");
        }
        if (!Files.isExecutable(CHROMEDRIVER)) {
            missing.add(CHROMEDRIVER + " (Debian package chromium-driver)");
        }
        if ("required".equals(System.getenv("LISTGUARD_BROWSER_TESTS"))) {
            fail("Browser tests are required (LISTGUARD_BROWSER_TESTS=required) but " + String.join(" and ", missing)
                    + " is missing: apt-get install --no-install-recommends chromium chromium-driver");
        }
        Assumptions.abort("Browser test skipped: " + String.join(" and ", missing) + " is missing. .ci/run installs"
                + " them (apt packages chromium chromium-driver); LISTGUARD_BROWSER_TESTS=required turns this skip into a failure.");
    }

    public WebDriver driver() {
        return driver;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** Opens {@code path} (such as {@code /console/decisions?page=2}) on the service. */
    public Browser open(String path) {
        driver.get(baseUrl + (path.startsWith("/") ? path : "/" + path));
        return this;
    }

    /** Runs JavaScript in the page ({@code arguments[0]}... are {@code args}) and returns its result. */
    public Object script(String javascript, Object... args) {
        return driver.executeScript(javascript, args);
    }

    /**
     * The page console's errors since the last call: script errors, refused resources, CSP violations. A page
     * answered with a 4xx status on purpose (a refused upload is a 422 page) is not an error of the page.
     */
    public List<String> consoleErrors() {
        return driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .map(e -> e.getMessage())
                .filter(m -> !PAGE_STATUS.matcher(m).find())
                .toList();
    }

    private static final java.util.regex.Pattern PAGE_STATUS = java.util.regex.Pattern.compile(
            "^http://localhost:\\d+/console(?!/assets)\\S* - Failed to load resource: the server responded with a status of 4\\d\\d");

    /**
     * Does what leaves the page (a click, a key that submits a form) and waits for the next page's {@code h1}: the old
     * page must be gone first, or its own h1 would answer the wait while the browser is still navigating.
     */
    public WebElement leavePage(Runnable action) {
        WebElement before = driver.findElement(By.tagName("html"));
        action.run();
        new WebDriverWait(driver, WAIT).until(d -> gone(before));
        return waitFor(By.tagName("h1"));
    }

    /**
     * Whether an element's document is gone: a stale reference, or chromedriver's "Node with given id does not belong
     * to the document", which it answers instead while the next page replaces the old one.
     */
    private static boolean gone(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (org.openqa.selenium.StaleElementReferenceException stale) {
            return true;
        } catch (org.openqa.selenium.WebDriverException e) {
            if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                return true;
            }
            throw e;
        }
    }

    /** Waits up to 10 s for an element to be visible. */
    public WebElement waitFor(By locator) {
        return new WebDriverWait(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    /**
     * Types {@code text} into the element, found afresh on each try for up to 10 s: on a busy machine the page can
     * still be replacing its document when the element is first found, and chromedriver then answers "Node with
     * given id does not belong to the document" (or a stale reference) for an element that is there a moment later.
     */
    public void type(By locator, CharSequence text) {
        new WebDriverWait(driver, WAIT).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> {
                    try {
                        WebElement element = d.findElement(locator);
                        if (!element.isDisplayed()) {
                            return false;
                        }
                        element.sendKeys(text);
                        return true;
                    } catch (org.openqa.selenium.WebDriverException e) {
                        if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                            return false;
                        }
                        throw e;
                    }
                });
    }

    /** Waits up to 10 s for an element's text to contain {@code text}, and returns the element. */
    public WebElement waitForText(By locator, String text) {
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.textToBePresentInElementLocated(locator, text));
        return driver.findElement(locator);
    }

    /** Writes the window (1280x900) as {@code target/console-screenshots/<name>.png} and returns that path. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            deleteRecursively(userDataDir);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary profile is harmless; the test's outcome is what matters.
        }
    }
}
