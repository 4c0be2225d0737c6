package dev.tandem.driver.internal.config;

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

    /**
     * True when the source has not confirmed its config for longer than its lease; writes to migrated
     * tables are then refused (tandem.staleConfig=refuse-writes). A file source is never stale.
     */
    default boolean isStale() {
        return false;
    }

    /** The message of the last failed or rejected read, or {@code null} if the last read was good. */
    String lastError();

    /** Stops watching. */
    @Override
    void close();
}
