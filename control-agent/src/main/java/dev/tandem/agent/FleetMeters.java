package dev.tandem.agent;

import dev.tandem.agent.Views.InstanceView;
import dev.tandem.agent.Views.MigrationView;
import dev.tandem.agent.Views.StatusView;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The agent's fleet gauges, set from one {@link StatusView} before each scrape: {@code tandem.migration.phase}
 * (phase ordinal per migration, tagged with the phase name) and {@code tandem.instances} (driver instances per app,
 * config version and state). Series that no longer apply (a migration's old phase, a version nobody runs) are
 * removed, so the scrape always shows the control tables as they are.
 */
final class FleetMeters {
    private final MultiGauge phases;
    private final MultiGauge instances;

    FleetMeters(MeterRegistry registry) {
        this.phases = MultiGauge.builder("tandem.migration.phase")
            .description("Phase of each migration in the control tables: EXPAND 0, DUAL_WRITE 1, SHADOW_READ 2, "
                + "READ_NEW 3, CONTRACT 4, COMPLETE 5")
            .register(registry);
        this.instances = MultiGauge.builder("tandem.instances")
            .description("Driver instances by app, config version seen and state: live (on the current version), "
                + "lagging (live on an older one), silent (past its lease)")
            .register(registry);
    }

    void update(StatusView status) {
        List<MultiGauge.Row<?>> phaseRows = new ArrayList<>();
        for (MigrationView m : status.migrations()) {
            phaseRows.add(MultiGauge.Row.of(Tags.of("migration", m.id(), "phase", m.phase().name()),
                m.phase().ordinal()));
        }
        phases.register(phaseRows, true);

        // Keyed by app, version and state joined with NUL (no name holds one), sorted for a stable scrape.
        Map<String, Integer> counts = new TreeMap<>();
        for (InstanceView i : status.instances()) {
            String state = i.lagging() ? "lagging" : i.live() ? "live" : "silent";
            counts.merge(String.join("\0", i.app() == null ? "" : i.app(), Long.toString(i.versionSeen()), state), 1,
                Integer::sum);
        }
        List<MultiGauge.Row<?>> instanceRows = new ArrayList<>();
        counts.forEach((key, n) -> {
            String[] k = key.split("\0", -1);
            instanceRows.add(MultiGauge.Row.of(Tags.of("app", k[0], "version", k[1], "state", k[2]), n));
        });
        instances.register(instanceRows, true);
    }
}
