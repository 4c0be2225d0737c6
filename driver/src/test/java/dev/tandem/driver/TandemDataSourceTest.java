package dev.tandem.driver;

import dev.tandem.driver.internal.jdbc.ConnectionWrapper;
import dev.tandem.driver.stub.FakePlanner;
import dev.tandem.driver.stub.StubConnection;
import dev.tandem.driver.stub.StubDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TandemDataSourceTest {
    private final FakePlanner planner = new FakePlanner();
    private final List<String> runtimeUrls = new ArrayList<>();
    private final StubDataSource stub = new StubDataSource("jdbc:stub://h/db");
    private TandemDriver.RuntimeFactory saved;
    private TandemOptions options;
    private Object registry;

    @BeforeEach
    void fakeRuntime() {
        saved = TandemDriver.runtimeFactory;
        TandemDriver.runtimeFactory = (o, url, r, f) -> {
            options = o;
            registry = r;
            runtimeUrls.add(url);
            return planner;
        };
    }

    @AfterEach
    void restore() {
        TandemDriver.runtimeFactory = saved;
    }

    @Test
    void wrapsTheConnectionsOfTheDelegate() throws SQLException {
        planner.rewrite("update t set a = 1", "update t set a = 1, b = 1", null);
        TandemDataSource dataSource = new TandemDataSource(stub);
        try (Connection c = dataSource.getConnection("u", "p")) {
            assertThat(c).isInstanceOf(ConnectionWrapper.class);
            c.createStatement().executeUpdate("update t set a = 1");
            StubConnection physical = c.unwrap(StubConnection.class);
            assertThat(physical.info().getProperty("user")).isEqualTo("u");
            assertThat(physical.sql()).containsExactly("update t set a = 1, b = 1");
        }
        assertThat(stub.opened().get(0).isClosed()).isTrue();
    }

    @Test
    void theRuntimeIsKeyedByTheFirstConnectionsUrlAndObtainedOnce() throws SQLException {
        TandemDataSource dataSource = new TandemDataSource(stub);
        dataSource.getConnection().close();
        dataSource.getConnection().close();
        assertThat(runtimeUrls).containsExactly("jdbc:stub://h/db");

        dataSource.setUrlForKey("jdbc:postgresql://real/db");
        dataSource.getConnection().close();
        assertThat(runtimeUrls).containsExactly("jdbc:stub://h/db", "jdbc:postgresql://real/db");
    }

    @Test
    void settersConfigureTheRuntimesOptionsAndRegistry() throws SQLException {
        MeterRegistry given = new SimpleMeterRegistry();
        TandemDataSource dataSource = new TandemDataSource();
        dataSource.setDataSource(stub);
        dataSource.setOnUnsupported("passthrough");
        dataSource.setInstanceId("app-1");
        dataSource.setConfig("file:/tmp/m.yaml");
        dataSource.setProperty("tandem.planCacheSize", "5");
        dataSource.setMeterRegistry(given);
        dataSource.getConnection().close();

        assertThat(options.get(TandemProperty.ON_UNSUPPORTED)).isEqualTo("passthrough");
        assertThat(options.get(TandemProperty.INSTANCE_ID)).isEqualTo("app-1");
        assertThat(options.get(TandemProperty.CONFIG)).isEqualTo("file:/tmp/m.yaml");
        assertThat(options.get(TandemProperty.PLAN_CACHE_SIZE)).isEqualTo("5");
        assertThat(registry).isSameAs(given);
    }

    @Test
    void anUnknownOptionIsRejectedByTheSetter() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new TandemDataSource(stub).setProperty("tandem.nope", "x"));
        assertThat(e.getMessage()).contains("tandem.nope", "tandem.onUnsupported");
    }

    @Test
    void aBadOptionValueFailsTheConnectionAndClosesThePhysicalOne() {
        TandemDataSource dataSource = new TandemDataSource(stub);
        dataSource.setOnUnsupported("sometimes");
        SQLException e = assertThrows(SQLException.class, dataSource::getConnection);
        assertThat(e.getSQLState()).isEqualTo("22023");
        assertThat(stub.opened().get(0).isClosed()).isTrue();
    }

    @Test
    void withoutADelegateGetConnectionSaysWhatIsMissing() {
        SQLException e = assertThrows(SQLException.class, () -> new TandemDataSource().getConnection());
        assertThat(e.getMessage()).contains("setDataSource");
    }

    @Test
    void unwrapReachesTheDelegate() throws SQLException {
        TandemDataSource dataSource = new TandemDataSource(stub);
        assertThat(dataSource.unwrap(StubDataSource.class)).isSameAs(stub);
        assertThat(dataSource.isWrapperFor(StubDataSource.class)).isTrue();
        assertThat(dataSource.unwrap(TandemDataSource.class)).isSameAs(dataSource);
        assertThat(dataSource.toString()).as("names the wrapped data source in its own words")
            .isEqualTo("TandemDataSource[" + stub + "]");
    }

    @Test
    void statusShowsWhatTheInstanceDoesOnceAConnectionStartedIt() throws SQLException, IOException {
        TandemDriver.runtimeFactory = saved; // the real runtime, on a file config
        Path spec = Files.createTempFile("tandem-status", ".yaml");
        Files.writeString(spec, """
            migrations:
              - id: users-email
                table: users
                key: [id]
                columns:
                  - old: email
                    new: email_address
                phase: DUAL_WRITE
            """);
        TandemDataSource dataSource = new TandemDataSource(stub);
        dataSource.setConfig("file:" + spec);
        dataSource.setDialect("postgresql");
        dataSource.setInstanceId("status-test");
        dataSource.setProperty("tandem.app", "shop");
        try {
            assertThat(dataSource.status()).isEmpty();
            dataSource.getConnection().close();

            TandemStatus status = dataSource.status().orElseThrow();
            assertThat(status.instanceId()).isEqualTo("status-test");
            assertThat(status.control()).isEqualTo("file");
            assertThat(status.app()).isEqualTo("shop");
            assertThat(status.dialect()).isEqualTo("POSTGRESQL");
            assertThat(status.configSource()).contains(spec.getFileName().toString());
            assertThat(status.lease()).isEqualTo(Duration.ZERO);
            assertThat(status.stale()).isFalse();
            assertThat(status.lastError()).isEmpty();
            assertThat(status.migrations()).singleElement()
                .satisfies(m -> assertThat(m.id() + " " + m.phase()).isEqualTo("users-email DUAL_WRITE"));
        } finally {
            TandemDriver.closeInstance("status-test");
            Files.delete(spec);
        }
    }
}
