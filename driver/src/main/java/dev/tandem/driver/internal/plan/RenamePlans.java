package dev.tandem.driver.internal.plan;

import com.github.benmanes.caffeine.cache.Cache;
import dev.tandem.driver.TandemSQLException;
import dev.tandem.driver.TandemSqlState;
import dev.tandem.driver.internal.config.ConfigSnapshot;
import dev.tandem.driver.internal.rewrite.RewriteException;
import dev.tandem.driver.internal.rewrite.TableRenamer;
import dev.tandem.driver.internal.text.ParameterOrder;
import dev.tandem.driver.internal.text.ParseText;
import dev.tandem.driver.internal.text.SqlLexer;
import dev.tandem.driver.schema.Catalog;
import dev.tandem.driver.schema.Dialect;
import dev.tandem.driver.schema.Relations;
import dev.tandem.driver.schema.TableMeta;
import dev.tandem.driver.spec.Migration;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.update.Update;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The table renames ({@link Migration.Kind#RENAME}) of one config snapshot. Whether a table has been renamed is the
 * server's state, not the phase's: it is read once per config version (the new name exists as a base table), on the
 * first statement that names the old table. Before the rename nothing changes; after it, a statement naming the old
 * table is re-rendered with the new name ({@link TableRenamer}) or refused, and the renamed text then goes through
 * the column planning like any other text. Plans are cached by text for the snapshot, whose rename state never
 * changes: an instance that has not seen a rename yet keeps sending the old name, which the compatibility view
 * serves, until its next config version.
 */
final class RenamePlans {
    private final ConfigSnapshot snapshot;
    private final Dialect dialect;
    private final Catalog catalog;
    private final boolean mysql;
    private final List<Migration> migrations;
    private final List<String> tokens;
    /** The cheap substring test for the old names, before the lexer looks for them as identifiers. */
    private final dev.tandem.driver.internal.text.Prefilter prefilter;
    private final Cache<String, Entry> cache;
    /** The renames that have happened, read on first need; null until then. */
    private volatile List<TableRenamer.Rename> renamed;

    /**
     * A cached outcome: a refusal or a plan, or the text to hand on to the column planning ({@code writes}: the
     * statement writes the renamed table).
     */
    private record Entry(PlanSet set, String handOn, boolean writes) {
        Entry(PlanSet set, String handOn) {
            this(set, handOn, false);
        }
    }

    private RenamePlans(ConfigSnapshot snapshot, Dialect dialect, Catalog catalog, List<Migration> migrations,
                        int cacheSize, long cacheBytes) {
        this.snapshot = snapshot;
        this.dialect = dialect;
        this.catalog = catalog;
        this.mysql = dialect.backslashEscapesInStrings();
        this.migrations = migrations;
        List<String> t = new ArrayList<>();
        migrations.forEach(m -> t.add(m.table().prefilterToken()));
        this.tokens = List.copyOf(t);
        this.prefilter = new dev.tandem.driver.internal.text.Prefilter(tokens);
        this.cache = PlanCaches.bounded(cacheSize, cacheBytes, (sql, e) -> 64 + 2 * sql.length()
            + (e.handOn() == null ? 0 : 2 * e.handOn().length()));
    }

    /** The renames of {@code snapshot}, or null when it has none. */
    static RenamePlans of(ConfigSnapshot snapshot, Dialect dialect, Catalog catalog, int cacheSize, long cacheBytes) {
        List<Migration> out = new ArrayList<>();
        for (Migration m : snapshot.migrations()) {
            if (m.kind() == Migration.Kind.RENAME) {
                out.add(m);
            }
        }
        return out.isEmpty() ? null : new RenamePlans(snapshot, dialect, catalog, List.copyOf(out), cacheSize,
            cacheBytes);
    }

    /**
     * The plan for {@code sql} if it names a renamed table; null when the text is left to the column planning
     * unchanged (it names no renamed table, or the rename has not happened).
     */
    Plan plan(String sql, Connection physical, StatementPlanner planner) throws TandemSQLException {
        if (!prefilter.matches(sql) || SqlLexer.identifierAmong(sql, mysql, tokens) == null) {
            return null;
        }
        List<TableRenamer.Rename> done = renamed(physical);
        if (done.isEmpty()) {
            return null;
        }
        Entry e = cache.getIfPresent(sql);
        if (e == null) {
            e = build(sql, done, physical);
            cache.put(sql, e);
        }
        if (e.set() != null) {
            return planner.choose(e.set());
        }
        if (e.handOn().equals(sql)) {
            return null;
        }
        Plan p = planner.planColumns(e.handOn(), physical);
        // The renamed text is a rewrite even where no column migration changes it further.
        return p.isRewritten() ? p : Plan.rewritten(p.sql(), snapshot.version(), null, null, e.writes());
    }

    private List<TableRenamer.Rename> renamed(Connection physical) throws TandemSQLException {
        List<TableRenamer.Rename> r = renamed;
        if (r != null) {
            return r;
        }
        synchronized (this) {
            if (renamed != null) {
                return renamed;
            }
            List<TableRenamer.Rename> out = new ArrayList<>();
            try {
                for (Migration m : migrations) {
                    // Renamed: the new name is the table and the old one no longer is (a view or gone). A new name
                    // that is a table while the old one still is (the agent's scratch copy mid-way through the
                    // MySQL steps) is not a rename.
                    if (Relations.kind(dialect, m.target(), physical) != Relations.Kind.TABLE
                        || Relations.kind(dialect, m.table(), physical) == Relations.Kind.TABLE) {
                        continue;
                    }
                    Set<String> columns = new HashSet<>();
                    TableMeta meta = catalog.table(m.target(), physical);
                    if (meta != null) {
                        meta.columns().forEach(c -> columns.add(c.name().toLowerCase(Locale.ROOT)));
                    }
                    out.add(new TableRenamer.Rename(m, m.table(), m.target(), Set.copyOf(columns)));
                }
            } catch (SQLException ex) {
                // Transient (an aborted transaction): fail this execution and decide again on the next one.
                throw new TandemSQLException("Tandem could not read whether table " + migrations.get(0).table()
                    + " has been renamed (migration '" + migrations.get(0).id() + "'): " + ex.getMessage(),
                    TandemSqlState.UNSUPPORTED_STATEMENT, ex);
            }
            renamed = List.copyOf(out);
            return renamed;
        }
    }

    private Entry build(String sql, List<TableRenamer.Rename> done, Connection physical) {
        Migration first = done.get(0).migration();
        if (isDdl(sql)) {
            return refuse(sql, first, "it is DDL on a table that has been renamed to " + done.get(0).to() + "; "
                + "Tandem does not change DDL, and the old name is now a compatibility view. Run table DDL on "
                + done.get(0).to() + " through a connection without Tandem, or after the migration is COMPLETE",
                TandemSqlState.UNSUPPORTED_STATEMENT);
        }
        int[] count = new int[1];
        String tagged = ParameterOrder.tag(sql, mysql, count);
        ParseText text = ParseText.of(tagged, mysql);
        Statement statement;
        try {
            statement = parse(text.text);
        } catch (Exception firstFailure) {
            ParseText retry = text.withAliasesProtected(mysql);
            try {
                if (retry == null) {
                    throw firstFailure;
                }
                statement = parse(retry.text);
                text = retry;
            } catch (Exception e) {
                String defaults = defaultRowInsert(sql, done);
                if (defaults != null) {
                    return new Entry(PlanSet.of(Plan.rewritten(defaults, snapshot.version(), null, null, true),
                        List.of(first.id())), null);
                }
                return refuse(sql, first, "it could not be parsed (" + firstLine(firstFailure) + ")",
                    TandemSqlState.UNPARSEABLE_STATEMENT);
            }
        }
        try {
            if (!TableRenamer.rename(statement, done, dialect, text.text)) {
                return new Entry(null, sql); // e.g. only a CTE or an alias spelled like the table
            }
        } catch (RewriteException e) {
            return refuse(sql, e.migration() == null ? first : e.migration(), e.getMessage(), e.state());
        }
        if (text.notCarried != null) {
            return refuse(sql, first, "it must be rewritten, and it holds " + text.notCarried
                + "; write the statement without it", TandemSqlState.UNSUPPORTED_STATEMENT);
        }
        ParameterOrder order = ParameterOrder.of(text.restore(statement.toString()), count[0], mysql);
        boolean writes = statement instanceof Insert || statement instanceof Update || statement instanceof Delete
            || statement instanceof net.sf.jsqlparser.statement.upsert.Upsert;
        if (order.map() == null && touchesOtherMigrations(order.sql())) {
            return new Entry(null, order.sql(), writes);
        }
        if (touchesOtherMigrations(order.sql())) {
            return refuse(sql, first, "it also names a table under another migration, and its parameters moved",
                TandemSqlState.UNSUPPORTED_STATEMENT);
        }
        return new Entry(PlanSet.of(Plan.rewritten(order.sql(), snapshot.version(), order.map(), null, writes),
            List.of(first.id())), null);
    }

    /** MySQL's {@code INSERT INTO t () VALUES ()}, all defaults, which JSqlParser does not parse. */
    private static final java.util.regex.Pattern DEFAULT_ROW = java.util.regex.Pattern.compile(
        "(?is)\\s*INSERT\\s+INTO\\s+(`?)([A-Za-z_][A-Za-z0-9_$]*)\\1\\s*\\(\\s*\\)\\s*VALUES\\s*\\(\\s*\\)\\s*;?\\s*");

    /**
     * The renamed text of an insert of one all-default row into a renamed table, or null for any other text. The
     * whole text is matched, and its one identifier is the table, so the rename is exact without a parse tree.
     */
    private String defaultRowInsert(String sql, List<TableRenamer.Rename> done) {
        java.util.regex.Matcher m = DEFAULT_ROW.matcher(sql);
        if (!mysql || !m.matches()) {
            return null;
        }
        for (TableRenamer.Rename r : done) {
            if (r.from().schema() == null && r.from().name().equalsIgnoreCase(m.group(2))) {
                return sql.substring(0, m.start(2)) + r.to().name() + sql.substring(m.end(2));
            }
        }
        return null;
    }

    private boolean touchesOtherMigrations(String sql) {
        return snapshot.mayTouchMigratedTable(sql);
    }

    private Statement parse(String text) throws Exception {
        Statements all = StatementPlanner.parseStatements(text, mysql);
        if (all.size() != 1) {
            throw new IllegalArgumentException("it holds " + all.size() + " statements in one call");
        }
        return all.get(0);
    }

    private boolean isDdl(String sql) {
        switch (SqlLexer.firstWord(sql, mysql)) {
            case "CREATE": case "ALTER": case "DROP": case "TRUNCATE": case "COMMENT": case "GRANT": case "REVOKE":
            case "ANALYZE": case "VACUUM": case "REINDEX": case "CLUSTER": case "RENAME": case "OPTIMIZE":
            case "LOCK": case "REPAIR": case "CHECK":
                return true;
            default:
                return false;
        }
    }

    private Entry refuse(String sql, Migration m, String reason, TandemSqlState state) {
        return new Entry(PlanSet.refused("Tandem cannot rewrite a statement on table " + m.table() + " (migration '"
            + m.id() + "', renamed to " + m.target() + ", phase " + m.phase() + "): " + reason + ". Statement: "
            + StatementPlanner.abbreviate(sql), state, List.of(m.id())), null);
    }

    private static String firstLine(Exception e) {
        String msg = String.valueOf(e.getMessage()).trim();
        int nl = msg.indexOf('\n');
        return nl < 0 ? msg : msg.substring(0, nl).trim();
    }
}
