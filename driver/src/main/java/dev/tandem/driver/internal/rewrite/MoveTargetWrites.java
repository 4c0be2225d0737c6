package dev.tandem.driver.internal.rewrite;

import dev.tandem.driver.schema.TableMeta;
import dev.tandem.driver.spec.Identifiers;
import dev.tandem.driver.spec.Migration;
import dev.tandem.driver.spec.Phase;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.ReturningClause;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;
import net.sf.jsqlparser.statement.upsert.Upsert;

import java.util.ArrayList;
import java.util.List;

/**
 * A write of a move's TARGET table ({@link Migration.Kind#MOVE}) before COMPLETE, on PostgreSQL: the new
 * application version writes {@code inventory} directly, and the statement also writes the moved columns of the
 * source rows of exactly the keys it wrote, {@code CAST(backward(target row) AS old type)}, so the old version (and a
 * rollback) reads what the new one wrote. One statement, atomic:
 * <pre>
 * WITH tandem_k AS (SELECT tandem_sv.k AS tandem_k1 FROM source AS tandem_sv WHERE tandem_sv.k IN (keys the
 *        statement may write) FOR NO KEY UPDATE OF tandem_sv),
 *      tandem_t AS (the application's statement RETURNING q.tk AS tandem_k1, q.new AS tandem_n1..,
 *        CAST(backward AS old type) AS tandem_b1..,
 *        CASE WHEN no locked source row for q.tk THEN error END AS tandem_x, its own RETURNING items AS tandem_r1..)
 * UPDATE source AS tandem_sv SET old = tandem_t.tandem_b1.. FROM tandem_t WHERE tandem_sv.k = tandem_t.tandem_k1
 *   AND (SELECT count(*) FROM tandem_k) &gt;= 0 [AND (CASE WHEN CAST(forward(stored source) AS new type) IS DISTINCT FROM tandem_t.tandem_n1.. THEN error
 *   ELSE 0 END) = 0] [RETURNING tandem_t.tandem_r1 AS its label..]
 * </pre>
 * The source rows are locked first: the outer UPDATE's {@code (SELECT count(*) FROM tandem_k) >= 0} is a one-time
 * filter, evaluated before the CTE that writes the target runs (it runs when the join first reads it), so a target
 * write takes the source row and then the target row, as the writes through the source do.
 * The outer UPDATE writes one source row per target row written, so its count is the application's, and it returns
 * the application's RETURNING items (generated keys included) under their labels.
 *
 * <p>What the old schema cannot hold fails the statement, whole ({@link RuntimeRefusal}, 0A000): a written target
 * row without a source row (the reconcile counts it as an orphan and would delete it), and before CONTRACT (the source
 * is the truth; the reconcile compares the target with forward(source)) a value that does not survive
 * forward(backward(value)). A DELETE of
 * target rows is refused before CONTRACT (a missing target row is a mismatch the reconcile re-creates from the
 * source); in CONTRACT it sets the source's moved columns to NULL, which is what a missing target row reads as.
 * Refused at planning (0A000): MySQL/MariaDB, a WITH clause, a write of the target key, an INSERT without the
 * key, RETURNING * next to other tables.
 */
final class MoveTargetWrites {
    /** The source row's alias in the lock and in the outer UPDATE. */
    static final String SOURCE_ROW = "tandem_sv";
    /** Opens the text of a runtime refusal (raised as an invalid integer, reported as 0A000: RuntimeRefusal). */
    static final String REFUSED = RuntimeRefusal.MARKER;

    private MoveTargetWrites() {
    }

