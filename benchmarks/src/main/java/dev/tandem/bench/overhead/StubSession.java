package dev.tandem.bench.overhead;

import dev.tandem.bench.MigrationSpec;
import dev.tandem.driver.TandemDriver;
import dev.tandem.driver.stub.StubDriver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.openjdk.jmh.infra.Blackhole;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * One target's connection over the stub and the statement it runs, shared by {@link StubOverhead},
 * {@link StubColdPath} and {@link StubLiterals}. Opening checks that the connection really goes through the
 * target; closing checks,
 * from Tandem's own meters, that Tandem did what the target claims (passed through, or planned the migrated
 * table's statement).
 */
final class StubSession {
    static final String STUB_URL = StubDriver.QUIET_PREFIX + "bench";
    /** Cold texts end in {@code /* n *\/}; starting at 10^9 keeps their length fixed. */
    static final long FIRST_COUNTER = 1_000_000_000L;
    /** How many different texts a literal target cycles through: more than a CPU cache line's worth of keys. */
    static final int LITERAL_TEXTS = 4096;

    private final Target target;
    private final Shape shape;
    private final Api api;
    private final SimpleMeterRegistry registry;
    private final Connection connection;
    private final String fixedSql;
    private final String uniquePrefix;
    private final Target.Text text;
    private final String[] literalTexts;
    private final String table;
    private long counter = FIRST_COUNTER;
    private int next;

    private StubSession(Target target, Shape shape, Api api, SimpleMeterRegistry registry, Connection connection) {
        this.target = target;
        this.shape = shape;
        this.api = api;
        this.registry = registry;
        this.connection = connection;
        this.fixedSql = shape.sql(api, target.table());
        this.uniquePrefix = fixedSql + " /* ";
        this.text = target.text();
        this.table = target.table();
        this.literalTexts = text == Target.Text.LITERALS ? shape.literalTexts(target.table(), LITERAL_TEXTS) : null;
    }

    static StubSession open(Target target, Shape shape, Api api, Blackhole bh) throws SQLException {
        StubDriver.register();
        // A real registry, as in production; Micrometer's global one would make every counter a no-op.
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TandemDriver.setDefaultMeterRegistry(registry);
        // The stub URL names no dialect Tandem knows, so the dialect is given.
        String tandemUrl = MigrationSpec.tandemUrl(STUB_URL, MigrationSpec.writeTempFile(target.phase(shape)),
            "&tandem.dialect=postgresql" + target.tandemOptions());
        Connection connection = DriverManager.getConnection(target.url(STUB_URL, tandemUrl));
        if (!target.connectedThrough(connection.getClass().getName())) {
            throw new IllegalStateException(target + " connected through " + connection.getClass().getName());
        }
        StubSession session = new StubSession(target, shape, api, registry, connection);
        session.statement(bh); // a refused statement fails the setup, not the measurement
        return session;
    }

    /** The text a cold call sends for {@code sql}: a trailing comment with a counter. */
    static String withComment(String sql, long n) {
        return sql + " /* " + n + " */";
    }

    /** One statement: the fixed text, for the cold targets a new one, for the literal targets the next one. */
    void statement(Blackhole bh) throws SQLException {
        String sql = switch (text) {
            case FIXED -> fixedSql;
            case COMMENT_COUNTER -> uniquePrefix + counter++ + " */";
            case LITERALS -> literalTexts[next++ & (LITERAL_TEXTS - 1)];
            case LITERALS_UNIQUE -> shape.literalText(table, counter++);
        };
        shape.run(api, connection, sql, bh);
    }

    void close() throws SQLException {
        connection.close();
        String outcome = target.tandemOutcome(shape);
        if (outcome != null) {
            double count = registry.find("tandem.statements").tag("outcome", outcome).counters().stream()
                .mapToDouble(Counter::count).sum();
            if (count == 0) {
                throw new IllegalStateException(target + " " + shape + " " + api + ": Tandem counted no statement "
                    + "with outcome " + outcome + "; the benchmark did not measure what it says");
            }
        }
        if (target.throughShapes() && count("tandem.plan.shape.hits") == 0) {
            throw new IllegalStateException(target + " " + shape + " " + api + ": Tandem planned no statement through "
                + "its shape (" + count("tandem.plan.shape.fallbacks") + " fallbacks); the benchmark did not measure "
                + "what it says");
        }
    }

    private double count(String counter) {
        return registry.find(counter).counters().stream().mapToDouble(Counter::count).sum();
    }
}
