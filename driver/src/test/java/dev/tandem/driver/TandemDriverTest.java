package dev.tandem.driver;

import dev.tandem.driver.stub.FakePlanner;
import dev.tandem.driver.stub.StubConnection;
import dev.tandem.driver.stub.StubDriver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TandemDriverTest {
    private static final String URL = "jdbc:tandem:stub://h/tandem:x?tandem.onUnsupported=passthrough&a=1";

    private final TandemDriver driver = new TandemDriver();
    private final FakePlanner planner = new FakePlanner();
    private TandemDriver.RuntimeFactory saved;
    private TandemOptions options;
    private String realUrl;
    private Object registry;

    @BeforeEach
    void fakeRuntime() {
        StubDriver.register();
        saved = TandemDriver.runtimeFactory;
        TandemDriver.runtimeFactory = (o, url, r, f) -> {
            options = o;
            realUrl = url;
            registry = r;
            return planner;
        };
    }

    @AfterEach
    void restore() {
        TandemDriver.runtimeFactory = saved;
        TandemDriver.setDefaultMeterRegistry(null);
        for (TandemProperty p : TandemProperty.values()) {
            System.clearProperty(p.getKey());
        }
    }

    private static Properties properties(Object... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.put(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    @Test
    void isRegisteredWithDriverManagerForTandemUrls() throws SQLException {
        assertThat(DriverManager.getDriver("jdbc:tandem:stub://h/db")).isInstanceOf(TandemDriver.class);
    }

    @Test
    void theRealDriverSeesTheUrlWithoutPrefixOrTandemOptions() throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, properties("user", "u", "tandem.instanceId", "i1"))) {
            StubConnection stub = c.unwrap(StubConnection.class);
            assertThat(stub.url()).isEqualTo("jdbc:stub://h/tandem:x?a=1");
            assertThat(stub.info()).containsOnlyKeys("user");
            assertThat(realUrl).isEqualTo("jdbc:stub://h/tandem:x?a=1");
            assertThat(options.get(TandemProperty.ON_UNSUPPORTED)).isEqualTo("passthrough");
            assertThat(options.get(TandemProperty.INSTANCE_ID)).isEqualTo("i1");
        }
    }

    @Test
    void theCallersPropertiesAreNotModified() throws SQLException {
        Properties info = properties("user", "u", "tandem.dialect", "mysql");
        driver.connect("jdbc:tandem:stub://h/db", info).close();
        assertThat(info).containsOnlyKeys("user", "tandem.dialect");
    }

    @Test
    void optionsComeFromTheUrlThenPropertiesThenSystemPropertiesThenDefaults() throws SQLException {
        System.setProperty("tandem.instanceId", "from-system");
        System.setProperty("tandem.dialect", "postgresql");
        System.setProperty("tandem.planCacheSize", "7");
        Properties info = properties("tandem.instanceId", "from-properties", "tandem.dialect", "mysql");
        driver.connect("jdbc:tandem:stub://h/db?tandem.instanceId=from-url", info).close();

        assertThat(options.get(TandemProperty.INSTANCE_ID)).isEqualTo("from-url");
        assertThat(options.get(TandemProperty.DIALECT)).isEqualTo("mysql");
        assertThat(options.get(TandemProperty.PLAN_CACHE_SIZE)).isEqualTo("7");
        assertThat(options.get(TandemProperty.ON_UNSUPPORTED)).isEqualTo("fail");
    }

    @Test
    void anUnknownTandemOptionIsRejectedWithTheValidOnes() {
        SQLException e = assertThrows(SQLException.class,
            () -> driver.connect("jdbc:tandem:stub://h/db?tandem.onUnsuported=fail", null));
        assertThat(e.getSQLState()).isEqualTo("22023");
        assertThat(e.getMessage()).contains("tandem.onUnsuported", "URL query", "tandem.onUnsupported",
            "tandem.config");

        SQLException fromProperties = assertThrows(SQLException.class,
            () -> driver.connect("jdbc:tandem:stub://h/db", properties("tandem.confg", "x")));
        assertThat(fromProperties.getMessage()).contains("tandem.confg", "connect Properties");
    }

    @Test
    void unknownTandemSystemPropertiesAreIgnored() throws SQLException {
        System.setProperty("tandem.agent.port", "8080");
        try {
            driver.connect("jdbc:tandem:stub://h/db", null).close();
        } finally {
            System.clearProperty("tandem.agent.port");
        }
    }

    @Test
    void aBadOptionValueIsRejected() {
        SQLException e = assertThrows(SQLException.class,
            () -> driver.connect("jdbc:tandem:stub://h/db?tandem.onUnsupported=sometimes", null));
        assertThat(e.getSQLState()).isEqualTo("22023");
        assertThat(e.getMessage()).contains("sometimes", "tandem.onUnsupported");
    }

    @Test
    void theMeterRegistryComesFromPropertiesThenTheDriverDefaultThenTheGlobalRegistry() throws SQLException {
        driver.connect("jdbc:tandem:stub://h/db", null).close();
        assertThat(registry).isSameAs(Metrics.globalRegistry);

        MeterRegistry fallback = new SimpleMeterRegistry();
        TandemDriver.setDefaultMeterRegistry(fallback);
        driver.connect("jdbc:tandem:stub://h/db", null).close();
        assertThat(registry).isSameAs(fallback);

        MeterRegistry given = new SimpleMeterRegistry();
        Connection c = driver.connect("jdbc:tandem:stub://h/db", properties("tandem.meterRegistry", given));
        assertThat(registry).isSameAs(given);
        assertThat(c.unwrap(StubConnection.class).info()).isEmpty();
    }

    @Test
    void aMeterRegistryThatIsNotAnObjectIsRejected() {
        SQLException e = assertThrows(SQLException.class,
            () -> driver.connect("jdbc:tandem:stub://h/db", properties("tandem.meterRegistry", "prometheus")));
        assertThat(e.getMessage()).contains("MeterRegistry", "setDefaultMeterRegistry");
        assertThrows(SQLException.class,
            () -> driver.connect("jdbc:tandem:stub://h/db?tandem.meterRegistry=x", null));
    }

    @Test
    void connectReturnsNullForAnotherDriversUrlAndThrowsForNull() throws SQLException {
        assertThat(driver.connect("jdbc:postgresql://h/db", null)).isNull();
        assertThat(driver.connect("", null)).isNull();
        assertThat(driver.connect("jdbc:TANDEM:stub://h/db", null)).isNull();
        assertThrows(SQLException.class, () -> driver.connect(null, null));
        assertThrows(SQLException.class, () -> driver.acceptsURL(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:tandem:", "jdbc:tandem:tandem:x", "jdbc:tandem:jdbc:stub://h",
        "jdbc:tandem:stub", "jdbc:tandem:stub://h/db?tandem.config=%zz"})
    void rejectsBadUrls(String url) throws SQLException {
        assertThat(driver.acceptsURL(url)).isFalse();
        SQLException e = assertThrows(SQLException.class, () -> driver.connect(url, null));
        assertThat(e.getSQLState()).isEqualTo("22023");
    }

    @Test
    void acceptsParseableTandemUrlsOnly() throws SQLException {
        assertThat(driver.acceptsURL("jdbc:tandem:postgresql://h/db")).isTrue();
        assertThat(driver.acceptsURL("jdbc:postgresql://h/db")).isFalse();
        assertThat(driver.acceptsURL("")).isFalse();
    }

    @Test
    void aMissingRealDriverIsReportedWithItsCause() {
        SQLException e = assertThrows(SQLException.class,
            () -> driver.connect("jdbc:tandem:nosuchdb://h/db?password=secret", null));
        assertThat(e.getSQLState()).isEqualTo("08001");
        assertThat(e.getMessage()).contains("jdbc:nosuchdb://h/db").doesNotContain("secret");
        assertThat(e.getCause()).isInstanceOf(SQLException.class);
    }

    @Test
    void aRuntimeThatCannotStartOpensNoPhysicalConnection() {
        StubConnection before = StubDriver.lastConnection();
        TandemDriver.runtimeFactory = (o, url, r, f) -> {
            throw new TandemSQLException("bad config", TandemSqlState.INVALID_CONFIG);
        };
        SQLException e = assertThrows(SQLException.class, () -> driver.connect("jdbc:tandem:stub://h/db", null));
        assertThat(e.getSQLState()).isEqualTo("TD005");
        assertThat(StubDriver.lastConnection()).isSameAs(before);
    }

    @Test
    void propertyInfoListsTandemOptionsThenTheRealDrivers() throws SQLException {
        DriverPropertyInfo[] info = driver.getPropertyInfo("jdbc:tandem:stub://h/db?tandem.dialect=mysql",
            properties("user", "u"));

        assertThat(info).extracting(i -> i.name).startsWith("tandem.config", "tandem.onUnsupported")
            .contains("tandem.dialect").endsWith("user");
        DriverPropertyInfo onUnsupported = info[1];
        assertThat(onUnsupported.value).isEqualTo("fail");
        assertThat(onUnsupported.choices).containsExactly("fail", "passthrough");
        assertThat(onUnsupported.description).isNotBlank();
        assertThat(info).filteredOn(i -> i.name.equals("tandem.dialect")).extracting(i -> i.value)
            .containsExactly("mysql");
        assertThat(info[info.length - 1].value).isEqualTo("u");
        assertThat(driver.getPropertyInfo("jdbc:postgresql://h/db", null)).isEmpty();
    }

    @Test
    void statementsOnTheConnectionArePlannedByTheRuntime() throws SQLException {
        planner.rewrite("update t set a = 1", "update t set a = 1, b = 1", null);
        try (Connection c = driver.connect("jdbc:tandem:stub://h/db", null)) {
            c.createStatement().executeUpdate("update t set a = 1");
            assertThat(c.unwrap(StubConnection.class).sql()).containsExactly("update t set a = 1, b = 1");
        }
    }
}
