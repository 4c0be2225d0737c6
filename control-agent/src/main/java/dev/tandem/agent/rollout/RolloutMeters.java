package dev.tandem.agent.rollout;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The autopilot's meters, tagged by migration: the current step, gate results, rollbacks. */
public final class RolloutMeters {
    private final MeterRegistry registry;
    private final Map<String, AtomicInteger> steps = new ConcurrentHashMap<>();

    public RolloutMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    void step(String migration, int percent) {
        steps.computeIfAbsent(migration, m -> registry.gauge("tandem.rollout.step", List.of(Tag.of("migration", m)),
            new AtomicInteger())).set(percent);
    }

    void gate(String migration, GateResult r) {
        Counter.builder("tandem.rollout.gate").description("Gate verdicts of the canary autopilot's checks")
            .tag("migration", migration).tag("gate", r.name())
            .tag("result", r.result().toLowerCase(java.util.Locale.ROOT))
            .register(registry).increment();
    }

    void rollback(String migration) {
        Counter.builder("tandem.rollout.rollbacks").description("Steps the canary autopilot rolled back")
            .tag("migration", migration).register(registry).increment();
    }
}
