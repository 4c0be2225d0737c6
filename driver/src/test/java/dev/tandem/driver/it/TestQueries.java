package dev.tandem.driver.it;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** Small helpers for running queries through any connection in tests. */
final class TestQueries {
    private TestQueries() {
    }

    static List<String> rows(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return Fixture.render(rs, "row");
        }
    }
}
