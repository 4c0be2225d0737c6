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
 * Tandem's cold path over the stub driver: every statement has a new text (a trailing comment with a
 * counter), so each one is parsed, rewritten, rendered and cached. {@code RAW_UNIQUE_TEXT} sends the same
 * changing texts to the raw stub, so the cold overhead is {@code TANDEM_COLD - RAW_UNIQUE_TEXT}, free of
 * the cost of building the text; {@link JSqlParserParse} is the reference. JSqlParser's parser takes longer
 * to compile than the wrappers, hence the longer warmup; a parse allocates and varies much more than a
 * wrapper call, hence the longer measurement (the same for {@link JSqlParserParse}, so the two compare).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class StubColdPath extends StubBenchmark {
    @Param({"TANDEM_COLD", "RAW_UNIQUE_TEXT"})
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
