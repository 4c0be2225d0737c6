package dev.tandem.agent.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.tandem.agent.AgentException;
import dev.tandem.driver.schema.Dialect;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Connections to the target database through its real driver (the agent never goes through Tandem), from
 * a small HikariCP pool: the agent's operations open many short connections (state reads, guards, job
 * rows, audit), and a new PostgreSQL or MySQL connection costs a backend start and an authentication round
 * trip each time (10-20 ms here; it was half the time of a reconcile of 1M rows). The pool resets what a
 * borrower changed (auto-commit, isolation) when a connection comes back. It starts on the first use, so
 * an unreachable database fails that call with the driver's own error.
 */
public final class Db implements AutoCloseable {
    /** Jobs hold one connection each while they run; the rest serve the API and the CLI. */
    static final int POOL_SIZE = 8;

    private final String url;
    private final Properties props = new Properties();
    private final Dialect dialect;
    private HikariDataSource pool;
    private boolean closed;

    public Db(String url, String user, String password) {
        this.url = url;
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        this.dialect = Dialect.fromUrl(url);
        if (dialect == null) {
            throw new AgentException(AgentException.Kind.INVALID, "Cannot tell the database from the URL " + url
                + "; the agent supports jdbc:postgresql:, jdbc:mysql: and jdbc:mariadb: URLs");
        }
    }

    public Connection open() throws SQLException {
        return pool().getConnection();
    }

    private synchronized HikariDataSource pool() throws SQLException {
        if (closed) {
            throw new SQLException("The agent's connection pool to " + url + " is closed");
        }
        if (pool == null) {
            HikariConfig config = new HikariConfig();
            config.setPoolName("tandem-agent");
            config.setJdbcUrl(url);
            config.setDataSourceProperties(props);
            config.setMaximumPoolSize(POOL_SIZE);
            config.setMinimumIdle(1);
            config.setIdleTimeout(60_000);
            config.setConnectionTimeout(10_000);
            try {
                pool = new HikariDataSource(config);
            } catch (HikariPool.PoolInitializationException e) {
                // The driver's own message (refused, unknown host, bad password) says more than the pool's.
                if (e.getCause() instanceof SQLException cause) {
                    throw cause;
                }
                throw e;
            }
        }
        return pool;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (pool != null) {
            pool.close();
        }
    }

    public Dialect dialect() {
        return dialect;
    }

    public String url() {
        return url;
    }
}
