package dev.tandem.driver;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.driver.internal.jdbc.ConnectionWrapper;
import dev.tandem.driver.stub.FakePlanner;
import dev.tandem.driver.stub.StubConnection;
import dev.tandem.driver.stub.StubDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** Tandem works under HikariCP both ways: a Tandem URL inside Hikari, and Hikari inside TandemDataSource. */
class HikariCompatibilityTest {
    private final FakePlanner planner = new FakePlanner()
        .rewrite("insert into t (a) values (?)", "insert into t (a, b) values (?, ?)", new int[][] {{1, 2}});
    private TandemDriver.RuntimeFactory saved;

    @BeforeEach
    void fakeRuntime() {
        StubDriver.register();
        saved = TandemDriver.runtimeFactory;
        TandemDriver.runtimeFactory = (o, url, r, f) -> planner;
    }

    @AfterEach
    void restore() {
        TandemDriver.runtimeFactory = saved;
    }

    private static HikariDataSource pool(String url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(2);
        config.setPoolName("tandem-test");
        return new HikariDataSource(config);
    }

    private static void insert(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into t (a) values (?)")) {
            ps.setString(1, "x");
            assertThat(ps.executeUpdate()).isEqualTo(1);
            assertThat(ps.getConnection()).isSameAs(c);
        }
    }

    @Test
    void aTandemUrlWorksAsHikarisJdbcUrl() throws SQLException {
        try (HikariDataSource hikari = pool("jdbc:tandem:stub://h/db?tandem.onUnsupported=passthrough&a=1")) {
            try (Connection c = hikari.getConnection()) {
                insert(c);
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("update t set a = 1");
                }
                c.commit();
                StubConnection stub = c.unwrap(StubConnection.class);
                assertThat(stub.url()).isEqualTo("jdbc:stub://h/db?a=1");
                assertThat(stub.sql()).containsExactly("insert into t (a, b) values (?, ?)", "update t set a = 1");
                assertThat(c.unwrap(ConnectionWrapper.class)).isNotNull();
            }
        }
    }

    @Test
    void tandemDataSourceWrapsAHikariPool() throws SQLException {
        try (HikariDataSource hikari = pool("jdbc:stub://h/db2")) {
            TandemDataSource dataSource = new TandemDataSource(hikari);
            dataSource.setOnUnsupported("passthrough");
            StubConnection first;
            try (Connection c = dataSource.getConnection()) {
                insert(c);
                first = c.unwrap(StubConnection.class);
                assertThat(c.getMetaData().getConnection()).isSameAs(c);
            }
            try (Connection c = dataSource.getConnection()) {
                assertThat(c.unwrap(StubConnection.class)).isSameAs(first); // pooled, not closed
                insert(c);
            }
            assertThat(first.isClosed()).isFalse();
            assertThat(first.sql()).containsExactly("insert into t (a, b) values (?, ?)",
                "insert into t (a, b) values (?, ?)");
        }
    }
}
