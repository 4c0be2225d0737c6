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
 * Backfill and reconcile throughput on one large table, single-shot (a 1M-row backfill is one long
 * operation, not a microbenchmark): for each database,
 * <ol>
 *   <li>the floor: one bulk {@code UPDATE jt_users SET email_address = email}, then the column reset to NULL;</li>
 *   <li>Tandem's backfill of the same column with the default job options (target chunk 100 ms), with the
 *       longest chunk transaction;</li>
 *   <li>Tandem's reconcile (all rows agree) next to the bare predicate scan
 *       {@code SELECT count(*) ... WHERE email_address IS DISTINCT FROM email}, each run twice, the second
 *       (warm) run kept.</li>
 * </ol>
 * Properties: {@code -Drows=} (default 1_000_000), {@code -Ddbs=postgres,mariadb}, {@code -Dout=} (default
 * benchmarks/target/jobs.json), and {@code -Djdbc.url} / {@code -Djdbc.mysql.url} for existing servers (the
 * table jt_users and the agent's tandem_ control tables are dropped and created there).
 */
public final class JobThroughput {
    private static final String MIGRATION = "jt-users-email";

    private JobThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int rows = Integer.parseInt(System.getProperty("rows", "1000000").replace("_", ""));
        String[] dbs = System.getProperty("dbs", "postgres,mariadb").split(",");
        Path out = Path.of(System.getProperty("out", "benchmarks/target/jobs.json"));
        List<Map<String, Object>> results = new ArrayList<>();
        for (String db : dbs) {
            boolean pg = db.trim().startsWith("postgres");
            System.out.println("== " + (pg ? "PostgreSQL" : "MariaDB") + ", " + rows + " rows");
            try (Server server = pg ? Servers.postgres() : Servers.mariaDb()) {
                results.add(run(server, pg, rows));
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

    private static Map<String, Object> run(Server server, boolean pg, int rows) throws Exception {
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

            // (a) the floor: one bulk UPDATE
            t0 = System.nanoTime();
            int updated = s.executeUpdate("UPDATE jt_users SET email_address = email");
            double bulkSeconds = (System.nanoTime() - t0) / 1e9;
            check(updated == rows, "bulk UPDATE changed " + updated + " rows");
            r.put("bulkUpdateSeconds", bulkSeconds);
            r.put("bulkUpdateRowsPerSecond", rows / bulkSeconds);
            System.out.printf(Locale.ROOT, "  bulk UPDATE: %.2f s%n", bulkSeconds);
            s.executeUpdate("UPDATE jt_users SET email_address = NULL");
            settle(s, pg);
        }

        // (b) Tandem's backfill
        Path dir = Files.createTempDirectory("tandem-jobs-bench");
        Path spec = dir.resolve("migrations.yaml");
        Files.writeString(spec, "migrations:\n  - id: " + MIGRATION + "\n    table: jt_users\n    key: [id]\n"
            + "    columns:\n      - old: email\n        new: email_address\n    phase: EXPAND\n");
        try (Agent agent = Agent.open(AgentConfig.of(url, spec).withBarrierTimeout(Duration.ofSeconds(5)))) {
            agent.init();
            agent.reload("bench");
            agent.phase(MIGRATION, Phase.DUAL_WRITE, false, "benchmark", "bench");
            AgentConfig.JobOptions options = agent.config().jobs();
            long t0 = System.nanoTime();
            JobView backfill = agent.backfill(MIGRATION, false, options, JobListener.NONE, "bench");
            double backfillSeconds = (System.nanoTime() - t0) / 1e9;
            check("done".equalsIgnoreCase(backfill.state()), "backfill ended " + backfill.state() + ": " + backfill.error());
            check(backfill.rowsDone() == rows, "backfill changed " + backfill.rowsDone() + " rows");
            r.put("backfillSeconds", backfillSeconds);
            r.put("backfillRowsPerSecond", rows / backfillSeconds);
            r.put("backfillChunks", backfill.chunksDone());
            r.put("backfillMaxChunkMillis", ((Number) backfill.result().get("maxChunkMillis")).longValue());
            r.put("backfillVsBulkUpdate", (rows / backfillSeconds) / (double) r.get("bulkUpdateRowsPerSecond"));
            System.out.printf(Locale.ROOT, "  backfill: %.2f s, %d chunks, longest %s ms%n", backfillSeconds,
                backfill.chunksDone(), backfill.result().get("maxChunkMillis"));

            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                settle(s, pg);
                String predicate = pg ? "email_address IS DISTINCT FROM email" : "NOT (email_address <=> email)";
                // (c) reconcile and (d) the bare scan, twice each, the second kept
                double reconcileSeconds = 0;
                JobView reconcile = null;
                double scanSeconds = 0;
                for (int i = 0; i < 2; i++) {
                    t0 = System.nanoTime();
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
            }
        } finally {
            Files.deleteIfExists(spec);
            Files.deleteIfExists(dir);
        }
        return r;
    }

    /** Leaves both measured runs the same starting point: dead rows cleaned up, statistics fresh. */
    private static void settle(Statement s, boolean pg) throws Exception {
        if (pg) {
            s.execute("VACUUM ANALYZE jt_users");
            s.execute("CHECKPOINT");
        } else {
            s.execute("ANALYZE TABLE jt_users");
        }
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
