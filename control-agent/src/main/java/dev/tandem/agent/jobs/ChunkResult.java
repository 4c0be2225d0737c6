package dev.tandem.agent.jobs;

import java.util.List;

/**
 * A committed chunk: its last key (null: the job reached the end), rows scanned and changed, mismatches;
 * {@code exact}: the rows scanned were counted (false: a key-range backfill took its rows changed for them).
 */
record ChunkResult(List<String> upper, long scanned, long changed, long mismatches, List<String> sample,
                   boolean exact) {
    ChunkResult(List<String> upper, long scanned, long changed, long mismatches, List<String> sample) {
        this(upper, scanned, changed, mismatches, sample, true);
    }
}
