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
            String.format(Locale.ROOT, "%.3f× with clean-up (%s; %.3f× to the statement's end); longest chunk %d ms (%s)",
                worstBackfill.path("backfillVsBulkUpdate").asDouble(), worstBackfill.path("database").asText(),
                worstBackfill.path("backfillVsBulkUpdateStatement").asDouble(), longest, longestWhere), backfillMet);
        targets.single("Reconcile ≥ 0.5× a bare predicate scan", String.format(Locale.ROOT, "%.3f× (%s)",
            worstReconcile.path("reconcileVsScan").asDouble(), worstReconcile.path("database").asText()), reconcileMet);
    }

    void section(StringBuilder md) {
        md.append("## Backfill and reconcile throughput\n\n");
        List<JsonNode> results = results();
        if (results.isEmpty()) {
            md.append("Not measured in this run.\n\n");
            return;
        }
        md.append(String.format(Locale.ROOT, "Table `jt_users(id BIGINT PRIMARY KEY, email VARCHAR(200), "
            + "email_address VARCHAR(200))` with %s rows, the new column NULL; measured %s by "
            + "`dev.tandem.bench.jobs.JobThroughput`. The floor for the backfill is one bulk `UPDATE jt_users SET "
            + "email_address = email` on the same table; it and the control agent's backfill (`Agent.backfill`, "
            + "default job options: target chunk 100 ms, first chunk 1000 rows) ran alternately, %d times each, the "
            + "column reset to NULL and the table settled (purge or VACUUM, ANALYZE) before each run; the medians are "
            + "shown. Each run is timed to its end and, *with clean-up*, to the end of the clean-up it leaves on the "
            + "server (MariaDB: InnoDB's purge of the undo records, `SET GLOBAL innodb_max_purge_lag_wait = 0`; "
            + "PostgreSQL: `VACUUM jt_users`): one bulk UPDATE defers all of it to after its commit, while a "
            + "backfill's is done by the server's background threads as its chunks commit, inside its own time. The "
            + "target is judged with clean-up. The reconcile (`Agent.reconcile`, all rows agreeing, default options: "
            + "each chunk counted in two parts on two connections) is compared with the bare scan `SELECT count(*) "
            + "FROM jt_users WHERE email_address IS DISTINCT FROM email` (MariaDB: `NOT (email_address <=> email)`); "
            + "each ran twice and the second, warm, run is shown.\n\n", Format.number(doc.path("rows").asDouble()),
            doc.path("at").asText(), results.get(0).path("repetitions").asInt(1)));
        md.append("| Database | bulk UPDATE (s) | with clean-up (s) | backfill (s) | with clean-up (s) "
            + "| backfill / UPDATE | with clean-up | backfill chunks | longest chunk |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (JsonNode r : results) {
            md.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.2f | %.3f× | %.3f× | %d | %d ms |\n",
                r.path("database").asText(), r.path("bulkUpdateSeconds").asDouble(),
                r.path("bulkUpdateSettledSeconds").asDouble(), r.path("backfillSeconds").asDouble(),
                r.path("backfillSettledSeconds").asDouble(), r.path("backfillVsBulkUpdateStatement").asDouble(),
                r.path("backfillVsBulkUpdate").asDouble(), r.path("backfillChunks").asLong(),
                r.path("backfillMaxChunkMillis").asLong()));
        }
        md.append("\nEvery run (seconds to the end, then to the end of the clean-up):\n\n");
        md.append("| Database | run | bulk UPDATE | backfill | backfill chunks | longest chunk |\n");
        md.append("|---|---:|---:|---:|---:|---:|\n");
        for (JsonNode r : results) {
            List<JsonNode> bulk = new ArrayList<>();
            List<JsonNode> backfill = new ArrayList<>();
            r.path("runs").forEach(run -> ("backfill".equals(run.path("what").asText()) ? backfill : bulk).add(run));
            for (int i = 0; i < Math.min(bulk.size(), backfill.size()); i++) {
                md.append(String.format(Locale.ROOT, "| %s | %d | %.2f / %.2f | %.2f / %.2f | %d | %d ms |\n",
                    r.path("database").asText(), i + 1, bulk.get(i).path("seconds").asDouble(),
                    bulk.get(i).path("settledSeconds").asDouble(), backfill.get(i).path("seconds").asDouble(),
                    backfill.get(i).path("settledSeconds").asDouble(), backfill.get(i).path("chunks").asLong(),
                    backfill.get(i).path("maxChunkMillis").asLong()));
            }
        }
        md.append("\n| Database | bare scan (rows/s) | reconcile (rows/s) | reconcile / scan | reconcile chunks |\n");
        md.append("|---|---:|---:|---:|---:|\n");
        for (JsonNode r : results) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %.3f× | %d |\n", r.path("database").asText(),
                Format.number(r.path("scanRowsPerSecond").asDouble()),
                Format.number(r.path("reconcileRowsPerSecond").asDouble()), r.path("reconcileVsScan").asDouble(),
                r.path("reconcileChunks").asLong()));
        }
        md.append('\n');
    }
}
