package dev.tandem.driver.it;

import dev.tandem.driver.spec.Phase;
import dev.tandem.testdb.DbKind;
import dev.tandem.testdb.TestDatabase;
import dev.tandem.testdb.TestDatabases;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Row changes through an updatable result set of a query on a migrated table (class 6 of issue 12): the JDBC
 * driver's own UPDATE/INSERT would write one side only; Tandem writes the row through its own rewritten
 * statement. Checked against real servers: the logical state is the one the change asked for, and while
 * dual-writing both sides agree.
 */
class UpdatableResultSetTest {
    @TempDir
    static Path dir;

    static Stream<Arguments> phases() {
        List<Arguments> out = new ArrayList<>();
        for (DbKind k : DbKind.values()) {
            for (Phase p : new Phase[] {Phase.DUAL_WRITE, Phase.READ_NEW, Phase.CONTRACT}) {
                out.add(Arguments.of(k, p));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("phases")
    void updateRowAndInsertRowWriteBothSides(DbKind kind, Phase phase) throws Exception {
        TestDatabase db = TestDatabases.create(kind, "updatable_rs");
        db.execute(Fixture.schema(kind));
        Fixture.seed(db);
        Path spec = dir.resolve("updatable-" + kind + "-" + phase + ".yaml");
        Specs.write(spec, kind, phase, 100, 100);
        try (Connection c = DriverManager.getConnection(db.tandemUrl("tandem.config=file:" + spec
            + "&tandem.instanceId=updatable-" + kind + "-" + phase));
             Statement s = c.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_UPDATABLE);
             ResultSet rs = s.executeQuery("SELECT id, name, email FROM users WHERE id = 2")) {
            assertThat(rs.next()).isTrue();
            rs.updateString("email", "robert@x.io");
            rs.updateString(2, "robert");
            rs.updateRow();

            rs.moveToInsertRow();
            rs.updateLong("id", 9);
            rs.updateString("name", "ivy");
            rs.updateString("email", "ivy@x.io");
            rs.insertRow();
            rs.moveToCurrentRow();
        }
        List<String> state = Fixture.logicalState(db, !phase.newSideIsTruth());
        assertThat(state).contains("users: id=2 name=robert email=robert@x.io", "users: id=9 name=ivy email=ivy@x.io");
        if (phase.dualWrites()) {
            assertThat(Fixture.inconsistentRows(db)).as("rows where new != forward(old)").isEmpty();
        }
    }
}
