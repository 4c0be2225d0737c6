package dev.tandem.spring.boot;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.autoconfigure.info.ConditionalOnEnabledInfoContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * With Actuator on the class path and Tandem wrapping the DataSource: the {@code tandem} health indicator
 * ({@code management.health.tandem.enabled}), info contribution ({@code management.info.tandem.enabled}) and
 * endpoint ({@code management.endpoints.web.exposure.include=tandem}).
 */
@AutoConfiguration(after = TandemAutoConfiguration.class)
@ConditionalOnClass({HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
@ConditionalOnBean(TandemDataSourcePostProcessor.class)
public class TandemActuatorAutoConfiguration {

    @Bean
    @ConditionalOnEnabledHealthIndicator("tandem")
    TandemHealthIndicator tandemHealthIndicator(TandemDataSourcePostProcessor wrapper) {
        return new TandemHealthIndicator(wrapper::tandemDataSources);
    }

    @Bean
    @ConditionalOnEnabledInfoContributor("tandem")
    TandemInfoContributor tandemInfoContributor(TandemDataSourcePostProcessor wrapper) {
        return new TandemInfoContributor(wrapper::tandemDataSources);
    }

    @Bean
    @ConditionalOnAvailableEndpoint
    TandemEndpoint tandemEndpoint(TandemDataSourcePostProcessor wrapper) {
        return new TandemEndpoint(wrapper::tandemDataSources);
    }
}
