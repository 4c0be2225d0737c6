package dev.tandem.agent.ddl;

import dev.tandem.agent.AgentConfig.DdlOptions;
import dev.tandem.agent.AgentException;
import dev.tandem.agent.ddl.DdlPlan.DdlStep;
import dev.tandem.driver.schema.Dialect;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Runs DDL steps so that none stalls the table: the session's lock timeout is set first, so a statement that
 * cannot get its lock gives up after that long (and writes queue behind it no longer than that) instead of
 * waiting behind an open transaction; it is then tried again up to {@code lockRetries} times after a pause that
 * doubles from {@code retryBackoffMillis} (capped at 30 s), randomised between half and all of that (jitter) so
 * that retries do not line up with the blocker's rhythm. Every wait that timed out is reported. The first other
 * failure, or a lock timeout on the last try, stops the run: the steps before it stay applied, and {@code plan}
 * shows what is left.
 */
public final class DdlRunner {
    private static final System.Logger LOG = System.getLogger(DdlRunner.class.getName());
    private static final long MAX_BACKOFF_MILLIS = 30_000;

    private final Dialect dialect;
    private final DdlOptions options;
    private final Consumer<String> report;

    /** {@code report} receives one line per lock timeout (the CLI prints them; they are also logged). */
    public DdlRunner(Dialect dialect, DdlOptions options, Consumer<String> report) {
        this.dialect = dialect;
        this.options = options;
        this.report = report;
    }

    /** Runs {@code steps} in order on {@code c} (in auto-commit); returns the statements run. */
    public List<String> run(Connection c, List<DdlStep> steps, String what) throws SQLException {
        List<String> ran = new ArrayList<>();
        long timeout = dialect.effectiveLockTimeoutMillis(options.lockTimeoutMillis());
        try (Statement s = c.createStatement()) {
            s.execute(dialect.lockTimeoutStatement(options.lockTimeoutMillis()));
            try {
                for (DdlStep step : steps) {
                    runOne(s, step, timeout, what);
                    ran.add(step.sql());
                }
            } finally {
                // The connection goes back to the pool, where jobs must not inherit the short timeout.
                s.execute(dialect.resetLockTimeoutStatement());
            }
        }
        return ran;
    }

    private void runOne(Statement s, DdlStep step, long timeout, String what) throws SQLException {
        int tries = options.lockRetries() + 1;
        for (int attempt = 1; ; attempt++) {
            LOG.log(System.Logger.Level.INFO, "Applying DDL for {0}: {1}", what, step.sql());
            long start = System.nanoTime();
            try {
                if (attempt > 1 && step.onLockTimeout() != null) {
                    s.execute(step.onLockTimeout()); // what the last try left behind; it waits for locks too
                }
                s.execute(step.sql());
                return;
            } catch (SQLException e) {
                if (!dialect.isLockTimeout(e)) {
                    throw e;
                }
                long waited = (System.nanoTime() - start) / 1_000_000;
                if (attempt >= tries) {
                    String line = "lock wait: gave up after " + waited + " ms (lock timeout " + timeout + " ms), try "
                        + attempt + " of " + tries + ", on: " + step.sql();
                    report(line);
                    throw new AgentException(AgentException.Kind.FAILED, "Could not apply the " + what + ": '"
                        + step.sql() + "' waited for a lock " + tries + " times, " + timeout + " ms each (the lock "
                        + "timeout), and gave up so as not to hold up the table's writes. Another session holds a lock "
                        + "on the table, usually a long open transaction: find it (PostgreSQL: pg_stat_activity and "
                        + "pg_locks; MySQL: SHOW PROCESSLIST and information_schema.innodb_trx), end it, and run apply "
                        + "again (steps before this one stay applied, and the plan first drops an index a failed build "
                        + "left). To wait longer, raise ddl.lockRetries or ddl.lockTimeoutMillis in the agent config. "
                        + "The server said: " + e.getMessage());
                }
                long pause = backoff(attempt);
                report("lock wait: gave up after " + waited + " ms (lock timeout " + timeout + " ms), try " + attempt
                    + " of " + tries + "; trying again in " + pause + " ms: " + step.sql());
                sleep(pause);
            }
        }
    }

    /** A random pause between half and all of base * 2^(attempt-1), capped. */
    long backoff(int attempt) {
        long cap = Math.min(MAX_BACKOFF_MILLIS, options.retryBackoffMillis() << Math.min(attempt - 1, 20));
        return cap <= 0 ? 0 : ThreadLocalRandom.current().nextLong(cap / 2, cap + 1);
    }

    private void report(String line) {
        LOG.log(System.Logger.Level.WARNING, line);
        report.accept(line);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AgentException(AgentException.Kind.FAILED, "Interrupted while waiting to retry DDL; run apply "
                + "again");
        }
    }
}
