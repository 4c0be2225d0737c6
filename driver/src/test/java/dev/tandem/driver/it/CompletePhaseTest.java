package dev.tandem.driver.it;

import dev.tandem.driver.spec.Phase;
import dev.tandem.testdb.DbKind;
import dev.tandem.testdb.TestDatabase;
import dev.tandem.testdb.TestDatabases;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * COMPLETE: the old columns are dropped by the contract DDL, yet an application that still speaks the
 * old names keeps working: reads (including SELECT *) see backward(new) under the old labels and the
 * old type, writes land on the new columns.
 */
class CompletePhaseTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(DbKind.class)
    void oldNamesKeepWorkingAfterTheOldColumnsAreDropped(DbKind kind) throws Exception {
        TestDatabase db = TestDatabases.create(kind, "complete");
        db.execute(Fixture.schema(kind));
        Fixture.seed(db);
        db.execute("ALTER TABLE users DROP COLUMN email", "ALTER TABLE orders DROP COLUMN price");
        Path spec = dir.resolve("m.yaml");
        String type = kind == DbKind.POSTGRESQL ? "numeric(10,2)" : "decimal(10,2)";
        Specs.write(spec, Fixture.spec(kind, Phase.COMPLETE, 100, 100)
            .replace("        backward: price_cents / 100.0\n", "        backward: price_cents / 100.0\n"
                + "        oldType: " + type + "\n"));
        try (Connection c = DriverManager.getConnection(db.tandemUrl("tandem.config=file:" + spec
            + "&tandem.instanceId=complete-" + kind))) {
            assertThat(TestQueries.rows(c, "SELECT * FROM users WHERE id = 1"))
                .containsExactly("row: id=1 name=ann email=ann@x.io email_address=ann@x.io");
            assertThat(TestQueries.rows(c, "SELECT id, price FROM orders WHERE price > 10 ORDER BY id"))
                .containsExactly("row: id=1 price=12.34", "row: id=3 price=100.10");
            try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO orders (id, user_id, qty, price) VALUES (?, 1, 1, ?)")) {
                ps.setInt(1, 9);
                ps.setDouble(2, 3.456);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE users SET email = ? WHERE id = ?")) {
                ps.setString(1, "ann@new.io");
                ps.setInt(2, 1);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
        }
        assertThat(Fixture.rows(db, "SELECT price_cents FROM orders WHERE id = 9", "o"))
            .as("3.456 is stored as numeric(10,2) 3.46 before forward() applies").containsExactly("o: price_cents=346");
        assertThat(Fixture.rows(db, "SELECT email_address FROM users WHERE id = 1", "u"))
            .containsExactly("u: email_address=ann@new.io");
    }
}
