package dev.tandem.driver.internal.rewrite;

import dev.tandem.driver.spec.Identifiers;
import dev.tandem.driver.spec.Migration;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A move in COMPLETE (PostgreSQL): an UPDATE of the source that sets moved columns, whose source columns are gone,
 * becomes an UPDATE of the target rows of the rows it selects, locked first:
 * <pre>
 * WITH tandem_k AS (SELECT q.k AS tandem_k1, q.c AS tandem_c1 FROM source q WHERE ... FOR UPDATE OF q)
 * UPDATE target AS tandem_tv SET new = forward[old := CAST(value AS old type), other old := backward(new)]
 * FROM tandem_k WHERE tandem_tv.tk = tandem_k.tandem_k1
 * </pre>
 * A value reads a moved column from the target row being updated (its newest version, under its lock) and any
 * other source column from the locked source row. Only what can be mapped exactly is accepted: each moved column's
 * value made of columns of the source, literals, parameters, operators and functions. Columns that stay in the source,
 * set in the same statement, are written by a second CTE, {@code tandem_u AS (UPDATE source SET ... FROM tandem_k
 * WHERE key = tandem_k.key)}, so one statement still changes both tables.
 *
 * <p>An INSERT that names moved columns (one VALUES row) inserts the source's other columns and hands the moved
 * values to the target's upsert ({@link #prepareInsert}).
 */
final class MoveComplete {
    private MoveComplete() {
    }

    /**
     * Builds, from the application's UPDATE before any rewrite, the SET list of the target's UPDATE and the source
     * columns it reads; refused when a value cannot be mapped.
     */
    static Prepared prepare(RewriteContext ctx, Migration m, Update u) {
        if (u.getReturningClause() != null || u.getFromItem() != null) {
            throw MoveWrites.refuse(m, "in COMPLETE an UPDATE of " + m.table() + " that sets a moved column is rewritten "
                + "only without RETURNING and FROM; update " + m.target() + " directly");
        }
        String q = u.getTable().getAlias() != null ? u.getTable().getAlias().getName() : u.getTable().getName();
        Map<String, String> assigned = new LinkedHashMap<>(); // old column (lower case) -> stored value SQL
        Map<String, String> sourceCols = new LinkedHashMap<>(); // source column (lower case) -> hidden label
        boolean others = false;
        for (UpdateSet s : u.getUpdateSets()) {
            if (s.getColumns().size() != s.getValues().size()) {
                throw MoveWrites.refuse(m, "a SET (a, b) = (SELECT ...) of moved columns is not rewritten in COMPLETE; "
                    + "assign each column");
            }
            for (int i = 0; i < s.getColumns().size(); i++) {
                Column c = s.getColumns().get(i);
                String old = m.oldColumn(c.getColumnName());
                if (old == null) {
                    others = true; // set on the source, in a statement of the CTE (statement())
                    continue;
                }
                String value = value(ctx, m, q, s.getValues().get(i), sourceCols);
                String type = ctx.dialect.castType(ctx.columnType(m.table(), old));
                assigned.put(old.toLowerCase(Locale.ROOT), Exprs.cast(value, type));
            }
        }
        StringBuilder set = new StringBuilder();
        Map<String, String> values = new LinkedHashMap<>();
        for (String n : m.newColumns()) {
            boolean touched = false;
            for (String ref : m.forwardRefs().get(n)) {
                touched |= assigned.containsKey(ref.toLowerCase(Locale.ROOT));
            }
            if (!touched) {
                continue;
            }
            String f = Exprs.substitute(m.forward().get(n), c -> {
                String v = assigned.get(c.toLowerCase(Locale.ROOT));
                if (v != null) {
                    return v;
                }
                String old = m.oldColumn(c);
                return old != null ? "(" + backwardOfRow(ctx, m, old) + ")" : sourceColumn(c, sourceCols);
            }, null);
            set.append(set.length() == 0 ? "" : ", ").append(n).append(" = ").append(f);
            values.put(n, f);
        }
        return new Prepared(set.toString(), sourceCols, others, values);
    }

    /**
     * The SET list of the target's UPDATE, the source columns (as written) its values read, by hidden label, and
     * whether the statement also sets columns that stay in the source; {@code values}: the SET list as target
     * column to value.
     */
    record Prepared(String set, Map<String, String> sourceColumns, boolean setsOthers, Map<String, String> values) {
    }

    /** The moved columns a COMPLETE INSERT named: target column to forward over the values, in target order. */
    record InsertValues(Map<String, String> values) {
    }

