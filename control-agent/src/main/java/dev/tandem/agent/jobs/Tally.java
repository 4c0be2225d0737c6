package dev.tandem.agent.jobs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Running totals of a job: mismatches, rows repaired, the sample of mismatched keys, the longest chunk.
 * Read back from the job's stored result on a resume, and stored again as that result.
 */
final class Tally {
    /** At most this many mismatched keys are kept as the sample. */
    static final int SAMPLE = 20;

    long mismatches;
    long repaired;
    long maxChunkMillis;
    final List<String> sample = new ArrayList<>();

    Tally(Map<String, Object> stored) {
        if (stored != null) {
            mismatches = ((Number) stored.getOrDefault("mismatches", 0)).longValue();
            repaired = ((Number) stored.getOrDefault("repaired", 0)).longValue();
            maxChunkMillis = ((Number) stored.getOrDefault("maxChunkMillis", 0)).longValue();
            if (stored.get("sample") instanceof List<?> s) {
                s.forEach(k -> sample.add(String.valueOf(k)));
            }
        }
    }

    private Tally() {
    }

    /** How many more mismatched keys the sample takes. */
    int sampleRoom() {
        return SAMPLE - sample.size();
    }

    /** These totals with chunk {@code r} added, as a copy (the chunk is not committed yet). */
    Tally with(ChunkResult r) {
        Tally t = new Tally();
        t.mismatches = mismatches;
        t.repaired = repaired;
        t.maxChunkMillis = maxChunkMillis;
        t.sample.addAll(sample);
        t.add(r, 0);
        return t;
    }

    void add(ChunkResult r, long millis) {
        mismatches += r.mismatches();
        repaired += r.changed();
        maxChunkMillis = Math.max(maxChunkMillis, millis);
        for (String k : r.sample()) {
            if (sample.size() < SAMPLE) {
                sample.add(k);
            }
        }
    }

    /** The job's result as stored in the jobs table. */
    Map<String, Object> result() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("mismatches", mismatches);
        r.put("repaired", repaired);
        r.put("sample", sample);
        r.put("maxChunkMillis", maxChunkMillis);
        return r;
    }
}
