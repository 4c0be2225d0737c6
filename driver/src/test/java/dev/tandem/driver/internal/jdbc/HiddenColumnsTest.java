package dev.tandem.driver.internal.jdbc;

import dev.tandem.driver.internal.rewrite.ResultShape;
import dev.tandem.driver.stub.FakePlanner;
import dev.tandem.driver.stub.StubConnection;
import dev.tandem.driver.stub.StubResultSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Tandem appended {@code tandem_email_0} (column 3) to a query whose application sees two columns. */
class HiddenColumnsTest {
    private static final String QUERY = "select id, email from users";
    private static final String REWRITTEN = "select id, email, email_address as tandem_email_0 from users";
    private static final ResultShape SHAPE = new ResultShape(2, List.of(), new int[] {1}, List.of("id"));

    private final FakePlanner planner = new FakePlanner().shape(QUERY, REWRITTEN, SHAPE);
    private Connection connection;

    @BeforeEach
    void connect() throws SQLException {
        StubConnection stub = new StubConnection("jdbc:stub:test", null);
        stub.onQuery(sql -> StubResultSet.of(new String[] {"id", "email", "tandem_email_0"},
            new Object[] {42L, "a@x", "a@x"}));
        connection = ConnectionWrapper.wrap(stub, planner);
    }

    private ResultSet query() throws SQLException {
        ResultSet rs = connection.createStatement().executeQuery(QUERY);
        assertThat(rs.next()).isTrue();
        return rs;
    }

    @Test
    void metadataCountsOnlyTheApplicationsColumns() throws SQLException {
        ResultSetMetaData metaData = query().getMetaData();
        assertThat(metaData.getColumnCount()).isEqualTo(2);
        assertThat(metaData.getColumnLabel(2)).isEqualTo("email");
        SQLException e = assertThrows(SQLException.class, () -> metaData.getColumnLabel(3));
        assertThat(e.getSQLState()).isEqualTo("22023");
        assertThrows(SQLException.class, () -> metaData.getColumnType(3));
    }

    @Test
    void aHiddenColumnIsOutOfRangeByIndex() throws SQLException {
        ResultSet rs = query();
        assertThat(rs.getLong(1)).isEqualTo(42L);
        assertThat(rs.getString(2)).isEqualTo("a@x");
        SQLException e = assertThrows(SQLException.class, () -> rs.getString(3));
        assertThat(e.getMessage()).isEqualTo("The column index is out of range: 3, number of columns: 2");
        assertThat(e.getSQLState()).isEqualTo("22023");
        assertThrows(SQLException.class, () -> rs.getObject(3));
        assertThrows(SQLException.class, () -> rs.getObject(3, String.class));
        assertThrows(SQLException.class, () -> rs.updateString(3, "x"));
    }

    @Test
    void aHiddenColumnCannotBeFoundByLabel() throws SQLException {
        ResultSet rs = query();
        assertThat(rs.findColumn("EMAIL")).isEqualTo(2);
        assertThat(rs.getString("email")).isEqualTo("a@x");
        assertThrows(SQLException.class, () -> rs.findColumn("tandem_email_0"));
        assertThrows(SQLException.class, () -> rs.getString("tandem_email_0"));
        assertThrows(SQLException.class, () -> rs.getObject("tandem_email_0", String.class));
    }

    @Test
    void aPreparedQueryHidesTheColumnsBeforeAndAfterExecution() throws SQLException {
        PreparedStatement ps = connection.prepareStatement(QUERY);
        assertThat(ps.getMetaData().getColumnCount()).isEqualTo(2);
        ResultSet rs = ps.executeQuery();
        assertThat(rs.next()).isTrue();
        assertThat(rs.getMetaData().getColumnCount()).isEqualTo(2);
        assertThrows(SQLException.class, () -> rs.getString(3));
    }

    @Test
    void withoutAShapeEveryColumnIsVisible() throws SQLException {
        ResultSet rs = connection.createStatement().executeQuery("select id, email, tandem_email_0 from users");
        assertThat(rs.next()).isTrue();
        assertThat(rs.getMetaData().getColumnCount()).isEqualTo(3);
        assertThat(rs.getString(3)).isEqualTo("a@x");
        assertThat(rs.getString("tandem_email_0")).isEqualTo("a@x");
    }

    @Test
    void onlyTheFirstResultOfAnExecutionHasTheShape() throws SQLException {
        var statement = connection.createStatement();
        statement.execute(QUERY);
        assertThat(statement.getResultSet().getMetaData().getColumnCount()).isEqualTo(2);
        statement.getMoreResults();
        assertThat(statement.getGeneratedKeys().getMetaData().getColumnCount()).isEqualTo(1);
    }
}
