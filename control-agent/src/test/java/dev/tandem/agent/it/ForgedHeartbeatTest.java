package dev.tandem.agent.it;

import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.agent.Views.InstanceView;
import dev.tandem.agent.Views.TransitionView;
import dev.tandem.driver.spec.Phase;
import dev.tandem.testdb.DbKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Issue 14 item 5: the instances table is written by applications, so the agent must not believe what it
 * cannot check. A heartbeat in the future neither keeps an instance live nor confirms its version, and an
 * instance cannot heartbeat a row another database user owns.
 */
class ForgedHeartbeatTest {
    @ParameterizedTest
    @EnumSource(DbKind.class)
    void heartbeatInTheFutureDoesNotCompleteTheBarrier(DbKind kind) throws Exception {
        try (AgentFixture f = new AgentFixture(kind, "forged", 100, Duration.ofMillis(500))) {
            String a = "forged-a-" + kind;
            String b = "forged-b-" + kind;
            touch(f.pool(a, 1));
            touch(f.pool(b, 1));
            f.agent.apply("users-email", false, "test");
            AgentFixture.source(b).pause(true);
            // b is silent; someone claims for it a far newer version, heartbeated ten years from now.
            try (Connection c = f.db.connect(); PreparedStatement ps = c.prepareStatement("UPDATE tandem_instances "
                + "SET version_seen = 1000000, last_heartbeat = ? WHERE instance_id = ?")) {
                ps.setTimestamp(1, Timestamp.valueOf(LocalDateTime.now(ZoneOffset.UTC).plusYears(10)));
                ps.setString(2, b);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }

            TransitionView t = f.agent.phase("users-email", Phase.DUAL_WRITE, false, null, "test");
            assertThat(t.barrier().complete()).isFalse();
            assertThat(t.barrier().lagging()).extracting(InstanceView::instanceId).containsExactly(b);
            InstanceView forged = t.barrier().lagging().get(0);
            assertThat(forged.heartbeatInFuture()).isTrue();
            assertThat(forged.live()).isFalse();
            assertThat(forged.heartbeat()).contains("IN THE FUTURE");
            assertThat(f.agent.status().barrier().complete()).isFalse();

            // Once b heartbeats again, through the routine, the server's clock replaces the forgery.
            AgentFixture.source(b).pause(false);
            long deadline = System.currentTimeMillis() + 5000;
            while (!f.agent.status().barrier().complete() && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertThat(f.agent.status().barrier().complete()).isTrue();
            assertThat(f.agent.instances()).filteredOn(i -> i.instanceId().equals(b))
                .extracting(InstanceView::live, InstanceView::heartbeatInFuture).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(true, false));
        }
    }

    @ParameterizedTest
    @EnumSource(DbKind.class)
    void instanceCannotHeartbeatARowAnotherUserOwns(DbKind kind) throws Exception {
        try (AgentFixture f = new AgentFixture(kind, "owned", 10, Duration.ofMillis(500))) {
            String a = "owned-a-" + kind;
            touch(f.pool(a, 1));
            AgentFixture.source(a).pause(true);
            assertThat(ownerOf(f, a)).isNotBlank();
            f.db.execute("UPDATE tandem_instances SET owner = 'someone_else', version_seen = 0 WHERE instance_id = '"
                + a + "'");

            SQLException e = assertThrows(SQLException.class, () -> AgentFixture.source(a).refresh());
            assertThat(e.getMessage()).contains(a).contains("someone_else");
            assertThat(ownerOf(f, a)).isEqualTo("someone_else");
            assertThat(f.count("SELECT version_seen FROM tandem_instances WHERE instance_id = '" + a + "'")).isZero();
        }
    }

    /** PostgreSQL: with the grants 'init --app-role' gives, an application can heartbeat only itself. */
    @org.junit.jupiter.api.Test
    void applicationRoleReadsConfigAndHeartbeatsOnlyItself() throws Exception {
        try (AgentFixture f = new AgentFixture(DbKind.POSTGRESQL, "roles", 10, Duration.ofMillis(500))) {
            String app = "tandem_app_" + System.nanoTime();
            String bare = "tandem_bare_" + System.nanoTime();
            f.db.execute("CREATE ROLE " + app + " LOGIN", "CREATE ROLE " + bare + " LOGIN",
                "GRANT SELECT ON users TO " + app);
            java.util.List<String> grants = f.agent.grants(app, null, true);
            assertThat(grants).anyMatch(g -> g.startsWith("GRANT EXECUTE ON FUNCTION tandem_heartbeat"));
            String other = "roles-other";
            touch(f.pool(other, 1));

            String appUrl = f.db.jdbcUrl().replace("user=postgres", "user=" + app);
            String mine = "roles-mine";
            try (Connection c = java.sql.DriverManager.getConnection(f.db.tandemUrl(null).replace("user=postgres",
                "user=" + app) + "&tandem.control=db&tandem.instanceId=" + mine + "&tandem.leaseMs=3000");
                 Statement s = c.createStatement()) {
                s.executeQuery("SELECT count(*) FROM users").close();
            }
            assertThat(f.agent.instances()).extracting(InstanceView::instanceId).contains(mine, other);
            try (Connection c = java.sql.DriverManager.getConnection(appUrl); Statement s = c.createStatement()) {
                SQLException write = assertThrows(SQLException.class, () -> s.executeUpdate("UPDATE tandem_instances "
                    + "SET version_seen = 1000000 WHERE instance_id = '" + other + "'"));
                assertThat(write.getSQLState()).isEqualTo("42501");
                SQLException steal = assertThrows(SQLException.class, () -> s.execute("SELECT tandem_heartbeat('"
                    + other + "', 'h', 'a', 1000000, 3000)"));
                assertThat(steal.getSQLState()).isEqualTo("42501");
                assertThat(steal.getMessage()).contains(other).contains(app);
            }
            SQLException denied = assertThrows(SQLException.class, () -> java.sql.DriverManager.getConnection(
                f.db.tandemUrl(null).replace("user=postgres", "user=" + bare) + "&tandem.control=db").close());
            assertThat(denied.getMessage()).contains("GRANT SELECT ON tandem_state").doesNotContain("Create the control");
        }
    }

    private static String ownerOf(AgentFixture f, String instance) throws SQLException {
        try (Connection c = f.db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT owner FROM tandem_instances WHERE instance_id = '" + instance + "'")) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    static void touch(HikariDataSource pool) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.executeQuery("SELECT count(*) FROM users").close();
        }
    }
}
