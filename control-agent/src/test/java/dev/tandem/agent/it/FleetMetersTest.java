package dev.tandem.agent.it;

import dev.tandem.driver.spec.Phase;
import dev.tandem.testdb.DbKind;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The agent's fleet gauges on /metrics follow the control tables: phases, instances by version, barrier waits. */
class FleetMetersTest {
    @Test
    void phasesAndInstanceVersionsAreScrapedAsTheControlTablesHoldThem() throws Exception {
        try (AgentFixture f = new AgentFixture(DbKind.POSTGRESQL, "fleetmeters", 10, Duration.ofMillis(300))) {
            ForgedHeartbeatTest.touch(f.pool("meters-a", 1, "shop", 30_000));
            ForgedHeartbeatTest.touch(f.pool("meters-b", 1, "shop", 30_000));
            long before = f.agent.status().configVersion();
            f.agent.apply("users-email", false, "test");
            AgentFixture.source("meters-b").pause(true);
            long now = f.agent.phase("users-email", Phase.DUAL_WRITE, false, null, "test").version();

            String scrape = f.agent.meters().scrape();
            assertThat(scrape)
                .contains("tandem_migration_phase{migration=\"users-email\",phase=\"DUAL_WRITE\"} 1.0")
                .contains("tandem_migration_phase{migration=\"orders-price\",phase=\"EXPAND\"} 0.0")
                .contains("tandem_instances{app=\"shop\",state=\"live\",version=\"" + now + "\"} 1.0")
                .contains("tandem_instances{app=\"shop\",state=\"lagging\",version=\"" + before + "\"} 1.0")
                .contains("tandem_barrier_wait_seconds_count{outcome=\"incomplete\"} 1")
                .doesNotContain("phase=\"EXPAND\"} 1.0");

            AgentFixture.source("meters-b").pause(false);
            long deadline = System.currentTimeMillis() + 5000;
            while (!f.agent.status().barrier().complete() && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertThat(f.agent.meters().scrape())
                .contains("tandem_instances{app=\"shop\",state=\"live\",version=\"" + now + "\"} 2.0")
                .doesNotContain("version=\"" + before + "\"");
        }
    }
}
