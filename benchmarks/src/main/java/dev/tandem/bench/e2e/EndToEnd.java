package dev.tandem.bench.e2e;

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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.infra.ThreadParams;

import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/**
 * What the end-to-end benchmarks share: their JMH settings, parameters and one trial's {@link Workload}.
 * Each server's benchmark ({@link PostgresEndToEnd}, {@link MariaDbEndToEnd}) names itself and its server,
 * and declares its thread state and benchmark methods, which JMH needs typed on the concrete class.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public abstract class EndToEnd {
    @Param
    public DriverPath path;
    /** The prepared statements; the literal-value ones (issue 13) are measured by {@link Interleaved} only. */
    @Param({"SELECT", "INSERT", "UPDATE"})
    public SingleRowStatement statement;

    private final String name;
    private final Workload.ServerStarter server;
    Workload workload;

    /** {@code name}: the benchmark's class name, under which the report finds its server. */
    protected EndToEnd(String name, Workload.ServerStarter server) {
        this.name = name;
        this.server = server;
    }

    @Setup(Level.Trial)
    public void start() throws Exception {
        workload = Workload.start(name, server, path, statement);
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        workload.close();
    }

    /** One benchmark thread's connection; each benchmark's subclass opens it from its own trial. */
    @State(Scope.Thread)
    public abstract static class Client {
        Workload.Session session;

        void openOn(EndToEnd benchmark, ThreadParams thread, Blackhole bh) throws SQLException {
            session = benchmark.workload.open(thread.getThreadIndex(), bh);
        }

        @TearDown(Level.Trial)
        public void close() throws SQLException {
            session.close();
        }
    }
}
