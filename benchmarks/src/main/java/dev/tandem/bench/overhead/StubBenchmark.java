package dev.tandem.bench.overhead;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

import java.sql.SQLException;

/**
 * One statement per operation over the stub driver through a {@link StubSession}: the benchmark method and
 * its session's lifecycle, shared by {@link StubOverhead}, {@link StubColdPath} and {@link StubLiterals},
 * which choose the targets, shapes and APIs (JMH runs the inherited method under each subclass's name).
 */
public abstract class StubBenchmark {
    private StubSession session;

    /** The session of this trial's parameters: {@link StubSession#open}. */
    abstract StubSession open(Blackhole bh) throws SQLException;

    @Setup(Level.Trial)
    public void setUp(Blackhole bh) throws SQLException {
        session = open(bh);
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException {
        session.close();
    }

    @Benchmark
    public void statement(Blackhole bh) throws SQLException {
        session.statement(bh);
    }
}
