package dev.tandem.driver;

import dev.tandem.driver.internal.config.ConfigSnapshot;
import dev.tandem.driver.internal.config.ConfigSource;
import dev.tandem.driver.internal.runtime.TandemRuntime;
import dev.tandem.driver.spec.Migration;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a Tandem instance is doing, copied when asked: for health checks and admin pages (the Spring Boot
 * starter's health indicator and endpoint). Nothing here changes the instance.
 *
 * @param instanceId     the instance's {@code tandem.instanceId}
 * @param dialect        the SQL dialect it rewrites for, {@code POSTGRESQL} or {@code MYSQL}
 * @param control        the config source, {@code file} or {@code db} ({@code tandem.control})
 * @param app            the application name ({@code tandem.app}), empty when unset
 * @param configVersion  the version of the config in force
 * @param configSource   where the config in force came from (file path, control table)
 * @param configLoadedAt when the config in force was loaded
 * @param configAge      time since the source last read its config successfully, changed or not
 * @param lease          with {@code tandem.control=db}, how long the config stays valid without a successful
 *                       refresh ({@code tandem.leaseMs}); {@link Duration#ZERO} for a file source, which has none
 * @param stale          true when the lease has passed without a refresh (never for a file source)
 * @param lastError      the message of the source's last failed or rejected read; empty when the last read was good
 * @param migrations     every migration of the config in force, in spec order, with its phase
 */
public record TandemStatus(String instanceId, String dialect, String control, String app, long configVersion,
                           String configSource, Instant configLoadedAt, Duration configAge, Duration lease,
                           boolean stale, String lastError, List<Migration> migrations) {

    public TandemStatus {
        migrations = List.copyOf(migrations);
    }

    static TandemStatus of(TandemRuntime runtime) {
        TandemOptions options = runtime.options();
        ConfigSource source = runtime.configSource();
        ConfigSnapshot snapshot = runtime.snapshot();
        String control = options.get(TandemProperty.CONTROL);
        Duration lease = "db".equals(control) ? Duration.ofMillis(Long.parseLong(options.get(TandemProperty.LEASE_MS)))
            : Duration.ZERO;
        String error = source.lastError();
        return new TandemStatus(runtime.instanceId(), runtime.dialect().name(), control,
            options.get(TandemProperty.APP), snapshot.version(), snapshot.source(), snapshot.loadedAt(),
            Duration.ofNanos(System.nanoTime() - source.lastRefreshNanos()), lease, source.isStale(),
            error == null ? "" : error, snapshot.migrations());
    }
}
