package io.latentlab.control.browser;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Debian's headless chromium driven through Debian's chromedriver (never a downloaded one), for the browser tests:
 * control's DashboardIT and the launcher's ModelServerIT (through control's test-jar). Screenshots go to the
 * directory given; a wait that times out leaves one named {@code <prefix>-failure.png}.
 */
public final class HeadlessChromium implements AutoCloseable {

    public static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Paths.get("/usr/bin/chromedriver");

    private final ChromeDriverService service;
    private final WebDriver browser;
    private final Path profileDir;
    private final Path screenshots;
    private final String prefix;

    private HeadlessChromium(ChromeDriverService service, WebDriver browser, Path profileDir, Path screenshots,
                             String prefix) {
        this.service = service;
        this.browser = browser;
        this.profileDir = profileDir;
        this.screenshots = screenshots;
        this.prefix = prefix;
    }

    /** @param windowSize "1280,1700"; @param prefix of the failure screenshot */
    public static HeadlessChromium start(Path screenshots, String windowSize, String prefix) throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("the browser tests need Debian's chromium and chromedriver at " + CHROMIUM
                    + " and " + CHROMEDRIVER + " (missing: " + Stream.of(CHROMIUM, CHROMEDRIVER)
                    .filter(p -> !Files.isExecutable(p)).toList() + "); install them with: "
                    + "apt-get install -y chromium chromium-driver");
        }
        // use exactly these binaries: Selenium Manager must not look for (or download) anything
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        System.setProperty("SE_OFFLINE", "true");
        Files.createDirectories(screenshots);
        Path profileDir = Files.createTempDirectory("latentlab-chromium");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(screenshots.resolve("chromedriver.log").toFile())
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profileDir, "--window-size=" + windowSize, "--lang=en-US");
        // the console, for policyViolations()
        org.openqa.selenium.logging.LoggingPreferences logging = new org.openqa.selenium.logging.LoggingPreferences();
        logging.enable(org.openqa.selenium.logging.LogType.BROWSER, java.util.logging.Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logging);
        return new HeadlessChromium(service, new ChromeDriver(service, options), profileDir, screenshots, prefix);
    }

    /** The console's Content-Security-Policy refusals since the last call (each call empties the console's buffer). */
    public java.util.List<String> policyViolations() {
        return browser.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
                .map(org.openqa.selenium.logging.LogEntry::getMessage)
                .filter(message -> message.contains("Content Security Policy"))
                .toList();
    }

    public WebDriver browser() {
        return browser;
    }

    /** Waits up to {@code wait} for the condition; on a timeout keeps a screenshot of the page first. */
    public void until(Duration wait, Function<WebDriver, Boolean> condition) {
        try {
            new WebDriverWait(browser, wait).ignoring(org.openqa.selenium.NoSuchElementException.class)
                    .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(condition::apply);
        } catch (org.openqa.selenium.TimeoutException e) {
            screenshot(prefix + "-failure.png");
            throw e;
        }
    }

    /** The element's visible text, read in one script call: pages re-render, so no element is held. */
    public String text(String css) {
        Object text = ((JavascriptExecutor) browser).executeScript(
                "const e = document.querySelector(arguments[0]); return e ? e.innerText.trim() : null;", css);
        if (text == null) {
            throw new org.openqa.selenium.NoSuchElementException("no " + css + " on the page");
        }
        return (String) text;
    }

    public void screenshot(String name) {
        try {
            Files.createDirectories(screenshots);
            Files.write(screenshots.resolve(name), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            browser.quit();
        } finally {
            service.stop();
            try (Stream<Path> paths = Files.walk(profileDir)) {
                paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }
}
