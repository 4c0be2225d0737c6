package dev.tandem.driver.internal.jdbc;

import dev.tandem.driver.stub.FakePlanner;
import dev.tandem.driver.stub.StubConnection;
import dev.tandem.driver.stub.StubPreparedStatement;
import dev.tandem.driver.stub.StubResultSet;
import dev.tandem.driver.stub.StubStatement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WrapperTest {
    private final FakePlanner planner = new FakePlanner();
    private StubConnection stub;
    private Connection connection;

    @BeforeEach
    void connect() throws SQLException {
        stub = new StubConnection("jdbc:stub:test", null);
        connection = ConnectionWrapper.wrap(stub, planner);
    }

    @Test
    void unwrapReachesTheVendorObjectBehindEachWrapper() throws SQLException {
        assertThat(connection.unwrap(StubConnection.class)).isSameAs(stub);
        assertThat(connection.isWrapperFor(StubConnection.class)).isTrue();
        assertThat(connection.unwrap(Connection.class)).isSameAs(connection);
        assertThat(connection.unwrap(ConnectionWrapper.class)).isSameAs(connection);
        assertThat(connection.isWrapperFor(Runnable.class)).isFalse();
        assertThrows(SQLException.class, () -> connection.unwrap(Runnable.class));

        Statement statement = connection.createStatement();
        assertThat(statement.unwrap(StubStatement.class)).isSameAs(stub.statements().get(0));
        PreparedStatement prepared = connection.prepareStatement("select 1");
        assertThat(prepared.unwrap(StubPreparedStatement.class)).isSameAs(stub.statements().get(1));
        assertThat(prepared.unwrap(PreparedStatement.class)).isSameAs(prepared);
        ResultSet rs = statement.executeQuery("select 1");
        assertThat(rs.isWrapperFor(StubResultSet.class)).isTrue();
        assertThat(rs.unwrap(StubResultSet.class)).isNotNull();
    }

    @Test
    void getConnectionReturnsTheTandemConnection() throws SQLException {
        assertThat(connection.createStatement().getConnection()).isSameAs(connection);
        assertThat(connection.prepareStatement("select 1").getConnection()).isSameAs(connection);
        assertThat(connection.prepareCall("call p(?)").getConnection()).isSameAs(connection);
        DatabaseMetaData metaData = connection.getMetaData();
        assertThat(metaData.getConnection()).isSameAs(connection);
        assertThat(metaData.getURL()).isEqualTo("jdbc:stub:test");
    }

    @Test
    void resultSetsReturnTheirTandemStatement() throws SQLException {
        Statement statement = connection.createStatement();
        assertThat(statement.executeQuery("select 1").getStatement()).isSameAs(statement);
        assertThat(statement.getGeneratedKeys().getStatement()).isSameAs(statement);
        PreparedStatement prepared = connection.prepareStatement("select 2");
        assertThat(prepared.executeQuery().getStatement()).isSameAs(prepared);
    }

    @Test
    void getResultSetReturnsOneWrapperPerResultAndGetMoreResultsMovesOn() throws SQLException {
        Statement statement = connection.createStatement();
        assertThat(statement.execute("select 1")).isTrue();
        ResultSet first = statement.getResultSet();
        assertThat(statement.getResultSet()).isSameAs(first);
        assertThat(first.getStatement()).isSameAs(statement);
        assertThat(statement.getMoreResults()).isFalse();
        assertThat(statement.getResultSet()).isNull();
        assertThat(statement.execute("update t set a = 1")).isFalse();
        assertThat(statement.getUpdateCount()).isEqualTo(1);
    }

    @Test
    void interfaceDefaultMethodsReachTheVendorImplementation() throws SQLException {
        Statement statement = connection.createStatement();
        assertThat(statement.getLargeUpdateCount()).isEqualTo(42L);
    }

    @Test
    void everySqlTextIsPlannedBeforeTheRealDriverSeesIt() throws SQLException {
        planner.rewrite("update t set a = 1", "update t set a = 1, b = 1", null);
        Statement statement = connection.createStatement();
        statement.executeUpdate("update t set a = 1");
        statement.executeLargeUpdate("update t set a = 1");
        statement.execute("update t set a = 1", Statement.RETURN_GENERATED_KEYS);
        statement.addBatch("update t set a = 1");
        statement.executeBatch();
        connection.prepareStatement("update t set a = 1");
        connection.prepareCall("update t set a = 1");

        assertThat(stub.sql()).hasSize(6).containsOnly("update t set a = 1, b = 1");
    }

    @Test
    void nativeSqlReturnsThePlannedSql() throws SQLException {
        planner.rewrite("select a from t", "select b as a from t", null);
        assertThat(connection.nativeSQL("select a from t")).isEqualTo("select b as a from t");
        assertThat(connection.nativeSQL("select 1")).isEqualTo("select 1");
    }

    @Test
    void prepareKeepsTheExtraArgumentsOfEachOverload() throws SQLException {
        connection.prepareStatement("insert into t values (?)", Statement.RETURN_GENERATED_KEYS);
        connection.prepareStatement("insert into t values (?)", new String[] {"id"});
        connection.prepareStatement("select 1", ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_READ_ONLY);

        assertThat(stub.statements()).extracting(s -> ((StubPreparedStatement) s).preparedWith())
            .containsExactly("prepareStatement(keys=1)", "prepareStatement(columnNames=id)",
                "prepareStatement(type=1004)");
    }

    @Test
    void aClosedConnectionRefusesEveryCallButCloseAndIsClosed() throws SQLException {
        connection.close();
        assertThat(connection.isClosed()).isTrue();
        assertThat(connection.isValid(1)).isFalse();
        assertThat(stub.isClosed()).isTrue();
        SQLException e = assertThrows(SQLException.class, connection::createStatement);
        assertThat(e.getMessage()).isEqualTo("Connection is closed");
        assertThat(e.getSQLState()).isEqualTo("08003");
        assertThrows(SQLException.class, connection::getAutoCommit);
        assertThrows(SQLException.class, () -> connection.prepareStatement("select 1"));
        assertThrows(SQLException.class, connection::commit);
        connection.close();
        assertThat(stub.events()).containsOnlyOnce("close");
    }

    @Test
    void aClosedStatementRefusesEveryCall() throws SQLException {
        Statement statement = connection.createStatement();
        PreparedStatement prepared = connection.prepareStatement("select 1");
        statement.close();
        prepared.close();
        statement.close();
        assertThat(statement.isClosed()).isTrue();
        assertThat(prepared.isClosed()).isTrue();
        SQLException e = assertThrows(SQLException.class, () -> statement.executeQuery("select 1"));
        assertThat(e.getMessage()).isEqualTo("Statement is closed");
        assertThat(e.getSQLState()).isEqualTo("55000");
        assertThrows(SQLException.class, statement::getFetchSize);
        assertThrows(SQLException.class, prepared::executeQuery);
        assertThrows(SQLException.class, () -> prepared.setString(1, "x"));
    }

    @Test
    void aClosedResultSetRefusesEveryCall() throws SQLException {
        ResultSet rs = connection.createStatement().executeQuery("select 1");
        rs.close();
        rs.close();
        assertThat(rs.isClosed()).isTrue();
        SQLException e = assertThrows(SQLException.class, rs::next);
        assertThat(e.getMessage()).isEqualTo("ResultSet is closed");
        assertThrows(SQLException.class, () -> rs.getString(1));
    }

    @Test
    void wrappersAreEqualOnlyToThemselves() throws SQLException {
        Statement statement = connection.createStatement();
        assertThat(statement).isEqualTo(statement).isNotEqualTo(stub.statements().get(0));
        assertThat(connection.hashCode()).isEqualTo(System.identityHashCode(connection));
    }
}
