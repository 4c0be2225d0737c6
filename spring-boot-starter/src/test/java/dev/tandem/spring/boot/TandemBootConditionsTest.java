package dev.tandem.spring.boot;

import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.driver.TandemDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;

import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the starter wraps the DataSource and when it leaves it alone. No connection is opened: Hikari connects on
 * first use, so these contexts need no database.
 */
class TandemBootConditionsTest {
    private static final String REAL_URL = "jdbc:postgresql://localhost:5432/shop";
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, TandemAutoConfiguration.class))
        .withPropertyValues("spring.datasource.url=" + REAL_URL);

    @Test
    void withoutTandemPropertiesTheDataSourceIsLeftAlone() {
        runner.run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(TandemDataSourcePostProcessor.class);
            assertThat(context.getBean(DataSource.class)).isInstanceOf(HikariDataSource.class);
        });
    }

    @Test
    void enabledFalseLeavesTheDataSourceAlone() {
        runner.withPropertyValues("tandem.enabled=false", "tandem.config=file:/etc/app/migrations.yaml")
            .run(context -> {
                assertThat(context).hasNotFailed().doesNotHaveBean(TandemDataSourcePostProcessor.class);
                assertThat(context.getBean(DataSource.class)).isInstanceOf(HikariDataSource.class);
            });
    }

    @Test
    void aConfigWrapsTheDataSourceAndKeepsItsUrl() {
        runner.withPropertyValues("tandem.config=file:/etc/app/migrations.yaml").run(context -> {
            DataSource dataSource = context.getBean(DataSource.class);
            assertThat(dataSource).isInstanceOf(TandemDataSource.class);
            assertThat(dataSource.unwrap(HikariDataSource.class).getJdbcUrl()).isEqualTo(REAL_URL);
            assertThat(context.getBean(TandemDataSourcePostProcessor.class).tandemDataSources())
                .containsOnlyKeys("dataSource");
        });
    }

    /** Spring runs the destroy method of the object the bean method returned, not of the wrapper put in its place. */
    @Test
    void closingTheContextStillClosesThePool() {
        HikariDataSource[] pool = new HikariDataSource[1];
        runner.withPropertyValues("tandem.config=file:/etc/app/migrations.yaml").run(context -> {
            pool[0] = context.getBean(DataSource.class).unwrap(HikariDataSource.class);
            assertThat(pool[0].isClosed()).isFalse();
        });
        assertThat(pool[0].isClosed()).isTrue();
    }

    @Test
    void controlDbWrapsWithoutAConfigFile() {
        runner.withPropertyValues("tandem.control=db", "tandem.app=shop")
            .run(context -> assertThat(context.getBean(DataSource.class)).isInstanceOf(TandemDataSource.class));
    }

    @Test
    void aJdbcTandemUrlIsNotWrappedAgain() {
        runner.withPropertyValues("spring.datasource.url=jdbc:tandem:postgresql://localhost:5432/shop",
                "spring.datasource.driver-class-name=dev.tandem.driver.TandemDriver",
                "tandem.config=file:/etc/app/migrations.yaml")
            .run(context -> assertThat(context.getBean(DataSource.class)).isInstanceOf(HikariDataSource.class));
    }

    @Test
    void aTandemDataSourceBeanIsNotWrappedAgain() {
        runner.withUserConfiguration(OwnTandemDataSource.class)
            .withPropertyValues("tandem.config=file:/etc/app/migrations.yaml").run(context -> {
                DataSource dataSource = context.getBean(DataSource.class);
                assertThat(dataSource).isSameAs(OwnTandemDataSource.INSTANCE);
                assertThat(context.getBean(TandemDataSourcePostProcessor.class).tandemDataSources())
                    .containsOnlyKeys("ownDataSource");
            });
    }

    @Test
    void aProxyAroundTheWrappedPoolIsNotWrappedAgain() {
        runner.withUserConfiguration(ProxiedPool.class)
            .withPropertyValues("tandem.config=file:/etc/app/migrations.yaml").run(context -> {
                assertThat(context.getBean(DataSource.class)).isInstanceOf(LazyConnectionDataSourceProxy.class);
                assertThat(context.getBean(TandemDataSourcePostProcessor.class).tandemDataSources())
                    .containsOnlyKeys("pool");
            });
    }

    @Test
    void badPropertiesFailTheStartupNamingWhatIsWrong() {
        runner.withPropertyValues("tandem.config=file:/x.yaml", "tandem.options.noSuchOption=1").run(context ->
            assertThat(context).hasFailed().getFailure().rootCause()
                .hasMessageContaining("tandem.options.noSuchOption").hasMessageContaining("onUnsupported"));
        runner.withPropertyValues("tandem.config=file:/x.yaml", "tandem.options.on-unsupported=sometimes").run(
            context -> assertThat(context).hasFailed().getFailure().rootCause()
                .hasMessageContaining("sometimes").hasMessageContaining("tandem.onUnsupported"));
        runner.withPropertyValues("tandem.control=file").run(context ->
            assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("tandem.config is not set"));
    }

    @Test
    void optionsTakeAnySpellingAndTheAppDefaultsToTheApplicationName() {
        TandemProperties properties = new TandemProperties();
        properties.setConfig("file:/etc/app/migrations.yaml");
        properties.getOptions().put("on-unsupported", "passthrough");
        properties.getOptions().put("LEASEMS", "5000");
        properties.getOptions().put("tandem.instanceId", "shop-1");

        assertThat(DriverOptions.resolve(properties, "shop")).containsExactly(
            java.util.Map.entry("tandem.config", "file:/etc/app/migrations.yaml"),
            java.util.Map.entry("tandem.onUnsupported", "passthrough"),
            java.util.Map.entry("tandem.instanceId", "shop-1"),
            java.util.Map.entry("tandem.leaseMs", "5000"),
            java.util.Map.entry("tandem.app", "shop"));
        properties.setApp("shop-api");
        assertThat(DriverOptions.resolve(properties, "shop")).containsEntry("tandem.app", "shop-api");
    }

    @Configuration(proxyBeanMethods = false)
    static class ProxiedPool {
        @Bean
        DataSource pool() {
            HikariDataSource pool = new HikariDataSource();
            pool.setJdbcUrl(REAL_URL);
            return pool;
        }

        @Bean
        @Primary
        DataSource proxy(@Qualifier("pool") DataSource pool) {
            return new LazyConnectionDataSourceProxy(pool);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnTandemDataSource {
        static final TandemDataSource INSTANCE = new TandemDataSource(new HikariDataSource());

        @Bean
        DataSource ownDataSource() {
            return INSTANCE;
        }
    }
}
