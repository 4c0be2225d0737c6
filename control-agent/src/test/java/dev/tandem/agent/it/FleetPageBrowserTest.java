package dev.tandem.agent.it;

import dev.tandem.agent.browser.Browser;
import dev.tandem.agent.http.AdminServer;
import dev.tandem.driver.spec.Phase;
import dev.tandem.testdb.DbKind;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16: the live fleet page in a real headless Chromium, on a real agent and real drivers. Two instances of one
 * app stand on two config versions mid-barrier; the page shows both, then follows the lagging one catching up
 * without a reload. A third instance's app and host names are HTML, and must show as text.
 */
class FleetPageBrowserTest {
    private static final String TOKEN = "fleet-page-token";
    private static final String XSS_APP = "<img src=x onerror=\"window.xss=1\">";
    private static final String XSS_HOST = "<script>window.xss=2</script>";

    @Test
    void showsTheVersionDistributionMidBarrierAndUpdatesWithoutAReload() throws Exception {
        try (AgentFixture f = new AgentFixture(DbKind.POSTGRESQL, "fleetpage", 200, Duration.ofMillis(500))) {
            ChromeDriver browser = Browser.start(1400, 1500);
            AdminServer server = new AdminServer();
            try {
                int port = server.start(f.agent, null, 0, TOKEN);
                ForgedHeartbeatTest.touch(f.pool("shop-a", 1, "shop", 30_000));
                ForgedHeartbeatTest.touch(f.pool("shop-b", 1, "shop", 30_000));
                f.toBackfilled("orders-price");
                f.agent.apply("users-email", false, "test");
                AgentFixture.source("shop-b").pause(true);
                long before = f.agent.status().configVersion();
                long now = f.agent.phase("users-email", Phase.DUAL_WRITE, false, null, "alice").version();
                heartbeat(f, "evil-1", XSS_HOST, XSS_APP, now, 60_000);
                // A batch instance that stopped on the old version: past its one-second lease it is dropped.
                heartbeat(f, "batch-1", "host-9", "batch", before, 1_000);

                browser.get("http://127.0.0.1:" + port + "/");
                assertThat(browser.findElements(By.tagName("script"))).isEmpty();
                browser.findElement(By.id("token")).sendKeys(TOKEN);
                browser.findElement(By.id("login")).click();
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
                wait.until(b -> count(b, "shop", now) == 1 && count(b, "shop", before) == 1
                    && Browser.text(b, "#barrier").contains("lease on an older version): 1"));
                JavascriptExecutor js = browser;
                js.executeScript("window.fleetMarker = 'same document'");
                Object loadedAt = js.executeScript("return window.tandemFleet.loadedAt");

                assertThat(Browser.text(browser, "#configVersion")).isEqualTo(Long.toString(now));
                String barrier = Browser.text(browser, "#barrier");
                assertThat(barrier).contains("waiting for 1 lagging").contains("shop-b").contains("v" + now
                    + " (current)").contains("v" + before).contains("batch-1 on host-9 (batch) at v" + before);
                assertThat(count(browser, "batch", before)).isEqualTo(1);
                String migrations = Browser.text(browser, "#migrations");
                assertThat(migrations).contains("users-email").contains("DUAL_WRITE").contains("orders-price")
                    .contains("→ SHADOW_READ");
                assertThat(Browser.text(browser, "#jobs")).contains("backfill").contains("reconcile");
                assertThat(Browser.text(browser, "#audit")).contains("alice");
                assertThat(Browser.text(browser, "#rollouts")).contains("No rollouts");
                // Attacker-controlled names render as text: no element was made from them and nothing ran.
                assertThat(Browser.text(browser, "#instances")).contains(XSS_APP).contains(XSS_HOST);
                assertThat(js.executeScript("return window.xss")).isNull();
                assertThat(browser.findElements(By.cssSelector("main img, main script"))).isEmpty();
                screenshot(browser);

                AgentFixture.source("shop-b").pause(false);
                wait.until(b -> count(b, "shop", now) == 2 && count(b, "shop", before) == 0);
                assertThat(Browser.text(browser, "#barrier")).contains("complete")
                    .doesNotContain("shop-b on");
                assertThat(js.executeScript("return window.fleetMarker")).isEqualTo("same document");
                assertThat(js.executeScript("return window.tandemFleet.loadedAt")).isEqualTo(loadedAt);
                assertThat(((Number) js.executeScript("return performance.getEntriesByType('navigation').length"))
                    .intValue()).isEqualTo(1);
            } finally {
                browser.quit();
                server.stop();
            }
        }
    }

    /** The count the page shows for {@code app} at {@code version}, 0 when it shows none. */
    private static int count(WebDriver browser, String app, long version) {
        String text = Browser.text(browser, ".dist[data-app='" + app + "'] .count[data-version='" + version + "']");
        return text.isEmpty() ? 0 : Integer.parseInt(text.replace(",", ""));
    }

    /** A heartbeat through the control tables' routine, as a driver sends it (any app may send any names). */
    private static void heartbeat(AgentFixture f, String id, String host, String app, long version, long leaseMs)
        throws Exception {
        try (Connection c = f.db.connect(); PreparedStatement ps = c.prepareStatement(
            "SELECT tandem_heartbeat(?, ?, ?, ?, ?)")) {
            ps.setString(1, id);
            ps.setString(2, host);
            ps.setString(3, app);
            ps.setLong(4, version);
            ps.setLong(5, leaseMs);
            ps.execute();
        }
    }

    /**
     * The page as this test saw it mid-barrier, in target/fleet-page.png; with {@code -Dtandem.screenshot=docs} also
     * as docs/images/fleet-page.png, the picture docs/operations.md shows (so a plain test run leaves docs alone).
     */
    private static void screenshot(ChromeDriver browser) throws Exception {
        Path png = browser.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(png, Path.of("target", "fleet-page.png"), StandardCopyOption.REPLACE_EXISTING);
        if ("docs".equals(System.getProperty("tandem.screenshot"))) {
            Files.copy(png, Path.of("..", "docs", "images", "fleet-page.png"), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
