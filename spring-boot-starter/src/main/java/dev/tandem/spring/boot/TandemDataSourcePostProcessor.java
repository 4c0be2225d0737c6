package dev.tandem.spring.boot;

import dev.tandem.driver.TandemDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.env.Environment;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Wraps each {@link DataSource} bean in a {@link TandemDataSource} once it is initialised, leaving its URL alone,
 * and remembers the Tandem data sources by bean name for the health indicator and the endpoint. A bean that already
 * is or wraps a TandemDataSource is kept as it is, and so is everything when {@code spring.datasource.url} is a
 * {@code jdbc:tandem:} URL (the driver already rewrites those connections; wrapping again would rewrite twice).
 */
public class TandemDataSourcePostProcessor implements BeanPostProcessor {
    private static final System.Logger LOG = System.getLogger(TandemDataSourcePostProcessor.class.getName());

    private final ObjectProvider<TandemProperties> properties;
    private final ObjectProvider<MeterRegistry> registries;
    private final Environment environment;
    private final Map<String, TandemDataSource> tandemDataSources = Collections.synchronizedMap(new LinkedHashMap<>());
    private Map<String, String> options;

    TandemDataSourcePostProcessor(ObjectProvider<TandemProperties> properties,
                                  ObjectProvider<MeterRegistry> registries, Environment environment) {
        this.properties = properties;
        this.registries = registries;
        this.environment = environment;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (!(bean instanceof DataSource dataSource)) {
            return bean;
        }
        if (bean instanceof TandemDataSource tandem) {
            tandemDataSources.put(beanName, tandem);
            return bean;
        }
        if (wrapsTandem(dataSource)) {
            return bean;
        }
        String url = environment.getProperty("spring.datasource.url", "");
        if (url.startsWith("jdbc:tandem:")) {
            LOG.log(System.Logger.Level.INFO, "spring.datasource.url is a jdbc:tandem: URL, so the Tandem driver "
                + "already handles the connections of DataSource bean ''{0}''; it is not wrapped again", beanName);
            return bean;
        }
        BootTandemDataSource tandem = new BootTandemDataSource(dataSource, registries);
        options().forEach(tandem::setProperty);
        tandemDataSources.put(beanName, tandem);
        LOG.log(System.Logger.Level.INFO, "DataSource bean ''{0}'' is wrapped by Tandem", beanName);
        return tandem;
    }

    /** The Tandem data sources of this context by bean name, in the order they were created. */
    public Map<String, TandemDataSource> tandemDataSources() {
        synchronized (tandemDataSources) {
            return Collections.unmodifiableMap(new LinkedHashMap<>(tandemDataSources));
        }
    }

    /** Resolved once, when the first DataSource is wrapped: the properties bean is bound by then. */
    private synchronized Map<String, String> options() {
        if (options == null) {
            options = DriverOptions.resolve(properties.getObject(), environment.getProperty("spring.application.name"));
        }
        return options;
    }

    private static boolean wrapsTandem(DataSource dataSource) {
        try {
            return dataSource.isWrapperFor(TandemDataSource.class);
        } catch (SQLException | RuntimeException e) {
            return false; // e.g. a routing DataSource with no current target: not ours to judge, so it is wrapped
        }
    }
}
