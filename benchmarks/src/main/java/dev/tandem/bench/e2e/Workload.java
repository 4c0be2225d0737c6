package dev.tandem.bench.e2e;

import dev.tandem.bench.MigrationSpec;
import dev.tandem.driver.TandemDriver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * One trial's server, tables and statement: started once per trial (a JMH fork), shared by its threads,
 * each of which opens its own {@link Session}.
 */
final class Workload implements AutoCloseable {
    private final Server server;
    private final DriverPath target;
    private final String url;
    private final SingleRowStatement.Operation operation;

    private Workload(Server server, DriverPath target, String url, SingleRowStatement.Operation operation) {
        this.server = server;
        this.target = target;
        this.url = url;
        this.operation = operation;
    }

    /**
     * Starts the server, creates and seeds the tables, resolves the target's URL and statement, and notes
     * which server this is in {@code target/db/<benchmark>.server} for the report.
     */
    static Workload start(String benchmark, ServerStarter starter, DriverPath target, SingleRowStatement shape)
        throws Exception {
        // A real registry, as in production; Micrometer's global one would make every counter a no-op.
        TandemDriver.setDefaultMeterRegistry(new SimpleMeterRegistry());
        Server server = starter.start();
        try {
            if (!server.seeded()) {
                Schema.create(server.url());
            }
            Files.writeString(DataDirectories.root().resolve(benchmark + ".server"),
                server.description() + ", " + Schema.serverVersion(server.url()), StandardCharsets.UTF_8);
            Path spec = MigrationSpec.writeTempFile();
            return new Workload(server, target, target.url(server.url(), spec),
                shape.operation(target.table(), target.writesBothColumns()));
        } catch (Exception e) {
            server.close();
            throw e;
        }
    }

    /** Starts a server of one kind. */
    @FunctionalInterface
    interface ServerStarter {
        Server start() throws Exception;
    }

    /** A connection for benchmark thread {@code thread}, checked by one execution of the statement. */
    Session open(int thread, Blackhole bh) throws SQLException {
        Connection connection = DriverManager.getConnection(url);
        try {
            return session(target, connection, server.url(), new Ids(thread, Schema.SEED_ROWS), operation, bh);
        } catch (RuntimeException | SQLException e) {
            connection.close();
            throw e;
        }
    }

    /**
     * A session of path {@code target} on {@code connection}, checked twice: the connection's class must come
     * from the path's driver, and one execution must succeed (a refused or failing statement fails the setup,
     * not the measurement).
     */
    static Session session(DriverPath target, Connection connection, String rawUrl, Ids ids,
                           SingleRowStatement.Operation operation, Blackhole bh) throws SQLException {
        String expected = target.connectionPackage(rawUrl);
        if (!connection.getClass().getName().startsWith(expected)) {
            throw new IllegalStateException(target + " runs on a " + connection.getClass().getName() + ", not a "
                + expected + "* class: check META-INF/services/java.sql.Driver in the benchmarks jar");
        }
        Session session = new Session(connection, ids, operation);
        session.run(bh);
        return session;
    }

    /** Checks that every write to the migrated table filled both columns, then stops the server. */
    @Override
    public void close() throws Exception {
        try {
            long inconsistent = Schema.rowsWithColumnsApart(server.url());
            if (inconsistent > 0) {
                throw new IllegalStateException(inconsistent + " rows of " + MigrationSpec.MIGRATED_TABLE
                    + " have email_address different from email after " + target + ": the dual write did not happen");
            }
        } finally {
            server.close();
        }
    }

    /** One thread's connection and keys. */
    static final class Session implements AutoCloseable {
        private final Connection connection;
        private final Ids ids;
        private final SingleRowStatement.Operation operation;

        private Session(Connection connection, Ids ids, SingleRowStatement.Operation operation) {
            this.connection = connection;
            this.ids = ids;
            this.operation = operation;
        }

        void run(Blackhole bh) throws SQLException {
            operation.run(connection, ids, bh);
        }

        @Override
        public void close() throws SQLException {
            connection.close();
        }
    }
}
