package dev.tandem.spring.boot;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.FileSystemResource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The starter's example {@code application.yml} binds to the options it says it sets. */
class TandemBootExampleTest {
    /** Relative to the module, where Surefire runs. */
    private static final Path EXAMPLE = Path.of("../config-examples/spring-boot/application.yml");

    @Test
    void theExampleApplicationYmlGivesTheDriverItsOptions() throws IOException {
        List<PropertySource<?>> yaml = new YamlPropertySourceLoader().load("example", new FileSystemResource(EXAMPLE));
        StandardEnvironment environment = new StandardEnvironment();
        yaml.forEach(environment.getPropertySources()::addFirst);
        Binder binder = new Binder(ConfigurationPropertySources.get(environment));

        TandemProperties properties = binder.bind("tandem", TandemProperties.class).get();

        assertThat(environment.getProperty("spring.datasource.url")).startsWith("jdbc:postgresql:");
        assertThat(DriverOptions.resolve(properties, environment.getProperty("spring.application.name")))
            .containsEntry("tandem.config", "file:/etc/app/migrations.yaml")
            .containsEntry("tandem.app", "shop-api")
            .containsEntry("tandem.onUnsupported", "fail");
    }
}
