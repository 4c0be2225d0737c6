package dev.tandem.driver.internal.jdbc;

import dev.tandem.driver.stub.FakePlanner;
import dev.tandem.driver.stub.SetCall;
import dev.tandem.driver.stub.StubConnection;
import dev.tandem.driver.stub.StubPreparedStatement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.JDBCType;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The plan maps application parameter 2 to rewritten indexes 2 and 3, as for
 * {@code (id, email) -> (id, email, email_address)}.
 */
class ParameterFanOutTest {
    private static final String INSERT = "insert into users (id, email) values (?, ?)";
    private static final String REWRITTEN = "insert into users (id, email, email_address) values (?, ?, ?)";

    private final FakePlanner planner = new FakePlanner().rewrite(INSERT, REWRITTEN, new int[][] {{1}, {2, 3}});
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
    void theRealDriverPreparesTheRewrittenSql() throws SQLException {
        PreparedStatement ps = connection.prepareStatement(INSERT);
        assertThat(physical(ps).sql()).isEqualTo(REWRITTEN);
    }

    @Test
    void aSetterIsAppliedToEveryTargetIndexImmediately() throws SQLException {
        PreparedStatement ps = connection.prepareStatement(INSERT);
        ps.setLong(1, 42L);
        ps.setString(2, "a@x");

        assertThat(physical(ps).calls()).containsExactly(
            SetCall.of("setLong", 1, 42L), SetCall.of("setString", 2, "a@x"), SetCall.of("setString", 3, "a@x"));
    }

    @Test
    void setNullFollowsTheMapInBothForms() throws SQLException {
        PreparedStatement ps = connection.prepareStatement(INSERT);
        ps.setNull(2, Types.VARCHAR);
        ps.setNull(2, Types.STRUCT, "email_t");

        assertThat(physical(ps).calls()).containsExactly(
            new SetCall("setNull", 2, null, Types.VARCHAR), new SetCall("setNull", 3, null, Types.VARCHAR),
            new SetCall("setNull", 2, null, Types.STRUCT + ":email_t"),
            new SetCall("setNull", 3, null, Types.STRUCT + ":email_t"));
    }

    @Test
    void setObjectKeepsItsTargetTypeForEveryIndex() throws SQLException {
        PreparedStatement ps = connection.prepareStatement(INSERT);
        ps.setObject(2, "a", Types.VARCHAR);
        ps.setObject(2, "b", Types.NUMERIC, 2);
        ps.setObject(2, "c", JDBCType.VARCHAR);

        assertThat(physical(ps).calls()).containsExactly(
            new SetCall("setObject", 2, "a", Types.VARCHAR), new SetCall("setObject", 3, "a", Types.VARCHAR),
            new SetCall("setObject", 2, "b", Types.NUMERIC + ",2"),
            new SetCall("setObject", 3, "b", Types.NUMERIC + ",2"),
            new SetCall("setObject", 2, "c", JDBCType.VARCHAR), new SetCall("setObject", 3, "c", JDBCType.VARCHAR));
    }

    @Test
    void aStreamBoundToSeveralIndexesIsBufferedSoEachGetsTheWholeContent() throws SQLException {
        PreparedStatement ps = connection.prepareStatement(INSERT);
        byte[] content = "hello".getBytes(StandardCharsets.US_ASCII);
        ps.setBinaryStream(2, new ByteArrayInputStream(content));
        Map<Integer, Object> afterBinary = Map.copyOf(physical(ps).parameters());
        ps.setAsciiStream(2, new ByteArrayInputStream("hello world".getBytes(StandardCharsets.US_ASCII)), 5);
        Map<Integer, Object> afterAscii = Map.copyOf(physical(ps).parameters());
        ps.setCharacterStream(2, new StringReader("text"), 4L);

        assertThat((byte[]) afterBinary.get(2)).isEqualTo(content);
        assertThat((byte[]) afterBinary.get(3)).isEqualTo(content);
        assertThat((byte[]) afterAscii.get(3)).isEqualTo(content);
        assertThat(physical(ps).calls()).filteredOn(c -> c.method().equals("setAsciiStream"))
            .extracting(SetCall::extra).containsExactly(5, 5);
        assertThat(physical(ps).parameters()).containsEntry(2, "text").containsEntry(3, "text");
    }

    @Test
    void aStreamBoundToOneIndexIsPassedThroughUntouched() throws SQLException {
        PreparedStatement ps = connection.prepareStatement(INSERT);
        InputStream in = new ByteArrayInputStream(new byte[] {1, 2});
        ps.setBinaryStream(1, in);

        assertThat((byte[]) physical(ps).parameters().get(1)).containsExactly(1, 2);
        assertThat(physical(ps).calls()).hasSize(1);
    }

    @Test
    void clearParametersClearsTheRealStatement() throws SQLException {
        PreparedStatement ps = connection.prepareStatement(INSERT);
        ps.setString(2, "a");
        ps.clearParameters();

        assertThat(physical(ps).parameters()).isEmpty();
    }

    @Test
    void batchesCarryTheFannedOutParameterSets() throws SQLException {
        PreparedStatement ps = connection.prepareStatement(INSERT);
        ps.setInt(1, 1);
        ps.setString(2, "a");
        ps.addBatch();
        ps.setInt(1, 2);
        ps.setString(2, "b");
        ps.addBatch();
        int[] counts = ps.executeBatch();

        assertThat(counts).containsExactly(1, 1);
        assertThat(physical(ps).batches()).containsExactly(
            Map.of(1, 1, 2, "a", 3, "a"), Map.of(1, 2, 2, "b", 3, "b"));
    }

    @Test
    void anIndexTheApplicationStatementLacksIsRejected() throws SQLException {
        PreparedStatement ps = connection.prepareStatement(INSERT);
        SQLException e = assertThrows(SQLException.class, () -> ps.setString(3, "x"));
        assertThat(e.getSQLState()).isEqualTo("22023");
        assertThat(e.getMessage()).contains("3").contains("number of parameters: 2");
        assertThrows(SQLException.class, () -> ps.setString(0, "x"));
        assertThat(physical(ps).calls()).isEmpty();
    }

    @Test
    void parameterMetaDataDescribesTheApplicationsParameters() throws SQLException {
        PreparedStatement ps = connection.prepareStatement(INSERT);
        ParameterMetaData metaData = ps.getParameterMetaData();

        assertThat(metaData.getParameterCount()).isEqualTo(2);
        assertThat(metaData.getParameterTypeName(2)).isEqualTo("type2");
        assertThrows(SQLException.class, () -> metaData.getParameterType(3));
    }

    @Test
    void withoutFanOutParameterMetaDataIsTheRealDrivers() throws SQLException {
        PreparedStatement ps = connection.prepareStatement("select * from t where a = ? and b = ?");
        ps.setString(2, "x");

        assertThat(ps.getParameterMetaData().getParameterCount()).isEqualTo(2);
        assertThat(ps.getParameterMetaData().isWrapperFor(ParameterMetaDataWrapper.class)).isFalse();
        assertThat(physical(ps).calls()).containsExactly(SetCall.of("setString", 2, "x"));
    }
}
