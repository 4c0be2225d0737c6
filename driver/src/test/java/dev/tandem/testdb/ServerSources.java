package dev.tandem.testdb;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks where a kind's server comes from, in the order of DESIGN.md section 8: an existing server named by an
 * environment variable, else Testcontainers when a Docker engine answers, else an embedded server.
 */
final class ServerSources {

    /** Connector/J options that let it talk to MySQL 8 and MariaDB alike without TLS or key-exchange fuss. */
    static final String MYSQL_CLIENT_OPTIONS = "sslMode=DISABLED&allowPublicKeyRetrieval=true&characterEncoding=UTF-8";

    private static final Logger LOG = LoggerFactory.getLogger(ServerSources.class);

    private ServerSources() {
    }

    /** Starts (or, for an existing server, just describes) the server for {@code kind}. */
    static TestServer start(DbKind kind) throws Exception {
        String variable = environmentVariable(kind);
        String url = System.getenv(variable);
        if (url != null && !url.isBlank()) {
            return existing(kind, variable, url.trim());
        }
        if (ContainerServers.dockerAvailable()) {
            try {
                return ContainerServers.start(kind);
            } catch (RuntimeException e) {
                // A Docker engine that answers but cannot run the image (no registry, no disk) must not
                // take the whole suite down when an embedded server would do.
                LOG.warn("Testcontainers could not start a {} server; falling back to an embedded one", kind, e);
            }
        }
        return switch (kind) {
            case POSTGRESQL -> EmbeddedPostgresServer.start();
            case MARIADB -> EmbeddedMariaDbServer.start();
        };
    }

    static String environmentVariable(DbKind kind) {
        return switch (kind) {
            case POSTGRESQL -> "TANDEM_TEST_PG_URL";
            case MARIADB -> "TANDEM_TEST_MYSQL_URL";
        };
    }

    private static TestServer existing(DbKind kind, String variable, String url) {
        String expectedPrefix = switch (kind) {
            case POSTGRESQL -> "jdbc:postgresql://";
            case MARIADB -> "jdbc:mysql://";
        };
        if (!url.toLowerCase(Locale.ROOT).startsWith(expectedPrefix)) {
            throw new IllegalArgumentException(variable + " must be a " + expectedPrefix
                    + "host:port/database?user=...&password=... URL, but is: " + JdbcUrls.redact(url));
        }
        // Not ours to stop: the databases created on it stay behind, named after their test classes.
        return new TestServer(kind, variable + " (an existing server)", url, () -> { });
    }
}
