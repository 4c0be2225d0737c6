package dev.tandem.spring.boot;

import dev.tandem.driver.TandemDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.core.env.Environment;

import javax.sql.DataSource;

/**
 * Wraps the application's DataSource beans in Tandem when {@code tandem.config} or {@code tandem.control} is set and
 * {@code tandem.enabled} is not false. Without either the starter does nothing, so adding it to an application
 * changes nothing until a migration config is named.
 */
@AutoConfiguration
@ConditionalOnClass({DataSource.class, TandemDataSource.class})
@ConditionalOnProperty(prefix = "tandem", name = "enabled", havingValue = "true", matchIfMissing = true)
@Conditional(TandemAutoConfiguration.OnConfigSource.class)
@EnableConfigurationProperties(TandemProperties.class)
public class TandemAutoConfiguration {

    /** Static: a post-processor is created before the other beans, and must not pull this class in early. */
    @Bean
    static TandemDataSourcePostProcessor tandemDataSourcePostProcessor(ObjectProvider<TandemProperties> properties,
                                                                       ObjectProvider<MeterRegistry> registries,
                                                                       Environment environment) {
        return new TandemDataSourcePostProcessor(properties, registries, environment);
    }

    /** Either property names a config source. */
    static final class OnConfigSource extends AnyNestedCondition {
        OnConfigSource() {
            super(ConfigurationCondition.ConfigurationPhase.PARSE_CONFIGURATION);
        }

        @ConditionalOnProperty(prefix = "tandem", name = "config")
        static final class ConfigSet {
        }

        @ConditionalOnProperty(prefix = "tandem", name = "control")
        static final class ControlSet {
        }
    }
}
