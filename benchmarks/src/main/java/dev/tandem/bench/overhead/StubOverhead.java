package dev.tandem.bench.overhead;

import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/**
 * Time per statement (create or prepare, bind, execute, read, close) over the stub driver, which does
 * nothing: the raw stub, p6spy, Tandem passing the statement through, and Tandem rewriting it with the plan
 * cached. The differences from RAW are the proxies' own cost. The cold path is {@link StubColdPath}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class StubOverhead extends StubBenchmark {
    @Param({"RAW", "P6SPY", "TANDEM_PASSTHROUGH", "TANDEM_WARM"})
    public Target target;
    @Param
    public Shape shape;
    @Param
    public Api api;

    @Override
    StubSession open(Blackhole bh) throws SQLException {
        return StubSession.open(target, shape, api, bh);
    }
}
