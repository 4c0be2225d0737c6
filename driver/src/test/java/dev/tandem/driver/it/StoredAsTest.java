package dev.tandem.driver.it;

import dev.tandem.driver.schema.Dialect;
import dev.tandem.testdb.DbKind;
import dev.tandem.testdb.TestDatabase;
import dev.tandem.testdb.TestDatabases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Dialect#storedAs} against real servers: a value converted by it into a wider column must be accepted or
 * rejected exactly as storing it into a column of the declared type is (the same stored value, or an error of
 * the same SQLState class), which is what a write through an old column name needs once only the new column is
 * written. Each case stores the value raw into a column of the old type and through storedAs into a column of a
 * wider type, and compares.
 */
class StoredAsTest {

    @ParameterizedTest
    @EnumSource(DbKind.class)
    void convertsAsStoringWould(DbKind kind) throws SQLException {
        TestDatabase db = TestDatabases.create(kind, "stored_as");
        boolean pg = kind == DbKind.POSTGRESQL;
        Dialect dialect = pg ? Dialect.POSTGRESQL : Dialect.MYSQL;
        String num = pg ? "numeric(10,2)" : "decimal(10,2)";
        String wideText = pg ? "text" : "varchar(1000)";
        db.execute("CREATE TABLE narrow (id INT PRIMARY KEY, s varchar(5), i int, n " + num + ")",
            "CREATE TABLE wide (id INT PRIMARY KEY, s " + wideText + ", i bigint, n " + (pg ? "numeric" : "decimal(30,10)")
                + ")",
            "INSERT INTO narrow (id) VALUES (1)", "INSERT INTO wide (id) VALUES (1)");
        Object[][] cases = {
            {"s", "varchar(5)", "abc"}, {"s", "varchar(5)", "abcdef"}, {"s", "varchar(5)", "abcde   "},
            {"s", "varchar(5)", 12}, {"i", "int", 7}, {"i", "int", 3_000_000_000L}, {"i", "int", -2_147_483_648L},
            {"i", "int", new BigDecimal("2.5")}, {"n", num, new BigDecimal("7.505")}, {"n", num, 12},
            {"n", num, new BigDecimal("123456789.00")}, {"n", num, "7.50"}, {"i", "int", "12"},
        };
        try (Connection c = db.connect()) {
            for (Object[] k : cases) {
                String col = (String) k[0];
                String raw = outcome(c, "UPDATE narrow SET " + col + " = ? WHERE id = 1", "narrow", col, k[2]);
                String viaTandem = outcome(c, "UPDATE wide SET " + col + " = " + dialect.storedAs("?", (String) k[1])
                    + " WHERE id = 1", "wide", col, k[2]);
                assertThat(normalize(viaTandem)).as("%s %s = %s on %s", col, k[1], k[2], kind)
                    .isEqualTo(normalize(raw));
            }
        }
    }

    /** The stored value as text, or "error <class>" (the first two characters of the SQLState). */
    private static String outcome(Connection c, String sql, String table, String col, Object value)
        throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            // storedAs may use the value more than once; Tandem binds each copy of a parameter (ParameterOrder)
            int copies = sql.length() - sql.replace("?", "").length();
            for (int i = 1; i <= copies; i++) {
                ps.setObject(i, value);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            return "error " + (e.getSQLState() == null ? "?" : e.getSQLState().substring(0, 2));
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT " + col + " FROM " + table)) {
            rs.next();
            return "stored " + rs.getString(1);
        }
    }

    /** Numbers compare by value: a wider numeric column keeps more trailing zeros. */
    private static String normalize(String outcome) {
        if (outcome.startsWith("stored ")) {
            String v = outcome.substring(7);
            try {
                return "stored " + new BigDecimal(v).stripTrailingZeros().toPlainString();
            } catch (NumberFormatException e) {
                return outcome;
            }
        }
        return outcome;
    }
}
