package dev.tandem.agent.cli;

import dev.tandem.agent.AgentConfig.JobOptions;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Options that tune a backfill or reconcile; each overrides the agent config's {@code backfill} section. */
final class JobTuning {
    @Option(names = "--chunk-ms", paramLabel = "N", description = "Target time per chunk in milliseconds, 1 to 60000; "
        + "the chunk size adapts to it (default: backfill.targetChunkMillis, 100).")
    Long chunkMillis;

    @Option(names = "--max-rows-per-second", paramLabel = "N", description = "Throttle; 0 means no limit (default: "
        + "backfill.maxRowsPerSecond, 0).")
    Long maxRowsPerSecond;

    @Option(names = "--chunk-rows", paramLabel = "N", description = "Rows in the first chunk, 1 to 1000000 (default: "
        + "backfill.initialChunkRows, 1000).")
    Integer chunkRows;

    /** Rejects out-of-range values as usage errors, before the agent is opened. */
    void check(CommandLine cmd) {
        if (chunkMillis != null && (chunkMillis < 1 || chunkMillis > 60_000)) {
            throw new ParameterException(cmd, "--chunk-ms must be from 1 to 60000, got " + chunkMillis);
        }
        if (maxRowsPerSecond != null && maxRowsPerSecond < 0) {
            throw new ParameterException(cmd, "--max-rows-per-second must be 0 (no limit) or more, got "
                + maxRowsPerSecond);
        }
        if (chunkRows != null && (chunkRows < 1 || chunkRows > 1_000_000)) {
            throw new ParameterException(cmd, "--chunk-rows must be from 1 to 1000000, got " + chunkRows);
        }
    }

    /** {@code defaults} with the given flags applied. */
    JobOptions apply(JobOptions defaults) {
        JobOptions o = defaults;
        if (chunkMillis != null) {
            o = o.withTargetChunkMillis(chunkMillis);
        }
        if (maxRowsPerSecond != null) {
            o = o.withMaxRowsPerSecond(maxRowsPerSecond);
        }
        if (chunkRows != null) {
            o = o.withInitialChunkRows(chunkRows);
        }
        return o;
    }
}
