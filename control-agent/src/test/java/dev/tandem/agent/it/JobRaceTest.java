package dev.tandem.agent.it;

import dev.tandem.agent.Agent;
import dev.tandem.agent.AgentConfig;
import dev.tandem.agent.AgentException;
import dev.tandem.agent.Views.JobView;
import dev.tandem.agent.jobs.JobListener;
import dev.tandem.driver.spec.Phase;
import dev.tandem.testdb.DbKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Issue 14 item 7: one unfinished job per migration and kind, enforced by the database; a job whose runner
 * stopped shows as stalled; the throttle a job started with is kept when it is resumed.
 */
class JobRaceTest {
    @ParameterizedTest
    @EnumSource(DbKind.class)
    void twoAgentsRacingStartOneJob(DbKind kind) throws Exception {
        try (AgentFixture f = new AgentFixture(kind, "jobrace", 20_000, Duration.ofSeconds(5));
             Agent other = Agent.open(f.agent.config())) {
            touch(f);
            f.agent.apply("users-email", false, "test");
            f.agent.phase("users-email", Phase.DUAL_WRITE, false, null, "test");
            AgentConfig.JobOptions slow = f.agent.config().jobs().withMaxRowsPerSecond(2_000).withInitialChunkRows(200);
            for (int round = 0; round < 3; round++) {
                CyclicBarrier go = new CyclicBarrier(2);
                ExecutorService pool = Executors.newFixedThreadPool(2);
                List<Future<JobView>> starts = new ArrayList<>();
                for (Agent agent : List.of(f.agent, other)) {
                    starts.add(pool.submit(() -> {
                        go.await();
                        return agent.startBackfill("users-email", false, slow, "racer");
                    }));
                }
                List<Long> started = new ArrayList<>();
                List<String> refusals = new ArrayList<>();
                for (Future<JobView> s : starts) {
                    try {
                        started.add(s.get().id());
                    } catch (java.util.concurrent.ExecutionException e) {
                        assertThat(e.getCause()).isInstanceOf(AgentException.class);
                        assertThat(((AgentException) e.getCause()).kind()).isEqualTo(AgentException.Kind.REFUSED);
                        refusals.add(e.getCause().getMessage());
                    }
                }
                pool.shutdown();
                assertThat(started).as("round %s: one agent starts, refused: %s", round, refusals).hasSize(1);
                assertThat(f.agent.jobs(10)).filteredOn(j -> j.kind().equals("backfill")).extracting(JobView::id)
                    .containsOnly(started.get(0));
                f.agent.controlJob(started.get(0), "pause", "test");
                EmailJobs.await(() -> f.agent.jobs(10).get(0).state().equals("paused"));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DbKind.class)
    void secondReconcileIsRefusedWhileOneRuns(DbKind kind) throws Exception {
        try (AgentFixture f = new AgentFixture(kind, "recrace", 20_000, Duration.ofSeconds(5));
             Agent other = Agent.open(f.agent.config())) {
            touch(f);
            f.toBackfilled("users-email");
            AgentConfig.JobOptions slow = f.agent.config().jobs().withMaxRowsPerSecond(2_000).withInitialChunkRows(200);
            JobView first = f.agent.startReconcile("users-email", false, slow, "test");
            AgentException refused = assertThrows(AgentException.class,
                () -> other.startReconcile("users-email", false, slow, "test"));
            assertThat(refused.kind()).isEqualTo(AgentException.Kind.REFUSED);
            assertThat(refused.getMessage()).contains("job " + first.id());
            f.agent.controlJob(first.id(), "cancel", "test");
            EmailJobs.await(() -> f.agent.job(first.id()).state().equals("cancelled"));
            // Once it ended, a new one starts.
            assertThat(other.reconcile("users-email", false, other.config().jobs(), JobListener.NONE, "test").state())
                .isEqualTo("done");
        }
    }

    @ParameterizedTest
    @EnumSource(DbKind.class)
    void deadRunnerShowsStalledAndResumeKeepsTheThrottle(DbKind kind) throws Exception {
        try (AgentFixture f = new AgentFixture(kind, "stalled", 5_000, Duration.ofSeconds(5));
             Agent other = Agent.open(f.agent.config())) {
            touch(f);
            f.agent.apply("users-email", false, "test");
            f.agent.phase("users-email", Phase.DUAL_WRITE, false, null, "test");
            AgentConfig.JobOptions slow = f.agent.config().jobs().withMaxRowsPerSecond(1_234).withInitialChunkRows(200);
            long id = f.agent.startBackfill("users-email", false, slow, "test").id();
            JobView paused = EmailJobs.pauseAfter(f.agent, id, 2);
            assertThat(paused.state()).isEqualTo("paused");
            // As a runner killed mid-chunk leaves it: running, untouched for a minute.
            String minuteAgo = kind == DbKind.POSTGRESQL ? "LOCALTIMESTAMP(3) - INTERVAL '1 minute'"
                : "CURRENT_TIMESTAMP(3) - INTERVAL 1 MINUTE";
            f.db.execute("UPDATE tandem_jobs SET state = 'running', updated_at = " + minuteAgo + " WHERE id = " + id);
            assertThat(f.agent.job(id).state()).isEqualTo("stalled");

            // Another agent resumes it, with the throttle it was started with (not its own config's, uncapped).
            JobView resumed = other.controlJob(id, "resume", "test");
            assertThat(resumed.state()).isIn("running", "done");
            assertThat(f.agent.audit(20)).filteredOn(a -> "job-resume".equals(a.action())).first()
                .satisfies(a -> assertThat(a.detail()).contains("maxRowsPerSecond=1234"));
            EmailJobs.await(() -> f.agent.job(id).state().equals("done"));
            assertThat(f.inconsistentUsers()).isZero();
        }
    }

    /** The check-then-insert race, without its timing: the second insert is what the database refuses. */
    @ParameterizedTest
    @EnumSource(DbKind.class)
    void theDatabaseHoldsOneUnfinishedJobPerMigrationAndKind(DbKind kind) throws Exception {
        try (AgentFixture f = new AgentFixture(kind, "jobslot", 10, Duration.ofSeconds(5));
             dev.tandem.agent.store.Db db = new dev.tandem.agent.store.Db(f.db.jdbcUrl(), null, null)) {
            dev.tandem.agent.store.JobStore jobs = new dev.tandem.agent.store.JobStore(db,
                new dev.tandem.driver.schema.ControlSchema("tandem_", db.dialect()));
            long first = jobs.create("users-email", dev.tandem.agent.JobKind.BACKFILL, 10L, 1, "agent-a", null)
                .view().id();
            AgentException refused = assertThrows(AgentException.class, () -> jobs.create("users-email",
                dev.tandem.agent.JobKind.BACKFILL, 10L, 1, "agent-b", null));
            assertThat(refused.kind()).isEqualTo(AgentException.Kind.REFUSED);
            assertThat(refused.getMessage()).contains("job " + first).contains("agent-a");
            // Another kind, or the same kind once the first is done, is fine.
            jobs.create("users-email", dev.tandem.agent.JobKind.RECONCILE, 10L, 1, "agent-b", null);
            jobs.setState(first, dev.tandem.agent.JobState.DONE, null, null);
            jobs.create("users-email", dev.tandem.agent.JobKind.BACKFILL, 10L, 1, "agent-b", null);
        }
    }

    private static void touch(AgentFixture f) throws Exception {
        ForgedHeartbeatTest.touch(f.pool("race-app-" + f.kind, 1));
    }
}
