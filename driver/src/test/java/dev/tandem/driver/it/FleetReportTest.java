package dev.tandem.driver.it;

import dev.tandem.driver.internal.runtime.Runtimes;
import dev.tandem.driver.spec.Phase;
import dev.tandem.testdb.DbKind;
import dev.tandem.testdb.TestDatabase;
import dev.tandem.testdb.TestDatabases;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The figures an instance reports for the canary autopilot: statements on a migrated table are counted on
 * the side they read (new in READ_NEW at 100 %, old in DUAL_WRITE), SQL errors with them, and each lands in
 * the latency histogram; statements on other tables are not counted.
 */
class FleetReportTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(DbKind.class)
    void statementsAndErrorsAreCountedOnTheSideTheyRead(DbKind kind) throws Exception {
        TestDatabase db = TestDatabases.create(kind, "fleet_report");
        db.execute(Fixture.schema(kind));
        Fixture.seed(db);
        db.execute("UPDATE users SET email_address = email");
        Path spec = dir.resolve("migrations.yaml");
        Specs.write(spec, kind, Phase.READ_NEW, 100, 100);
        String id = "fleet-report-" + kind;
        try (Connection c = DriverManager.getConnection(db.tandemUrl("tandem.config=file:" + spec
            + "&tandem.instanceId=" + id + "&tandem.reloadIntervalMs=50"))) {
            try (Statement s = c.createStatement()) {
                for (int i = 0; i < 3; i++) {
                    s.executeQuery("SELECT email FROM users WHERE id = 1").close();
                }
                s.executeQuery("SELECT 1").close(); // touches no migration
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT email FROM users WHERE id = ?")) {
                ps.setInt(1, 2);
                for (int i = 0; i < 2; i++) {
                    try (ResultSet rs = ps.executeQuery()) {
                        assertThat(rs.next()).isTrue();
                    }
                }
            }
            try (Statement s = c.createStatement()) {
                String failing = kind == DbKind.POSTGRESQL ? "SELECT email FROM users WHERE id = CAST('x' AS INT)"
                    : "SELECT email FROM users WHERE id = 1 AND (SELECT 1 UNION SELECT 2) = 1";
                assertThrows(SQLException.class, () -> s.executeQuery(failing).close());
            }
            String report = Runtimes.forInstance(id).fleetReport();
            assertThat(side(report, "users-email", "new")).as(report).containsExactly(6, 1, 0, 0);
            assertThat(side(report, "users-email", "old")).as(report).containsExactly(0, 0, 0, 0);
            assertThat(buckets(report, "users-email", "new")).as(report).isEqualTo(6);

            Specs.write(spec, kind, Phase.DUAL_WRITE, 100, 100);
            Specs.awaitVersion(id, 2);
            try (Statement s = c.createStatement()) {
                s.executeQuery("SELECT email FROM users WHERE id = 1").close();
            }
            String after = Runtimes.forInstance(id).fleetReport();
            assertThat(side(after, "users-email", "old")).as(after).containsExactly(1, 0, 0, 0);
            assertThat(side(after, "users-email", "new")).as(after).containsExactly(6, 1, 0, 0);
        }
    }

    /** Statements, errors, comparisons and mismatches of one side. */
    private static long[] side(String report, String migration, String side) {
        Matcher m = Pattern.compile(";" + Pattern.quote(migration) + "\\|" + side
            + "\\|(\\d+)\\|(\\d+)\\|(\\d+)\\|(\\d+)\\|").matcher(report);
        if (!m.find()) {
            return new long[] {0, 0, 0, 0};
        }
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
            Long.parseLong(m.group(4))};
    }

    private static long buckets(String report, String migration, String side) {
        Matcher m = Pattern.compile(";" + Pattern.quote(migration) + "\\|" + side + "\\|(?:\\d+\\|){4}([0-9,]+)")
            .matcher(report);
        assertThat(m.find()).isTrue();
        long sum = 0;
        for (String b : m.group(1).split(",")) {
            sum += Long.parseLong(b);
        }
        return sum;
    }
}
