package dev.tandem.driver.internal.plan;

import dev.tandem.driver.internal.text.ParameterOrder;
import dev.tandem.driver.internal.text.Shape;
import dev.tandem.driver.internal.text.SqlLexer;
import dev.tandem.driver.internal.text.ParseText;
import dev.tandem.driver.internal.text.SqlText;
import dev.tandem.driver.schema.Catalog;
import dev.tandem.driver.schema.Dialect;
import com.github.benmanes.caffeine.cache.Cache;
import dev.tandem.driver.TandemSQLException;
import dev.tandem.driver.TandemSqlState;
import dev.tandem.driver.internal.config.ConfigSnapshot;
import dev.tandem.driver.internal.metrics.TandemMetrics;
import dev.tandem.driver.internal.rewrite.MetadataUnavailableException;
import dev.tandem.driver.internal.rewrite.RewriteException;
import dev.tandem.driver.internal.rewrite.StatementRewriter;
import dev.tandem.driver.spec.Migration;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * Turns application SQL into a {@link Plan} under one config snapshot: the lexical prefilter first
 * (most statements stop there, unparsed and unchanged), then the plan cache, then parse and rewrite.
 * One planner per snapshot: its cache and catalog live exactly as long as the version they describe.
 */
public final class StatementPlanner {
    private static final System.Logger LOG = System.getLogger(StatementPlanner.class.getName());
    /**
     * Where JSqlParser's own entry points run a parse, under their time-out (a thread per call without
     * one); here only for statements the calling thread does not parse itself (see {@link #parse}).
     */
    private static final ExecutorService PARSER_POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "tandem-sql-parser");
        t.setDaemon(true);
        return t;
    });
    private static final int MAX_SQL_IN_MESSAGE = 300;
    /** The longest statement the calling thread parses itself; longer ones go to the pool, under the time-out. */
    static final int CALLING_THREAD_MAX_CHARS = 20_000;

    private final ConfigSnapshot snapshot;
    private final Dialect dialect;
    private final boolean failOnUnsupported;
    private final TandemMetrics metrics;
    private final Catalog catalog;
    private final Cache<String, PlanSet> cache;
    private final boolean mysql;
    private final List<String> tableTokens;
    /** Plans by statement shape; null when shapes are off. */
    private final ShapePlans shapes;
    private final Views views;
    /** The table renames of this snapshot; null when it has none. */
    private final RenamePlans renames;

    public StatementPlanner(ConfigSnapshot snapshot, Dialect dialect, boolean failOnUnsupported, int cacheSize,
                   TandemMetrics metrics) {
        this(snapshot, dialect, failOnUnsupported, cacheSize, DEFAULT_CACHE_BYTES, true, metrics);
    }

    /**
     * @param cacheSize  the most plans kept, for texts and for shapes each
     * @param cacheBytes an estimate of the most memory they hold, for texts and for shapes each
     * @param shapes     whether texts that differ only in literal values share a plan ({@link ShapePlans})
     */
    public StatementPlanner(ConfigSnapshot snapshot, Dialect dialect, boolean failOnUnsupported, int cacheSize,
                            long cacheBytes, boolean shapes, TandemMetrics metrics) {
        this.snapshot = snapshot;
        this.dialect = dialect;
        this.mysql = dialect.backslashEscapesInStrings();
        this.failOnUnsupported = failOnUnsupported;
        this.metrics = metrics;
        this.catalog = new Catalog(dialect);
        List<String> tokens = new ArrayList<>();
        for (Migration m : snapshot.activeMigrations()) {
            tokens.add(m.table().prefilterToken());
            if (m.kind() == Migration.Kind.MOVE && m.phase() != dev.tandem.driver.spec.Phase.COMPLETE) {
                tokens.add(m.target().prefilterToken()); // its direct writes are refused until COMPLETE
            }
        }
        this.tableTokens = List.copyOf(tokens);
        this.views = new Views(snapshot, catalog);
        this.cache = PlanCaches.bounded(cacheSize, cacheBytes, PlanCaches::weigh);
        this.shapes = shapes ? new ShapePlans(this, cacheSize, cacheBytes, metrics) : null;
        this.renames = RenamePlans.of(snapshot, dialect, catalog, cacheSize, cacheBytes);
    }

    /** The default of {@code tandem.planCacheMb}, in bytes: 64 MiB. */
    public static final long DEFAULT_CACHE_BYTES = 64L << 20;

    boolean mysql() {
        return mysql;
    }

    public ConfigSnapshot snapshot() {
        return snapshot;
    }

    /** The plan for one execution of {@code sql}; {@code physical} serves metadata reads on a cache miss. */
    public Plan plan(String sql, Connection physical) throws TandemSQLException {
        if (renames != null) {
            Plan renamed = renames.plan(sql, physical, this);
            if (renamed != null) {
                return renamed;
            }
        }
        return planColumns(sql, physical);
    }

    /** {@link #plan} for a text whose table renames, if any, are done: column migrations only. */
    Plan planColumns(String sql, Connection physical) throws TandemSQLException {
        if (!snapshot.mayTouchMigratedTable(sql) && !views.mentioned(sql)) {
            metrics.passthrough();
            return Plan.passthrough(sql, snapshot.version());
        }
        try {
            PlanSet set = cache.getIfPresent(sql);
            if (set != null) {
                metrics.cacheHit();
                return choose(set);
            }
            Plan again = shapes == null ? null : shapes.recent(sql);
            if (again != null) {
                return again;
            }
            // One lexical pass: the text's shape, and whether it names a migrated table (or such a view) as an
            // identifier, not only inside a longer word, a literal or a comment.
            Shape shape = shapes == null || sql.indexOf(Shape.SLOT_MARK) >= 0 ? null
                : Shape.of(sql, mysql, views.namesWith(tableTokens));
            if (shape == null ? !namesMigratedTableOrView(sql) : !shape.names()) {
                metrics.passthrough();
                return Plan.passthrough(sql, snapshot.version());
            }
            if (shape != null && shape.slotCount() > 0) {
                Plan viaShape = shapes.plan(shape, physical);
                if (viaShape != null) {
                    return viaShape;
                }
            }
            metrics.cacheMiss();
            long start = System.nanoTime();
            set = build(sql, physical, false);
            metrics.rewriteNanos(System.nanoTime() - start);
            cache.put(sql, set);
            return choose(set);
        } catch (MetadataUnavailableException e) {
            // Transient (e.g. an aborted transaction): fail this execution, cache nothing.
            throw new TandemSQLException(e.getMessage(), TandemSqlState.UNSUPPORTED_STATEMENT, e.getCause());
        }
    }

    /** One plan of {@code set} for this execution, counted by outcome. */
    Plan choose(PlanSet set) throws TandemSQLException {
        Plan plan;
        try {
            plan = set.choose();
        } catch (TandemSQLException e) {
            count(TandemMetrics.Outcome.REFUSED, set.migrations());
            throw e;
        }
        count(plan.isRewritten() ? TandemMetrics.Outcome.REWRITTEN : TandemMetrics.Outcome.UNCHANGED,
            set.migrations());
        return plan;
    }

    /** True if {@code sql} holds the name of a migrated table, or of a view that reads one, as an identifier. */
    private boolean namesMigratedTableOrView(String sql) {
        if (SqlLexer.identifierAmong(sql, mysql, tableTokens) != null) {
            return true;
        }
        return views.namedIn(sql, mysql);
    }

    void count(TandemMetrics.Outcome outcome, List<String> migrations) {
        if (migrations.isEmpty()) {
            metrics.statement(outcome, null);
        }
        for (String m : migrations) {
            metrics.statement(outcome, m);
        }
    }

    private static List<String> ids(java.util.Collection<Migration> migrations) {
        List<String> out = new ArrayList<>(migrations.size());
        for (Migration m : migrations) {
            out.add(m.id());
        }
        return List.copyOf(out);
    }

    /**
     * The plans for {@code sql}. {@code forShape}: {@code sql} is a shape's marker text, and anything that is not a
     * clean plan (a refusal, a statement sent unchanged because it cannot be rewritten) throws
     * {@link ShapePlans.Fallback}, so that each text of the shape is planned, and worded, on its own.
     */
    PlanSet build(String sql, Connection physical, boolean forShape) {
        int[] count = new int[1];
        boolean backslash = mysql;
        String tagged = ParameterOrder.tag(sql, backslash, count);
        ParseText firstText = ParseText.of(tagged, backslash);
        ParseText usedText = firstText;
        Statement statement;
        try {
            Statement parsed;
            try {
                parsed = parse(firstText.text);
            } catch (JSQLParserException | RuntimeException first) {
                // Some words the servers take as aliases are keywords to JSqlParser: once more with them put aside.
                ParseText retry = first instanceof SeveralStatements ? null : firstText.withAliasesProtected(backslash);
                if (retry == null) {
                    throw first;
                }
                try {
                    parsed = parse(retry.text);
                } catch (JSQLParserException | RuntimeException second) {
                    throw first;
                }
                usedText = retry;
            }
            statement = parsed;
        } catch (JSQLParserException | RuntimeException e) {
            if (forShape) {
                throw new ShapePlans.Fallback();
            }
            String table = migratedTableToken(sql);
            if (table == null || isDdl(sql)) {
                // DDL (expand/contract, indexes) touches no column data; other SQL does not name the table.
                return PlanSet.of(Plan.passthrough(sql, snapshot.version()), List.of());
            }
            String reason = e instanceof SeveralStatements ? e.getMessage()
                : "it could not be parsed (" + firstLine(e) + ")";
            return unsupported(sql, migrationOn(table), reason, e instanceof SeveralStatements
                ? TandemSqlState.UNSUPPORTED_STATEMENT : TandemSqlState.UNPARSEABLE_STATEMENT);
        }
        ParseText text = usedText;
        views.loadFor(statement, physical);
        Views.Refusal refusal = views.refusal(statement);
        PlanSet viaView = refusal == null ? null
            : unsupported(sql, refusal.migration(), refusal.reason(), TandemSqlState.UNSUPPORTED_STATEMENT);
        if (viaView != null) {
            if (forShape) {
                throw new ShapePlans.Fallback();
            }
            return viaView;
        }
        try {
            StatementRewriter.Outcome base = StatementRewriter.rewrite(statement, text.text, snapshot, dialect,
                catalog, physical, m -> false);
            Plan plan = render(sql, statement, base, count[0], backslash, text)
                .withSides(Sides.of(base.touched(), base.writes(), base.sampled(), 0));
            List<String> touched = ids(base.touched());
            if (base.sampled().isEmpty()) {
                return PlanSet.of(plan, touched);
            }
            List<Migration> sampled = new ArrayList<>(base.sampled());
            return PlanSet.sampled(plan, touched, sampled,
                mask -> variant(sql, text, count[0], sampled, mask, physical, touched, forShape));
        } catch (RewriteException e) {
            if (forShape) {
                throw new ShapePlans.Fallback();
            }
            return unsupported(sql, e.migration(), e.getMessage(), e.state());
        } catch (MetadataUnavailableException | ShapePlans.Fallback e) {
            throw e;
        } catch (RuntimeException e) {
            if (forShape) {
                throw new ShapePlans.Fallback();
            }
            // A gap in the rewriter must never reach the server half-done, nor escape as an unchecked exception.
            LOG.log(System.Logger.Level.ERROR, "Tandem failed to rewrite a statement: " + abbreviate(sql), e);
            return unsupported(sql, null, "the rewriter failed (" + e + ")", TandemSqlState.UNSUPPORTED_STATEMENT);
        }
    }

    /** More than one statement in one JDBC call: each needs its own plan. */
    private static final class SeveralStatements extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SeveralStatements(int count) {
            super("it holds " + count + " statements in one call; send them one at a time so each can be rewritten");
        }
    }

    private boolean isDdl(String sql) {
        switch (SqlLexer.firstWord(sql, mysql)) {
            case "CREATE": case "ALTER": case "DROP": case "TRUNCATE": case "COMMENT": case "GRANT": case "REVOKE":
            case "ANALYZE": case "VACUUM": case "REINDEX": case "CLUSTER": case "RENAME": case "OPTIMIZE":
                return true;
            default:
                return false;
        }
    }

    private PlanSet variant(String sql, ParseText text, int count, List<Migration> sampled, int mask,
                            Connection physical, List<String> touched, boolean forShape) {
        Predicate<Migration> on = m -> {
            int i = sampled.indexOf(m);
            return i >= 0 && (mask & (1 << i)) != 0;
        };
        try {
            Statement statement = parse(text.text);
            StatementRewriter.Outcome o = StatementRewriter.rewrite(statement, text.text, snapshot, dialect, catalog,
                physical, on);
            return PlanSet.of(render(sql, statement, o, count, mysql, text)
                .withSides(Sides.of(o.touched(), o.writes(), sampled, mask)), touched);
        } catch (RewriteException e) {
            if (forShape) {
                throw new ShapePlans.Fallback();
            }
            return unsupported(sql, e.migration(), e.getMessage(), e.state());
        } catch (JSQLParserException e) {
            if (forShape) {
                throw new ShapePlans.Fallback();
            }
            return unsupported(sql, null, firstLine(e), TandemSqlState.UNPARSEABLE_STATEMENT);
        }
    }

    private Plan render(String sql, Statement statement, StatementRewriter.Outcome o, int count, boolean backslash,
                        ParseText text) {
        if (o.touched().isEmpty()) {
            return Plan.passthrough(sql, snapshot.version());
        }
        if (!o.changed() && o.steps().isEmpty()) {
            Plan plan = Plan.unchanged(sql, snapshot.version(), o.writes());
            return o.retryDeadlock() ? plan.withDeadlockRetry() : plan;
        }
        if (text.notCarried != null) {
            Migration m = o.touched().iterator().next();
            throw RewriteException.unsupported(m, "it must be rewritten, and it holds " + text.notCarried
                + "; write the statement without it");
        }
        List<Step> steps = new ArrayList<>(o.steps().size());
        for (var s : o.steps()) {
            ParameterOrder p = ParameterOrder.of(text.restore(s.sql()), count, backslash);
            steps.add(new Step(p.sql(), p.map(), s.when()));
        }
        if (!o.changed()) {
            // The application's own text, and the steps that run with it (a move's write on MySQL/MariaDB).
            return Plan.rewritten(sql, snapshot.version(), null, o.shape(), o.writes()).withSteps(steps);
        }
        ParameterOrder order = ParameterOrder.of(text.restore(o.sql() != null ? o.sql() : statement.toString()), count,
            backslash);
        return Plan.rewritten(order.sql(), snapshot.version(), order.map(), o.shape(), o.writes()).withSteps(steps);
    }

    /** The one statement of {@code sql}. */
    private Statement parse(String sql) throws JSQLParserException {
        Statements all = parseStatements(sql, mysql);
        if (all.size() != 1) {
            throw new SeveralStatements(all.size());
        }
        return all.get(0);
    }

    /**
     * JSqlParser's first attempt, the simple parse (no complex lookahead), runs here on the calling thread:
     * handing it to an executor, as {@code CCJSqlParserUtil.parseStatements} does to enforce its time-out,
     * costs more than the parse itself (a thread hand-off each way; measured 90-110 µs against 25-30 µs
     * for a one-line UPDATE). Long or deeply nested statements, and any statement the simple parse
     * rejects, take JSqlParser's own path instead: simple then complex parsing on {@link #PARSER_POOL}
     * under its time-out. The calling thread reads the text through {@link SqlText}, whose end of input
     * costs no stack trace. A statement parses to the same tree either way. {@code backslash}: a backslash
     * escapes in literals (MySQL).
     */
    static Statements parseStatements(String sql, boolean backslash) throws JSQLParserException {
        Statements all = onCallingThread(sql, backslash);
        return all != null ? all
            : CCJSqlParserUtil.parseStatements(sql, PARSER_POOL, p -> p.withBackslashEscapeCharacter(backslash));
    }

    /** The simple parse of {@code sql} on the calling thread, or null when it is left to JSqlParser's path. */
    static Statements onCallingThread(String sql, boolean backslash) {
        if (sql.length() > CALLING_THREAD_MAX_CHARS
            || CCJSqlParserUtil.getNestingDepth(sql) > CCJSqlParserUtil.ALLOWED_NESTING_DEPTH) {
            return null;
        }
        try {
            return simpleParse(sql, backslash);
        } catch (ParseException | RuntimeException | StackOverflowError e) {
            return null; // JSqlParser's own path retries (with complex parsing) and reports the error
        }
    }

    /** JSqlParser's simple parse (no complex lookahead) of {@code sql}, read through {@link SqlText}. */
    static Statements simpleParse(String sql, boolean backslash) throws ParseException {
        return SqlText.parser(sql).withBackslashEscapeCharacter(backslash)
            .withAllowComplexParsing(false).Statements();
    }

    private PlanSet unsupported(String sql, Migration m, String reason, TandemSqlState state) {
        String where = m == null ? "a migrated table"
            : "table " + m.table() + " (migration '" + m.id() + "', phase " + m.phase() + ")";
        if (failOnUnsupported) {
            return PlanSet.refused("Tandem cannot rewrite a statement on " + where + ": " + reason
                + ". Statement: " + abbreviate(sql) + ". Change the statement, or set tandem.onUnsupported="
                + "passthrough to send such statements unchanged (they then bypass the migration).", state,
                m == null ? List.of() : List.of(m.id()));
        }
        metrics.statement(TandemMetrics.Outcome.UNSUPPORTED_PASSTHROUGH, m == null ? null : m.id());
        LOG.log(System.Logger.Level.WARNING, "Tandem sends a statement on " + where + " unchanged "
            + "(tandem.onUnsupported=passthrough): " + reason + ". Statement: " + abbreviate(sql));
        return PlanSet.of(Plan.unchanged(sql, snapshot.version(), true), m == null ? List.of() : List.of(m.id()));
    }

    private Migration migrationOn(String lowerTable) {
        for (Migration m : snapshot.activeMigrations()) {
            if (m.table().prefilterToken().equals(lowerTable)) {
                return m;
            }
        }
        return null;
    }

    /** A migrated table name that occurs in {@code sql} as a whole identifier outside literals, or null. */
    private String migratedTableToken(String sql) {
        return SqlLexer.identifierAmong(sql, mysql, tableTokens);
    }

    private static String firstLine(Exception e) {
        Throwable t = e.getCause() != null && e.getMessage() == null ? e.getCause() : e;
        String msg = String.valueOf(t.getMessage()).trim();
        int nl = msg.indexOf('\n');
        return nl < 0 ? msg : msg.substring(0, nl).trim();
    }

    static String abbreviate(String sql) {
        String oneLine = sql.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= MAX_SQL_IN_MESSAGE ? oneLine : oneLine.substring(0, MAX_SQL_IN_MESSAGE) + "...";
    }
}
