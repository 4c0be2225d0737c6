package dev.tandem.agent.demo;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Options the CLI builds from its flags: defaults, bounds, credentials in the URL. */
class OptionsTest {
    @Test
    void defaultsRehearseOnAnEmbeddedPostgresql() {
        Options o = Options.defaults();
        assertThat(o.jdbcUrl()).isNull();
        assertThat(o.rows()).isEqualTo(100_000);
        assertThat(o.threads()).isEqualTo(4);
        assertThat(o.phaseSeconds()).isEqualTo(1.0);
        assertThat(o.outputDir()).isEqualTo(Path.of("tandem-report"));
        assertThat(o.out()).isSameAs(System.out);
    }

    @Test
    void badValuesAreRefusedWithTheirName() {
        assertThat(assertThrows(IllegalArgumentException.class, () -> Options.defaults().withRows(0)))
            .hasMessageContaining("rows");
        assertThat(assertThrows(IllegalArgumentException.class, () -> Options.defaults().withThreads(0)))
            .hasMessageContaining("threads");
        assertThat(assertThrows(IllegalArgumentException.class, () -> Options.defaults().withPhaseSeconds(-1)))
            .hasMessageContaining("phaseSeconds");
        assertThat(assertThrows(IllegalArgumentException.class,
            () -> Options.defaults().withJdbcUrl("jdbc:oracle:thin:@x"))).hasMessageContaining("jdbc:mysql://");
    }

    @Test
    void credentialsGoIntoTheUrlQueryEncoded() {
        Options o = Options.defaults().withJdbcUrl("jdbc:mysql://db:3306/shop?sslMode=DISABLED")
            .withCredentials("app", "p&ss w");
        assertThat(o.jdbcUrl()).isEqualTo("jdbc:mysql://db:3306/shop?sslMode=DISABLED&user=app&password=p%26ss+w");
        assertThat(Options.defaults().withCredentials(null, null).jdbcUrl()).isNull();
        assertThrows(IllegalArgumentException.class, () -> Options.defaults().withCredentials("u", null));
    }

    @Test
    void urlsPointAtTheDemoDatabase() {
        assertThat(Urls.withDatabase("jdbc:postgresql://h:5432/app?user=x", "tandem_demo"))
            .isEqualTo("jdbc:postgresql://h:5432/tandem_demo?user=x");
        assertThat(Urls.withDatabase("jdbc:mysql://h:3306?user=x", "tandem_demo"))
            .isEqualTo("jdbc:mysql://h:3306/tandem_demo?user=x");
        assertThat(Urls.database("jdbc:postgresql://h/tandem_demo?user=x")).isEqualTo("tandem_demo");
        assertThat(Urls.tandem("jdbc:postgresql://h/d", "tandem.control=db"))
            .isEqualTo("jdbc:tandem:postgresql://h/d?tandem.control=db");
        assertThat(Urls.redact("jdbc:mysql://h/d?user=a&password=secret&x=1"))
            .isEqualTo("jdbc:mysql://h/d?user=a&password=***&x=1");
    }
}
