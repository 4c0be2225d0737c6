package dev.tandem.driver.config;

import java.util.function.Consumer;

/**
 * Where a driver instance gets its migration configuration. Implementations publish a new
 * {@link ConfigSnapshot} only after it validated; a bad reload is logged and the running snapshot
 * stays in force.
 */
public interface ConfigSource extends AutoCloseable {

    /** The snapshot in force now; never {@code null}. */
    ConfigSnapshot current();

    /** Registers a callback run after each successful reload with the new snapshot. */
    void onChange(Consumer<ConfigSnapshot> listener);

    /**
     * When this source last confirmed its configuration (successful read, changed or not), in
     * {@code System.nanoTime()} units; used for config age and staleness.
     */
    long lastRefreshNanos();

    /** Stops watching. */
    @Override
    void close();
}
