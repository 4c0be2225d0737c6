package dev.tandem.driver.internal.metrics;

import dev.tandem.driver.spec.Migration;

import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What a driver instance counts (docs/configuration.md lists the meters): in a Micrometer registry
 * ({@link MicrometerMetrics}), or nowhere when Micrometer, an optional dependency, is not on the class path.
 * Free of Micrometer types, so that the driver's classes load without it.
 */
public interface TandemMetrics {
    /** Statement outcomes, the {@code outcome} tag of {@code tandem.statements}. */
    enum Outcome {
        PASSTHROUGH, UNCHANGED, REWRITTEN, REFUSED, UNSUPPORTED_PASSTHROUGH;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The meters of one instance: in {@code registry}, a Micrometer {@code MeterRegistry}, or none when it is
     * null (see {@link Micrometer#registry}).
     */
    static TandemMetrics of(Object registry, String instanceId) {
        return registry == null ? NoMetrics.INSTANCE : MicrometerMetrics.of(registry, instanceId);
    }

    void passthrough();

    void statement(Outcome outcome, String migration);

    void cacheHit();

    void cacheMiss();

    void shapeHit();

    void shapeMiss();

    void shapeFallback();

    /** Where the shapes gauge reads the size of the shape cache in force. */
    void shapeGauge(LongSupplier size);

    void rewriteNanos(long nanos);

    void shadow(String migration, boolean match);

    /** Registers the config version and age gauges. */
    void configGauges(Supplier<Number> version, Supplier<Number> ageSeconds);

    /** Sets {@code tandem.migration.phase} to the phases of {@code migrations}, the config now in force. */
    void phases(List<Migration> migrations);
}
