package dev.tandem.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Backfill and reconcile throughput from the JSON that {@code dev.tandem.bench.jobs.JobThroughput} writes
 * (benchmarks/target/jobs.json): the two job targets and their section of the report.
 */
final class JobsSection {
    private static final double BACKFILL_TARGET = 0.8;
    private static final long CHUNK_TARGET_MILLIS = 200;
    private static final double RECONCILE_TARGET = 0.5;

    private final JsonNode doc;

    private JobsSection(JsonNode doc) {
        this.doc = doc;
    }

    /** The results in {@code file}, or an empty section when there is none. */
    static JobsSection read(Path file) throws IOException {
        if (file == null || !Files.exists(file)) {
            return new JobsSection(null);
        }
        return new JobsSection(new ObjectMapper().readTree(file.toFile()));
    }

    private List<JsonNode> results() {
        List<JsonNode> out = new ArrayList<>();
        if (doc != null) {
            doc.path("results").forEach(out::add);
        }
        return out;
    }

    void targets(Targets targets) {
        List<JsonNode> results = results();
        if (results.isEmpty()) {
            targets.notMeasured("Backfill ≥ 0.8× one bulk UPDATE, no chunk transaction over 200 ms",
                "no backfill results (dev.tandem.bench.jobs.JobThroughput did not run)");
            targets.notMeasured("Reconcile ≥ 0.5× a bare predicate scan",
                "no reconcile results (dev.tandem.bench.jobs.JobThroughput did not run)");
            return;
        }
        JsonNode worstBackfill = null;
        boolean backfillMet = true;
        JsonNode worstReconcile = null;
        boolean reconcileMet = true;
        for (JsonNode r : results) {
            double ratio = r.path("backfillVsBulkUpdate").asDouble();
            long chunk = r.path("backfillMaxChunkMillis").asLong();
            backfillMet &= ratio >= BACKFILL_TARGET && chunk <= CHUNK_TARGET_MILLIS;
            if (worstBackfill == null || ratio < worstBackfill.path("backfillVsBulkUpdate").asDouble()) {
                worstBackfill = r;
            }
            reconcileMet &= r.path("reconcileVsScan").asDouble() >= RECONCILE_TARGET;
            if (worstReconcile == null
                || r.path("reconcileVsScan").asDouble() < worstReconcile.path("reconcileVsScan").asDouble()) {
                worstReconcile = r;
            }
        }
        long longest = 0;
        String longestWhere = "";
        for (JsonNode r : results) {
            if (r.path("backfillMaxChunkMillis").asLong() >= longest) {
                longest = r.path("backfillMaxChunkMillis").asLong();
                longestWhere = r.path("database").asText();
            }
        }
        targets.single("Backfill ≥ 0.8× one bulk UPDATE, no chunk transaction over 200 ms",
            String.format(Locale.ROOT, "%.3f× (%s); longest chunk %d ms (%s)",
                worstBackfill.path("backfillVsBulkUpdate").asDouble(), worstBackfill.path("database").asText(),
                longest, longestWhere), backfillMet);
        targets.single("Reconcile ≥ 0.5× a bare predicate scan", String.format(Locale.ROOT, "%.3f× (%s)",
            worstReconcile.path("reconcileVsScan").asDouble(), worstReconcile.path("database").asText()), reconcileMet);
    }

    void section(StringBuilder md) {
        md.append("## Backfill and reconcile throughput (rows per second)\n\n");
        List<JsonNode> results = results();
        if (results.isEmpty()) {
            md.append("Not measured in this run.\n\n");
            return;
        }
        md.append(String.format(Locale.ROOT, "Table `jt_users(id BIGINT PRIMARY KEY, email VARCHAR(200), "
            + "email_address VARCHAR(200))` with %s rows, the new column NULL; measured %s by "
            + "`dev.tandem.bench.jobs.JobThroughput`, single-shot (one run of each). The floor for the backfill is one "
            + "bulk `UPDATE jt_users SET email_address = email` on the same table (then reset to NULL, and on "
            + "PostgreSQL `VACUUM ANALYZE`, so both start alike); the backfill is the control agent's "
            + "(`Agent.backfill`, default job options: target chunk 100 ms, first chunk 1000 rows). The reconcile "
            + "(`Agent.reconcile`, all rows agreeing, default options: each chunk counted in two parts on two "
            + "connections) is compared with the bare scan `SELECT count(*) FROM jt_users "
            + "WHERE email_address IS DISTINCT FROM email` (MariaDB: `NOT (email_address <=> email)`); each ran "
            + "twice and the second, warm, run is shown.\n\n", Format.number(doc.path("rows").asDouble()),
            doc.path("at").asText()));
        md.append("| Database | bulk UPDATE (rows/s) | backfill (rows/s) | backfill / UPDATE | backfill chunks "
            + "| longest chunk | bare scan (rows/s) | reconcile (rows/s) | reconcile / scan | reconcile chunks |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (JsonNode r : results) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %.3f× | %d | %d ms | %s | %s | %.3f× | %d |\n",
                r.path("database").asText(), Format.number(r.path("bulkUpdateRowsPerSecond").asDouble()),
                Format.number(r.path("backfillRowsPerSecond").asDouble()), r.path("backfillVsBulkUpdate").asDouble(),
                r.path("backfillChunks").asLong(), r.path("backfillMaxChunkMillis").asLong(),
                Format.number(r.path("scanRowsPerSecond").asDouble()),
                Format.number(r.path("reconcileRowsPerSecond").asDouble()), r.path("reconcileVsScan").asDouble(),
                r.path("reconcileChunks").asLong()));
        }
        md.append('\n');
    }
}
