package dev.tandem.bench.overhead;

import dev.tandem.bench.MigrationSpec;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.statement.Statements;
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
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The reference for Tandem's cold path: one JSqlParser parse of the text a cold call sends (the migrated
 * table's statement with its trailing comment), the simple parse JSqlParser tries first, on the calling
 * thread, as Tandem parses such a statement. Nothing is rewritten, rendered or cached.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class JSqlParserParse {
    @Param
    public Shape shape;
    @Param
    public Api api;

    private String sql;

    @Setup(Level.Trial)
    public void setUp() {
        sql = StubSession.withComment(shape.sql(api, MigrationSpec.MIGRATED_TABLE), StubSession.FIRST_COUNTER);
    }

    @Benchmark
    public Statements parse() throws ParseException {
        return CCJSqlParserUtil.newParser(sql).withAllowComplexParsing(false).Statements();
    }
}
