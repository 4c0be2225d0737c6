package dev.tandem.bench.e2e;

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
import org.openjdk.jmh.infra.ThreadParams;

import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/** Statements per second on MariaDB (embedded, or MySQL/MariaDB at {@code -Djdbc.mysql.url}), one thread and four. */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class MariaDbEndToEnd {
    @Param
    public DriverPath path;
    @Param
    public SingleRowStatement statement;

    Workload workload;

    @Setup(Level.Trial)
    public void start() throws Exception {
        workload = Workload.start("MariaDbEndToEnd", Servers::mariaDb, path, statement);
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        workload.close();
    }

    /** One benchmark thread's connection. */
    @State(Scope.Thread)
    public static class Client {
        Workload.Session session;

        @Setup(Level.Trial)
        public void open(MariaDbEndToEnd benchmark, ThreadParams thread, Blackhole bh) throws SQLException {
            session = benchmark.workload.open(thread.getThreadIndex(), bh);
        }

        @TearDown(Level.Trial)
        public void close() throws SQLException {
            session.close();
        }
    }

    @Benchmark
    @Threads(1)
    public void oneThread(Client client, Blackhole bh) throws SQLException {
        client.session.run(bh);
    }

    @Benchmark
    @Threads(4)
    public void fourThreads(Client client, Blackhole bh) throws SQLException {
        client.session.run(bh);
    }
}
