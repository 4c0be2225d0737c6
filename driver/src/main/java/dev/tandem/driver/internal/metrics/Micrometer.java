package dev.tandem.driver.internal.metrics;

/**
 * Whether Micrometer, an optional dependency, is on the driver's class path, and its registries when it is.
 * Registries travel as {@code Object} from the connect path to the runtime, so that the driver's classes load
 * without Micrometer. Besides {@link MicrometerMetrics} and {@link PhaseGauges}, which are loaded only when it is
 * here, only the registry setters of {@code TandemDriver} and {@code TandemDataSource} name its types, and nobody
 * can call those without it.
 */
public final class Micrometer {
    /** True when the driver's class loader sees Micrometer's {@code MeterRegistry}. */
    public static final boolean PRESENT = present();

    private Micrometer() {
    }

    /** Whether {@code registry} is a Micrometer {@code MeterRegistry} (never, without Micrometer). */
    public static boolean isRegistry(Object registry) {
        return PRESENT && MicrometerMetrics.isRegistry(registry);
    }

    /** Micrometer's {@code Metrics.globalRegistry}, or null without Micrometer (an instance then counts nothing). */
    public static Object globalRegistry() {
        return PRESENT ? MicrometerMetrics.globalRegistry() : null;
    }

    private static boolean present() {
        try {
            Class.forName("io.micrometer.core.instrument.MeterRegistry", false, Micrometer.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
