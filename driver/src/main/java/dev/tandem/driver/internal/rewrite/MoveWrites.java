package dev.tandem.driver.internal.rewrite;

import dev.tandem.driver.TandemSqlState;
import dev.tandem.driver.spec.Identifiers;
import dev.tandem.driver.spec.Migration;
import dev.tandem.driver.spec.Phase;
import dev.tandem.driver.spec.TableName;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.ReturningClause;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;
import net.sf.jsqlparser.statement.upsert.Upsert;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The write rules of a move ({@link Migration.Kind#MOVE}): a write of the source table also writes the target
 * rows of exactly the keys it affected, in the same statement, from the values the source stored.
 *
 * <p>PostgreSQL, one round trip: the application's statement becomes a data-modifying CTE whose {@code RETURNING}
 * hands the stored key and source values to an upsert of the target, which is the outer statement (its update
 * count is one per source row, the application's count); rows the application asked for ({@code RETURNING}, or
 * generated keys) are returned by the upsert's own {@code RETURNING}, read back from the CTE row by row under the
 * application's labels. A DELETE locks the rows it will delete in a first CTE, deletes their target rows in a
 * second and the rows themselves in the outer statement. The source columns stay written through CONTRACT, so
 * the two sides stay equal and a write reads the source. COMPLETE's UPDATE of moved columns: {@link MoveComplete}.
 *
 * <p>Everything else that would write the source is refused by construction (SQLState 0A000). MySQL and MariaDB:
 * {@link MoveWritesMysql} (several statements in one transaction), COMPLETE {@link MoveCompleteMysql}. A write of the target before
 * COMPLETE (PostgreSQL): {@link MoveTargetWrites}.
 */
final class MoveWrites {
    static final String ROWS = "tandem_s";
    static final String TARGET_WRITE = "tandem_t";
    static final String LOCKED = "tandem_k";
    /** The target row's alias in the upsert. */
    static final String TARGET_ROW = "tandem_tv";

    private MoveWrites() {
    }

    /** The move whose source table {@code t} names, in a rewriting phase, or null. */
    static Migration sourceMove(RewriteContext ctx, Table t) {
        if (t == null || t.getName() == null) {
            return null;
        }
        for (Migration m : ctx.migrationsOn(t)) {
            if (m.kind() == Migration.Kind.MOVE) {
                return m;
            }
        }
        return null;
    }

    /** The move whose target table {@code t} names, in a rewriting phase, or null. */
    static Migration targetMove(RewriteContext ctx, Table t) {
        if (t == null || t.getName() == null) {
            return null;
        }
        for (Migration m : ctx.snapshot.activeMigrations()) {
            if (m.kind() != Migration.Kind.MOVE) {
                continue;
            }
            TableName tn = m.target();
            if (Identifiers.matches(tn.name(), t.getName()) && (tn.schema() == null || t.getSchemaName() == null
                || Identifiers.matches(tn.schema(), t.getSchemaName()))) {
                return m;
            }
        }
        return null;
    }

    /**
     * Refuses, before any rewrite, a write this class cannot make exact: a write of a move's target before COMPLETE,
     * a write of a source that must reach the target on MySQL, and shapes of source writes it does not rewrite.
     */
    static void check(RewriteContext ctx, Statement st) {
        Table written = st instanceof Insert ? ((Insert) st).getTable() : st instanceof Update ? ((Update) st).getTable()
            : st instanceof Delete ? ((Delete) st).getTable() : st instanceof Upsert ? ((Upsert) st).getTable() : null;
        if (st instanceof Delete) {
            refuseMultiTableDelete(ctx, (Delete) st);
        }
        if (written == null) {
            return;
        }
        Migration target = targetMove(ctx, written);
        if (target != null && target.phase() != Phase.COMPLETE) {
            ctx.touched.add(target);
            MoveTargetWrites.check(ctx, target, st); // it writes the source too: MoveTargetWrites
            return;
        }
        Migration m = sourceMove(ctx, written);
        if (m == null) {
            return;
        }
        if (st instanceof Upsert) {
            throw refuse(m, "REPLACE/UPSERT statements on a table whose columns are moved are not rewritten; use "
                + "INSERT ... ON CONFLICT");
        }
        if (st instanceof Update && !writesMoved(m, (Update) st)) {
            return; // neither a moved column nor what forward reads: the target does not change
        }
        MoveCompleteMysql.check(ctx, m, st); // MySQL/MariaDB in COMPLETE: what its steps cannot make exact
        boolean hasWith = st instanceof Insert ? notEmpty(((Insert) st).getWithItemsList())
            : st instanceof Update ? notEmpty(((Update) st).getWithItemsList())
            : notEmpty(((Delete) st).getWithItemsList());
        if (hasWith) {
            throw refuse(m, "a write of " + m.table() + " with its own WITH clause is not rewritten for a move; "
                + "write the common table expressions as subqueries");
        }
        if (m.phase() == Phase.COMPLETE && st instanceof Insert) {
            Insert ins = (Insert) st;
            if (ins.getColumns() == null || ins.getConflictAction() != null) {
                throw refuse(m, "in COMPLETE an INSERT into " + m.table() + " without a column list or with ON "
                    + "CONFLICT is not rewritten; name the columns, and upsert the moved ones into " + m.target());
            }
            if (namesMoved(m, ins.getColumns())) {
                ctx.movePrepared = MoveComplete.prepareInsert(ctx, m, ins); // takes the moved columns out of ins
            }
        }
        if (st instanceof Update) {
            Update u = (Update) st;
            if (notEmpty(u.getStartJoins()) || notEmpty(u.getJoins())) {
                throw refuse(m, "a multi-table UPDATE of " + m.table() + " is not rewritten for a move; select the "
                    + "rows with a subquery in WHERE");
            }
            for (String c : assigned(u)) {
                if (m.keyColumn(c) != null) {
                    throw refuse(m, "it changes key column " + c + " of " + m.table() + ", which the move joins "
                        + m.target() + " on; a key is not updated while its columns move");
                }
            }
            if (m.phase() == Phase.COMPLETE) {
                ctx.movePrepared = MoveComplete.prepare(ctx, m, u); // from the values as the application wrote them
            }
        }
        if (st instanceof Delete) {
            Delete d = (Delete) st;
            if (notEmpty(d.getJoins()) || notEmpty(d.getTables()) || notEmpty(d.getOrderByElements())
                || d.getLimit() != null || notEmpty(d.getUsingList()) && d.getReturningClause() != null) {
                throw refuse(m, "this form of DELETE (several tables, ORDER BY/LIMIT, or USING with RETURNING) is "
                    + "not rewritten for a move; select the rows with a subquery in WHERE");
            }
        }
    }

    /**
     * The statement that writes both tables, for a write of a move's source already read-rewritten in place, or
     * null when it writes no source of a move (or an UPDATE that leaves the target as it is).
     */
    static String wrap(RewriteContext ctx, Statement st) {
        String targetWrite = MoveTargetWrites.wrap(ctx, st);
        if (targetWrite != null) {
            return targetWrite;
        }
        if (ctx.dialect.setSeesEarlierAssignments()) {
            ctx.steps = MoveWritesMysql.steps(ctx, st); // MySQL/MariaDB: the statement as written, and more steps
            return null;
        }
        if (st instanceof Insert) {
            Migration m = sourceMove(ctx, ((Insert) st).getTable());
            return m == null ? null : upsertFrom(ctx, m, st, ((Insert) st).getTable(), ((Insert) st).getReturningClause());
        }
        if (st instanceof Update) {
            Update u = (Update) st;
            Migration m = sourceMove(ctx, u.getTable());
            if (m == null || !writesMoved(m, u)) {
                return null;
            }
            if (m.phase() == Phase.COMPLETE) {
                ctx.writes = true;
                ctx.changed = true;
                return MoveComplete.statement(m, u, (MoveComplete.Prepared) ctx.movePrepared);
            }
            return upsertFrom(ctx, m, st, u.getTable(), u.getReturningClause());
        }
        if (st instanceof Delete) {
            Migration m = sourceMove(ctx, ((Delete) st).getTable());
            return m == null ? null : delete(ctx, m, (Delete) st);
        }
        return null;
    }

    /**
     * {@code WITH tandem_s AS (<statement> RETURNING key, source values) INSERT INTO target ... SELECT forward(...)
     * FROM tandem_s ON CONFLICT (target key) DO UPDATE ...}. The outer upsert writes one target row per source row,
     * so its update count is the application's. When the application returns rows (its own RETURNING, or the
     * {@code RETURNING *} a request for generated keys adds), the CTE returns its items too, under positional names,
     * and the upsert's RETURNING reads each back for its row under the application's label: the rows, labels, types
     * and order the application's statement returned, and a top-level RETURNING, which the PostgreSQL driver needs
     * to hand rows back as generated keys.
     */
    private static String upsertFrom(RewriteContext ctx, Migration m, Statement st, Table table,
                                     ReturningClause returning) {
        ctx.writes = true;
        ctx.changed = true;
        String q = qualifier(table);
        Map<String, String> values = new LinkedHashMap<>(); // source column (lower case) -> its name
        boolean complete = m.phase() == Phase.COMPLETE;
        if (!complete) {
            for (String n : m.newColumns()) {
                for (String ref : m.forwardRefs().get(n)) {
                    values.putIfAbsent(ref.toLowerCase(Locale.ROOT), ref);
                }
            }
        }
        List<String[]> returned = returning == null ? List.of() : returnedItems(ctx, m, q, returning, complete);
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < returned.size(); i++) {
            items.append(returned.get(i)[0]).append(" AS tandem_r").append(i + 1).append(", ");
        }
        List<String> keyLabels = new ArrayList<>();
        for (int i = 0; i < m.key().size(); i++) {
            String label = "tandem_k" + (i + 1);
            keyLabels.add(label);
            items.append(i == 0 ? "" : ", ").append(q).append('.').append(m.key().get(i)).append(" AS ").append(label);
        }
        Map<String, String> labels = new LinkedHashMap<>();
        int v = 0;
        for (Map.Entry<String, String> e : values.entrySet()) {
            String label = "tandem_v" + (++v);
            labels.put(e.getKey(), label);
            items.append(", ").append(q).append('.').append(e.getValue()).append(" AS ").append(label);
        }
        String text = withoutReturning(st);
        StringBuilder upsert = new StringBuilder("INSERT INTO ").append(m.target()).append(" AS ")
            .append(TARGET_ROW).append(" (");
        StringBuilder select = new StringBuilder(" SELECT ");
        StringBuilder match = new StringBuilder();
        for (int i = 0; i < m.targetKey().size(); i++) {
            upsert.append(i == 0 ? "" : ", ").append(m.targetKey().get(i));
            select.append(i == 0 ? "" : ", ").append(keyLabels.get(i));
            match.append(i == 0 ? "" : " AND ").append(ROWS).append('.').append(keyLabels.get(i)).append(" = ")
                .append(TARGET_ROW).append('.').append(m.targetKey().get(i));
        }
        StringBuilder set = new StringBuilder();
        if (!complete) {
            for (String n : m.newColumns()) {
                upsert.append(", ").append(n);
                select.append(", ").append(Exprs.substitute(m.forward().get(n),
                    c -> labels.get(c.toLowerCase(Locale.ROOT)), null));
                set.append(set.length() == 0 ? "" : ", ").append(n).append(" = EXCLUDED.").append(n);
            }
        } else {
            // The source's moved columns are gone: the new row takes the values the INSERT named for them
            // (MoveComplete.prepareInsert) and the target's defaults for the rest. DO UPDATE, not DO NOTHING, so a
            // stray target row still counts one per source row.
            Map<String, String> named = ctx.movePrepared instanceof MoveComplete.InsertValues
                ? ((MoveComplete.InsertValues) ctx.movePrepared).values() : Map.of();
            for (Map.Entry<String, String> e : named.entrySet()) {
                upsert.append(", ").append(e.getKey());
                select.append(", ").append(e.getValue());
                set.append(set.length() == 0 ? "" : ", ").append(e.getKey()).append(" = EXCLUDED.").append(e.getKey());
            }
            if (named.isEmpty()) {
                String k = m.targetKey().get(0);
                set.append(k).append(" = EXCLUDED.").append(k);
            }
        }
        upsert.append(')').append(select).append(" FROM ").append(ROWS).append(" ON CONFLICT (")
            .append(String.join(", ", m.targetKey())).append(") DO UPDATE SET ").append(set);
        for (int i = 0; i < returned.size(); i++) {
            upsert.append(i == 0 ? " RETURNING " : ", ");
            if (returned.get(i).length > 2) {
                upsert.append(returned.get(i)[2]); // a moved column in COMPLETE: the target row as this statement left it
            } else {
                upsert.append("(SELECT ").append(ROWS).append(".tandem_r").append(i + 1).append(" FROM ").append(ROWS)
                    .append(" WHERE ").append(match).append(')');
            }
            upsert.append(" AS ").append(returned.get(i)[1]);
        }
        return "WITH " + ROWS + " AS (" + text + " RETURNING " + items + ") " + upsert;
    }

    /**
     * The application's RETURNING items as (expression, label) pairs, {@code *} expanded from the source's columns;
     * refused when the server's label for an item is not known (an unaliased expression: give it an alias).
     */
    private static List<String[]> returnedItems(RewriteContext ctx, Migration m, String q, ReturningClause returning,
                                                boolean complete) {
        List<String[]> out = new ArrayList<>();
        for (SelectItem<?> item : returning) {
            var e = item.getExpression();
            if (e instanceof AllColumns || e instanceof AllTableColumns) {
                if (e instanceof AllTableColumns && !Identifiers.matches(
                    Identifiers.unquote(((AllTableColumns) e).getTable().getName()), Identifiers.unquote(q))) {
                    throw refuse(m, "RETURNING " + e + " names another table than " + m.table());
                }
                var meta = ctx.meta(m.table());
                if (meta == null) {
                    throw refuse(m, "RETURNING * needs the columns of " + m.table() + ", which Tandem could not read");
                }
                for (var c : meta.columns()) {
                    String name = ctx.dialect.quoteAlways(c.name());
                    out.add(new String[] {q + "." + name, name});
                }
                continue;
            }
            String label = SelectRewriter.label(item);
            if (item.getAlias() == null && label != null) {
                label = lastPart(label); // a column Tandem wrote qualified (SELECT * expanded): p.id is labelled id
            }
            if (label == null && e instanceof net.sf.jsqlparser.expression.CastExpression
                && ((net.sf.jsqlparser.expression.CastExpression) e).getLeftExpression() instanceof Column) {
                label = ((Column) ((net.sf.jsqlparser.expression.CastExpression) e).getLeftExpression()).getColumnName();
            }
            if (label == null) {
                throw refuse(m, "the RETURNING item " + e + " has no alias, and Tandem must repeat its label; write "
                    + e + " AS a_name");
            }
            String text = e.toString();
            if (complete && text.contains(" FROM " + m.target() + " " + MoveReads.ALIAS + " WHERE ")) {
                // The read rules made a moved column a lookup of the target, which this statement's snapshot does not
                // hold yet: the upsert returns it from the target row it wrote instead. Only the bare column.
                String old = m.oldColumn(Identifiers.unquote(label));
                if (old == null || !text.equals(MoveReads.read(m, old, q, ctx))) {
                    throw refuse(m, "in COMPLETE the RETURNING item " + label + " computes with a moved column; "
                        + "return the column itself");
                }
                out.add(new String[] {"NULL", label, "(" + MoveComplete.backwardOfRow(ctx, m, old) + ")"});
                continue;
            }
            out.add(new String[] {text, label});
        }
        return out;
    }

    /** The last dot-separated part of a (maybe qualified) column name, dots inside double quotes aside. */
    private static String lastPart(String name) {
        boolean quoted = false;
        int cut = -1;
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
            } else if (ch == '.' && !quoted) {
                cut = i;
            }
        }
        return name.substring(cut + 1);
    }

    /** The statement's text without its RETURNING clause. */
    private static String withoutReturning(Statement st) {
        if (st instanceof Insert) {
            Insert ins = (Insert) st;
            ReturningClause r = ins.getReturningClause();
            ins.setReturningClause(null);
            try {
                return ins.toString();
            } finally {
                ins.setReturningClause(r);
            }
        }
        Update u = (Update) st;
        ReturningClause r = u.getReturningClause();
        u.setReturningClause(null);
        try {
            return u.toString();
        } finally {
            u.setReturningClause(r);
        }
    }

    /**
     * {@code WITH tandem_k AS (SELECT key FROM source WHERE ... FOR UPDATE OF source), tandem_t AS (DELETE FROM
     * target WHERE key IN tandem_k) DELETE FROM source WHERE key IN tandem_k}: the rows are locked, as the
     * application's DELETE would lock them, before either table loses them, and the outer DELETE's count and
     * RETURNING are the application's.
     */
    private static String delete(RewriteContext ctx, Migration m, Delete d) {
        ctx.writes = true;
        ctx.changed = true;
        String q = qualifier(d.getTable());
        StringBuilder keys = new StringBuilder();
        StringBuilder labels = new StringBuilder();
        StringBuilder sourceKey = new StringBuilder();
        for (int i = 0; i < m.key().size(); i++) {
            String sep = i == 0 ? "" : ", ";
            keys.append(sep).append(q).append('.').append(m.key().get(i)).append(" AS tandem_k").append(i + 1);
            labels.append(sep).append("tandem_k").append(i + 1);
            sourceKey.append(sep).append(q).append('.').append(m.key().get(i));
        }
        StringBuilder from = new StringBuilder(d.getTable().toString());
        if (notEmpty(d.getUsingList())) {
            for (Table t : d.getUsingList()) {
                from.append(", ").append(t);
            }
        }
        String where = d.getWhere() == null ? "" : " WHERE " + d.getWhere();
        String lock = "SELECT " + keys + " FROM " + from + where + " FOR UPDATE OF " + q;
        String targetDelete = "DELETE FROM " + m.target() + " WHERE (" + String.join(", ", m.targetKey())
            + ") IN (SELECT " + labels + " FROM " + LOCKED + ")";
        String outer = "DELETE FROM " + d.getTable() + " WHERE (" + sourceKey + ") IN (SELECT " + labels + " FROM "
            + LOCKED + ")" + (d.getReturningClause() == null ? "" : d.getReturningClause().toString());
        return "WITH " + LOCKED + " AS (" + lock + "), " + TARGET_WRITE + " AS (" + targetDelete + ") " + outer;
    }

    /**
     * A MySQL multi-table DELETE ({@code DELETE p FROM products p JOIN ...}) that names a move's source or target
     * anywhere: which of its tables lose rows is not rewritten, so it is refused whichever they are.
     */
    private static void refuseMultiTableDelete(RewriteContext ctx, Delete d) {
        if (!notEmpty(d.getTables()) && !notEmpty(d.getJoins())) {
            return;
        }
        List<Table> tables = new ArrayList<>();
        if (d.getTable() != null) {
            tables.add(d.getTable());
        }
        if (d.getTables() != null) {
            tables.addAll(d.getTables());
        }
        if (d.getJoins() != null) {
            for (var j : d.getJoins()) {
                if (j.getFromItem() instanceof Table) {
                    tables.add((Table) j.getFromItem());
                }
            }
        }
        for (Table t : tables) {
            Migration m = sourceMove(ctx, t);
            m = m != null ? m : targetMove(ctx, t);
            if (m != null) {
                throw refuse(m, "a multi-table DELETE that names " + t.getName() + " is not rewritten for a move; "
                    + "delete from " + m.table() + " in a single-table DELETE (select the rows with a subquery)");
            }
        }
    }

    /** True if {@code u} assigns a moved column or a column a forward expression reads. */
    static boolean writesMoved(Migration m, Update u) {
        for (String c : assigned(u)) {
            if (m.oldColumn(c) != null) {
                return true;
            }
            if (m.phase() == Phase.COMPLETE) {
                continue; // forward no longer applies: the target is the moved columns' only home
            }
            for (var refs : m.forwardRefs().values()) {
                for (String r : refs) {
                    if (Identifiers.matches(r, c)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static List<String> assigned(Update u) {
        List<String> out = new ArrayList<>();
        for (UpdateSet s : u.getUpdateSets()) {
            for (Column c : s.getColumns()) {
                out.add(c.getColumnName());
            }
        }
        return out;
    }

    private static boolean namesMoved(Migration m, List<Column> columns) {
        if (columns == null) {
            return false;
        }
        for (Column c : columns) {
            if (m.oldColumn(c.getColumnName()) != null) {
                return true;
            }
        }
        return false;
    }

    private static String qualifier(Table t) {
        return t.getAlias() != null ? t.getAlias().getName() : t.getName();
    }

    private static boolean notEmpty(List<?> list) {
        return list != null && !list.isEmpty();
    }

    static RewriteException refuse(Migration m, String reason) {
        return new RewriteException(m, TandemSqlState.NOT_SUPPORTED, reason + " (migration '" + m.id() + "', "
            + m.table() + " -> " + m.target() + ")");
    }
}
