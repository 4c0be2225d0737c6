package dev.tandem.driver.internal.jdbc;

import dev.tandem.driver.internal.plan.Plan;
import dev.tandem.driver.stub.FakePlanner;
import dev.tandem.driver.stub.SetCall;
import dev.tandem.driver.stub.StubCallableStatement;
import dev.tandem.driver.stub.StubConnection;
import dev.tandem.driver.stub.StubPreparedStatement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Version 1 sends the insert untouched; from version 2 on (DUAL_WRITE) it is rewritten with parameter 2
 * fanned out, as a phase change would do to a long-lived prepared statement.
 */
class ReplanTest {
    private static final String INSERT = "insert into users (id, email) values (?, ?)";
    private static final String REWRITTEN = "insert into users (id, email, email_address) values (?, ?, ?)";

    private final FakePlanner planner = new FakePlanner().rule(INSERT, (sql, v) -> v < 2
        ? Plan.passthrough(sql, v)
        : Plan.rewritten(REWRITTEN, v, new int[][] {{1}, {2, 3}}, null, true));
    private StubConnection stub;
    private Connection connection;

    @BeforeEach
    void connect() throws SQLException {
        stub = new StubConnection("jdbc:stub:test", null);
        connection = ConnectionWrapper.wrap(stub, planner);
    }

    private StubPreparedStatement physical(PreparedStatement ps) throws SQLException {
        return ps.unwrap(StubPreparedStatement.class);
    }

    @Test
    void aVersionChangeBeforeExecutionRepreparesAndReplaysTheParameters() throws SQLException {
        PreparedStatement ps = connection.prepareStatement(INSERT, Statement.RETURN_GENERATED_KEYS);
        ps.setQueryTimeout(7);
        StubPreparedStatement old = physical(ps);
        ps.setLong(1, 42L);
        ps.setString(2, "a@x");
        planner.setVersion(2);
        ps.executeUpdate();

        StubPreparedStatement fresh = physical(ps);
        assertThat(fresh).isNotSameAs(old);
        assertThat(old.isClosed()).isTrue();
        assertThat(fresh.sql()).isEqualTo(REWRITTEN);
        assertThat(fresh.preparedWith()).isEqualTo("prepareStatement(keys=1)");
        assertThat(fresh.getQueryTimeout()).isEqualTo(7);
        assertThat(fresh.executions()).containsExactly(Map.of(1, 42L, 2, "a@x", 3, "a@x"));
    }

    @Test
    void theSamePlannedSqlKeepsThePreparedStatement() throws SQLException {
        PreparedStatement ps = connection.prepareStatement("select * from t where id = ?");
        StubPreparedStatement old = physical(ps);
        ps.setInt(1, 1);
        planner.setVersion(2);
        ps.executeQuery();

        assertThat(physical(ps)).isSameAs(old);
        assertThat(old.calls()).containsExactly(SetCall.of("setInt", 1, 1));
        assertThat(planner.planned()).extracting(FakePlanner.Planned::version).containsExactly(1L, 2L);
    }

    @Test
    void parametersSetAfterTheReplanFollowTheNewMap() throws SQLException {
        PreparedStatement ps = connection.prepareStatement(INSERT);
        planner.setVersion(2);
        ps.setLong(1, 1L);
        ps.setString(2, "one");
        ps.execute();
        ps.setString(2, "two");
        ps.execute();

        assertThat(physical(ps).executions()).containsExactly(
            Map.of(1, 1L, 2, "one", 3, "one"), Map.of(1, 1L, 2, "two", 3, "two"));
    }

    @Test
    void aBatchRunsWithThePlanInForceAtItsFirstAddBatch() throws SQLException {
        PreparedStatement ps = connection.prepareStatement(INSERT);
        ps.setLong(1, 1L);
        ps.setString(2, "a");
        ps.addBatch();
        planner.setVersion(2);
        ps.setLong(1, 2L);
        ps.setString(2, "b");
        ps.addBatch();
        ps.executeBatch();
        StubPreparedStatement first = physical(ps);

        ps.setString(2, "c");
        ps.addBatch();
        ps.executeBatch();

        assertThat(first.sql()).isEqualTo(INSERT);
        assertThat(first.batches()).containsExactly(Map.of(1, 1L, 2, "a"), Map.of(1, 2L, 2, "b"));
        assertThat(physical(ps).sql()).isEqualTo(REWRITTEN);
        assertThat(physical(ps).batches()).containsExactly(Map.of(1, 2L, 2, "c", 3, "c"));
    }

