package dev.tandem.agent.it;

import dev.tandem.agent.AgentConfig;
import dev.tandem.agent.ddl.DdlPlan;
import dev.tandem.agent.ddl.DdlPlanner;
import dev.tandem.agent.ddl.DdlRunner;
import dev.tandem.driver.schema.Dialect;
import dev.tandem.driver.spec.Migration;
import dev.tandem.driver.spec.SpecParser;
import dev.tandem.testdb.DbKind;
import dev.tandem.testdb.TestDatabase;
import dev.tandem.testdb.TestDatabases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 14, item 2, on real servers: an old column's DEFAULT, UNIQUE index and NOT NULL reach the renamed new
 * column, each in its stage: the default, the index and (PostgreSQL) a CHECK NOT VALID at expand, NOT NULL and
 * the CHECK's validation once backfilled; MariaDB's plan notes the CHECK it cannot add online. The old columns are
 * relaxed so that inserts which leave them out (CONTRACT) succeed: NOT NULL dropped, and the default of one under a
 * UNIQUE index dropped too.
 */
class DdlConstraintsTest {
    @ParameterizedTest
    @EnumSource(DbKind.class)
    void defaultUniqueAndNotNullReachTheNewColumn(DbKind kind) throws Exception {
        TestDatabase db = TestDatabases.create(kind, "ddl_constraints");
        db.execute("CREATE TABLE accounts (id BIGINT PRIMARY KEY, handle VARCHAR(40) NOT NULL DEFAULT 'none', "
                + "note VARCHAR(40) NOT NULL, CONSTRAINT accounts_note_check CHECK (char_length(note) > 0))",
            "CREATE UNIQUE INDEX accounts_handle_key ON accounts (handle)",
            "INSERT INTO accounts (id, handle, note) VALUES (1, 'a', 'x'), (2, 'b', 'y')");
        Dialect dialect = kind == DbKind.POSTGRESQL ? Dialect.POSTGRESQL : Dialect.MYSQL;
        List<String> waits = new ArrayList<>();
        DdlRunner runner = new DdlRunner(dialect, AgentConfig.DdlOptions.defaults(), waits::add);
        try (Connection c = db.connect()) {
            DdlPlan plan = new DdlPlanner(dialect).plan(migration("EXPAND"), c);
            assertThat(plan.expand()).anySatisfy(s -> assertThat(s).contains("handle2").contains("SET DEFAULT 'none'"))
                .anySatisfy(s -> assertThat(s).contains("UNIQUE").contains("accounts_handle_key_tandem"));
            // handle keeps a default under a UNIQUE index: in CONTRACT the second insert would repeat it.
            assertThat(String.join("\n", plan.tighten())).contains("handle2").contains("note2")
                .contains("ALTER COLUMN handle DROP DEFAULT");
            if (kind == DbKind.POSTGRESQL) {
                assertThat(plan.expand()).contains("ALTER TABLE accounts ADD CONSTRAINT accounts_note_check_tandem "
                    + "CHECK ((char_length((note2)::text) > 0)) NOT VALID");
                assertThat(plan.tighten()).contains("ALTER TABLE accounts VALIDATE CONSTRAINT accounts_note_check_tandem");
            } else {
                assertThat(plan.notes()).anySatisfy(n -> assertThat(n).startsWith("CHECK accounts_note_check ")
                    .contains("is not carried over").contains("note2"));
            }
            runner.run(c, plan.toApply(false), "expand");
            exec(c, "UPDATE accounts SET handle2 = handle, note2 = note"); // the backfill

            DdlPlan later = new DdlPlanner(dialect).plan(migration("READ_NEW"), c);
            assertThat(later.expand()).isEmpty();
            runner.run(c, later.toApply(false), "tighten");
            assertThat(new DdlPlanner(dialect).plan(migration("READ_NEW"), c).tighten()).isEmpty();
        }
        assertThat(waits).isEmpty();
        try (Connection c = db.connect()) {
            // As in CONTRACT: writes set only the new columns.
            exec(c, "INSERT INTO accounts (id, handle2, note2) VALUES (3, 'c', 'z')");
            exec(c, "INSERT INTO accounts (id, note2) VALUES (4, 'w')");
            assertThat(query(c, "SELECT handle2 FROM accounts WHERE id = 4")).isEqualTo("none");
            assertThat(query(c, "SELECT handle FROM accounts WHERE id = 3")).isNull();
            assertThatThrownBy(() -> exec(c, "INSERT INTO accounts (id, handle2, note2) VALUES (5, 'c', 'v')"))
                .as("unique on the new column").isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> exec(c, "INSERT INTO accounts (id, handle2) VALUES (6, 'd')"))
                .as("note2 is NOT NULL").isInstanceOf(SQLException.class);
            if (kind == DbKind.POSTGRESQL) {
                assertThatThrownBy(() -> exec(c, "INSERT INTO accounts (id, handle2, note2) VALUES (7, 'e', '')"))
                    .as("the CHECK on note2").isInstanceOf(SQLException.class).hasMessageContaining("_tandem");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DbKind.class)
    void foreignKeyMovesToTheNewColumnAtContract(DbKind kind) throws Exception {
        TestDatabase db = TestDatabases.create(kind, "ddl_fk");
        db.execute("CREATE TABLE owners (id BIGINT PRIMARY KEY)", "INSERT INTO owners (id) VALUES (1), (2)",
            "CREATE TABLE pets (id BIGINT PRIMARY KEY, owner BIGINT, CONSTRAINT pets_owner_fk FOREIGN KEY (owner) "
                + "REFERENCES owners (id))",
            "INSERT INTO pets (id, owner) VALUES (1, 1), (2, 2)");
        Dialect dialect = kind == DbKind.POSTGRESQL ? Dialect.POSTGRESQL : Dialect.MYSQL;
        DdlRunner runner = new DdlRunner(dialect, AgentConfig.DdlOptions.defaults(), line -> { });
        try (Connection c = db.connect()) {
            DdlPlan plan = new DdlPlanner(dialect).plan(pets("EXPAND"), c);
            assertThat(plan.expand()).noneMatch(sql -> sql.contains("FOREIGN KEY"));
            if (kind == DbKind.POSTGRESQL) {
                assertThat(plan.contract()).containsExactly(
                    "ALTER TABLE pets ADD CONSTRAINT pets_owner_fk_tandem FOREIGN KEY (owner2) REFERENCES owners (id) "
                        + "NOT VALID",
                    "ALTER TABLE pets VALIDATE CONSTRAINT pets_owner_fk_tandem",
                    "ALTER TABLE pets DROP COLUMN owner");
            } else {
                assertThat(plan.contract()).containsExactly(
                    "ALTER TABLE pets DROP FOREIGN KEY pets_owner_fk, ALGORITHM=INPLACE, LOCK=NONE",
                    "ALTER TABLE pets DROP COLUMN owner, ALGORITHM=INPLACE, LOCK=NONE");
                assertThat(plan.notes()).anySatisfy(n -> assertThat(n).startsWith("FOREIGN KEY pets_owner_fk (owner)")
                    .contains("REFERENCES owners (id) by hand at CONTRACT"));
            }
            runner.run(c, plan.toApply(false), "expand");
            exec(c, "UPDATE pets SET owner2 = owner");
            runner.run(c, new DdlPlanner(dialect).plan(pets("CONTRACT"), c).toApply(true), "contract");
            assertThat(new DdlPlanner(dialect).plan(pets("CONTRACT"), c).contract()).isEmpty();
            exec(c, "INSERT INTO pets (id, owner2) VALUES (3, 2)");
            if (kind == DbKind.POSTGRESQL) {
                assertThatThrownBy(() -> exec(c, "INSERT INTO pets (id, owner2) VALUES (4, 99)"))
                    .as("the key on owner2").isInstanceOf(SQLException.class).hasMessageContaining("pets_owner_fk_tandem");
            }
        }
    }

    private static Migration pets(String phase) throws Exception {
        return SpecParser.parse("migrations:\n  - id: pets\n    table: pets\n    key: [id]\n    columns:\n"
            + "      - old: owner\n        new: owner2\n    phase: " + phase + "\n", "test").get(0);
    }

    private static Migration migration(String phase) throws Exception {
        return SpecParser.parse("migrations:\n  - id: accounts\n    table: accounts\n    key: [id]\n    columns:\n"
            + "      - old: handle\n        new: handle2\n      - old: note\n        new: note2\n    phase: " + phase
            + "\n", "test").get(0);
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String query(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