    /** Refuses, before any rewrite, a write of {@code m}'s target (before COMPLETE) that is not made exact. */
    static void check(RewriteContext ctx, Migration m, Statement st) {
        String t = m.target().toString();
        if (st instanceof Upsert) {
            throw MoveWrites.refuse(m, "REPLACE/UPSERT statements on " + t + ", the target of a move, are not "
                + "rewritten; use INSERT ... ON CONFLICT");
        }
        if (ctx.dialect.setSeesEarlierAssignments()) {
            throw MoveWrites.refuse(m, "it writes " + t + ", the target of the move, directly; this version of Tandem "
                + "writes " + m.table() + " along with it on PostgreSQL only, so on MySQL and MariaDB write the moved "
                + "columns through " + m.table() + " until COMPLETE");
        }
        List<?> with = st instanceof Insert ? ((Insert) st).getWithItemsList()
            : st instanceof Update ? ((Update) st).getWithItemsList() : ((Delete) st).getWithItemsList();
        if (with != null && !with.isEmpty()) {
            throw MoveWrites.refuse(m, "a write of " + t + " with its own WITH clause is not rewritten for a move; "
                + "write the common table expressions as subqueries");
        }
        if (st instanceof Update) {
            Update u = (Update) st;
            if (u.getStartJoins() != null && !u.getStartJoins().isEmpty() || u.getLimit() != null
                || u.getOrderByElements() != null) {
                throw MoveWrites.refuse(m, "this form of UPDATE of " + t + " is not rewritten for a move; use UPDATE "
                    + "... FROM, or select the rows with a subquery in WHERE");
            }
            refuseKeyWrite(m, u.getUpdateSets());
            refuseStarWithOthers(m, u.getReturningClause(), u.getFromItem() != null);
        } else if (st instanceof Insert) {
            Insert ins = (Insert) st;
            if (ins.getConflictAction() != null) {
                refuseKeyWrite(m, ins.getConflictAction().getUpdateSets());
            }
            if (ins.getSelect() == null || ins.isUseSet()) {
                throw MoveWrites.refuse(m, "an INSERT into " + t + " without VALUES or a query is not rewritten for a "
                    + "move; name the columns, " + String.join(", ", m.targetKey()) + " among them, and give VALUES");
            }
        } else {
            Delete d = (Delete) st;
            if (m.phase() != Phase.CONTRACT) {
                throw MoveWrites.refuse(m, "it deletes rows of " + t + ", the target of the move, in " + m.phase()
                    + ", where " + m.table() + " is the source of truth and every " + m.table() + " row has its " + t
                    + " row (the reconcile would re-create a deleted one from " + m.table() + "); delete the "
                    + m.table() + " row (its " + t + " row goes with it), set the moved columns with an UPDATE of "
                    + t + ", or delete once the migration is in CONTRACT");
            }
            if (d.getOrderByElements() != null || d.getLimit() != null) {
                throw MoveWrites.refuse(m, "a DELETE of " + t + " with ORDER BY or LIMIT is not rewritten for a move; "
                    + "select the rows with a subquery in WHERE");
            }
            TableMeta meta = ctx.meta(m.table());
            for (String old : m.oldColumns()) {
                TableMeta.ColumnMeta c = meta == null ? null : meta.column(Identifiers.unquote(old));
                if (c != null && !c.nullable()) {
                    throw MoveWrites.refuse(m, "a DELETE of " + t + " rows sets " + m.table() + "." + old + " to NULL "
                        + "(what a missing " + t + " row reads as), and that column is NOT NULL; set the moved "
                        + "columns with an UPDATE of " + t + " instead, or delete after COMPLETE");
                }
            }
            refuseStarWithOthers(m, d.getReturningClause(), d.getUsingList() != null && !d.getUsingList().isEmpty());
        }
    }

    private static void refuseKeyWrite(Migration m, List<UpdateSet> sets) {
        for (UpdateSet s : sets == null ? List.<UpdateSet>of() : sets) {
            for (Column c : s.getColumns()) {
                if (find(m.targetKey(), c.getColumnName()) >= 0) {
                    throw MoveWrites.refuse(m, "it changes key column " + c.getColumnName() + " of " + m.target()
                        + ", which joins it to " + m.table() + "; a key is not updated while its columns move");
                }
            }
        }
    }

