package dev.tandem.driver.internal.metrics;

import dev.tandem.driver.spec.Migration;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code tandem.migration.phase}: one gauge per migration in the config in force, valued at its phase's ordinal
 * (EXPAND 0 … COMPLETE 5) and tagged with the migration and the phase name. When a migration changes phase its old
 * series is removed, so a query never sees a migration in two phases at once.
 */
final class PhaseGauges {
    private final MeterRegistry registry;
    private final Tags base;
    /** Migration id to its gauge; guarded by {@code this} (config changes are rare, scrapes never write). */
    private final Map<String, Gauge> gauges = new HashMap<>();

    PhaseGauges(MeterRegistry registry, Tags base) {
        this.registry = registry;
        this.base = base;
    }

    synchronized void update(List<Migration> migrations) {
        Set<String> seen = new HashSet<>();
        for (Migration m : migrations) {
            seen.add(m.id());
            String phase = m.phase().name();
            Gauge old = gauges.get(m.id());
            if (old != null && phase.equals(old.getId().getTag("phase"))) {
                continue;
            }
            if (old != null) {
                registry.remove(old);
            }
            int ordinal = m.phase().ordinal();
            gauges.put(m.id(), Gauge.builder("tandem.migration.phase", () -> ordinal)
                .description("Phase of each migration in the config in force: EXPAND 0, DUAL_WRITE 1, SHADOW_READ 2, "
                    + "READ_NEW 3, CONTRACT 4, COMPLETE 5")
                .tags(base).tag("migration", m.id()).tag("phase", phase).strongReference(true).register(registry));
        }
        gauges.entrySet().removeIf(e -> {
            if (seen.contains(e.getKey())) {
                return false;
            }
            registry.remove(e.getValue());
            return true;
        });
    }
}
