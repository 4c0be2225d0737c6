package dev.tandem.driver;

import dev.tandem.driver.stub.StubConnection;
import dev.tandem.driver.stub.StubDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The driver with the real runtime (no test hook): options reach it and statements flow through it. */
class TandemDriverRuntimeTest {
    private static final String SPEC = """
        migrations:
          - id: users-email-rename
            table: users
            key: [id]
            columns:
              - old: email
                new: email_address
            phase: EXPAND
        """;

    @TempDir
    Path dir;

    @Test
    void aStatementOnAnUnmigratedTableReachesTheRealDriverUnchanged() throws SQLException, IOException {
        StubDriver.register();
        Path spec = Files.writeString(dir.resolve("migrations.yaml"), SPEC);
        String url = "jdbc:tandem:stub://h/db?tandem.config=file:" + spec + "&tandem.dialect=postgresql";
        try (Connection c = DriverManager.getConnection(url)) {
            c.createStatement().executeQuery("select 1");
            c.prepareStatement("select * from users where id = ?").setInt(1, 1);
            assertThat(c.unwrap(StubConnection.class).sql())
                .containsExactly("select 1", "select * from users where id = ?");
        }
    }

    @Test
    void aMissingConfigIsReportedBeforeAnyPhysicalConnectionIsOpened() {
        StubDriver.register();
        StubConnection before = StubDriver.lastConnection();
        SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(
            "jdbc:tandem:stub://h/db?tandem.config=file:" + dir.resolve("missing.yaml")
                + "&tandem.dialect=postgresql"));
        assertThat(e.getSQLState()).isEqualTo("TD005");
        assertThat(StubDriver.lastConnection()).isSameAs(before);
    }
}