    private static void refuseStarWithOthers(Migration m, ReturningClause r, boolean others) {
        if (r != null && others) {
            for (SelectItem<?> item : r) {
                if (item.getExpression() instanceof AllColumns || item.getExpression() instanceof AllTableColumns) {
                    throw MoveWrites.refuse(m, "RETURNING * of a write of " + m.target() + " that reads other tables "
                        + "is not rewritten; name the returned columns");
                }
            }
        }
    }

    /**
     * The statement that writes the target and the source, for a write of a move's target before COMPLETE; null for
     * any other statement, or when it writes no moved column.
     */
    static String wrap(RewriteContext ctx, Statement st) {
        Table written = st instanceof Insert ? ((Insert) st).getTable() : st instanceof Update ? ((Update) st).getTable()
            : st instanceof Delete ? ((Delete) st).getTable() : null;
        Migration m = MoveWrites.targetMove(ctx, written);
        if (m == null || m.phase() == Phase.COMPLETE) {
            return null;
        }
        String app;
        String keys;
        Table table;
        ReturningClause returning;
        if (st instanceof Update) {
            Update u = (Update) st;
            if (!setsNewColumn(m, u.getUpdateSets())) {
                return null; // the moved columns keep their values: nothing to propagate
            }
            table = u.getTable();
            returning = u.getReturningClause();
            keys = keySelect(m, table, u.getFromItem(), u.getJoins(), u.getWhere());
            u.setReturningClause(null);
            try {
                app = u.toString();
            } finally {
                u.setReturningClause(returning);
            }
        } else if (st instanceof Delete) {
            Delete d = (Delete) st;
            table = d.getTable();
            returning = d.getReturningClause();
            keys = keySelect(m, table, null, using(d), d.getWhere());
            d.setReturningClause(null);
            try {
                app = d.toString();
            } finally {
                d.setReturningClause(returning);
            }
        } else {
            Insert ins = (Insert) st;
            table = ins.getTable();
            returning = ins.getReturningClause();
            keys = insertedKeys(ctx, m, ins);
            ins.setReturningClause(null);
            try {
                app = ins.toString();
            } finally {
                ins.setReturningClause(returning);
            }
        }
        ctx.writes = true;
        ctx.changed = true;
        return statement(ctx, m, st instanceof Delete, table, app, keys, returning);
    }

