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
 * Statements with literal values through a plain {@link java.sql.Statement}, every one a different text
 * (issue 13): a ring of 4,096 texts of each shape that differ only in their values (the key, and a string
 * holding it), built before the measurement. Over the raw stub given the same texts ({@code RAW_LITERALS}),
 * Tandem plans each through the statement's shape ({@code TANDEM_LITERALS}: one lexical pass and a splice
 * of the text's own literals into the shape's rewritten text), the SELECT in READ_NEW and the writes in
 * DUAL_WRITE, so that every one is rewritten. {@code TANDEM_LITERALS_NO_SHAPES} is the same with
 * {@code tandem.shapes=off}: a parse per statement, as before shapes. The warmup is longer than
 * {@link StubOverhead}'s: that target compiles JSqlParser's parser.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class StubLiterals extends StubBenchmark {
    @Param({"RAW_LITERALS", "TANDEM_LITERALS", "TANDEM_LITERALS_NO_SHAPES"})
    public Target target;
    @Param
    public Shape shape;
    /** Literal values are a plain statement's; the parameter names the case as the other stub tables do. */
    @Param("STATEMENT")
    public Api api;

    @Override
    StubSession open(Blackhole bh) throws SQLException {
        return StubSession.open(target, shape, api, bh);
    }
}
