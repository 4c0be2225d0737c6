package dev.tandem.agent.it;

import dev.tandem.agent.Agent;
import dev.tandem.agent.AgentConfig;
import dev.tandem.agent.Views.JobView;
import dev.tandem.driver.spec.Phase;
import dev.tandem.testdb.TestDatabase;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * For the job tests on a one-table migration {@code m} ({@code email} renamed to {@code email_address}):
 * the agent with the migration in DUAL_WRITE, a job's stored checkpoint, pausing and resuming a running
 * job, and waiting for a job's state.
 */
final class EmailJobs {
    private EmailJobs() {
    }

    /** An agent whose migration {@code m} on {@code table} (key {@code key}, e.g. "[id]") is in DUAL_WRITE. */
    static Agent agent(TestDatabase db, String table, String key) throws Exception {
        Path dir = Files.createTempDirectory("tandem-jobs-it");
        Path spec = dir.resolve("migrations.yaml");
        Files.writeString(spec, "migrations:\n  - id: m\n    table: " + table + "\n    key: " + key + "\n"
            + "    columns:\n      - old: email\n        new: email_address\n    phase: EXPAND\n");
        Agent agent = Agent.open(AgentConfig.of(db.jdbcUrl(), spec).withBarrierTimeout(Duration.ofSeconds(5)));
        agent.init();
        agent.reload("test");
        agent.apply("m", false, "test");
        agent.phase("m", Phase.DUAL_WRITE, false, null, "test");
        return agent;
    }

    /** Job {@code id}'s checkpoint as stored (JSON). */
    static String checkpoint(TestDatabase db, long id) throws Exception {
        try (var c = db.connect(); var s = c.createStatement(); var rs = s.executeQuery("SELECT checkpoint FROM "
            + "tandem_jobs WHERE id = " + id)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Pauses running job {@code id} once it has committed {@code chunks} chunks; returns it paused. */
    /** The agent's job options slowed to 2,000 rows/s in chunks of 200, so a job can be paused part way. */
    static AgentConfig.JobOptions slow(Agent agent) {
        return agent.config().jobs().withMaxRowsPerSecond(2_000).withInitialChunkRows(200);
    }

    static JobView pauseAfter(Agent agent, long id, int chunks) throws InterruptedException {
        await(() -> agent.job(id).chunksDone() >= chunks);
        agent.controlJob(id, "pause", "test");
        await(() -> agent.job(id).state().equals("paused"));
        return agent.job(id);
    }

    /** Resumes paused job {@code id}; returns it done. */
    static JobView resumeToEnd(Agent agent, long id) throws InterruptedException {
        agent.controlJob(id, "resume", "test");
        await(() -> agent.job(id).state().equals("done"));
        return agent.job(id);
    }

    /** Waits up to 30 s for {@code condition}, failing the test after that. */
    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 30 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