    /**
     * A COMPLETE INSERT that names moved columns, whose source columns are gone: takes them and their values out of
     * {@code ins} (which then writes the source's other columns) and returns what the target's upsert writes for
     * them. One VALUES row only, whose moved values are literals, parameters, operators and functions: several rows
     * could not be paired with the keys the database generates for them.
     */
    @SuppressWarnings("unchecked")
    static InsertValues prepareInsert(RewriteContext ctx, Migration m, Insert ins) {
        Values values = ins.getSelect() instanceof Values ? (Values) ins.getSelect() : null;
        ExpressionList<?> list = values == null ? null : values.getExpressions();
        boolean oneRow = list instanceof ParenthesedExpressionList
            || list != null && list.size() == 1 && list.get(0) instanceof ParenthesedExpressionList;
        if (!oneRow) {
            throw MoveWrites.refuse(m, "in COMPLETE an INSERT into " + m.table() + " that names a moved column is "
                + "rewritten for one VALUES row only; insert the rows one by one (a JDBC batch is fine)");
        }
        List<Expression> row = list instanceof ParenthesedExpressionList ? (List<Expression>) list
            : (List<Expression>) list.get(0);
        List<Column> cols = ins.getColumns();
        if (row.size() != cols.size()) {
            return new InsertValues(Map.of()); // the database reports the mismatch, as it would have
        }
        Map<String, String> assigned = new LinkedHashMap<>(); // old column (lower case) -> its value, as stored
        for (int i = cols.size() - 1; i >= 0; i--) {
            String old = m.oldColumn(cols.get(i).getColumnName());
            if (old == null) {
                continue;
            }
            Expression v = row.get(i);
            if (!"DEFAULT".equalsIgnoreCase(v.toString())) { // DEFAULT: the target column's own default
                boolean[] reads = {false};
                TreeWalk.walk(v, (node, owner, field) -> {
                    reads[0] |= node instanceof Column || node instanceof Select;
                    return !(node instanceof JdbcParameter);
                });
                if (reads[0]) {
                    throw MoveWrites.refuse(m, "in COMPLETE the value of moved column " + old + " may be made of "
                        + "literals, parameters, operators and functions only, not " + v);
                }
                assigned.put(old.toLowerCase(Locale.ROOT),
                    Exprs.cast(v.toString(), ctx.dialect.castType(ctx.columnType(m.table(), old))));
            }
            cols.remove(i);
            row.remove(i);
        }
        if (cols.isEmpty()) {
            throw MoveWrites.refuse(m, "in COMPLETE an INSERT into " + m.table() + " that names only moved columns is "
                + "not rewritten; name a column of " + m.table() + " too (its key, say)");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String n : m.newColumns()) {
            List<String> named = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            for (String ref : m.forwardRefs().get(n)) {
                (assigned.containsKey(ref.toLowerCase(Locale.ROOT)) ? named : missing).add(ref);
            }
            if (named.isEmpty()) {
                continue; // the target column's default, as for a column the INSERT leaves out
            }
            if (!missing.isEmpty()) {
                throw MoveWrites.refuse(m, "in COMPLETE an INSERT that names " + named.get(0) + " but not "
                    + missing.get(0) + " is not rewritten: " + n + " of " + m.target() + " is computed from both; "
                    + "name both (the default of a dropped column is not known)");
            }
            out.put(n, Exprs.substitute(m.forward().get(n), c -> assigned.get(c.toLowerCase(Locale.ROOT)), null));
        }
        return new InsertValues(out);
    }

    /** The statement, once the application's WHERE has been read-rewritten. */
    static String statement(Migration m, Update u, Prepared p) {
        String q = u.getTable().getAlias() != null ? u.getTable().getAlias().getName() : u.getTable().getName();
        StringBuilder lock = new StringBuilder("SELECT ");
        StringBuilder match = new StringBuilder();
        for (int i = 0; i < m.key().size(); i++) {
            lock.append(i == 0 ? "" : ", ").append(q).append('.').append(m.key().get(i)).append(" AS tandem_k")
                .append(i + 1);
            match.append(i == 0 ? "" : " AND ").append(MoveWrites.TARGET_ROW).append('.').append(m.targetKey().get(i))
                .append(" = ").append(MoveWrites.LOCKED).append(".tandem_k").append(i + 1);
        }
        for (Map.Entry<String, String> e : p.sourceColumns().entrySet()) {
            lock.append(", ").append(q).append('.').append(e.getKey()).append(" AS ").append(e.getValue());
        }
        lock.append(" FROM ").append(u.getTable()).append(u.getWhere() == null ? "" : " WHERE " + u.getWhere())
            .append(" FOR UPDATE OF ").append(q);
        String with = "WITH " + MoveWrites.LOCKED + " AS (" + lock + ")";
        if (p.setsOthers()) {
            with += ", " + SOURCE_WRITE + " AS (" + sourceUpdate(m, u, q) + ")";
        }
        return with + " UPDATE " + m.target() + " AS " + MoveWrites.TARGET_ROW + " SET " + p.set() + " FROM "
            + MoveWrites.LOCKED + " WHERE " + match;
    }

