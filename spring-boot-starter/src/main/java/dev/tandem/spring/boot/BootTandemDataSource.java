package dev.tandem.spring.boot;

import dev.tandem.driver.TandemDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.ObjectProvider;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A {@link TandemDataSource} that looks up the application's {@link MeterRegistry} at its first connection, not
 * when the DataSource bean is created: Boot's registry binds pool metrics to every DataSource bean, so asking for it
 * while one is still being created would be a circular reference. The registry is fixed when the Tandem instance
 * starts, which is at that first connection.
 */
final class BootTandemDataSource extends TandemDataSource {
    private static final System.Logger LOG = System.getLogger(BootTandemDataSource.class.getName());

    private final ObjectProvider<MeterRegistry> registries;
    private volatile boolean registrySet;

    BootTandemDataSource(DataSource dataSource, ObjectProvider<MeterRegistry> registries) {
        super(dataSource);
        this.registries = registries;
    }

    @Override
    public Connection getConnection() throws SQLException {
        useApplicationRegistry();
        return super.getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        useApplicationRegistry();
        return super.getConnection(username, password);
    }

    private void useApplicationRegistry() {
        if (registrySet) {
            return;
        }
        synchronized (this) {
            if (!registrySet) {
                MeterRegistry registry = null;
                try {
                    registry = registries.getIfUnique();
                } catch (BeansException e) {
                    // A connection opened while the registry itself is being created: use the driver's default.
                    LOG.log(System.Logger.Level.WARNING, "Tandem could not use the application's MeterRegistry; "
                        + "its meters go to the driver's default registry: " + e.getMessage());
                }
                if (registry != null) {
                    setMeterRegistry(registry);
                }
                registrySet = true;
            }
        }
    }
}
