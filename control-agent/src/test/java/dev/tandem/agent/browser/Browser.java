package dev.tandem.agent.browser;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A headless Chromium driven through chromedriver, both found on the machine (Debian's {@code chromium} and
 * {@code chromium-driver}; .ci/run installs them). Where neither can be found the test is skipped with the reason
 * printed, except under CI (the {@code CI} environment variable), where a missing browser fails the test.
 */
public final class Browser {
    private Browser() {
    }

    public static ChromeDriver start(int width, int height) {
        Path chromium = find("TANDEM_CHROMIUM", List.of("chromium", "chromium-browser", "google-chrome"));
        Path driver = find("TANDEM_CHROMEDRIVER", List.of("chromedriver"));
        if (chromium == null || driver == null) {
            String reason = "No headless browser: " + (chromium == null ? "chromium " : "")
                + (driver == null ? "chromedriver " : "") + "not found on the PATH; install Debian's chromium and "
                + "chromium-driver packages (.ci/run does) or set TANDEM_CHROMIUM / TANDEM_CHROMEDRIVER";
            if (System.getenv("CI") != null) {
                throw new AssertionError(reason + ". CI must run the browser test.");
            }
            System.out.println("SKIPPED: " + reason);
            Assumptions.abort(reason);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
            "--window-size=" + width + "," + height, "--force-device-scale-factor=1", "--lang=en-GB");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile())
            .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /**
     * The rendered text of the first element matching {@code css}, or "" when none does, read in one script call: the
     * page replaces its sections at every refresh, so an element found in one call may be gone by the next.
     */
    public static String text(WebDriver browser, String css) {
        Object text = ((JavascriptExecutor) browser).executeScript(
            "var e = document.querySelector(arguments[0]); return e ? e.innerText : '';", css);
        return text == null ? "" : text.toString();
    }

    private static Path find(String env, List<String> names) {
        String given = System.getenv(env);
        if (given != null && Files.isExecutable(Path.of(given))) {
            return Path.of(given);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            for (String name : names) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return null;
    }
}