    @Test
    void aStreamIsBoundUnderTheCurrentVersionSoItNeverNeedsReplaying() throws SQLException {
        PreparedStatement ps = connection.prepareStatement(INSERT);
        planner.setVersion(2);
        ps.setLong(1, 1L);
        ps.setBinaryStream(2, new ByteArrayInputStream(new byte[] {7}));
        ps.execute();

        assertThat(physical(ps).sql()).isEqualTo(REWRITTEN);
        assertThat((byte[]) physical(ps).executions().get(0).get(3)).containsExactly(7);
    }

    @Test
    void aStreamBoundBeforeAVersionChangeMustBeBoundAgainAndExecutionSaysSo() throws SQLException {
        PreparedStatement ps = connection.prepareStatement(INSERT);
        StubPreparedStatement old = physical(ps);
        ps.setLong(1, 1L);
        ps.setBinaryStream(2, new ByteArrayInputStream(new byte[] {7}));
        planner.setVersion(2);

        SQLException e = assertThrows(SQLException.class, ps::execute);
        assertThat(e.getSQLState()).isEqualTo("TD001");
        assertThat(e.getMessage()).contains("Parameter 2", "setBinaryStream", "version 1", "Bind parameter 2 again");
        assertThat(old.isClosed()).isTrue();
        assertThat(physical(ps).sql()).isEqualTo(REWRITTEN);
        assertThat(physical(ps).executions()).isEmpty();
        assertThrows(SQLException.class, ps::addBatch);

        ps.setBinaryStream(2, new ByteArrayInputStream(new byte[] {8}));
        ps.execute();
        Map<Integer, Object> sent = physical(ps).executions().get(0);
        assertThat(sent.get(1)).isEqualTo(1L);
        assertThat((byte[]) sent.get(2)).containsExactly(8);
        assertThat((byte[]) sent.get(3)).containsExactly(8);
    }

    @Test
    void inATransactionThePinnedVersionDecides() throws SQLException {
        connection.setAutoCommit(false);
        PreparedStatement ps = connection.prepareStatement(INSERT);
        planner.setVersion(2);
        ps.setLong(1, 1L);
        ps.setString(2, "a");
        ps.execute();
        assertThat(physical(ps).sql()).isEqualTo(INSERT);
        connection.commit();
        ps.execute();
        assertThat(physical(ps).sql()).isEqualTo(REWRITTEN);
    }

    @Test
    void aClosedStatementIsNotPreparedAgainByAReplan() throws SQLException {
        PreparedStatement ps = connection.prepareStatement(INSERT);
        ps.close();
        planner.setVersion(2);

        SQLException e = assertThrows(SQLException.class, ps::execute);
        assertThat(e.getMessage()).isEqualTo("Statement is closed");
        assertThat(stub.statements()).hasSize(1);
        assertThat(ps.isClosed()).isTrue();
    }

    @Test
    void aCallableStatementReplaysItsOutRegistrations() throws SQLException {
        CallableStatement call = connection.prepareCall(INSERT);
        call.setLong(1, 1L);
        call.registerOutParameter(2, Types.VARCHAR);
        planner.setVersion(2);
        call.execute();

        StubCallableStatement fresh = call.unwrap(StubCallableStatement.class);
        assertThat(fresh.sql()).isEqualTo(REWRITTEN);
        assertThat(fresh.calls()).containsExactly(SetCall.of("setLong", 1, 1L),
            new SetCall("registerOutParameter", 2, Types.VARCHAR, null));
        assertThat(call.getString(2)).isEqualTo("out2");
    }
}
