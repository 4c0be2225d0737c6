package dev.tandem.agent.it;

import dev.tandem.agent.Agent;
import dev.tandem.agent.AgentConfig;
import dev.tandem.agent.AgentException;
import dev.tandem.testdb.DbKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 14, item 1: behind an open transaction, {@code apply} gives up each try within the lock timeout, retries
 * a bounded number of times, reports every wait, and a writer on the same table is never held up for much longer
 * than the timeout. Once the transaction ends, the same apply succeeds.
 */
class DdlLockTimeoutTest {
    @ParameterizedTest
    @EnumSource(DbKind.class)
    void blockedAlterGivesUpWithinTheTimeoutWhileWritesContinue(DbKind kind) throws Exception {
        try (AgentFixture f = new AgentFixture(kind, "ddl_lock", 1000, Duration.ofSeconds(10));
             Agent agent = Agent.open(AgentConfig.of(f.db.jdbcUrl(), f.migrations)
                 .withDdl(new AgentConfig.DdlOptions(500, 2, 100)));
             Connection blocker = f.db.connect()) {
            long timeout = kind == DbKind.POSTGRESQL ? 500 : 1000; // MySQL's lock_wait_timeout is whole seconds
            blocker.setAutoCommit(false);
            try (Statement s = blocker.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT name FROM users WHERE id = 1")) {
                rs.next(); // the open transaction now holds a shared lock on the table until it ends
            }
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong maxWriteMillis = new AtomicLong();
            AtomicLong writes = new AtomicLong();
            List<Throwable> writeErrors = new CopyOnWriteArrayList<>();
            Thread writer = new Thread(() -> {
                try (Connection c = f.db.connect();
                     PreparedStatement ps = c.prepareStatement("UPDATE users SET name = ? WHERE id = ?")) {
                    for (int i = 0; !stop.get(); i++) {
                        long t0 = System.nanoTime();
                        ps.setString(1, "n" + i);
                        ps.setLong(2, 2 + i % 900);
                        ps.executeUpdate();
                        maxWriteMillis.accumulateAndGet((System.nanoTime() - t0) / 1_000_000, Math::max);
                        writes.incrementAndGet();
                        Thread.sleep(5);
                    }
                } catch (Exception e) {
                    writeErrors.add(e);
                }
            }, "ddl-lock-writer");
            writer.start();
            Thread.sleep(300);

            List<String> waits = new CopyOnWriteArrayList<>();
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> agent.apply("users-email", false, "test", waits::add))
                .isInstanceOf(AgentException.class)
                .hasMessageContaining("waited for a lock 3 times, " + timeout + " ms each")
                .hasMessageContaining("ddl.lockRetries");
            long elapsed = (System.nanoTime() - t0) / 1_000_000;
            Thread.sleep(300);
            stop.set(true);
            writer.join(10_000);

            assertThat(waits).as("one report per timed-out wait").hasSize(3);
            assertThat(waits.get(0)).contains("lock wait: gave up after").contains("try 1 of 3")
                .contains("trying again in");
            // Three waits of one timeout each, two pauses of at most 100 and 200 ms, plus statement overhead.
            assertThat(elapsed).isGreaterThanOrEqualTo(3 * timeout - 100).isLessThan(3 * timeout + 300 + 2000);
            assertThat(writeErrors).isEmpty();
            assertThat(writes.get()).isGreaterThan(20);
            assertThat(maxWriteMillis.get()).as("longest write while apply waited").isLessThan(timeout + 700);
            assertThat(f.count("SELECT count(*) FROM users WHERE id = 1")).isEqualTo(1);

            blocker.rollback();
            List<String> ran = agent.apply("users-email", false, "test", waits::add);
            assertThat(ran).isNotEmpty();
            assertThat(waits).hasSize(3);
            assertThat(f.count("SELECT count(email_address) FROM users")).isZero(); // the column exists now
        }
    }

    /** PostgreSQL: CREATE INDEX CONCURRENTLY that gave up leaves an INVALID index; the next apply rebuilds it. */
    @org.junit.jupiter.api.Test
    void indexBuildThatGaveUpIsRebuiltByTheNextApply() throws Exception {
        try (AgentFixture f = new AgentFixture(DbKind.POSTGRESQL, "ddl_index_lock", 1000, Duration.ofSeconds(10));
             Agent agent = Agent.open(AgentConfig.of(f.db.jdbcUrl(), f.migrations)
                 .withDdl(new AgentConfig.DdlOptions(300, 1, 50)));
             Connection blocker = f.db.connect()) {
            f.db.execute("ALTER TABLE users ADD COLUMN email_address VARCHAR(200)");
            blocker.setAutoCommit(false);
            try (Statement s = blocker.createStatement()) {
                s.executeUpdate("UPDATE users SET name = 'held' WHERE id = 1"); // a writer's lock the build waits for
            }
            List<String> waits = new CopyOnWriteArrayList<>();
            assertThatThrownBy(() -> agent.apply("users-email", false, "test", waits::add))
                .isInstanceOf(AgentException.class).hasMessageContaining("CREATE INDEX CONCURRENTLY");
            assertThat(waits).hasSize(2);
            assertThat(f.count("SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                + "WHERE c.relname = 'users_email_idx_tandem' AND NOT i.indisvalid")).as("left INVALID").isEqualTo(1);
            blocker.rollback();

            List<String> ran = agent.apply("users-email", false, "test", waits::add);
            assertThat(ran.get(0)).isEqualTo("DROP INDEX CONCURRENTLY IF EXISTS users_email_idx_tandem");
            assertThat(String.join("\n", ran)).contains("CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx_tandem");
            assertThat(f.count("SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                + "WHERE c.relname = 'users_email_idx_tandem' AND i.indisvalid")).isEqualTo(1);
        }
    }
}
