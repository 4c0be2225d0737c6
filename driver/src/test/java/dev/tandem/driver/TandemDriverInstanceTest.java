package dev.tandem.driver;

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

/** The instance calls of the API: whether an instance id is taken, and closing an instance. */
class TandemDriverInstanceTest {
    @TempDir
    Path dir;

    @Test
    void anInstanceIsRegisteredByItsFirstConnectionAndGoneOnceClosed() throws SQLException, IOException {
        StubDriver.register();
        Path spec = Files.writeString(dir.resolve("migrations.yaml"), "migrations: []\n");
        String id = "instance-test-" + System.nanoTime();
        assertThat(TandemDriver.isInstanceRegistered(id)).isFalse();
        try (Connection c = DriverManager.getConnection("jdbc:tandem:stub://h/db?tandem.config=file:" + spec
            + "&tandem.dialect=postgresql&tandem.instanceId=" + id)) {
            assertThat(TandemDriver.isInstanceRegistered(id)).isTrue();
            assertThat(TandemDriver.closeInstance(id)).isTrue();
            assertThat(TandemDriver.isInstanceRegistered(id)).isFalse();
            c.createStatement().executeQuery("select 1"); // an open connection keeps the last config
        }
        assertThat(TandemDriver.closeInstance(id)).isFalse();
    }
}
