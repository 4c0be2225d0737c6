package dev.tandem.driver.it;

import dev.tandem.driver.spec.Phase;
import dev.tandem.testdb.DbKind;
import dev.tandem.testdb.TestDatabase;
import dev.tandem.testdb.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Acceptance 1: every statement shape of {@link RewriteCases}, in every phase where the rules differ,
 * executed through Tandem against a real server and compared with the same statement run by the raw
 * driver against a control database holding the truth in the application's (old) shape.
 *
 * <p>Reads: the side a phase must not read is overwritten with wrong values first, so the results
 * can only match if Tandem read the right side. Writes: the logical old-side state of every table
 * must match the control, and while dual-writing every row must satisfy new = forward(old).
 */
class RewriteCasesTest {
    private static final Phase[] READ_PHASES = {Phase.EXPAND, Phase.DUAL_WRITE, Phase.SHADOW_READ, Phase.READ_NEW,
        Phase.CONTRACT};
    private static final Phase[] WRITE_PHASES = {Phase.EXPAND, Phase.DUAL_WRITE, Phase.READ_NEW, Phase.CONTRACT};
    private static final Map<DbKind, Env> ENVS = new EnumMap<>(DbKind.class);

    /** The databases and connections of one server kind. */
    private static final class Env {
        final TestDatabase tandem;
        final TestDatabase control;
        final Connection controlConnection;
        final Map<Phase, Connection> tandemConnections = new HashMap<>();
        final Path dir;

        Env(DbKind kind) throws SQLException, IOException {
            tandem = TestDatabases.create(kind, "rewrite_cases");
            control = TestDatabases.create(kind, "rewrite_control");
            tandem.execute(Fixture.schema(kind));
            control.execute(Fixture.schema(kind));
            controlConnection = control.connect();
            dir = Files.createTempDirectory("tandem-cases");
        }

        Connection tandemConnection(Phase phase) throws SQLException, IOException {
            Connection c = tandemConnections.get(phase);
            if (c == null) {
                Path spec = Fixture.writeSpec(dir, tandem.kind(), phase);
                c = DriverManager.getConnection(tandem.tandemUrl("tandem.config=file:" + spec
                    + "&tandem.instanceId=cases-" + phase));
                tandemConnections.put(phase, c);
            }
            return c;
        }
    }

    static synchronized Env env(DbKind kind) throws SQLException, IOException {
        Env e = ENVS.get(kind);
        if (e == null) {
            e = new Env(kind);
            ENVS.put(kind, e);
        }
        return e;
    }

    @AfterAll
    static void closeConnections() throws SQLException {
        for (Env e : ENVS.values()) {
            e.controlConnection.close();
            for (Connection c : e.tandemConnections.values()) {
                c.close();
            }
        }
    }

    static Stream<Arguments> readCases() {
        return cases(RewriteCases.reads(), READ_PHASES);
    }

    static Stream<Arguments> writeCases() {
        return cases(RewriteCases.writes(), WRITE_PHASES);
    }

    private static Stream<Arguments> cases(List<RewriteCase> cases, Phase[] phases) {
        List<Arguments> out = new ArrayList<>();
        for (DbKind kind : DbKind.values()) {
            for (RewriteCase c : cases) {
                if (!c.dbs.contains(kind)) {
                    continue;
                }
                for (Phase p : phases) {
                    out.add(Arguments.of(kind, p, c));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @MethodSource("readCases")
    void readReturnsWhatTheControlReturns(DbKind kind, Phase phase, RewriteCase c) throws Exception {
        Env env = env(kind);
        Fixture.seed(env.tandem);
        Fixture.seed(env.control);
        boolean readsNew = phase == Phase.READ_NEW || phase.newSideIsTruth();
        if (readsNew || !c.showsBothSides) {
            Fixture.corrupt(env.tandem, readsNew);
        }

        if (c.refusedIn.contains(phase)) {
            SQLException e = assertThrows(SQLException.class, () -> execute(env.tandemConnection(phase), c));
            assertThat(e.getSQLState()).startsWith("TD");
            assertThat(e.getMessage()).contains(phase.name());
            return;
        }
        List<String> expected = execute(env.controlConnection, c);
        List<String> actual = execute(env.tandemConnection(phase), c);

        assertThat(actual).as("%s in %s on %s", c.sql, phase, kind).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @MethodSource("writeCases")
    void writeLeavesTheSameLogicalState(DbKind kind, Phase phase, RewriteCase c) throws Exception {
        Env env = env(kind);
        Fixture.seed(env.tandem);
        Fixture.seed(env.control);

        if (c.refusedIn.contains(phase)) {
            List<String> before = Fixture.physicalState(env.tandem);
            SQLException e = assertThrows(SQLException.class, () -> execute(env.tandemConnection(phase), c));
            assertThat(e.getSQLState()).startsWith("TD");
            assertThat(e.getMessage()).contains(phase.name());
            assertThat(Fixture.physicalState(env.tandem)).isEqualTo(before);
            return;
        }
        List<String> expectedResult = execute(env.controlConnection, c);
        List<String> actualResult = execute(env.tandemConnection(phase), c);

        assertThat(actualResult).as("result of %s in %s", c.sql, phase).isEqualTo(expectedResult);
        if (phase == Phase.EXPAND) {
            assertThat(Fixture.physicalState(env.tandem)).isEqualTo(Fixture.physicalState(env.control));
            return;
        }
        assertThat(Fixture.logicalState(env.tandem, !phase.newSideIsTruth()))
            .as("logical state after %s in %s", c.sql, phase)
            .isEqualTo(Fixture.logicalState(env.control, !c.newNames));
        if (phase.dualWrites()) {
            assertThat(Fixture.inconsistentRows(env.tandem)).as("rows where new != forward(old) after %s", c.sql)
                .isEmpty();
        }
    }

    /** Runs the case; returns its result rows or update counts as text. */
    static List<String> execute(Connection connection, RewriteCase c) throws SQLException {
        switch (c.api) {
            case STATEMENT:
                try (Statement s = connection.createStatement()) {
                    return outcome(s, s.execute(c.sql));
                }
            case BATCH:
                try (PreparedStatement ps = connection.prepareStatement(c.sql)) {
                    for (List<Object> row : c.params) {
                        bind(ps, row);
                        ps.addBatch();
                    }
                    return List.of("batch " + Arrays.toString(ps.executeBatch()));
                }
            default:
                try (PreparedStatement ps = connection.prepareStatement(c.sql)) {
                    bind(ps, c.params.get(0));
                    return outcome(ps, ps.execute());
                }
        }
    }

    private static List<String> outcome(Statement s, boolean hasResult) throws SQLException {
        if (hasResult) {
            try (ResultSet rs = s.getResultSet()) {
                return Fixture.render(rs, "row");
            }
        }
        return List.of("update count " + s.getUpdateCount());
    }

    private static void bind(PreparedStatement ps, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Object v = params.get(i);
            if (v instanceof RewriteCase.Null) {
                ps.setNull(i + 1, ((RewriteCase.Null) v).sqlType());
            } else {
                ps.setObject(i + 1, v);
            }
        }
    }
}