    private static String statement(RewriteContext ctx, Migration m, boolean delete, Table table, String app,
                                    String keys, ReturningClause returning) {
        String q = table.getAlias() != null ? table.getAlias().getName() : table.getName();
        String t = MoveWrites.TARGET_WRITE;
        StringBuilder lockCols = new StringBuilder();
        StringBuilder lockItems = new StringBuilder();
        StringBuilder items = new StringBuilder();
        StringBuilder found = new StringBuilder();
        List<String> keyNames = new ArrayList<>();
        List<String> keyValues = new ArrayList<>();
        StringBuilder match = new StringBuilder();
        for (int i = 0; i < m.key().size(); i++) {
            String sep = i == 0 ? "" : ", ";
            String label = "tandem_k" + (i + 1);
            String tk = q + "." + m.targetKey().get(i);
            lockCols.append(sep).append(SOURCE_ROW).append('.').append(m.key().get(i));
            lockItems.append(sep).append(SOURCE_ROW).append('.').append(m.key().get(i)).append(" AS ").append(label);
            items.append(sep).append(tk).append(" AS ").append(label);
            found.append(i == 0 ? "" : " AND ").append(MoveWrites.LOCKED).append('.').append(label).append(" = ")
                .append(tk);
            keyNames.add(m.key().get(i));
            keyValues.add(tk);
            match.append(i == 0 ? "" : " AND ").append(SOURCE_ROW).append('.').append(m.key().get(i)).append(" = ")
                .append(t).append('.').append(label);
        }
        String lock = "SELECT " + lockItems + " FROM " + m.table() + " AS " + SOURCE_ROW
            + " WHERE (" + lockCols + ") IN (" + keys + ") FOR NO KEY UPDATE OF " + SOURCE_ROW;
        StringBuilder set = new StringBuilder();
        List<String> news = new ArrayList<>(m.newColumns());
        List<String> olds = new ArrayList<>(m.oldColumns());
        if (!delete) {
            for (int j = 0; j < news.size(); j++) {
                items.append(", ").append(q).append('.').append(news.get(j)).append(" AS tandem_n").append(j + 1);
            }
        }
        for (int j = 0; j < olds.size(); j++) {
            String old = olds.get(j);
            set.append(j == 0 ? "" : ", ").append(old).append(" = ");
            if (delete) {
                set.append("NULL"); // what a missing target row reads as (MoveReads)
                continue;
            }
            String value = Exprs.substitute(m.backward().get(old), c -> null, q);
            items.append(", ").append(Exprs.cast(value, ctx.dialect.castType(ctx.columnType(m.table(), old))))
                .append(" AS tandem_b").append(j + 1);
            set.append(t).append(".tandem_b").append(j + 1);
        }
        items.append(", CASE WHEN NOT EXISTS (SELECT 1 FROM ").append(MoveWrites.LOCKED).append(" WHERE ").append(found)
            .append(") THEN ").append(error(REFUSED + m.table() + " has no row with ", keyNames, keyValues,
                " for the row written to " + m.target() + " (the old schema cannot hold a row of " + m.target()
                + " without its " + m.table() + " row; insert the " + m.table() + " row first) (migration '"
                + m.id() + "')")).append(" END AS tandem_x");
        List<String[]> returned = returning == null ? List.of() : returnedItems(ctx, m, q, returning);
        for (int i = 0; i < returned.size(); i++) {
            items.append(", ").append(returned.get(i)[0]).append(" AS tandem_r").append(i + 1);
        }
        StringBuilder outer = new StringBuilder("UPDATE ").append(m.table()).append(" AS ").append(SOURCE_ROW)
            .append(" SET ").append(set).append(" FROM ").append(t).append(" WHERE ").append(match)
            // A one-time filter: the source rows are locked before the CTE that writes the target runs.
            .append(" AND (SELECT count(*) FROM ").append(MoveWrites.LOCKED).append(") >= 0");
        if (!delete && m.phase().dualWrites()) {
            List<String> written = new ArrayList<>();
            for (int i = 0; i < m.key().size(); i++) {
                written.add(t + ".tandem_k" + (i + 1));
            }
            outer.append(" AND (CASE WHEN ").append(roundTripDiffers(ctx, m, news, olds)).append(" THEN ")
                .append(error(REFUSED + "the values written to the row of " + m.target() + " with ", m.targetKey(),
                    written, " do not survive the way back through " + m.table() + " (forward(backward(value)) "
                    + "differs), and in " + m.phase() + " " + m.table() + " is the source of truth; write values the "
                    + "old columns hold, or write after CONTRACT (migration '" + m.id() + "')"))
                .append(" ELSE 0 END) = 0");
        }
        for (int i = 0; i < returned.size(); i++) {
            outer.append(i == 0 ? " RETURNING " : ", ").append(t).append(".tandem_r").append(i + 1).append(" AS ")
                .append(returned.get(i)[1]);
        }
        return "WITH " + MoveWrites.LOCKED + " AS (" + lock + "), " + t + " AS (" + app + " RETURNING " + items + ") "
            + outer;
    }

