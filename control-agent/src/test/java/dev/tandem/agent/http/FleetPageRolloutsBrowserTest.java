package dev.tandem.agent.http;

import dev.tandem.agent.browser.Browser;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fleet page's Rollout section in headless Chromium, against a canned {@code GET /rollouts} in the shape the
 * rollout autopilot answers (issue 16): each step with each gate's figures, and a gate reason that is HTML.
 */
class FleetPageRolloutsBrowserTest {
    private static final String TOKEN = "s3cret";

    @Test
    void rendersEachRolloutStepWithItsGatesFigures() {
        ChromeDriver browser = Browser.start(1400, 1200);
        AdminServer server = new AdminServer();
        try {
            int port = server.start(new FakeAgent(), null, 0, TOKEN, routes -> routes.add("GET", "/rollouts", false,
                r -> Response.json(200, List.of(rollout()))));
            browser.get("http://127.0.0.1:" + port + "/fleet");
            browser.findElement(By.id("token")).sendKeys(TOKEN);
            browser.findElement(By.id("login")).click();
            new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(b -> Browser.text(b, "#rollouts").contains("orders-price"));

            String text = Browser.text(browser, "#rollouts");
            assertThat(text).contains("HOLDING").contains("at 25%").contains("2 failed checks").contains("by alice")
                .contains("shadow-mismatches").contains("mismatches=0").contains("comparisons=1200")
                .contains("p99-latency")
                .contains("p99Ms=48.5").contains("<img src=x onerror=window.xss=3>");
            assertThat(browser.findElements(By.cssSelector("#rollouts img"))).isEmpty();
            assertThat(browser.executeScript("return window.xss")).isNull();
            // The other sections render from the same agent: two instances on versions 7 and 6 of app shop.
            assertThat(Browser.text(browser, ".dist[data-app='shop'] .count[data-version='7']"))
                .isEqualTo("1");
            assertThat(Browser.text(browser, ".dist[data-app='shop'] .count[data-version='6']"))
                .isEqualTo("1");
        } finally {
            browser.quit();
            server.stop();
        }
    }

    private static Map<String, Object> rollout() {
        Map<String, Object> passed = Map.of("percent", 10, "state", "PASSED", "startedAt", "2025-06-01T10:00:00Z",
            "gates", List.of(Map.of("name", "shadow-mismatches", "result", "PASS",
                "figures", Map.of("mismatches", 0, "comparisons", 1200), "reason", "no mismatches")));
        Map<String, Object> holding = Map.of("percent", 25, "state", "HOLDING", "startedAt", "2025-06-01T10:05:00Z",
            "gates", List.of(Map.of("name", "p99-latency", "result", "HOLD", "figures", Map.of("p99Ms", 48.5),
                "reason", "<img src=x onerror=window.xss=3>")));
        return Map.of("migration", "orders-price", "state", "HOLDING", "percent", 25, "steps", List.of(passed, holding),
            "failedChecks", 2, "startedAt", "2025-06-01T10:00:00Z", "updatedAt", "2025-06-01T10:06:00Z",
            "actor", "alice");
    }
}
