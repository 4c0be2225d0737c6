package dev.tandem.driver.it;

import dev.tandem.driver.spec.Phase;
import dev.tandem.testdb.DbKind;
import dev.tandem.testdb.TestDatabase;
import dev.tandem.testdb.TestDatabases;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Acceptance 5: bad URLs, options, specs and statements each get a clear error (SQLState and a message
 * saying what failed and what to do), and a refused statement changes nothing.
 */
class BadInputTest {
    private static final Map<DbKind, TestDatabase> DBS = new EnumMap<>(DbKind.class);
    @TempDir
    static Path dir;
    private static Path readNewSpec;

    @BeforeAll
    static void databases() throws Exception {
        for (DbKind kind : DbKind.values()) {
            TestDatabase db = TestDatabases.create(kind, "bad_input");
            db.execute(Fixture.schema(kind));
            db.execute("CREATE TABLE guests (id BIGINT PRIMARY KEY, email VARCHAR(200))",
                "CREATE VIEW user_emails AS SELECT id, email FROM users");
            Fixture.seed(db);
            DBS.put(kind, db);
        }
        readNewSpec = dir.resolve("read-new.yaml");
        Specs.write(readNewSpec, Fixture.spec(DbKind.POSTGRESQL, Phase.READ_NEW, 100, 100));
    }

    /** name, kind, tandem query, SQL (null: just connect), expected SQLState, message fragments. */
    static Stream<Arguments> connectionErrors() throws Exception {
        List<Arguments> out = new ArrayList<>();
        Path broken = Files.writeString(Files.createTempFile("broken", ".yaml"), "migrations:\n  - id: x\n");
        for (DbKind k : DbKind.values()) {
            out.add(Arguments.of("unknown option", k, "tandem.confg=file:/x.yaml", "22023",
                List.of("tandem.confg", "tandem.config")));
            out.add(Arguments.of("bad option value", k, "tandem.onUnsupported=maybe&tandem.config=file:/x", "22023",
                List.of("maybe", "fail, passthrough")));
            out.add(Arguments.of("missing config", k, "", "TD005", List.of("tandem.config=file:")));
            out.add(Arguments.of("config file missing", k, "tandem.config=file:/nonexistent/m.yaml", "TD005",
                List.of("/nonexistent/m.yaml")));
            out.add(Arguments.of("invalid spec", k, "tandem.config=file:" + broken, "TD005",
                List.of(broken.toString(), "migration 'x'", "field 'table' is required")));
            out.add(Arguments.of("bad plan cache size", k, "tandem.planCacheSize=-3&tandem.config=file:/x", "22023",
                List.of("tandem.planCacheSize", "positive integer")));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("connectionErrors")
    void badConnectionSettingsFailWithAClearError(String name, DbKind kind, String query, String state,
                                                   List<String> fragments) {
        String url = DBS.get(kind).tandemUrl(query.isEmpty() ? "tandem.instanceId=bad-" + name.replace(' ', '-')
            : query + "&tandem.instanceId=bad-" + name.replace(' ', '-'));
        SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(url).close());
        assertThat(e.getSQLState()).isEqualTo(state);
        assertThat(e.getMessage()).contains(fragments);
    }

    static Stream<Arguments> refusedStatements() {
        List<Arguments> out = new ArrayList<>();
        for (DbKind k : DbKind.values()) {
            out.add(Arguments.of("unparseable statement on a migrated table", k, "SELEC email FRM users", "TD002",
                List.of("users-email", "READ_NEW", "could not be parsed", "tandem.onUnsupported")));
            out.add(Arguments.of("ambiguous unqualified column", k, "SELECT email FROM users, guests", "TD003",
                List.of("users-email", "READ_NEW", "unqualified column 'email'", "qualify it")));
            out.add(Arguments.of("row subquery assigning a migrated column", k,
                "UPDATE users SET (email, name) = (SELECT g.email, 'x' FROM guests g WHERE g.id = users.id)", "TD001",
                List.of("users-email", "assign each column separately")));
            out.add(Arguments.of("insert select star over a join", k, "INSERT INTO users (id, email) SELECT * FROM "
                + "guests g JOIN audit_log a ON a.id = g.id", "TD001", List.of("SELECT *", "list the selected columns")));
            out.add(Arguments.of("several statements in one call", k,
                "UPDATE users SET email = 'a@x' WHERE id = 1; SELECT 1", "TD001",
                List.of("users-email", "2 statements in one call")));
            out.add(Arguments.of("view over an old column", k, "SELECT email FROM user_emails WHERE id = 1", "TD001",
                List.of("users-email", "view user_emails", "Recreate the view")));
            out.add(Arguments.of("write through a view over an old column", k,
                "UPDATE user_emails SET email = 'x@x' WHERE id = 1", "TD001", List.of("view user_emails",
                    "one side only")));
            out.add(Arguments.of("natural join", k, "SELECT u.id FROM users u NATURAL JOIN guests g", "TD001",
                List.of("NATURAL JOIN", "write the join with ON")));
            out.add(Arguments.of("join using old column", k, "SELECT u.id FROM users u JOIN guests g USING (email)",
                "TD001", List.of("USING (email)", "write the join with ON")));
        }
        out.add(Arguments.of("data-modifying CTE", DbKind.POSTGRESQL, "WITH u AS (UPDATE users SET email = 'x' "
            + "RETURNING id) SELECT id FROM u", "TD001", List.of("users-email", "ParenthesedUpdate")));
        out.add(Arguments.of("merge statement", DbKind.POSTGRESQL, "MERGE INTO users u USING guests g ON u.id = g.id "
            + "WHEN MATCHED THEN UPDATE SET email = g.email", "TD001", List.of("MERGE")));
        out.add(Arguments.of("table function next to migrated table", DbKind.POSTGRESQL,
            "SELECT email FROM users, generate_series(1, 2) g", "TD003", List.of("cannot see")));
        return out.stream();
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("refusedStatements")
    void statementThatCannotBeRewrittenExactlyIsRefusedAndChangesNothing(String name, DbKind kind, String sql,
                                                                         String state, List<String> fragments)
        throws Exception {
        TestDatabase db = DBS.get(kind);
        Path spec = dir.resolve("read-new-" + kind + ".yaml");
        Specs.write(spec, Fixture.spec(kind, Phase.READ_NEW, 100, 100));
        List<String> before = Fixture.physicalState(db);
        try (Connection c = DriverManager.getConnection(db.tandemUrl("tandem.config=file:" + spec
            + "&tandem.instanceId=refusals-" + kind)); Statement s = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> s.execute(sql));
            assertThat(e.getSQLState()).isEqualTo(state);
            assertThat(e.getMessage()).contains(fragments);
        }
        assertThat(Fixture.physicalState(db)).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(DbKind.class)
    void passthroughModeSendsUnsupportedStatementsUnchanged(DbKind kind) throws Exception {
        TestDatabase db = DBS.get(kind);
        Path spec = dir.resolve("passthrough-" + kind + ".yaml");
        Specs.write(spec, Fixture.spec(kind, Phase.DUAL_WRITE, 100, 100));
        try (Connection c = DriverManager.getConnection(db.tandemUrl("tandem.config=file:" + spec
            + "&tandem.instanceId=passthrough-" + kind + "&tandem.onUnsupported=passthrough"));
             Statement s = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> s.execute("SELEC email FRM users"));
            assertThat(e.getSQLState()).as("the server's own syntax error, not Tandem's").doesNotStartWith("TD");
            assertThat(s.executeUpdate("UPDATE guests SET email = 'x' WHERE id = 1")).isZero();
        }
    }
}
