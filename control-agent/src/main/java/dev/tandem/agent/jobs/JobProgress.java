package dev.tandem.agent.jobs;

import dev.tandem.agent.JobState;
import dev.tandem.agent.Views.JobView;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The job's view as of its last chunk, kept here from the committed counts instead of being read back
 * from the jobs table after every chunk. Times are on the database's clock (the view read at the start,
 * advanced by the time elapsed since), as the jobs table's own timestamps are.
 */
final class JobProgress {
    private final JobView start;
    private final long startNanos = System.nanoTime();
    private long rowsDone;
    private long rowsScanned;
    private long chunks;

    JobProgress(JobView start) {
        this.start = start;
        this.rowsDone = start.rowsDone();
        this.rowsScanned = start.rowsScanned();
        this.chunks = start.chunksDone();
    }

    JobView advance(JobState state, long changed, long scanned, Map<String, Object> result) {
        rowsDone += changed;
        rowsScanned += scanned;
        chunks++;
        Instant now = start.updatedAt() == null ? Instant.now()
            : start.updatedAt().plusNanos(System.nanoTime() - startNanos);
        double seconds = start.startedAt() == null ? 0
            : Math.max(0.001, Duration.between(start.startedAt(), now).toMillis() / 1000.0);
        return new JobView(start.id(), start.migrationId(), start.kind(), state.text(), rowsDone, rowsScanned, chunks,
            start.estimate(), start.startedAt(), now, null, null, result, seconds == 0 ? 0 : rowsScanned / seconds);
    }
}
