package dev.tandem.agent.store;

import dev.tandem.testdb.DbKind;
import dev.tandem.testdb.TestDatabase;
import dev.tandem.testdb.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** An operator's failure says what to do about it, from the SQLState the real server gives. */
class FailureHintTest {

    @ParameterizedTest
    @EnumSource(DbKind.class)
    void missingControlTablesSayRunInit(DbKind kind) throws Exception {
        TestDatabase db = TestDatabases.create(kind, "hint_init");
        SQLException e = assertThrows(SQLException.class, () -> {
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.executeQuery("SELECT config_version FROM tandem_state WHERE id = 1");
            }
        });
        assertThat(ControlStore.failed("read the config version", e).getMessage())
            .contains("run 'tandem-agent init' first");
    }

    @Test
    void refusedCredentialsSayCheckTheUserAndPasswordNotRunInit() throws Exception {
        // The embedded servers do not check passwords (trust, --skip-grant-tables); PostgreSQL still refuses a
        // role that does not exist, with the same SQLState class (28) as a wrong password.
        TestDatabase db = TestDatabases.create(DbKind.POSTGRESQL, "hint_auth");
        String wrong = db.jdbcUrl().replaceAll("([?&])user=[^&]*", "$1user=tandem_no_such_role");
        assertThat(wrong).contains("tandem_no_such_role");
        SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(wrong).close());
        assertThat(e.getSQLState()).startsWith("28");
        String message = ControlStore.failed("read the config version", e).getMessage();
        assertThat(message).contains("Check the user and password").doesNotContain("tandem-agent init");
    }
}
