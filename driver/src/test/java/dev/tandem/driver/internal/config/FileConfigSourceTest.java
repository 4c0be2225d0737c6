package dev.tandem.driver.internal.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Reloads of a spec file: good ones publish a new version, bad and empty ones leave the running config. */
class FileConfigSourceTest {
    private static final String SPEC = "migrations:\n  - id: m\n    table: users\n    key: [id]\n    columns:\n"
        + "      - old: email\n        new: email_address\n    phase: %s\n";

    @TempDir
    Path dir;

    @Test
    void reloadPublishesValidChangesAndKeepsTheRunningConfigOnBadOrEmptyFiles() throws Exception {
        Path file = dir.resolve("m.yaml");
        Files.writeString(file, String.format(SPEC, "EXPAND"));
        FileConfigSource source = new FileConfigSource(file, 60_000);
        try {
            assertThat(source.current().version()).isEqualTo(1);

            Files.writeString(file, String.format(SPEC, "DUAL_WRITE"));
            assertThat(source.reload()).isTrue();
            assertThat(source.current().version()).isEqualTo(2);
            assertThat(source.current().migration("m").phase().name()).isEqualTo("DUAL_WRITE");

            Files.writeString(file, "# being edited\n");
            assertThat(source.reload()).isFalse();
            assertThat(source.lastError()).contains("the file is empty").contains("migrations: []");

            Files.writeString(file, String.format(SPEC, "SIDEWAYS"));
            assertThat(source.reload()).isFalse();
            assertThat(source.lastError()).contains("unknown phase 'SIDEWAYS'");
            assertThat(source.current().version()).isEqualTo(2);

            Files.writeString(file, "migrations: []\n");
            assertThat(source.reload()).isTrue();
            assertThat(source.current().migrations()).isEmpty();
            assertThat(source.lastError()).isNull();
        } finally {
            source.close();
        }
    }
}
