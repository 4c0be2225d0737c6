package dev.tandem.driver.internal.jdbc;

import dev.tandem.driver.stub.FakePlanner;
import dev.tandem.driver.stub.FakePlanner.Planned;
import dev.tandem.driver.stub.StubConnection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** A transaction sees one config version from its first statement to commit or rollback. */
class TransactionPinningTest {
    private final FakePlanner planner = new FakePlanner();
    private Connection connection;
    private Statement statement;

    @BeforeEach
    void connect() throws SQLException {
        connection = ConnectionWrapper.wrap(new StubConnection("jdbc:stub:test", null), planner);
        statement = connection.createStatement();
    }

    private long versionOfLastPlan() {
        return planner.planned().get(planner.planned().size() - 1).version();
    }

    private long run(String sql) throws SQLException {
        statement.executeUpdate(sql);
        return versionOfLastPlan();
    }

    @Test
    void inAutocommitEachStatementPicksUpTheCurrentVersion() throws SQLException {
        assertThat(run("update a set x = 1")).isEqualTo(1);
        planner.setVersion(2);
        assertThat(run("update a set x = 2")).isEqualTo(2);
        planner.setVersion(3);
        assertThat(run("update a set x = 3")).isEqualTo(3);
    }

    @Test
    void inATransactionTheFirstStatementsVersionHoldsUntilCommit() throws SQLException {
        connection.setAutoCommit(false);
        planner.setVersion(5);
        assertThat(run("update a set x = 1")).isEqualTo(5);
        planner.setVersion(6);
        assertThat(run("update a set x = 2")).isEqualTo(5);
        connection.prepareStatement("update a set x = ?");
        assertThat(versionOfLastPlan()).isEqualTo(5);
        connection.commit();
        assertThat(run("update a set x = 3")).isEqualTo(6);
    }

    @Test
    void rollbackEndsThePinButRollbackToASavepointDoesNot() throws SQLException {
        connection.setAutoCommit(false);
        assertThat(run("update a set x = 1")).isEqualTo(1);
        Savepoint savepoint = connection.setSavepoint();
        planner.setVersion(2);
        connection.rollback(savepoint);
        assertThat(run("update a set x = 2")).isEqualTo(1);
        connection.rollback();
        assertThat(run("update a set x = 3")).isEqualTo(2);
    }

    @Test
    void switchingAutocommitOnEndsThePin() throws SQLException {
        connection.setAutoCommit(false);
        assertThat(run("update a set x = 1")).isEqualTo(1);
        planner.setVersion(2);
        connection.setAutoCommit(true);
        assertThat(run("update a set x = 2")).isEqualTo(2);
        planner.setVersion(3);
        assertThat(run("update a set x = 3")).isEqualTo(3);
    }

    @Test
    void aNewTransactionPinsTheVersionOfItsOwnFirstStatement() throws SQLException {
        connection.setAutoCommit(false);
        run("update a set x = 1");
        connection.commit();
        planner.setVersion(7);
        assertThat(run("update a set x = 2")).isEqualTo(7);
        planner.setVersion(8);
        assertThat(run("update a set x = 3")).isEqualTo(7);
        assertThat(planner.planned()).extracting(Planned::version).containsExactly(1L, 7L, 7L);
    }

    @Test
    void aStatementBatchIsPlannedUnderTheVersionOfItsFirstAddBatch() throws SQLException {
        statement.addBatch("update a set x = 1");
        planner.setVersion(2);
        statement.addBatch("update a set x = 2");
        statement.executeBatch();
        statement.addBatch("update a set x = 3");

        assertThat(planner.planned()).extracting(Planned::version).containsExactly(1L, 1L, 2L);
    }
}
