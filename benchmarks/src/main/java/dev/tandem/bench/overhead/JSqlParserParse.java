package dev.tandem.bench.overhead;

import dev.tandem.bench.MigrationSpec;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
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
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The reference for Tandem's cold path: one JSqlParser parse of the text a cold call sends (the migrated
 * table's statement with its trailing comment), on a shared executor as Tandem parses (the one-argument
 * {@code parse} starts a thread per call). Nothing is rewritten, rendered or cached.
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

    private ExecutorService executor;
    private String sql;

    @Setup(Level.Trial)
    public void setUp() {
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "bench-sql-parser");
            t.setDaemon(true);
            return t;
        });
        sql = StubSession.withComment(shape.sql(api, MigrationSpec.MIGRATED_TABLE), StubSession.FIRST_COUNTER);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        executor.shutdownNow();
    }

    @Benchmark
    public net.sf.jsqlparser.statement.Statement parse() throws JSQLParserException {
        return CCJSqlParserUtil.parse(sql, executor, p -> { });
    }
}