    /**
     * {@code CAST('before' || 'k1 = ' || CAST(v1 AS text) || ... || 'after' AS integer)}: an error at run time whose
     * message (invalid input syntax for type integer) is the text, with the row's key values read there; the driver
     * reports it as 0A000 ({@link RuntimeRefusal}).
     */
    private static String error(String before, List<String> names, List<String> values, String after) {
        StringBuilder b = new StringBuilder("CAST('").append(sql(before)).append("'");
        for (int i = 0; i < names.size(); i++) {
            b.append(" || '").append(i == 0 ? "" : ", ").append(sql(names.get(i))).append(" = ' || CAST(")
                .append(values.get(i)).append(" AS text)");
        }
        return b.append(" || '").append(sql(after)).append("' AS integer)").toString();
    }

    /** {@code CAST(forward(stored source) AS new type) IS DISTINCT FROM new value OR ...}. */
    private static String roundTripDiffers(RewriteContext ctx, Migration m, List<String> news, List<String> olds) {
        StringBuilder or = new StringBuilder();
        for (int j = 0; j < news.size(); j++) {
            String n = news.get(j);
            String f = Exprs.substitute(m.forward().get(n), c -> {
                int i = find(olds, c);
                return i < 0 ? null : MoveWrites.TARGET_WRITE + ".tandem_b" + (i + 1);
            }, SOURCE_ROW);
            or.append(j == 0 ? "" : " OR ").append(Exprs.cast(f, ctx.dialect.castType(ctx.columnType(m.target(), n))))
                .append(" IS DISTINCT FROM ").append(MoveWrites.TARGET_WRITE).append(".tandem_n").append(j + 1);
        }
        return or.toString();
    }

    /** {@code SELECT q.tk.. FROM table[, from][joins] [WHERE where]}: the keys an UPDATE or DELETE may write. */
    private static String keySelect(Migration m, Table table, net.sf.jsqlparser.statement.select.FromItem from,
                                    List<Join> joins, Expression where) {
        String q = table.getAlias() != null ? table.getAlias().getName() : table.getName();
        PlainSelect ps = new PlainSelect();
        for (String tk : m.targetKey()) {
            ps.addSelectItems(new Column(q + "." + tk));
        }
        ps.setFromItem(table);
        List<Join> all = new ArrayList<>();
        if (from != null) {
            Join j = new Join();
            j.setSimple(true);
            j.setFromItem(from);
            all.add(j);
        }
        if (joins != null) {
            all.addAll(joins);
        }
        if (!all.isEmpty()) {
            ps.setJoins(all);
        }
        ps.setWhere(where);
        return ps.toString();
    }

    private static List<Join> using(Delete d) {
        List<Join> out = new ArrayList<>();
        if (d.getUsingList() != null) {
            for (Table t : d.getUsingList()) {
                Join j = new Join();
                j.setSimple(true);
                j.setFromItem(t);
                out.add(j);
            }
        }
        return out;
    }

