package dev.tandem.driver;

import dev.tandem.driver.stub.StubConnection;
import dev.tandem.driver.stub.StubDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance 6: statements that do not touch a migrated table reach the real driver byte-identical,
 * through every SQL-carrying JDBC call, even when the migration is in its most invasive phase. A
 * recording stub driver stands in for the real one: this is pure wrapper behaviour.
 */
class PassthroughTest {
    private static final List<String> OTHER_TABLES = List.of(
        "SELECT * FROM audit_log",
        "select   id ,note\n\tfrom audit_log  where id = ?   -- trailing comment ",
        "/* leading comment */ UPDATE audit_log SET note = 'it''s users table' WHERE id = ?",
        "INSERT INTO audit_log (id, note) VALUES (?, ?), (?, ?)",
        "SELECT 'users' AS label, \"users_archive\".x FROM users_archive WHERE y = $$users$$",
        "DELETE FROM superusers WHERE id IN (?, ?, ?)",
        "CALL refresh_stats(?)",
        "SELEC broken sql that is not about a migrated table",
        "SELECT 1",
        "WITH x AS (SELECT 1 AS a) SELECT a FROM x",
        "SET search_path TO app, public");

    @TempDir
    Path dir;

    @Test
    void statementsOnOtherTablesReachTheRealDriverByteIdentical() throws Exception {
        StubDriver.register();
        Path spec = dir.resolve("m.yaml");
        Files.writeString(spec, "migrations:\n  - id: users-email\n    table: users\n    key: [id]\n    columns:\n"
            + "      - old: email\n        new: email_address\n    phase: CONTRACT\n");
        String url = "jdbc:tandem:stub:passthrough?tandem.config=file:" + spec
            + "&tandem.dialect=postgresql&tandem.instanceId=passthrough";
        try (Connection c = DriverManager.getConnection(url)) {
            StubConnection stub = c.unwrap(StubConnection.class);
            for (String sql : OTHER_TABLES) {
                try (Statement s = c.createStatement()) {
                    s.execute(sql);
                    s.addBatch(sql);
                    s.executeBatch();
                }
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.execute();
                }
                try (CallableStatement cs = c.prepareCall(sql)) {
                    cs.execute();
                }
                assertThat(c.nativeSQL(sql)).isSameAs(sql);
            }
            List<String> received = stub.sql();
            assertThat(received).isNotEmpty();
            for (String r : received) {
                assertThat(OTHER_TABLES.stream().anyMatch(o -> o.equals(r)))
                    .as("received text %s is one of the application's texts, unchanged", r).isTrue();
            }
            for (String sql : OTHER_TABLES) {
                assertThat(received.stream().filter(sql::equals).count()).as(sql).isGreaterThanOrEqualTo(4);
            }
        }
    }
}
