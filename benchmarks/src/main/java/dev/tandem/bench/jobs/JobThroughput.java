package dev.tandem.bench.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tandem.agent.Agent;
import dev.tandem.agent.AgentConfig;
import dev.tandem.agent.Views.JobView;
import dev.tandem.agent.jobs.JobListener;
import dev.tandem.bench.e2e.Server;
import dev.tandem.bench.e2e.Servers;
import dev.tandem.driver.spec.Phase;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Backfill and reconcile throughput on one large table (a 1M-row backfill is one long operation, not a
 * microbenchmark, so each is timed whole): for each database,
 * <ol>
 *   <li>the floor, one bulk {@code UPDATE jt_users SET email_address = email}, and Tandem's backfill of the
 *       same column with the default job options (target chunk 100 ms), alternately, {@code reps} times each,
 *       the column reset to NULL between runs; each is timed to its end and again to the end of the clean-up
 *       it leaves on the server (see {@link #cleanUp}); the medians are kept, with the longest chunk
 *       transaction of any backfill;</li>
 *   <li>Tandem's reconcile (all rows agree) next to the bare predicate scan
 *       {@code SELECT count(*) ... WHERE email_address IS DISTINCT FROM email}, each run twice, the second
 *       (warm) run kept.</li>
 * </ol>
 * Properties: {@code -Drows=} (default 1_000_000), {@code -Dreps=} (default 3), {@code -Ddbs=postgres,mariadb},
 * {@code -Dout=} (default benchmarks/target/jobs.json), and {@code -Djdbc.url} / {@code -Djdbc.mysql.url} for
 * existing servers (the table jt_users and the agent's tandem_ control tables are dropped and created there).
 */
public final class JobThroughput {
    private static final String MIGRATION = "jt-users-email";

    private JobThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int rows = Integer.parseInt(System.getProperty("rows", "1000000").replace("_", ""));
        int reps = Integer.parseInt(System.getProperty("reps", "3"));
        String[] dbs = System.getProperty("dbs", "postgres,mariadb").split(",");
        Path out = Path.of(System.getProperty("out", "benchmarks/target/jobs.json"));
        List<Map<String, Object>> results = new ArrayList<>();
        for (String db : dbs) {
            boolean pg = db.trim().startsWith("postgres");
            System.out.println("== " + (pg ? "PostgreSQL" : "MariaDB") + ", " + rows + " rows");
            try (Server server = pg ? Servers.postgres() : Servers.mariaDb()) {
                results.add(run(server, pg, rows, reps));
            }
        }
        print(results);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("rows", rows);
        doc.put("at", Instant.now().toString());
        doc.put("targets", Map.of("backfillVsBulkUpdate", 0.8, "maxChunkMillis", 200, "reconcileVsScan", 0.5));
        doc.put("results", results);
        Files.createDirectories(out.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), doc);
        System.out.println("Wrote " + out);
    }

    private static Map<String, Object> run(Server server, boolean pg, int rows, int reps) throws Exception {
        String url = server.url();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("database", pg ? "PostgreSQL" : "MariaDB");
        r.put("server", server.description());
        r.put("rows", rows);
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS jt_users");
            for (String t : List.of("migrations", "instances", "jobs", "audit", "state")) {
                s.execute("DROP TABLE IF EXISTS tandem_" + t + (pg ? " CASCADE" : ""));
            }
            s.execute("CREATE TABLE jt_users (id BIGINT PRIMARY KEY, email VARCHAR(200), email_address VARCHAR(200))");
            long t0 = System.nanoTime();
            s.execute(pg ? "INSERT INTO jt_users (id, email) SELECT g, 'u' || g || '@example.com' FROM generate_series(1, "
                + rows + ") g" : "INSERT INTO jt_users (id, email) SELECT seq, CONCAT('u', seq, '@example.com') FROM seq_1_to_"
                + rows);
            System.out.printf(Locale.ROOT, "  seeded in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            settle(s, pg);
        }

        Path dir = Files.createTempDirectory("tandem-jobs-bench");
        Path spec = dir.resolve("migrations.yaml");
        Files.writeString(spec, "migrations:\n  - id: " + MIGRATION + "\n    table: jt_users\n    key: [id]\n"
            + "    columns:\n      - old: email\n        new: email_address\n    phase: EXPAND\n");
        try (Agent agent = Agent.open(AgentConfig.of(url, spec).withBarrierTimeout(Duration.ofSeconds(5)));
             Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            agent.init();
            agent.reload("bench");
            agent.phase(MIGRATION, Phase.DUAL_WRITE, false, "benchmark", "bench");
            AgentConfig.JobOptions options = agent.config().jobs();

            // (a) the floor, one bulk UPDATE, and (b) Tandem's backfill, alternately, reps times each; each timed
            // to its end and then to the end of the clean-up it leaves (see cleanUp), and the column reset between
            List<Map<String, Object>> runs = new ArrayList<>();
            long maxChunk = 0;
            long chunks = 0;
            for (int rep = 1; rep <= reps; rep++) {
                long t0 = System.nanoTime();
                int updated = s.executeUpdate("UPDATE jt_users SET email_address = email");
                long t1 = System.nanoTime();
                cleanUp(s, pg);
                long t2 = System.nanoTime();
                check(updated == rows, "bulk UPDATE changed " + updated + " rows");
                runs.add(run("bulk UPDATE", rep, t0, t1, t2));
                reset(s, pg);

                t0 = System.nanoTime();
                JobView backfill = agent.backfill(MIGRATION, false, options, JobListener.NONE, "bench");
                t1 = System.nanoTime();
                cleanUp(s, pg);
                t2 = System.nanoTime();
                check("done".equalsIgnoreCase(backfill.state()), "backfill ended " + backfill.state() + ": "
                    + backfill.error());
                check(backfill.rowsDone() == rows, "backfill changed " + backfill.rowsDone() + " rows");
                Map<String, Object> run = run("backfill", rep, t0, t1, t2);
                long longest = ((Number) backfill.result().get("maxChunkMillis")).longValue();
                run.put("chunks", backfill.chunksDone());
                run.put("maxChunkMillis", longest);
                runs.add(run);
                maxChunk = Math.max(maxChunk, longest);
                chunks = backfill.chunksDone();
                if (rep < reps) {
                    reset(s, pg);
                }
            }
            double bulk = median(runs, "bulk UPDATE", "seconds");
            double bulkSettled = median(runs, "bulk UPDATE", "settledSeconds");
            double backfill = median(runs, "backfill", "seconds");
            double backfillSettled = median(runs, "backfill", "settledSeconds");
            r.put("repetitions", reps);
            r.put("runs", runs);
            r.put("bulkUpdateSeconds", bulk);
            r.put("bulkUpdateSettledSeconds", bulkSettled);
            r.put("bulkUpdateRowsPerSecond", rows / bulk);
            r.put("bulkUpdateSettledRowsPerSecond", rows / bulkSettled);
            r.put("backfillSeconds", backfill);
            r.put("backfillSettledSeconds", backfillSettled);
            r.put("backfillRowsPerSecond", rows / backfill);
            r.put("backfillSettledRowsPerSecond", rows / backfillSettled);
            r.put("backfillChunks", chunks);
            r.put("backfillMaxChunkMillis", maxChunk);
            r.put("backfillVsBulkUpdate", bulkSettled / backfillSettled);
            r.put("backfillVsBulkUpdateStatement", bulk / backfill);
            System.out.printf(Locale.ROOT, "  medians of %d: bulk UPDATE %.2f s (%.2f s with clean-up), backfill %.2f s "
                + "(%.2f s), longest chunk %d ms%n", reps, bulk, bulkSettled, backfill, backfillSettled, maxChunk);

            settle(s, pg);
            String predicate = pg ? "email_address IS DISTINCT FROM email" : "NOT (email_address <=> email)";
            // (c) reconcile and (d) the bare scan, twice each, the second kept
            double reconcileSeconds = 0;
            JobView reconcile = null;
            double scanSeconds = 0;
            for (int i = 0; i < 2; i++) {
                long t0 = System.nanoTime();
                reconcile = agent.reconcile(MIGRATION, false, options, JobListener.NONE, "bench");
                reconcileSeconds = (System.nanoTime() - t0) / 1e9;
                check("done".equalsIgnoreCase(reconcile.state()), "reconcile ended " + reconcile.state());
                long mismatches = ((Number) reconcile.result().get("mismatches")).longValue();
                check(mismatches == 0, "reconcile found " + mismatches + " mismatches");
                System.out.printf(Locale.ROOT, "  reconcile %d: %.2f s, %d chunks%n", i + 1, reconcileSeconds,
                    reconcile.chunksDone());
                t0 = System.nanoTime();
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM jt_users WHERE " + predicate)) {
                    rs.next();
                    check(rs.getLong(1) == 0, "bare scan found " + rs.getLong(1) + " rows");
                }
                scanSeconds = (System.nanoTime() - t0) / 1e9;
                System.out.printf(Locale.ROOT, "  bare scan %d: %.3f s%n", i + 1, scanSeconds);
            }
            r.put("reconcileSeconds", reconcileSeconds);
            r.put("reconcileRowsPerSecond", rows / reconcileSeconds);
            r.put("reconcileChunks", reconcile.chunksDone());
            r.put("reconcileMaxChunkMillis", ((Number) reconcile.result().get("maxChunkMillis")).longValue());
            r.put("scanSeconds", scanSeconds);
            r.put("scanRowsPerSecond", rows / scanSeconds);
            r.put("reconcileVsScan", (rows / reconcileSeconds) / (rows / scanSeconds));
        } finally {
            Files.deleteIfExists(spec);
            Files.deleteIfExists(dir);
        }
        return r;
    }

    /** Leaves every measured run the same starting point: dead rows cleaned up, statistics fresh. */
    private static void settle(Statement s, boolean pg) throws Exception {
        cleanUp(s, pg);
        if (pg) {
            s.execute("ANALYZE jt_users");
            s.execute("CHECKPOINT");
        } else {
            s.execute("ANALYZE TABLE jt_users");
        }
    }

    /**
     * Waits for the clean-up an UPDATE leaves behind, so that a run's time includes it. One bulk UPDATE
     * defers all of its clean-up to after its commit (InnoDB's purge of 1M undo records takes 1-1.5 s here),
     * while a chunked backfill's is done by the server's background threads as the chunks commit, in its
     * own time; timed to the statement's end only, the bulk UPDATE would leave that work out. MariaDB:
     * {@code SET GLOBAL innodb_max_purge_lag_wait = 0} returns once purge has caught up (MariaDB 10.5.7+;
     * on MySQL the history length is polled). PostgreSQL: {@code VACUUM} of the table (autovacuum does it
     * on its own after a bulk UPDATE, and during a backfill).
     */
    private static void cleanUp(Statement s, boolean pg) throws Exception {
        if (pg) {
            s.execute("VACUUM jt_users");
            return;
        }
        try {
            s.execute("SET GLOBAL innodb_max_purge_lag_wait = 0");
        } catch (java.sql.SQLException noSuchVariable) {
            // MySQL: poll the undo history length until it is small or stops falling (at most a minute)
            long last = Long.MAX_VALUE;
            for (int i = 0; i < 600; i++) {
                long length;
                try (ResultSet rs = s.executeQuery("SELECT `count` FROM information_schema.INNODB_METRICS "
                    + "WHERE name = 'trx_rseg_history_len'")) {
                    length = rs.next() ? rs.getLong(1) : 0;
                }
                if (length <= 1000 || (length >= last && i > 20)) {
                    return;
                }
                last = Math.min(last, length);
                Thread.sleep(100);
            }
        }
    }

    /** Sets the new column back to NULL for the next run, and settles. */
    private static void reset(Statement s, boolean pg) throws Exception {
        s.executeUpdate("UPDATE jt_users SET email_address = NULL");
        settle(s, pg);
    }

    /** One timed run: started at t0, statement (or job) ended at t1, its clean-up at t2. */
    private static Map<String, Object> run(String what, int rep, long t0, long t1, long t2) {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("what", what);
        run.put("repetition", rep);
        run.put("seconds", (t1 - t0) / 1e9);
        run.put("cleanUpSeconds", (t2 - t1) / 1e9);
        run.put("settledSeconds", (t2 - t0) / 1e9);
        System.out.printf(Locale.ROOT, "  %s %d: %.2f s, clean-up after it %.2f s%n", what, rep, (t1 - t0) / 1e9,
            (t2 - t1) / 1e9);
        return run;
    }

    private static double median(List<Map<String, Object>> runs, String what, String field) {
        double[] v = runs.stream().filter(r -> what.equals(r.get("what")))
            .mapToDouble(r -> ((Number) r.get(field)).doubleValue()).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static void check(boolean ok, String problem) {
        if (!ok) {
            throw new IllegalStateException(problem);
        }
    }

    private static void print(List<Map<String, Object>> results) {
        System.out.println();
        System.out.printf(Locale.ROOT, "%-11s %12s %12s %7s %8s %12s %12s %7s%n", "database", "UPDATE r/s",
            "backfill r/s", "ratio", "max ms", "scan r/s", "reconcile r/s", "ratio");
        for (Map<String, Object> r : results) {
            System.out.printf(Locale.ROOT, "%-11s %12.0f %12.0f %7.2f %8d %12.0f %12.0f %7.2f%n", r.get("database"),
                r.get("bulkUpdateRowsPerSecond"), r.get("backfillRowsPerSecond"), r.get("backfillVsBulkUpdate"),
                r.get("backfillMaxChunkMillis"), r.get("scanRowsPerSecond"), r.get("reconcileRowsPerSecond"),
                r.get("reconcileVsScan"));
        }
        System.out.println("targets: backfill >= 0.80x bulk UPDATE with no chunk over 200 ms; reconcile >= 0.50x scan");
    }
}
