package dev.tandem.testdb;

import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.MySQLContainer;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Servers in Docker containers through Testcontainers. Kept apart from {@link ServerSources} so that
 * Testcontainers is not even loaded when an environment variable names a server.
 */
final class ContainerServers {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerServers.class);
    private static final String POSTGRES_IMAGE = "postgres:16";
    private static final String MYSQL_IMAGE = "mysql:8";

    private static Boolean dockerAnswers;

    private ContainerServers() {
    }

    /** Whether a Docker engine answers; asked once per JVM, and never throws. */
    static synchronized boolean dockerAvailable() {
        if (dockerAnswers == null) {
            long start = System.nanoTime();
            try {
                dockerAnswers = DockerClientFactory.instance().isDockerAvailable();
            } catch (RuntimeException | LinkageError e) {
                LOG.debug("Docker probe failed", e);
                dockerAnswers = false;
            }
            LOG.info("Docker engine {} (probe took {} ms)", dockerAnswers ? "available" : "not available",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        }
        return dockerAnswers;
    }

    static TestServer start(DbKind kind) {
        return switch (kind) {
            case POSTGRESQL -> startPostgres();
            case MARIADB -> startMySql();
        };
    }

    private static TestServer startPostgres() {
        // The image's POSTGRES_USER is a superuser, so it may CREATE DATABASE.
        PostgreSQLContainer<?> container = new PostgreSQLContainer<>(DockerImageName.parse(POSTGRES_IMAGE));
        container.start();
        String url = "jdbc:postgresql://" + container.getHost() + ":"
                + container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT) + "/postgres?user="
                + container.getUsername() + "&password=" + container.getPassword();
        return new TestServer(DbKind.POSTGRESQL, "Testcontainers " + POSTGRES_IMAGE, url, container::stop);
    }

    private static TestServer startMySql() {
        // MySQLContainer gives root the same password as its ordinary user; root may CREATE DATABASE.
        MySQLContainer<?> container = new MySQLContainer<>(DockerImageName.parse(MYSQL_IMAGE));
        container.start();
        String url = "jdbc:mysql://" + container.getHost() + ":" + container.getMappedPort(MySQLContainer.MYSQL_PORT)
                + "/mysql?user=root&password=" + container.getPassword() + "&" + ServerSources.MYSQL_CLIENT_OPTIONS;
        return new TestServer(DbKind.MARIADB, "Testcontainers " + MYSQL_IMAGE, url, container::stop);
    }
}
