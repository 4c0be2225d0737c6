package dev.tandem.agent.demo;

import dev.tandem.driver.schema.Dialect;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The server the rehearsal runs on and the database it owns there: an embedded PostgreSQL started for the
 * run (and stopped after it), or a given server on which the database {@value DemoSchema#DATABASE} is
 * dropped and created again.
 */
final class Target implements AutoCloseable {
    /** The SQL flavours the schema, the seeding and the spec differ by. */
    enum Kind {
        POSTGRESQL, MARIADB, MYSQL;

        boolean isMysqlFamily() {
            return this != POSTGRESQL;
        }

        /**
         * Whether this version of Tandem writes a move's source and target together on this server, so the
         * rehearsal walks its third scenario (a move of columns to another table) here. PostgreSQL only for now.
         */
        boolean movesColumns() {
            return this == POSTGRESQL;
        }

        /** The SQL dialect Tandem speaks to this server in. */
        Dialect dialect() {
            return isMysqlFamily() ? Dialect.MYSQL : Dialect.POSTGRESQL;
        }
    }

    private final Kind kind;
    private final String url;
    private final String server;
    private final EmbeddedPostgres postgres;

    private Target(Kind kind, String url, String server, EmbeddedPostgres postgres) {
        this.kind = kind;
        this.url = url;
        this.server = server;
        this.postgres = postgres;
    }

    /** Starts an embedded PostgreSQL when {@code serverUrl} is null; then (re)creates the demo database. */
    static Target open(String serverUrl) throws IOException, SQLException {
        EmbeddedPostgres postgres = null;
        if (serverUrl == null) {
            try {
                postgres = EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(60)).start();
            } catch (IOException | RuntimeException e) {
                throw new IOException("Could not start the embedded PostgreSQL (" + e.getMessage() + "). It ships "
                    + "for Linux x86-64 only; elsewhere, point the demo at a server with --jdbc-url", e);
            }
            serverUrl = postgres.getJdbcUrl("postgres", "postgres");
        }
        try {
            return create(serverUrl, postgres);
        } catch (SQLException | RuntimeException e) {
            if (postgres != null) {
                postgres.close();
            }
            throw e;
        }
    }

    private static Target create(String serverUrl, EmbeddedPostgres postgres) throws SQLException {
        String admin = serverUrl;
        if (serverUrl.startsWith("jdbc:postgresql:") && DemoSchema.DATABASE.equals(Urls.database(serverUrl))) {
            admin = Urls.withDatabase(serverUrl, "postgres"); // a database cannot be dropped from inside itself
        }
        try (Connection c = DriverManager.getConnection(admin); Statement s = c.createStatement()) {
            DatabaseMetaData meta = c.getMetaData();
            String version = meta.getDatabaseProductVersion();
            Kind kind = serverUrl.startsWith("jdbc:postgresql:") ? Kind.POSTGRESQL
                : version.toLowerCase(java.util.Locale.ROOT).contains("mariadb") ? Kind.MARIADB : Kind.MYSQL;
            if (kind == Kind.POSTGRESQL) {
                // FORCE ends sessions left on the database by an earlier run (PostgreSQL 13 and later).
                s.execute("DROP DATABASE IF EXISTS " + DemoSchema.DATABASE
                    + (meta.getDatabaseMajorVersion() >= 13 ? " WITH (FORCE)" : ""));
            } else {
                s.execute("DROP DATABASE IF EXISTS " + DemoSchema.DATABASE);
            }
            s.execute("CREATE DATABASE " + DemoSchema.DATABASE);
            String product = kind == Kind.MARIADB ? "MariaDB" : meta.getDatabaseProductName();
            String server = product + " " + version.replaceFirst("-MariaDB.*", "").replaceFirst(" .*", "")
                + (postgres != null ? " (embedded)" : "");
            return new Target(kind, Urls.withDatabase(serverUrl, DemoSchema.DATABASE), server, postgres);
        }
    }

    Kind kind() {
        return kind;
    }

    /** The real driver's URL of the demo database. */
    String url() {
        return url;
    }

    /** Product and version, e.g. "PostgreSQL 14.15 (embedded)". */
    String server() {
        return server;
    }

    boolean embedded() {
        return postgres != null;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url);
    }

    /** Stops the embedded server (its data directory goes with it); a given server keeps the database. */
    @Override
    public void close() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }
}
