package dev.tandem.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The migration every benchmark runs under: {@code bench_users.email} renamed to {@code email_address}, in
 * DUAL_WRITE (or, for the benchmarks of reads, READ_NEW: {@link #writeTempFile(String)}). The table
 * {@code bench_accounts} has the same columns and is not migrated (the passthrough case).
 */
public final class MigrationSpec {
    public static final String MIGRATED_TABLE = "bench_users";
    public static final String PLAIN_TABLE = "bench_accounts";

    private static final String YAML = """
        migrations:
          - id: bench-users-email
            table: bench_users
            key: [id]
            columns:
              - old: email
                new: email_address
            phase: %s
        """;
    public static final String DUAL_WRITE = "DUAL_WRITE";
    public static final String READ_NEW = "READ_NEW";

    private MigrationSpec() {
    }

    /** Writes the spec (DUAL_WRITE) to a new temporary file (deleted when the JVM exits) and returns its path. */
    public static Path writeTempFile() {
        return writeTempFile(DUAL_WRITE);
    }

    /** Writes the spec in {@code phase} to a new temporary file (deleted when the JVM exits); its path. */
    public static Path writeTempFile(String phase) {
        try {
            Path file = Files.createTempFile("tandem-bench-", ".yaml");
            Files.writeString(file, YAML.formatted(phase), StandardCharsets.UTF_8);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code jdbc:tandem:<real URL without jdbc:>} with the spec file as {@code tandem.config}. */
    public static String tandemUrl(String realUrl, Path spec, String extraOptions) {
        String rest = realUrl.substring("jdbc:".length());
        String options = "tandem.config=file:" + spec.toAbsolutePath() + extraOptions;
        return "jdbc:tandem:" + rest + (rest.indexOf('?') < 0 ? "?" : "&") + options;
    }
}
