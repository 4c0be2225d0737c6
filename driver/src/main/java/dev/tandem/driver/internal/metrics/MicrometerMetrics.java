package dev.tandem.driver.internal.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The driver's meters in a Micrometer registry (docs/configuration.md lists them). Counters on the per-statement
 * path are resolved once and kept in fields or small maps, so counting costs an adder increment. The only class,
 * with {@link PhaseGauges}, that touches Micrometer: it is loaded only when {@link Micrometer#PRESENT}.
 */
public final class MicrometerMetrics implements TandemMetrics {
    private final MeterRegistry registry;
    private final Tags base;
    private final Counter passthrough;
    private final Counter cacheHits;
    private final Counter cacheMisses;
    private final Timer rewriteTime;
    private final Counter shapeHits;
    private final Counter shapeMisses;
    private final Counter shapeFallbacks;
    /** The shape cache of the planner in force (one per config version); the gauge reads it. */
    private final java.util.concurrent.atomic.AtomicReference<java.util.function.LongSupplier> shapes =
        new java.util.concurrent.atomic.AtomicReference<>(() -> 0);
    private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();
    /** Statement counters by outcome, then migration id: no string building on the per-statement path. */
    private final java.util.EnumMap<Outcome, ConcurrentMap<String, Counter>> statementCounters =
        new java.util.EnumMap<>(Outcome.class);

    private final PhaseGauges phases;

    /** Meters for one instance in {@code registry}, which must be a {@link MeterRegistry}. */
    static TandemMetrics of(Object registry, String instanceId) {
        return new MicrometerMetrics((MeterRegistry) registry, instanceId);
    }

    static boolean isRegistry(Object registry) {
        return registry instanceof MeterRegistry;
    }

    static MeterRegistry globalRegistry() {
        return Metrics.globalRegistry;
    }

    public MicrometerMetrics(MeterRegistry registry, String instanceId) {
        this.registry = registry;
        this.base = Tags.of("instance", instanceId);
        this.phases = new PhaseGauges(registry, base);
        for (Outcome o : Outcome.values()) {
            statementCounters.put(o, new ConcurrentHashMap<>());
        }
        this.passthrough = statements(Outcome.PASSTHROUGH, null);
        this.cacheHits = Counter.builder("tandem.plan.cache.hits").description("Rewrite plan cache hits")
            .tags(base).register(registry);
        this.cacheMisses = Counter.builder("tandem.plan.cache.misses").description("Rewrite plan cache misses")
            .tags(base).register(registry);
        this.shapeHits = Counter.builder("tandem.plan.shape.hits")
            .description("Statements with literal values planned through a known statement shape")
            .tags(base).register(registry);
        this.shapeMisses = Counter.builder("tandem.plan.shape.misses")
            .description("New statement shapes planned (a parse each)").tags(base).register(registry);
        this.shapeFallbacks = Counter.builder("tandem.plan.shape.fallbacks")
            .description("Statements with literal values whose shape could not serve them: each was planned "
                + "from its own text (a parse each, unless that exact text was planned before)")
            .tags(base).register(registry);
        Gauge.builder("tandem.plan.shapes", shapes, r -> r.get().getAsLong())
            .description("Distinct statement shapes in the plan cache").tags(base).strongReference(true)
            .register(registry);
        this.rewriteTime = Timer.builder("tandem.rewrite.time").description("Time to parse and plan one statement")
            .tags(base).register(registry);
    }

    @Override
    public void passthrough() {
        passthrough.increment();
    }

    @Override
    public void statement(Outcome outcome, String migration) {
        ConcurrentMap<String, Counter> byMigration = statementCounters.get(outcome);
        String key = migration == null ? "" : migration;
        Counter c = byMigration.get(key);
        if (c == null) {
            c = byMigration.computeIfAbsent(key, k -> statements(outcome, migration));
        }
        c.increment();
    }

    @Override
    public void cacheHit() {
        cacheHits.increment();
    }

    @Override
    public void cacheMiss() {
        cacheMisses.increment();
    }

    @Override
    public void shapeHit() {
        shapeHits.increment();
    }

    @Override
    public void shapeMiss() {
        shapeMisses.increment();
    }

    @Override
    public void shapeFallback() {
        shapeFallbacks.increment();
    }

    @Override
    public void shapeGauge(java.util.function.LongSupplier size) {
        shapes.set(size);
    }

    @Override
    public void rewriteNanos(long nanos) {
        rewriteTime.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void shadow(String migration, boolean match) {
        counter("c|" + migration, () -> Counter.builder("tandem.shadow.comparisons")
            .description("Shadow-read comparisons made").tags(base).tag("migration", migration)
            .register(registry)).increment();
        if (!match) {
            counter("m|" + migration, () -> Counter.builder("tandem.shadow.mismatches")
                .description("Shadow-read comparisons that differed").tags(base).tag("migration", migration)
                .register(registry)).increment();
        }
    }

    @Override
    public void configGauges(Supplier<Number> version, Supplier<Number> ageSeconds) {
        Gauge.builder("tandem.config.version", version).description("Config version in force")
            .tags(base).strongReference(true).register(registry);
        Gauge.builder("tandem.config.age.seconds", ageSeconds).description("Seconds since the config was last confirmed")
            .tags(base).strongReference(true).register(registry);
    }

    @Override
    public void phases(java.util.List<dev.tandem.driver.spec.Migration> migrations) {
        phases.update(migrations);
    }

    public MeterRegistry registry() {
        return registry;
    }

    private Counter statements(Outcome outcome, String migration) {
        Counter.Builder b = Counter.builder("tandem.statements").description("Statements by outcome")
            .tags(base).tag("outcome", outcome.tag());
        // Every series of a name carries the same tag keys (Prometheus requires it).
        return b.tag("migration", migration == null ? "none" : migration).register(registry);
    }

    private Counter counter(String key, Supplier<Counter> create) {
        Counter c = counters.get(key);
        if (c == null) {
            c = counters.computeIfAbsent(key, k -> create.get());
        }
        return c;
    }
}
