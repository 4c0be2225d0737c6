package dev.tandem.driver.it;

import dev.tandem.driver.spec.Phase;
import dev.tandem.testdb.DbKind;
import dev.tandem.testdb.TestDatabase;
import dev.tandem.testdb.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@code SELECT *} through a move's source in COMPLETE, once the moved columns are dropped, on MariaDB: the server
 * keeps no trace of where they were, so with their {@code oldPosition} they come back in their places (as on the old
 * schema), and without it the statement is refused — never answered without them.
 */
class MoveStarTest {
    @TempDir
    Path dir;

    @Test
    void selectStarReturnsTheDroppedMovedColumnsInTheirPlacesOrIsRefused() throws Exception {
        TestDatabase twin = TestDatabases.create(DbKind.MARIADB, "move_star_twin");
        twin.execute(MoveColumnsTest.MARIA_SCHEMA[0], MoveColumnsTest.MARIA_SCHEMA[2]);
        TestDatabase db = TestDatabases.create(DbKind.MARIADB, "move_star");
        db.execute(MoveColumnsTest.MARIA_SCHEMA);
        db.execute("ALTER TABLE inventory ADD CONSTRAINT inventory_products_fk_tandem FOREIGN KEY (product_id) "
            + "REFERENCES products (id) ON DELETE CASCADE", "ALTER TABLE products DROP COLUMN stock, DROP COLUMN price");
        String sql = "SELECT * FROM products ORDER BY id";

        Path unplaced = dir.resolve("unplaced.yaml");
        Specs.write(unplaced, MoveColumnsTest.mariaSpec(Phase.COMPLETE));
        try (Connection c = DriverManager.getConnection(db.tandemUrl("tandem.config=file:" + unplaced
            + "&tandem.instanceId=move-star-unplaced")); Statement s = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> s.executeQuery(sql));
            assertThat(e.getSQLState()).isEqualTo("TD001");
            assertThat(e.getMessage()).contains("oldPosition").contains("stock");
        }

        Path placed = dir.resolve("placed.yaml");
        Specs.write(placed, MoveColumnsTest.mariaSpec(Phase.COMPLETE)
            .replace("      - old: stock\n", "      - old: stock\n        oldPosition: 3\n")
            .replace("      - old: price\n", "      - old: price\n        oldPosition: 4\n"));
        try (Connection t = twin.connect(); Statement ts = t.createStatement();
             Connection c = DriverManager.getConnection(db.tandemUrl("tandem.config=file:" + placed
                 + "&tandem.instanceId=move-star-placed")); Statement s = c.createStatement()) {
            assertThat(rows(s.executeQuery(sql))).isEqualTo(rows(ts.executeQuery(sql)))
                .first().asString().startsWith("id=1 name=apple stock=5 price=1.25");
        }
    }

    private static List<String> rows(ResultSet rs) throws SQLException {
        List<String> out = new ArrayList<>();
        try (rs) {
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    b.append(i == 1 ? "" : " ").append(rs.getMetaData().getColumnLabel(i)).append('=')
                        .append(rs.getString(i));
                }
                out.add(b.toString());
            }
        }
        return out;
    }
}