    /** The CTE that writes the source's own columns of a COMPLETE UPDATE that sets moved ones too. */
    static final String SOURCE_WRITE = "tandem_u";

    /**
     * {@code UPDATE source SET <the columns that stay, read-rewritten> FROM tandem_k WHERE key = tandem_k.key}: the
     * rows the lock selected, each once. Every value sees the rows as they were before the statement, as the
     * application's single UPDATE would: the source rows are not changed before it runs, and the target's UPDATE,
     * the outer statement, reads the moved columns' values from its own rows and the source's from the lock.
     */
    private static String sourceUpdate(Migration m, Update u, String q) {
        List<UpdateSet> kept = new ArrayList<>();
        for (UpdateSet s : u.getUpdateSets()) {
            if (m.oldColumn(s.getColumns().get(0).getColumnName()) == null) {
                kept.add(s);
            }
        }
        StringBuilder sb = new StringBuilder("UPDATE ").append(u.getTable()).append(" SET ");
        UpdateSet.appendUpdateSetsTo(sb, kept);
        sb.append(" FROM ").append(MoveWrites.LOCKED).append(" WHERE ");
        for (int i = 0; i < m.key().size(); i++) {
            sb.append(i == 0 ? "" : " AND ").append(q).append('.').append(m.key().get(i)).append(" = ")
                .append(MoveWrites.LOCKED).append(".tandem_k").append(i + 1);
        }
        return sb.toString();
    }

    /**
     * The application's value as SQL over the target row and the locked source row; refused for anything but
     * columns of the source, literals, parameters, operators and functions.
     */
    private static String value(RewriteContext ctx, Migration m, String q, Expression e, Map<String, String> sourceCols) {
        Expression copy = Exprs.parse(e.toString()); // a copy: the application's tree is read-rewritten and verified
        var meta = ctx.meta(m.table());
        List<String> problems = new ArrayList<>();
        TreeWalk.walk(copy, (node, owner, field) -> {
            if (node instanceof Select) {
                problems.add(node.toString());
                return false;
            }
            if (node instanceof JdbcParameter) {
                return false;
            }
            if (node instanceof Column) {
                Column c = (Column) node;
                String name = c.getColumnName();
                if (c.getTable() != null && c.getTable().getName() != null
                    && !Identifiers.matches(Identifiers.unquote(q), c.getTable().getName())) {
                    problems.add(c.toString());
                    return false;
                }
                String old = m.oldColumn(name);
                if (old == null && (meta == null || !meta.has(Identifiers.unquote(name)))) {
                    problems.add(c.toString()); // not a column of the source (CURRENT_DATE, say): not guessed
                    return false;
                }
                c.setColumnName(old != null ? "(" + backwardOfRow(ctx, m, old) + ")" : sourceColumn(name, sourceCols));
                c.setTable(null);
                return false;
            }
            return true;
        });
        if (!problems.isEmpty()) {
            throw MoveWrites.refuse(m, "in COMPLETE a value assigned to a moved column may read only columns of "
                + m.table() + ", literals, parameters, operators and functions, not " + problems.get(0));
        }
        return copy.toString();
    }

    /** backward of old column {@code old} over the target row being written ({@code tandem_tv}), cast as read. */
    static String backwardOfRow(RewriteContext ctx, Migration m, String old) {
        String b = m.backward().get(old);
        String v = Exprs.substitute(b, c -> null, MoveWrites.TARGET_ROW);
        return Exprs.isBareColumn(b) ? v : Exprs.cast(v, ctx.dialect.castType(ctx.columnType(m.table(), old)));
    }

    private static String sourceColumn(String name, Map<String, String> sourceCols) {
        return MoveWrites.LOCKED + "." + sourceCols.computeIfAbsent(name, k -> "tandem_c" + (sourceCols.size() + 1));
    }
}
