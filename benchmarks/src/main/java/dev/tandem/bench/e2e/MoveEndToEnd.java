package dev.tandem.bench.e2e;

import dev.tandem.bench.MigrationSpec;
import dev.tandem.driver.TandemDriver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/**
 * A move's DUAL_WRITE writes on PostgreSQL, statements per second per {@link MoveStatement.Path} (one thread): the
 * absolute numbers. The ratios are {@link MoveInterleaved}'s, measured paired and interleaved in one JVM; JMH runs
 * each path in a fork of its own, whose fork-to-fork variance is larger than the differences measured.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class MoveEndToEnd {
    @Param
    public MoveStatement.Path path;
    @Param({"UPDATE", "INSERT"})
    public MoveStatement statement;

    private static final Blackhole CHECK = new Blackhole(
        "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");

    private Server server;
    private Connection connection;
    private Ids ids;

    @Setup(Level.Trial)
    public void start() throws Exception {
        TandemDriver.setDefaultMeterRegistry(new SimpleMeterRegistry());
        server = Servers.postgres();
        MoveStatement.create(server.url());
        connection = DriverManager.getConnection(path == MoveStatement.Path.TANDEM
            ? MigrationSpec.tandemUrl(server.url(), MoveStatement.spec(), "") : server.url());
        String expected = path == MoveStatement.Path.TANDEM ? "dev.tandem.driver." : "org.postgresql.";
        if (!connection.getClass().getName().startsWith(expected)) {
            throw new IllegalStateException(path + " runs on a " + connection.getClass().getName());
        }
        ids = new Ids(0, MoveStatement.SEED_ROWS);
        statement.run(path, connection, ids, CHECK); // a refused or failing statement fails the setup
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        try {
            connection.close();
            long apart = MoveStatement.apart(server.url());
            if (apart > 0 && path != MoveStatement.Path.RAW_SOURCE_ONLY) {
                throw new IllegalStateException(apart + " rows of " + MoveStatement.SOURCE + " differ from "
                    + MoveStatement.TARGET + " after " + path + ": a write did not reach both tables");
            }
        } finally {
            server.close();
        }
    }

    @Benchmark
    @Threads(1)
    public void oneThread(Blackhole bh) throws SQLException {
        statement.run(path, connection, ids, bh);
    }
}
