package dev.tandem.agent.it;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.agent.Agent;
import dev.tandem.agent.AgentConfig;
import dev.tandem.agent.jobs.JobListener;
import dev.tandem.driver.internal.config.DbConfigSource;
import dev.tandem.driver.internal.runtime.Runtimes;
import dev.tandem.driver.spec.Phase;
import dev.tandem.testdb.DbKind;
import dev.tandem.testdb.TestDatabase;
import dev.tandem.testdb.TestDatabases;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A target database with users (email renamed to email_address) and orders (price numeric retyped to
 * price_cents bigint), a migration file, an initialised agent, and driver pools on the control tables.
 */
final class AgentFixture implements AutoCloseable {
    final DbKind kind;
    final TestDatabase db;
    final Path dir;
    final Path migrations;
    final Agent agent;
    private final List<HikariDataSource> pools = new ArrayList<>();

    AgentFixture(DbKind kind, String name, int rows, Duration barrierTimeout) throws Exception {
        this.kind = kind;
        this.db = TestDatabases.create(kind, name);
        this.dir = Files.createTempDirectory("tandem-agent-it");
        String num = kind == DbKind.POSTGRESQL ? "NUMERIC(10,2)" : "DECIMAL(10,2)";
        db.execute("CREATE TABLE users (id BIGINT PRIMARY KEY, name VARCHAR(100), email VARCHAR(200))",
            "CREATE TABLE orders (id BIGINT PRIMARY KEY, user_id BIGINT, price " + num + ")",
            "CREATE INDEX users_email_idx ON users (email)");
        seed(rows);
        this.migrations = dir.resolve("migrations.yaml");
        writeSpec(Phase.EXPAND, Phase.EXPAND);
        AgentConfig config = AgentConfig.of(db.jdbcUrl(), migrations).withBarrierTimeout(barrierTimeout);
        this.agent = Agent.open(config);
        agent.init();
        agent.reload("test");
    }

    void writeSpec(Phase users, Phase orders) throws Exception {
        String cents = kind == DbKind.POSTGRESQL ? "CAST(ROUND(price * 100) AS BIGINT)" : "CAST(ROUND(price * 100) AS SIGNED)";
        Files.writeString(migrations, "migrations:\n"
            + "  - id: users-email\n    table: users\n    key: [id]\n    columns:\n"
            + "      - old: email\n        new: email_address\n    phase: " + users + "\n"
            + "  - id: orders-price\n    table: orders\n    key: [id]\n    columns:\n"
            + "      - old: price\n        new: price_cents\n        type: BIGINT\n        forward: " + cents + "\n"
            + "        backward: price_cents / 100.0\n        oldType: " + (kind == DbKind.POSTGRESQL
            ? "numeric(10,2)" : "decimal(10,2)") + "\n    phase: " + orders + "\n");
    }

    /** Inserts {@code rows} users and as many orders, in bulk on the server. */
    private void seed(int rows) throws Exception {
        if (kind == DbKind.POSTGRESQL) {
            db.execute("INSERT INTO users (id, name, email) SELECT g, 'user' || g, 'u' || g || '@x.io' "
                    + "FROM generate_series(1, " + rows + ") g",
                "INSERT INTO orders (id, user_id, price) SELECT g, g, (g % 10000) / 100.0 FROM generate_series(1, "
                    + rows + ") g");
        } else {
            db.execute("INSERT INTO users (id, name, email) SELECT seq, CONCAT('user', seq), CONCAT('u', seq, '@x.io') "
                    + "FROM seq_1_to_" + rows,
                "INSERT INTO orders (id, user_id, price) SELECT seq, seq, (seq % 10000) / 100.0 FROM seq_1_to_" + rows);
        }
    }

    /** A HikariCP pool through Tandem reading the control tables, as application instance {@code id}. */
    HikariDataSource pool(String id, int size) {
        return pool(id, size, "it", 3000);
    }

    /** {@link #pool(String, int)} with a lease of {@code leaseMs}. */
    HikariDataSource pool(String id, int size, long leaseMs) {
        return pool(id, size, "it", leaseMs);
    }

    /** {@link #pool(String, int)} as application {@code app} with its own lease. */
    HikariDataSource pool(String id, int size, String app, long leaseMs) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(db.tandemUrl("tandem.control=db&tandem.instanceId=" + id + "&tandem.pollIntervalMs=100"
            + "&tandem.leaseMs=" + leaseMs + "&tandem.app=" + app));
        c.setMaximumPoolSize(size);
        c.setPoolName(id);
        HikariDataSource ds = new HikariDataSource(c);
        pools.add(ds);
        return ds;
    }

    static DbConfigSource source(String instanceId) {
        return (DbConfigSource) Runtimes.forInstance(instanceId).configSource();
    }

    /** Applies expand DDL, then walks DUAL_WRITE, backfill and reconcile for one migration. */
    void toBackfilled(String migration) {
        agent.apply(migration, false, "test");
        agent.phase(migration, Phase.DUAL_WRITE, false, null, "test");
        agent.backfill(migration, false, agent.config().jobs(), JobListener.NONE, "test");
        agent.reconcile(migration, false, agent.config().jobs(), JobListener.NONE, "test");
    }

    long count(String sql) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Rows of users whose new side differs from forward(old). */
    long inconsistentUsers() throws Exception {
        return count("SELECT count(*) FROM users WHERE " + (kind == DbKind.POSTGRESQL
            ? "email_address IS DISTINCT FROM email" : "NOT (email_address <=> email)"));
    }

    /** Rows whose new side differs from forward(old), over both tables. */
    long inconsistent() throws Exception {
        String users = kind == DbKind.POSTGRESQL ? "email_address IS DISTINCT FROM email" : "NOT (email_address <=> email)";
        String cents = kind == DbKind.POSTGRESQL ? "price_cents IS DISTINCT FROM CAST(ROUND(price * 100) AS BIGINT)"
            : "NOT (price_cents <=> CAST(ROUND(price * 100) AS SIGNED))";
        return count("SELECT count(*) FROM users WHERE " + users) + count("SELECT count(*) FROM orders WHERE " + cents);
    }

    @Override
    public void close() {
        for (HikariDataSource p : pools) {
            p.close();
        }
        agent.close();
    }
}
