package dev.tandem.shadedjar;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tandem.driver.TandemDriver;
import dev.tandem.testdb.TestDatabase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import net.bytebuddy.ByteBuddy;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.select.Select;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The "all" jar first on a class path that also holds an application's older JSqlParser, Caffeine, SnakeYAML and
 * Byte Buddy (this module's pom), with Micrometer: Tandem rewrites through its relocated copies and counts in the
 * application's registry, and the application's classes are its own versions.
 */
class BesideOtherVersionsIT {
    private static final String INSTANCE = "beside-old-versions";

    @TempDir
    Path dir;

    @AfterEach
    void stopTheInstance() {
        TandemDriver.closeInstance(INSTANCE); // its spec file goes with the temporary directory
    }

    @Test
    void theApplicationSeesItsOwnVersionsOfTheLibraries() throws Exception {
        assertThat(AllJar.jarOf(CCJSqlParserUtil.class).getFileName()).hasToString("jsqlparser-4.9.jar");
        assertThat(AllJar.jarOf(Caffeine.class).getFileName()).hasToString("caffeine-2.9.3.jar");
        assertThat(AllJar.jarOf(Yaml.class).getFileName()).hasToString("snakeyaml-1.33.jar");
        assertThat(AllJar.jarOf(ByteBuddy.class).getFileName()).hasToString("byte-buddy-1.14.18.jar");

        assertThat(CCJSqlParserUtil.parse("SELECT email FROM users")).isInstanceOf(Select.class);
        Cache<String, Integer> cache = Caffeine.newBuilder().maximumSize(10).build();
        cache.put("a", 1);
        assertThat(cache.getIfPresent("a")).isEqualTo(1);
        Map<String, Object> yaml = new Yaml().load("a: 1");
        assertThat(yaml).containsEntry("a", 1);
        Class<?> made = new ByteBuddy().subclass(Object.class).make()
            .load(getClass().getClassLoader()).getLoaded();
        assertThat(made.getSuperclass()).isEqualTo(Object.class);
    }

    @Test
    void tandemRewritesWithItsRelocatedLibrariesAndCountsInTheApplicationsRegistry() throws Exception {
        TestDatabase db = AllJar.usersDatabase("beside_old_versions");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Properties info = new Properties();
        info.put("tandem.meterRegistry", registry);
        String url = AllJar.tandemUrl(db, dir) + "&tandem.instanceId=" + INSTANCE;
        try (Connection c = DriverManager.getConnection(url, info); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO users (id, email) VALUES (1, 'ada@x.io')");
            s.executeUpdate("UPDATE users SET email = 'ada@y.io' WHERE id = 1");
            try (ResultSet rs = s.executeQuery("SELECT email FROM users WHERE id = 1")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("ada@y.io");
            }
        }
        assertThat(AllJar.emailAddress(db, 1)).as("the rewritten UPDATE wrote the new column").isEqualTo("ada@y.io");

        Counter rewritten = registry.find("tandem.statements").tag("outcome", "rewritten")
            .tag("migration", "users-email").counter();
        assertThat(rewritten).isNotNull();
        assertThat(rewritten.count()).isEqualTo(2);
        assertThat(AllJar.jarOf(Class.forName("dev.tandem.shaded.net.sf.jsqlparser.parser.CCJSqlParserUtil")))
            .isEqualTo(AllJar.path());
    }
}
