package dev.tandem.agent.cli;

import dev.tandem.agent.AgentException;
import dev.tandem.agent.http.FakeAgent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class MigrationFileWatcherTest {
    private final FakeAgent agent = new FakeAgent();

    @Test
    void publishesOnlyWhenTheContentChangesAndNotAtStart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("migrations.yaml");
        Files.writeString(file, "migrations: []\n");
        try (MigrationFileWatcher watcher = new MigrationFileWatcher(agent, file)) {
            watcher.poll();
            watcher.poll();
            Files.writeString(file, "migrations: []\n");
            watcher.poll();
            assertThat(agent.calls).isEmpty();
            Files.writeString(file, "migrations: [] # edited\n");
            watcher.poll();
            watcher.poll();
            assertThat(agent.calls).containsExactly("reload(file-watch)");
        }
    }

    @Test
    void aRejectedFileIsNotRetriedUntilItChangesAndWatchingGoesOn(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("migrations.yaml");
        Files.writeString(file, "migrations: []\n");
        agent.failWith = new AgentException(AgentException.Kind.INVALID, "field 'migrations[0].table' is required");
        try (MigrationFileWatcher watcher = new MigrationFileWatcher(agent, file)) {
            watcher.poll();
            Files.writeString(file, "migrations: [");
            watcher.poll();
            watcher.poll();
            assertThat(agent.calls).containsExactly("reload(file-watch)");
            agent.failWith = null;
            Files.writeString(file, "migrations: []\n");
            watcher.poll();
            assertThat(agent.calls).hasSize(2);
        }
    }

    @Test
    void aMissingFileIsNotAReloadAndNotAnError(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("migrations.yaml");
        try (MigrationFileWatcher watcher = new MigrationFileWatcher(agent, file)) {
            watcher.poll();
            watcher.poll();
            assertThat(agent.calls).isEmpty();
            Files.writeString(file, "migrations: []\n");
            watcher.poll();
            Files.delete(file);
            watcher.poll();
            assertThat(agent.calls).containsExactly("reload(file-watch)");
        }
    }

    @Test
    void reloadSoonRunsOnTheWatcherThreadWithTheGivenActor(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("migrations.yaml");
        Files.writeString(file, "migrations: []\n");
        try (MigrationFileWatcher watcher = new MigrationFileWatcher(agent, file)) {
            watcher.reloadSoon("sighup");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (agent.calls.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(agent.calls).containsExactly("reload(sighup)");
        }
    }

    @Test
    void sighupInstallsWhereTheJvmHasIt() {
        // On Linux and macOS JVMs sun.misc.Signal handles HUP; the handler is not fired here.
        assertThat(Sighup.install(() -> { })).isEqualTo(!System.getProperty("os.name").startsWith("Windows"));
    }
}
