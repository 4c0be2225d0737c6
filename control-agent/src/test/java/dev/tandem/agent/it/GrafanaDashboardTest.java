package dev.tandem.agent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.driver.internal.metrics.MicrometerMetrics;
import dev.tandem.driver.internal.metrics.TandemMetrics;
import dev.tandem.driver.spec.SpecParser;
import dev.tandem.testdb.DbKind;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * config-examples/grafana/tandem-dashboard.json cannot drift from the code: every metric it queries is one the
 * agent's /metrics or a driver's Prometheus registry actually exposes, each meter exercised once.
 */
class GrafanaDashboardTest {
    private static final Path DASHBOARD = Path.of("..", "config-examples", "grafana", "tandem-dashboard.json");
    private static final Pattern METRIC = Pattern.compile("\\btandem_[a-z0-9_]+");

    @Test
    void everyQueriedMetricExistsInTheCodesMeters() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        Set<String> queried = new TreeSet<>();
        collect(dashboard, queried);
        assertThat(queried).contains("tandem_migration_phase", "tandem_instances", "tandem_config_version",
            "tandem_barrier_wait_seconds_count", "tandem_plan_cache_hits_total", "tandem_shadow_mismatches_total",
            "tandem_job_rows_scanned_total", "tandem_rewrite_time_seconds_sum", "tandem_statements_total");

        Set<String> exposed = new TreeSet<>();
        exposed.addAll(names(driverScrape()));
        try (AgentFixture f = new AgentFixture(DbKind.POSTGRESQL, "grafana", 50, Duration.ofMillis(300))) {
            ForgedHeartbeatTest.touch(f.pool("grafana-app", 1));
            f.toBackfilled("orders-price");
            exposed.addAll(names(f.agent.meters().scrape()));
        }
        assertThat(exposed).as("metrics the code exposes").containsAll(queried);
    }

    @Test
    void everyPanelUsesThePrometheusDatasourceVariable() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        JsonNode variable = null;
        for (JsonNode v : dashboard.at("/templating/list")) {
            if ("datasource".equals(v.path("type").asText())) {
                variable = v;
            }
        }
        assertThat(variable).isNotNull();
        assertThat(variable.path("query").asText()).isEqualTo("prometheus");
        String ref = "${" + variable.path("name").asText() + "}";
        Set<Integer> ids = new TreeSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(ids.add(panel.path("id").asInt())).as("unique panel id").isTrue();
            if (!"row".equals(panel.path("type").asText())) {
                assertThat(panel.at("/datasource/uid").asText()).as(panel.path("title").asText()).isEqualTo(ref);
                assertThat(panel.path("targets")).isNotEmpty();
            }
        }
    }

    /** A driver's meters, each used once, in a Prometheus registry as an application would scrape them. */
    private static String driverScrape() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        TandemMetrics m = new MicrometerMetrics(registry, "app-1");
        m.statement(TandemMetrics.Outcome.REWRITTEN, "users-email");
        m.cacheHit();
        m.cacheMiss();
        m.shapeHit();
        m.shapeMiss();
        m.shapeFallback();
        m.rewriteNanos(1_000);
        m.shadow("users-email", false);
        m.configGauges(() -> 3, () -> 0.5);
        m.phases(SpecParser.parse("migrations:\n  - id: users-email\n    table: users\n    key: [id]\n    columns:\n"
            + "      - old: email\n        new: email_address\n    phase: DUAL_WRITE\n", "m.yaml"));
        return registry.scrape();
    }

    private static Set<String> names(String scrape) {
        Set<String> out = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                out.add(line.split("[{ ]", 2)[0]);
            }
        }
        return out;
    }

    /** Metric names in every query of the dashboard: panel targets and template variables. */
    private static void collect(JsonNode node, Set<String> out) {
        node.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            if (v.isTextual() && Set.of("expr", "query", "definition").contains(e.getKey())) {
                Matcher matcher = METRIC.matcher(v.asText());
                while (matcher.find()) {
                    out.add(matcher.group());
                }
            } else {
                collect(v, out);
            }
        });
        if (node.isArray()) {
            node.forEach(child -> collect(child, out));
        }
    }
}
