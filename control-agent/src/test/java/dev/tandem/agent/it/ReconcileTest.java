package dev.tandem.agent.it;

import dev.tandem.agent.Agent;
import dev.tandem.agent.AgentConfig;
import dev.tandem.agent.Views.JobView;
import dev.tandem.agent.jobs.JobListener;
import dev.tandem.testdb.DbKind;
import dev.tandem.testdb.TestDatabase;
import dev.tandem.testdb.TestDatabases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reconcile's chunks on a composite key (a text and an integer column, compared as row values) and on a
 * single integer key: over many chunks, the mismatch count is exact, the sample holds 20 mismatched keys
 * (the first 20 in key order where the walk follows the key), every row is scanned exactly once (also when
 * the table ends exactly at a chunk's end), and repair fixes exactly the mismatched rows. A plain reconcile
 * walks key ranges (single integer key) or, on PostgreSQL 14+, heap block ranges; repair and a composite
 * key on MariaDB walk keysets. Also: sparse keys with a huge gap, and a pause and resume in the middle (also
 * from a keyset-format checkpoint).
 */
class ReconcileTest {
    private static final int TENANTS = 4;
    private static final int PER_TENANT = 2_500;
    private static final int ROWS = TENANTS * PER_TENANT;

    @ParameterizedTest
    @EnumSource(DbKind.class)
    void compositeKeyReconcileCountsAndSamplesExactly(DbKind kind) throws Exception {
        TestDatabase db = TestDatabases.create(kind, "reconcile_ck");
        String series = kind == DbKind.POSTGRESQL ? "generate_series(1, " + PER_TENANT + ") g(seq)"
            : "seq_1_to_" + PER_TENANT;
        db.execute("CREATE TABLE accounts (tenant VARCHAR(20) NOT NULL, n INT NOT NULL, email VARCHAR(200), "
            + "PRIMARY KEY (tenant, n))");
        for (int t = 0; t < TENANTS; t++) {
            db.execute("INSERT INTO accounts (tenant, n, email) SELECT 't" + t + "', seq, CONCAT('u', seq, '@x.io') FROM "
                + series);
        }
        try (Agent agent = EmailJobs.agent(db, "accounts", "[tenant, n]")) {
            List<String> broken = new ArrayList<>();
            for (int t = 0; t < TENANTS; t++) {
                for (int n = 100; n <= PER_TENANT; n += 400) {
                    broken.add("tenant=t" + t + ",n=" + n);
                }
            }
            check(db, agent, "accounts", broken, kind);
        }
    }

    @ParameterizedTest
    @EnumSource(DbKind.class)
    void singleKeyReconcileCountsAndSamplesExactly(DbKind kind) throws Exception {
        TestDatabase db = TestDatabases.create(kind, "reconcile_sk");
        db.execute("CREATE TABLE people (id INT PRIMARY KEY, email VARCHAR(200))",
            kind == DbKind.POSTGRESQL ? "INSERT INTO people (id, email) SELECT g, 'u' || g || '@x.io' FROM "
                + "generate_series(1, " + ROWS + ") g" : "INSERT INTO people (id, email) SELECT seq, CONCAT('u', seq, "
                + "'@x.io') FROM seq_1_to_" + ROWS);
        try (Agent agent = EmailJobs.agent(db, "people", "[id]")) {
            List<String> broken = new ArrayList<>();
            for (int id = 7; id <= ROWS; id += 333) {
                broken.add("id=" + id);
            }
            check(db, agent, "people", broken, kind);
        }
    }

    @ParameterizedTest
    @EnumSource(DbKind.class)
    void sparseKeysWithAGapAreCountedExactly(DbKind kind) throws Exception {
        TestDatabase db = TestDatabases.create(kind, "reconcile_sparse");
        boolean pg = kind == DbKind.POSTGRESQL;
        db.execute("CREATE TABLE sparse (id BIGINT PRIMARY KEY, email VARCHAR(200))");
        for (long base : new long[] {0, 1_000_000_000L}) {
            db.execute(pg ? "INSERT INTO sparse (id, email) SELECT " + base + " + g, 'u' || g || '@x.io' FROM "
                + "generate_series(1, 1000) g" : "INSERT INTO sparse (id, email) SELECT " + base + " + seq, CONCAT('u', "
                + "seq, '@x.io') FROM seq_1_to_1000");
        }
        try (Agent agent = EmailJobs.agent(db, "sparse", "[id]")) {
            agent.backfill("m", false, agent.config().jobs(), JobListener.NONE, "test");
            List<String> broken = List.of("id=5", "id=999", "id=1000", "id=1000000001", "id=1000000500");
            for (String key : broken) {
                db.execute("UPDATE sparse SET email_address = 'wrong' WHERE " + key);
            }
            // One connection per chunk, the default two, and three parts (each chunk's range split unevenly
            // across the gap): the same exact answer.
            for (int parallelism : new int[] {1, 2, 3}) {
                JobView found = agent.reconcile("m", false, agent.config().jobs().withInitialChunkRows(100)
                    .withReconcileParallelism(parallelism), JobListener.NONE, "test");
                assertThat(found.state()).isEqualTo("done");
                assertThat(found.rowsScanned()).as("parallelism " + parallelism).isEqualTo(2_000);
                assertThat(((Number) found.result().get("mismatches")).longValue()).as("parallelism " + parallelism)
                    .isEqualTo(broken.size());
                if (pg) {
                    assertThat(sample(found)).containsExactlyInAnyOrderElementsOf(broken);
                } else {
                    assertThat(found.result().get("sample")).isEqualTo(broken);
                    // From 100-key chunks, thinner ranges after the sparse stretch, one empty range that jumps the
                    // gap of 10^9 keys, then the second block of keys.
                    assertThat(found.chunksDone()).isBetween(4L, 20L);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DbKind.class)
    void pausedReconcileResumesWithoutCountingTwice(DbKind kind) throws Exception {
        TestDatabase db = TestDatabases.create(kind, "reconcile_resume");
        boolean pg = kind == DbKind.POSTGRESQL;
        db.execute("CREATE TABLE people (id INT PRIMARY KEY, email VARCHAR(200))",
            pg ? "INSERT INTO people (id, email) SELECT g, 'u' || g || '@x.io' FROM generate_series(1, " + ROWS + ") g"
                : "INSERT INTO people (id, email) SELECT seq, CONCAT('u', seq, '@x.io') FROM seq_1_to_" + ROWS);
        try (Agent agent = EmailJobs.agent(db, "people", "[id]")) {
            agent.backfill("m", false, agent.config().jobs(), JobListener.NONE, "test");
            List<String> broken = new ArrayList<>();
            for (int id = 11; id <= ROWS; id += 97) {
                broken.add("id=" + id);
                db.execute("UPDATE people SET email_address = 'wrong' WHERE id = " + id);
            }
            for (boolean keysetCheckpoint : pg ? new boolean[] {false} : new boolean[] {false, true}) {
                // 2,000 rows/s: chunks of 200 rows, five seconds for the table; paused after a few chunks.
                JobView started = agent.startReconcile("m", false, EmailJobs.slow(agent), "test");
                long id = started.id();
                JobView paused = EmailJobs.pauseAfter(agent, id, 3);
                assertThat(paused.rowsScanned()).isBetween(1L, ROWS - 1L);
                String checkpoint = EmailJobs.checkpoint(db, id);
                assertThat(checkpoint).startsWith(pg ? "[\"@block-range\"," : "[\"@key-range\",");
                if (keysetCheckpoint) {
                    // As an agent that walked keysets would have left it: the last key scanned.
                    long next = Long.parseLong(checkpoint.replaceAll("[^0-9]", ""));
                    db.execute("UPDATE tandem_jobs SET checkpoint = '[\"" + (next - 1) + "\"]' WHERE id = " + id);
                }
                JobView done = EmailJobs.resumeToEnd(agent, id);
                assertThat(done.rowsScanned()).as("every row once").isEqualTo(ROWS);
                assertThat(((Number) done.result().get("mismatches")).longValue()).isEqualTo(broken.size());
                assertThat(sample(done)).hasSize(20).isSubsetOf(broken);
                if (!pg) {
                    assertThat(done.result().get("sample")).isEqualTo(broken.subList(0, 20));
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> sample(JobView job) {
        return (List<String>) job.result().get("sample");
    }

    /** Backfills, breaks the rows of {@code broken}, then reconciles, repairs and reconciles again. */
    private static void check(TestDatabase db, Agent agent, String table, List<String> broken, DbKind kind)
        throws Exception {
        // A cap of 20,000 rows/s makes chunks of at most 2,000 rows: 10,000 rows are five full chunks, and the
        // sixth finds the table's end with no row left.
        AgentConfig.JobOptions options = agent.config().jobs().withMaxRowsPerSecond(20_000).withInitialChunkRows(2_000);
        JobView backfill = agent.backfill("m", false, options, JobListener.NONE, "test");
        assertThat(backfill.rowsScanned()).isEqualTo(ROWS);
        for (String key : broken) {
            db.execute("UPDATE " + table + " SET email_address = 'wrong' WHERE " + key.replace(",", " AND ")
                .replaceAll("=([a-z][a-z0-9]*)", "='$1'"));
        }
        assertThat(broken).hasSizeGreaterThan(20);

        JobView found = agent.reconcile("m", false, options, JobListener.NONE, "test");
        assertThat(found.state()).isEqualTo("done");
        assertThat(found.rowsScanned()).as("every row scanned once").isEqualTo(ROWS);
        // Heap block ranges (PostgreSQL) size chunks from the rows per block seen so far, so their row counts
        // only approximate the 2,000-row chunks of the key walks.
        assertThat(found.chunksDone()).as("many chunks").isGreaterThanOrEqualTo(kind == DbKind.POSTGRESQL ? 3 : 5);
        assertThat(((Number) found.result().get("mismatches")).longValue()).isEqualTo(broken.size());
        if (kind == DbKind.POSTGRESQL) {
            // Heap block ranges: key order within each chunk, physical order between chunks.
            assertThat(sample(found)).hasSize(20).doesNotHaveDuplicates().isSubsetOf(broken);
        } else {
            assertThat(found.result().get("sample")).isEqualTo(broken.subList(0, 20));
        }

        JobView repaired = agent.reconcile("m", true, options, JobListener.NONE, "test");
        assertThat(((Number) repaired.result().get("repaired")).longValue()).isEqualTo(broken.size());

        JobView clean = agent.reconcile("m", false, agent.config().jobs(), JobListener.NONE, "test");
        assertThat(clean.result()).containsEntry("mismatches", 0);
        assertThat(clean.rowsScanned()).isEqualTo(ROWS);
        try (var c = db.connect(); var s = c.createStatement(); var rs = s.executeQuery("SELECT count(*) FROM " + table
            + " WHERE " + (kind == DbKind.POSTGRESQL ? "email_address IS DISTINCT FROM email"
            : "NOT (email_address <=> email)"))) {
            rs.next();
            assertThat(rs.getLong(1)).isZero();
        }
    }
}
