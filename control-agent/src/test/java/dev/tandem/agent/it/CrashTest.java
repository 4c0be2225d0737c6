package dev.tandem.agent.it;

import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.agent.Views.JobView;
import dev.tandem.agent.jobs.JobListener;
import dev.tandem.driver.spec.Phase;
import dev.tandem.testdb.DbKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.File;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance 3: the backfill runs in its own JVM and is killed (SIGKILL, no shutdown hooks) twice
 * mid-run; the resumed job finishes with 0 mismatches and scans every row exactly once, so no committed
 * chunk was redone (each chunk's checkpoint commits with the chunk).
 */
class CrashTest {
    private static final int ROWS = 100_000;

    @ParameterizedTest
    @EnumSource(DbKind.class)
    void backfillKilledTwiceResumesWithoutRedoingCommittedChunks(DbKind kind) throws Exception {
        try (AgentFixture f = new AgentFixture(kind, "crash", ROWS, java.time.Duration.ofSeconds(10))) {
            HikariDataSource app = f.pool("crash-app-" + kind, 2);
            try (Connection c = app.getConnection()) {
                c.createStatement().executeQuery("SELECT 1 FROM users WHERE id = 1").close();
            }
            f.agent.apply("users-email", false, "test");
            f.agent.phase("users-email", Phase.DUAL_WRITE, false, null, "test");

            long firstKill = kill(f, 25_000);
            long secondKill = kill(f, 60_000);
            assertThat(secondKill).isGreaterThan(firstKill);

            JobView done = f.agent.backfill("users-email", false, f.agent.config().jobs(), JobListener.NONE, "test");
            assertThat(done.state()).isEqualTo("done");
            assertThat(f.agent.jobs(10)).filteredOn(j -> j.kind().equals("backfill")).hasSize(1);
            assertThat(done.rowsScanned()).as("every row scanned exactly once").isEqualTo(ROWS);
            assertThat(done.rowsDone()).as("every row written exactly once").isEqualTo(ROWS);
            assertThat(f.agent.audit(50)).filteredOn(a -> "job-resume".equals(a.action())).hasSize(2);
            JobView reconcile = f.agent.reconcile("users-email", false, f.agent.config().jobs(), JobListener.NONE, "t");
            assertThat(reconcile.result()).containsEntry("mismatches", 0);
            assertThat(f.inconsistentUsers()).isZero();
        }
    }

    /** Starts the backfill process, kills it once the job scanned {@code atRows}; returns rows scanned then. */
    private static long kill(AgentFixture f, long atRows) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), BackfillMain.class.getName(),
            f.db.jdbcUrl(), f.migrations.toString(), "users-email", "20000")
            .redirectErrorStream(true).redirectOutput(new File("target/crash-backfill-" + f.kind + ".log")).start();
        long deadline = System.currentTimeMillis() + 60_000;
        long scanned = 0;
        while (System.currentTimeMillis() < deadline && p.isAlive()) {
            List<JobView> jobs = f.agent.jobs(5);
            scanned = jobs.isEmpty() ? 0 : jobs.get(0).rowsScanned();
            if (scanned >= atRows) {
                break;
            }
            Thread.sleep(20);
        }
        assertThat(p.isAlive()).as("backfill process still running at %s rows", atRows).isTrue();
        p.destroyForcibly();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(f.agent.jobs(5).get(0).state()).as("killed mid-run").isEqualTo("running");
        return scanned;
    }
}
