package dev.parley.it.browser;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium, its own profile (so two are two separate people),
 * driven through the system's ChromeDriver: nothing is downloaded.
 */
final class Browser implements AutoCloseable {

    static final String CHROMIUM = System.getProperty("parley.it.chromium", "/usr/bin/chromium");
    static final String CHROMEDRIVER = System.getProperty("parley.it.chromedriver", "/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final ChromeDriver driver;

    Browser(int width, int height) {
        for (String program : new String[] {CHROMIUM, CHROMEDRIVER}) {
            if (!Files.isExecutable(Path.of(program))) {
                throw new IllegalStateException(program + " not found: the browser tests need Debian's chromium and "
                        + "chromium-driver (bash .ci/run installs them), or -Dparley.it.chromium / -Dparley.it.chromedriver");
            }
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=" + width + "," + height, "--lang=en",
                // A microphone that plays a tone, granted without asking: voice notes can be recorded.
                "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream");
        // The page's console, to see Content-Security-Policy refusals.
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, java.util.logging.Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(WAIT);
    }

    static Browser desktop() {
        return new Browser(1280, 860);
    }

    static Browser phone() {
        return new Browser(390, 844);
    }

    void open(String url) {
        driver.get(url);
    }

    WebElement find(String css) {
        return until(d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
        }, "visible " + css);
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** The texts of every match, read again if the page rebuilt them meanwhile. */
    List<String> texts(String css) {
        return until(d -> d.findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList(), "texts of " + css);
    }

    /** An attribute of every match, read again if the page rebuilt them meanwhile. */
    List<String> attributes(String css, String name) {
        return until(d -> d.findElements(By.cssSelector(css)).stream().map(e -> e.getAttribute(name)).toList(),
                name + " of " + css);
    }

    void type(String css, String text) {
        WebElement field = find(css);
        field.clear();
        field.sendKeys(text);
    }

    /** Clicks the element, found afresh: the console rebuilds lists as frames arrive. */
    void click(String css) {
        until(d -> {
            find(css).click();
            return true;
        }, "click on " + css);
    }

    /** Waits until {@code condition} answers something other than null or false. */
    <T> T until(Function<WebDriver, T> condition, String what) {
        // An element can be replaced between finding and reading it (lists are rebuilt live): look again.
        return new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class)
                .withMessage(() -> "waiting for " + what + "; page state: " + state()).until(condition);
    }

    void untilText(String css, String text) {
        until(d -> d.findElements(By.cssSelector(css)).stream().anyMatch(e -> e.getText().contains(text)),
                css + " showing \"" + text + "\"");
    }

    String attribute(String css, String name) {
        List<WebElement> found = all(css);
        return found.isEmpty() ? null : found.get(0).getAttribute(name);
    }

    /** Runs {@code js} until it calls its last argument, and answers what it was called with. */
    Object asyncScript(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(js, args);
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** What the page's console said since the last call. */
    List<String> consoleMessages() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage).toList();
    }

    /** Saves a PNG of the page under target/screenshots. */
    Path screenshot(String name) throws IOException {
        Path target = Path.of("target/screenshots", name + ".png");
        Files.createDirectories(target.getParent());
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    private String state() {
        try {
            return "connection " + attribute("#connection-state", "data-state") + " \"" + text("#connection-state")
                    + "\", close reason \"" + text("#conn-close-reason") + "\", sign-in error \"" + text("#auth-error")
                    + "\", url " + driver.getCurrentUrl();
        } catch (RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /** The text of the first match, shown or not (getText answers only what is on screen). */
    String text(String css) {
        String text = attribute(css, "textContent");
        return text == null ? null : text.trim();
    }

    @Override
    public void close() {
        driver.quit();
    }
}
