package dev.tandem.agent.jobs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Agent-side meters of DESIGN.md section 7: rows written and scanned by jobs, reconcile mismatches. */
public final class JobMeters {
    private final MeterRegistry registry;
    private final Map<String, AtomicLong> mismatches = new ConcurrentHashMap<>();

    public JobMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    void chunk(String migration, String kind, long changed, long scanned) {
        Counter.builder("tandem.job.rows.changed").description("Rows changed by backfill and repair")
            .tag("migration", migration).tag("kind", kind).register(registry).increment(changed);
        Counter.builder("tandem.job.rows.scanned").description("Rows scanned by jobs")
            .tag("migration", migration).tag("kind", kind).register(registry).increment(scanned);
    }

    void reconciled(String migration, long count) {
        mismatches.computeIfAbsent(migration, m -> registry.gauge("tandem.reconcile.mismatches",
            java.util.List.of(io.micrometer.core.instrument.Tag.of("migration", m)), new AtomicLong())).set(count);
    }
}
