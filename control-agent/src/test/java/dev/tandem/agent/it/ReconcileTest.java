package dev.tandem.agent.it;

import dev.tandem.agent.Agent;
import dev.tandem.agent.AgentConfig;
import dev.tandem.agent.Views.JobView;
import dev.tandem.agent.jobs.JobListener;
import dev.tandem.driver.spec.Phase;
import dev.tandem.testdb.DbKind;
import dev.tandem.testdb.TestDatabase;
import dev.tandem.testdb.TestDatabases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reconcile's one-statement chunks on a composite key (a text and an integer column, compared as row
 * values) and on a single integer key: over many chunks, the mismatch count is exact, the sample holds the
 * first 20 mismatched keys in key order, every row is scanned exactly once (also when the table ends
 * exactly at a chunk's end), and repair fixes exactly the mismatched rows.
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
        try (Agent agent = agent(db, "accounts", "[tenant, n]")) {
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
        try (Agent agent = agent(db, "people", "[id]")) {
            List<String> broken = new ArrayList<>();
            for (int id = 7; id <= ROWS; id += 333) {
                broken.add("id=" + id);
            }
            check(db, agent, "people", broken, kind);
        }
    }

    private static Agent agent(TestDatabase db, String table, String key) throws Exception {
        Path dir = Files.createTempDirectory("tandem-reconcile-it");
        Path spec = dir.resolve("migrations.yaml");
        Files.writeString(spec, "migrations:\n  - id: m\n    table: " + table + "\n    key: " + key + "\n"
            + "    columns:\n      - old: email\n        new: email_address\n    phase: EXPAND\n");
        Agent agent = Agent.open(AgentConfig.of(db.jdbcUrl(), spec).withBarrierTimeout(Duration.ofSeconds(5)));
        agent.init();
        agent.reload("test");
        agent.apply("m", false, "test");
        agent.phase("m", Phase.DUAL_WRITE, false, null, "test");
        return agent;
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
        assertThat(found.chunksDone()).as("many chunks").isGreaterThanOrEqualTo(5);
        assertThat(((Number) found.result().get("mismatches")).longValue()).isEqualTo(broken.size());
        assertThat(found.result().get("sample")).isEqualTo(broken.subList(0, 20));

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
