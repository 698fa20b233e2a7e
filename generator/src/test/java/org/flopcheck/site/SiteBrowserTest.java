package org.flopcheck.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Every page opened from the file system in headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}, which {@code .ci/run} installs): no console error, every MathML element drawn with a
 * size, and a screenshot of the keyword-spotting page in {@code target/browser/kws.png}. Skipped only when asked
 * with {@code -Dflopcheck.browser=skip}; a missing browser is a failure that says how to install it.
 */
class SiteBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    /** Selenium warns that it has no DevTools binding for this Chromium version; the test uses none. */
    static final java.util.logging.Logger SELENIUM = java.util.logging.Logger.getLogger("org.openqa.selenium");

    static {
        SELENIUM.setLevel(Level.SEVERE);
    }

    @Test
    void every_page_opens_without_console_errors_and_draws_its_mathml() throws IOException {
        assumeThat(System.getProperty("flopcheck.browser", "")).as("-Dflopcheck.browser=skip").isNotEqualTo("skip");
        assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER))
                .as("headless Chromium is needed: apt-get install chromium chromium-driver (.ci/run does)").isTrue();
        Path profile = Files.createTempDirectory("flopcheck-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1280,1000");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        List<String> problems = new ArrayList<>();
        int pages = 0;
        long maths = 0;
        try {
            for (Path page : BuiltSite.pages()) {
                driver.get(page.toUri().toString());
                pages++;
                String name = BuiltSite.relative(page);
                for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
                    if (e.getLevel().intValue() >= Level.WARNING.intValue()) {
                        problems.add(name + ": console " + e.getLevel() + ": " + e.getMessage());
                    }
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) ((JavascriptExecutor) driver).executeScript(
                        "const all = Array.from(document.querySelectorAll('math'));"
                                + "const empty = all.filter(e => { const r = e.getBoundingClientRect();"
                                + " return !(r.width > 0 && r.height > 0); });"
                                + "return {count: all.length, empty: empty.length,"
                                + " css: getComputedStyle(document.body).fontFamily.length > 0,"
                                + " first: empty.length ? empty[0].outerHTML.slice(0, 200) : ''};");
                long count = ((Number) m.get("count")).longValue();
                long empty = ((Number) m.get("empty")).longValue();
                maths += count;
                if (empty > 0) {
                    problems.add(name + ": " + empty + " of " + count + " MathML elements have no size, e.g. "
                            + m.get("first"));
                }
                if (name.equals("kws.html")) {
                    long height = ((Number) ((JavascriptExecutor) driver)
                            .executeScript("return document.documentElement.scrollHeight;")).longValue();
                    driver.manage().window().setSize(new Dimension(1280, (int) Math.min(height, 16000)));
                    File shot = driver.getScreenshotAs(OutputType.FILE);
                    Path target = Path.of("target", "browser", "kws.png").toAbsolutePath();
                    Files.createDirectories(target.getParent());
                    Files.copy(shot.toPath(), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    driver.manage().window().setSize(new Dimension(1280, 1000));
                    System.out.println("screenshot of kws.html: " + target);
                }
            }
        } finally {
            driver.quit();
            BuiltSite.delete(profile);
        }
        System.out.println("browser: " + pages + " pages, " + maths + " MathML elements, " + problems.size()
                + " problems");
        assertThat(problems).as("console errors and undrawn MathML").isEmpty();
        assertThat(maths).isGreaterThan(1000);
        assertThat(Path.of("target", "browser", "kws.png")).isNotEmptyFile();
    }
}