    /**
     * The keys an INSERT writes, as SQL a row of the source's key is compared {@code IN}: its VALUES' key items cast
     * to the target key's type, or its query's key columns. Refused without the target key.
     */
    private static String insertedKeys(RewriteContext ctx, Migration m, Insert ins) {
        List<String> names = new ArrayList<>();
        if (ins.getColumns() != null) {
            for (Column c : ins.getColumns()) {
                names.add(c.getColumnName());
            }
        } else {
            TableMeta meta = ctx.meta(m.target());
            if (meta == null) {
                throw MoveWrites.refuse(m, "an INSERT into " + m.target() + " without a column list needs its columns, "
                    + "which Tandem could not read; name the columns");
            }
            for (var c : meta.columns()) {
                names.add(c.name());
            }
        }
        int[] at = new int[m.targetKey().size()];
        for (int i = 0; i < at.length; i++) {
            at[i] = find(names, m.targetKey().get(i));
            if (at[i] < 0) {
                throw MoveWrites.refuse(m, "an INSERT into " + m.target() + " must give its key " + m.targetKey()
                    .get(i) + ", the key of the " + m.table() + " row it belongs to");
            }
        }
        if (!(ins.getSelect() instanceof Values)) {
            StringBuilder cols = new StringBuilder();
            StringBuilder aliases = new StringBuilder();
            int max = 0;
            for (int i = 0; i < at.length; i++) {
                cols.append(i == 0 ? "" : ", ").append("tandem_q.tandem_c").append(at[i] + 1);
                max = Math.max(max, at[i] + 1);
            }
            for (int i = 1; i <= max; i++) {
                aliases.append(i == 1 ? "" : ", ").append("tandem_c").append(i);
            }
            return "SELECT " + cols + " FROM (" + ins.getSelect() + ") AS tandem_q (" + aliases + ")";
        }
        ExpressionList<?> rows = ((Values) ins.getSelect()).getExpressions();
        List<List<?>> all = new ArrayList<>();
        if (rows instanceof ParenthesedExpressionList) {
            all.add(rows);
        } else {
            for (Object row : rows) {
                all.add(row instanceof ExpressionList ? (ExpressionList<?>) row : List.of(row));
            }
        }
        StringBuilder b = new StringBuilder();
        for (List<?> row : all) {
            b.append(b.length() == 0 ? "" : ", ").append(at.length > 1 ? "(" : "");
            for (int i = 0; i < at.length; i++) {
                Object v = at[i] < row.size() ? row.get(at[i]) : null;
                if (v == null || "DEFAULT".equalsIgnoreCase(v.toString())) {
                    throw MoveWrites.refuse(m, "an INSERT into " + m.target() + " must give its key "
                        + m.targetKey().get(i) + " a value (not DEFAULT): the key of the " + m.table() + " row");
                }
                String type = ctx.dialect.castType(ctx.columnType(m.target(), m.targetKey().get(i)));
                b.append(i == 0 ? "" : ", ").append(Exprs.cast(v.toString(), type));
            }
            b.append(at.length > 1 ? ")" : "");
        }
        return b.toString();
    }

    /**
     * The application's RETURNING items as (expression, label) pairs, {@code *} expanded from the target's columns;
     * refused when the server's label for an item is not known (an unaliased expression: give it an alias).
     */
    private static List<String[]> returnedItems(RewriteContext ctx, Migration m, String q, ReturningClause returning) {
        List<String[]> out = new ArrayList<>();
        for (SelectItem<?> item : returning) {
            Expression e = item.getExpression();
            if (e instanceof AllColumns || e instanceof AllTableColumns) {
                TableMeta meta = ctx.meta(m.target());
                if (meta == null) {
                    throw MoveWrites.refuse(m, "RETURNING * needs the columns of " + m.target() + ", which Tandem "
                        + "could not read");
                }
                for (var c : meta.columns()) {
                    String name = ctx.dialect.quoteAlways(c.name());
                    out.add(new String[] {q + "." + name, name});
                }
                continue;
            }
            String label = SelectRewriter.label(item);
            if (label == null && e instanceof net.sf.jsqlparser.expression.CastExpression
                && ((net.sf.jsqlparser.expression.CastExpression) e).getLeftExpression() instanceof Column) {
                label = ((Column) ((net.sf.jsqlparser.expression.CastExpression) e).getLeftExpression()).getColumnName();
            }
            if (label == null) {
                throw MoveWrites.refuse(m, "the RETURNING item " + e + " has no alias, and Tandem must repeat its label; "
                    + "write " + e + " AS a_name");
            }
            out.add(new String[] {e.toString(), label});
        }
        return out;
    }

    private static boolean setsNewColumn(Migration m, List<UpdateSet> sets) {
        for (UpdateSet s : sets) {
            for (Column c : s.getColumns()) {
                if (m.newColumn(c.getColumnName()) != null) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int find(List<String> names, String sqlName) {
        for (int i = 0; i < names.size(); i++) {
            if (Identifiers.matches(names.get(i), sqlName)) {
                return i;
            }
        }
        return -1;
    }

    /** {@code text} inside a single-quoted SQL literal. */
    private static String sql(String text) {
        return text.replace("'", "''");
    }
}
