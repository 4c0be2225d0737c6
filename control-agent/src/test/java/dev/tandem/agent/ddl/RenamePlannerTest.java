package dev.tandem.agent.ddl;

import dev.tandem.driver.schema.Dialect;
import dev.tandem.driver.spec.Migration;
import dev.tandem.driver.spec.SpecParser;
import dev.tandem.testdb.DbKind;
import dev.tandem.testdb.TestDatabase;
import dev.tandem.testdb.TestDatabases;
import org.junit.jupiter.api.Test;

import java.sql.Connection;

import static org.assertj.core.api.Assertions.assertThat;

/** The rename DDL as planned from the server's state, including the states an interrupted MySQL run leaves. */
class RenamePlannerTest {
    private static Migration rename() throws Exception {
        return SpecParser.parse("migrations:\n  - id: r\n    kind: rename\n    table: things\n    target: items\n",
            "m.yaml").get(0);
    }

    @Test
    void mysqlPlanResumesAnInterruptedRenameAndNeverDropsATableWithRows() throws Exception {
        TestDatabase db = TestDatabases.create(DbKind.MARIADB, "rename_plan");
        db.execute("CREATE TABLE things (id INT PRIMARY KEY, v VARCHAR(10))", "INSERT INTO things VALUES (1, 'a')");
        RenamePlanner planner = new RenamePlanner(Dialect.MYSQL);
        Migration m = rename();
        try (Connection c = db.connect()) {
            assertThat(planner.plan(m, c).expand()).containsExactly("CREATE TABLE items LIKE things",
                "CREATE OR REPLACE VIEW things_tandem_c AS SELECT * FROM items", "DROP TABLE items",
                "RENAME TABLE things TO items, things_tandem_c TO things");
            db.execute("CREATE TABLE items LIKE things", "CREATE OR REPLACE VIEW things_tandem_c AS SELECT * FROM items");
            assertThat(planner.state(m, c).isRenamed()).as("a scratch copy is not a rename").isFalse();
            assertThat(planner.plan(m, c).expand()).containsExactly(
                "CREATE OR REPLACE VIEW things_tandem_c AS SELECT * FROM items", "DROP TABLE items",
                "RENAME TABLE things TO items, things_tandem_c TO things");
            db.execute("INSERT INTO items VALUES (2, 'b')");
            DdlPlan blocked = planner.plan(m, c);
            assertThat(blocked.steps()).isEmpty();
            assertThat(blocked.notes()).anyMatch(n -> n.contains("with rows already exists"));
            db.execute("DELETE FROM items");
            for (String sql : planner.plan(m, c).expand()) {
                db.execute(sql);
            }
            assertThat(planner.state(m, c).compatibilityView()).isTrue();
            assertThat(planner.plan(m, c).expand()).isEmpty();
            assertThat(planner.plan(m, c).contract()).containsExactly("DROP VIEW things");
        }
    }

    @Test
    void postgresRenamesInOneStepAndRefusesATakenName() throws Exception {
        TestDatabase db = TestDatabases.create(DbKind.POSTGRESQL, "rename_plan");
        db.execute("CREATE TABLE things (id INT PRIMARY KEY)");
        RenamePlanner planner = new RenamePlanner(Dialect.POSTGRESQL);
        Migration m = rename();
        try (Connection c = db.connect()) {
            assertThat(planner.plan(m, c).expand()).containsExactly(
                "ALTER TABLE things RENAME TO items; CREATE VIEW things AS SELECT * FROM items");
            db.execute("CREATE TABLE items (id INT)");
            DdlPlan taken = planner.plan(m, c);
            assertThat(taken.steps()).isEmpty();
            assertThat(taken.notes()).anyMatch(n -> n.contains("already exists"));
        }
    }
}
