package dev.tandem.spring.boot;

import dev.tandem.driver.TandemDataSource;
import dev.tandem.driver.TandemStatus;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Health of each Tandem data source, under its bean name: config version and age, lease, phase per migration. UP
 * while every instance has a config; DOWN when one cannot start (its config cannot be read: the error is the
 * detail) or its {@code tandem.control=db} lease has passed without a refresh, since it then refuses writes to
 * migrated tables (with the default {@code tandem.staleConfig=refuse-writes}).
 */
public class TandemHealthIndicator implements HealthIndicator {
    private final Supplier<Map<String, TandemDataSource>> dataSources;

    public TandemHealthIndicator(Supplier<Map<String, TandemDataSource>> dataSources) {
        this.dataSources = dataSources;
    }

    @Override
    public Health health() {
        Status status = Status.UP;
        Map<String, Object> details = new LinkedHashMap<>();
        for (var e : dataSources.get().entrySet()) {
            try {
                TandemStatus one = started(e.getValue());
                Map<String, Object> view = StatusViews.summary(one);
                details.put(e.getKey(), view);
                if (one.stale()) {
                    status = Status.DOWN;
                    view.put("reason", "the config could not be refreshed within the lease; writes to migrated "
                        + "tables may be refused");
                }
            } catch (SQLException | RuntimeException ex) {
                status = Status.DOWN;
                details.put(e.getKey(), Map.of("error", ex.getClass().getName() + ": " + ex.getMessage()));
            }
        }
        return Health.status(status).withDetails(details).build();
    }

    /**
     * The instance's status; before the application's first connection, one connection is opened and closed so that
     * the instance starts and a broken config shows here rather than in the application's first query.
     */
    private static TandemStatus started(TandemDataSource dataSource) throws SQLException {
        Optional<TandemStatus> status = dataSource.status();
        if (status.isPresent()) {
            return status.get();
        }
        dataSource.getConnection().close();
        return dataSource.status().orElseThrow(() -> new IllegalStateException("Tandem instance did not start"));
    }
}
