package dev.tandem.agent.it;

import dev.tandem.agent.Agent;
import dev.tandem.agent.AgentConfig;
import dev.tandem.agent.jobs.JobListener;

import java.nio.file.Path;

/** A backfill in a process of its own, for the crash test to kill: args are URL, spec file, migration, rows/s. */
public final class BackfillMain {
    private BackfillMain() {
    }

    public static void main(String[] args) {
        AgentConfig config = AgentConfig.of(args[0], Path.of(args[1]));
        config = config.withJobs(config.jobs().withMaxRowsPerSecond(Long.parseLong(args[3])).withInitialChunkRows(1000));
        try (Agent agent = Agent.open(config)) {
            agent.backfill(args[2], false, config.jobs(), JobListener.NONE, "crash-test");
        }
    }
}
