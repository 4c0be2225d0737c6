package dev.tandem.driver.internal.metrics;

import dev.tandem.driver.spec.Migration;
import dev.tandem.driver.spec.Phase;
import dev.tandem.driver.spec.SpecParser;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PhaseGaugesTest {
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final TandemMetrics metrics = new MicrometerMetrics(registry, "i1");

    @Test
    void eachMigrationHasOneSeriesValuedAtItsPhaseOrdinal() throws Exception {
        List<Migration> two = SpecParser.parse("migrations:\n"
            + "  - id: m1\n    table: t\n    key: [id]\n    columns:\n      - old: a\n        new: b\n"
            + "    phase: DUAL_WRITE\n"
            + "  - id: m2\n    table: u\n    key: [id]\n    columns:\n      - old: c\n        new: d\n", "m.yaml");
        metrics.phases(two);
        assertThat(phaseOf("m1")).isEqualTo(1.0);
        assertThat(phaseOf("m2")).isEqualTo(0.0);
        assertThat(registry.get("tandem.migration.phase").tag("migration", "m1").gauge().getId().getTag("phase"))
            .isEqualTo("DUAL_WRITE");

        metrics.phases(List.of(two.get(0).withPhase(Phase.READ_NEW)));
        assertThat(registry.find("tandem.migration.phase").gauges()).singleElement()
            .satisfies(g -> {
                assertThat(g.getId().getTag("migration")).isEqualTo("m1");
                assertThat(g.getId().getTag("phase")).isEqualTo("READ_NEW");
                assertThat(g.getId().getTag("instance")).isEqualTo("i1");
                assertThat(g.value()).isEqualTo(3.0);
            });
    }

    private double phaseOf(String migration) {
        Gauge g = registry.get("tandem.migration.phase").tag("migration", migration).gauge();
        return g.value();
    }
}
