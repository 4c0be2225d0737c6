package dev.tandem.agent.it;

import dev.tandem.agent.Agent;
import dev.tandem.agent.Views.JobView;
import dev.tandem.agent.jobs.JobListener;
import dev.tandem.testdb.DbKind;
import dev.tandem.testdb.TestDatabase;
import dev.tandem.testdb.TestDatabases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;


import static org.assertj.core.api.Assertions.assertThat;

/**
 * The backfill of a single integer key walks key ranges (no bound probe per chunk): over keys from
 * Long.MIN_VALUE to Long.MAX_VALUE with huge gaps, a stretch of half-density keys and a stretch whose rows
 * already agree, it changes exactly the differing rows and crosses each gap in one chunk; a second backfill
 * over the agreeing table counts every row once and changes none; a paused backfill resumes from its
 * key-range checkpoint, or from the last-key checkpoint an agent that walked keysets left, and writes every
 * row exactly once.
 */
class BackfillRangesTest {
    private static final int ROWS = 10_000;

    @ParameterizedTest
    @EnumSource(DbKind.class)
    void sparseKeysWithGapsAndAgreeingRows(DbKind kind) throws Exception {
        TestDatabase db = TestDatabases.create(kind, "backfill_sparse");
        db.execute("CREATE TABLE sparse (id BIGINT PRIMARY KEY, email VARCHAR(200))");
        insert(db, kind, "sparse", "-1001 + g", 1_000);          // -1000 .. -1
        insert(db, kind, "sparse", "g", 4_000);                  // 1 .. 4000
        insert(db, kind, "sparse", "1000000000000 + 2 * g", 2_000); // every other key after 10^12
        db.execute("INSERT INTO sparse (id, email) VALUES (" + Long.MIN_VALUE + ", 'min@x.io'), (" + Long.MAX_VALUE
            + ", 'max@x.io')");
        long total = 7_002;
        try (Agent agent = EmailJobs.agent(db, "sparse", "[id]")) {
            // Rows the application already wrote both sides of under DUAL_WRITE.
            db.execute("UPDATE sparse SET email_address = email WHERE id BETWEEN 1001 AND 2000");
            long differing = total - 1_000;

            JobView first = agent.backfill("m", false, agent.config().jobs().withInitialChunkRows(100),
                JobListener.NONE, "test");
            assertThat(first.state()).isEqualTo("done");
            assertThat(first.rowsDone()).as("exactly the differing rows written").isEqualTo(differing);
            // A chunk that changed at least 90 % of the rows its range should hold takes them for its rows
            // scanned; the agreeing stretch is counted where it makes a chunk fall short.
            assertThat(first.rowsScanned()).isBetween(differing, total);
            // Three gaps (after Long.MIN_VALUE, after 4000, before Long.MAX_VALUE) each cost one chunk; walking
            // them range by range would take thousands.
            assertThat(first.chunksDone()).isLessThan(80);
            assertThat(differing(db, kind, "sparse")).isZero();

            JobView again = agent.backfill("m", false, agent.config().jobs().withInitialChunkRows(100),
                JobListener.NONE, "test");
            assertThat(again.rowsDone()).as("nothing left to write").isZero();
            assertThat(again.rowsScanned()).as("every row counted once").isEqualTo(total);
        }
    }

    @ParameterizedTest
    @EnumSource(DbKind.class)
    void pausedBackfillResumesFromEitherCheckpointFormat(DbKind kind) throws Exception {
        TestDatabase db = TestDatabases.create(kind, "backfill_resume");
        db.execute("CREATE TABLE people (id INT PRIMARY KEY, email VARCHAR(200))");
        insert(db, kind, "people", "g", ROWS);
        try (Agent agent = EmailJobs.agent(db, "people", "[id]")) {
            for (boolean keysetCheckpoint : new boolean[] {false, true}) {
                db.execute("UPDATE people SET email_address = NULL");
                // 2,000 rows/s: chunks of 200 rows, five seconds for the table; paused after a few chunks.
                JobView started = agent.startBackfill("m", false, EmailJobs.slow(agent), "test");
                long id = started.id();
                JobView paused = EmailJobs.pauseAfter(agent, id, 3);
                assertThat(paused.rowsDone()).isBetween(1L, ROWS - 1L);
                String checkpoint = EmailJobs.checkpoint(db, id);
                assertThat(checkpoint).startsWith("[\"@key-range\",");
                long next = Long.parseLong(checkpoint.replaceAll("[^0-9]", ""));
                assertThat(next - 1).as("the checkpoint is the end of what was written").isEqualTo(written(db));
                if (keysetCheckpoint) {
                    // As an agent that walked keysets would have left it: the last key written.
                    db.execute("UPDATE tandem_jobs SET checkpoint = '[\"" + (next - 1) + "\"]' WHERE id = " + id);
                }
                JobView done = EmailJobs.resumeToEnd(agent, id);
                assertThat(done.rowsDone()).as("every row written exactly once").isEqualTo(ROWS);
                assertThat(done.rowsScanned()).as("every row scanned exactly once").isEqualTo(ROWS);
                assertThat(differing(db, kind, "people")).isZero();
            }
        }
    }

    /** Inserts {@code rows} rows with id {@code idOfG} for g = 1 .. rows. */
    private static void insert(TestDatabase db, DbKind kind, String table, String idOfG, int rows) throws Exception {
        db.execute(kind == DbKind.POSTGRESQL
            ? "INSERT INTO " + table + " (id, email) SELECT " + idOfG + ", 'u' || g || '@x.io' FROM generate_series(1, "
                + rows + ") g"
            : "INSERT INTO " + table + " (id, email) SELECT " + idOfG.replace("g", "CAST(seq AS SIGNED)") + ", CONCAT('u', seq, "
                + "'@x.io') FROM seq_1_to_" + rows);
    }

    private static long differing(TestDatabase db, DbKind kind, String table) throws Exception {
        try (var c = db.connect(); var s = c.createStatement(); var rs = s.executeQuery("SELECT count(*) FROM " + table
            + " WHERE " + (kind == DbKind.POSTGRESQL ? "email_address IS DISTINCT FROM email"
            : "NOT (email_address <=> email)"))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The largest id whose new column is written (the backfill walks ids upward from the smallest). */
    private static long written(TestDatabase db) throws Exception {
        try (var c = db.connect(); var s = c.createStatement(); var rs = s.executeQuery("SELECT max(id) FROM people "
            + "WHERE email_address IS NOT NULL")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
