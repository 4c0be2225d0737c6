package dev.tandem.driver.internal.jdbc;

import dev.tandem.driver.internal.rewrite.ResultShape;
import dev.tandem.driver.internal.rewrite.ResultShape.ShadowCheck;
import dev.tandem.driver.stub.FakePlanner;
import dev.tandem.driver.stub.FakePlanner.Shadow;
import dev.tandem.driver.stub.StubConnection;
import dev.tandem.driver.stub.StubResultSet;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** SHADOW_READ: each row the cursor lands on compares the visible old value with the hidden new one. */
class ShadowReadTest {
    private static final String QUERY = "select id, price from orders";
    private static final String REWRITTEN = "select id, price, price_cents / 100.0 as tandem_price_0 from orders";
    private static final ShadowCheck PRICE = new ShadowCheck("orders-price-cents", "price", 2, 3);

    private final FakePlanner planner = new FakePlanner();

    private ResultSet query(ResultShape shape, String[] labels, Object[]... rows) throws SQLException {
        planner.shape(QUERY, REWRITTEN, shape);
        StubConnection stub = new StubConnection("jdbc:stub:test", null);
        stub.onQuery(sql -> StubResultSet.of(labels, rows));
        Connection connection = ConnectionWrapper.wrap(stub, planner);
        return connection.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_READ_ONLY)
            .executeQuery(QUERY);
    }

    private ResultSet orders() throws SQLException {
        return query(new ResultShape(2, List.of(PRICE), new int[] {1}, List.of("id")),
            new String[] {"id", "price", "tandem_price_0"},
            new Object[] {42L, new BigDecimal("1.50"), 1.5d},
            new Object[] {43L, new BigDecimal("2.00"), 2.01d});
    }

    @Test
    void eachRowIsComparedWithItsKeyAndMatchFlag() throws SQLException {
        ResultSet rs = orders();
        while (rs.next()) {
            rs.getBigDecimal(2);
        }

        assertThat(planner.shadows()).containsExactly(
            new Shadow(PRICE, true, "id=42", new BigDecimal("1.50"), 1.5d),
            new Shadow(PRICE, false, "id=43", new BigDecimal("2.00"), 2.01d));
    }

    @Test
    void cursorMovesThatLandOnARowCompareItAndOthersDoNot() throws SQLException {
        ResultSet rs = orders();
        rs.last();
        rs.previous();
        rs.absolute(2);
        rs.relative(-1);
        rs.first();
        rs.relative(5);
        rs.previous();

        assertThat(planner.shadows()).extracting(Shadow::rowKey)
            .containsExactly("id=43", "id=42", "id=43", "id=42", "id=42", "id=43");
    }

    @Test
    void aCompositeKeyNamesEveryPart() throws SQLException {
        ResultSet rs = query(new ResultShape(3, List.of(new ShadowCheck("m", "v", 3, 4)), new int[] {1, 2},
                List.of("a", "b")),
            new String[] {"a", "b", "v", "tandem_v_0"}, new Object[] {1, "x", null, null});
        rs.next();

        assertThat(planner.shadows()).containsExactly(
            new Shadow(new ShadowCheck("m", "v", 3, 4), true, "a=1,b=x", null, null));
    }

    @Test
    void everyCheckOfARowIsRecorded() throws SQLException {
        ShadowCheck email = new ShadowCheck("users-email", "email", 2, 4);
        ShadowCheck name = new ShadowCheck("users-name", "name", 3, 5);
        ResultSet rs = query(new ResultShape(3, List.of(email, name), new int[] {1}, List.of("id")),
            new String[] {"id", "email", "name", "tandem_email_0", "tandem_name_1"},
            new Object[] {7, "a@x", "Ann", "a@x", "Anne"});
        rs.next();

        assertThat(planner.shadows()).extracting(Shadow::check, Shadow::match)
            .containsExactly(org.assertj.core.groups.Tuple.tuple(email, true),
                org.assertj.core.groups.Tuple.tuple(name, false));
    }

    @Test
    void aFailingComparisonNeverFailsTheApplicationsRead() throws SQLException {
        ResultSet rs = query(new ResultShape(2, List.of(new ShadowCheck("m", "price", 2, 9)), new int[] {1},
                List.of("id")),
            new String[] {"id", "price", "tandem_price_0"}, new Object[] {1, 2, 2});

        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(2)).isEqualTo(2);
        assertThat(planner.shadows()).isEmpty();
    }
}
