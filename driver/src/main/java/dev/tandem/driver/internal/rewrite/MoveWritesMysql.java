package dev.tandem.driver.internal.rewrite;

import dev.tandem.driver.spec.Identifiers;
import dev.tandem.driver.spec.Migration;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.HexValue;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NextValExpression;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.TimeKeyExpression;
import net.sf.jsqlparser.expression.UserVariable;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
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
import java.util.Set;

/**
 * The write rules of a move on MySQL and MariaDB, which have neither data-modifying CTEs nor (MySQL; MariaDB for
 * UPDATE) {@code RETURNING}: the application's statement is sent as written, and one or two more statements, run by
 * the JDBC layer on the same connection in one transaction with it ({@link WriteStep}), keep the target equal to
 * {@code forward(source)} for every key it wrote. The target is written by a <em>sync</em>, an upsert of the target
 * from the source rows as stored, read under {@code FOR UPDATE}:
 * {@code INSERT INTO target (key, new...) SELECT key, forward(...) FROM source WHERE ... FOR UPDATE ON DUPLICATE KEY
 * UPDATE new = VALUES(new)}. Syncing a key the statement did not write is harmless (the row is read locked, as
 * stored); missing one is not, so each form below selects a superset of the written keys.
 *
 * <ul>
 * <li>INSERT ... VALUES/SET: the statement, then a sync of the keys it names (as the key column stores them) and,
 * when the key may be generated (AUTO_INCREMENT left out, NULL, DEFAULT, 0 or a parameter), of
 * {@code LAST_INSERT_ID()} and the next rows-1 values ({@code @@auto_increment_increment} apart).</li>
 * <li>UPDATE whose WHERE reads no column the statement changes (assigned, {@code ON UPDATE}, generated; and no
 * BEFORE UPDATE trigger): the statement, then a sync of the same WHERE.</li>
 * <li>Any other UPDATE, and DELETE: a capture ({@code SELECT key ... WHERE ... FOR UPDATE}), then (DELETE) the
 * target rows of the captured keys deleted, the statement, then (UPDATE) a sync of the captured keys. Exact under
 * REPEATABLE READ or SERIALIZABLE, whose next-key locks keep the statement to the captured rows; the JDBC layer
 * refuses these forms under READ COMMITTED.</li>
 * </ul>
 * INSERT ... ON DUPLICATE KEY UPDATE as INSERT, when the key is the table's only unique index. A DELETE needs no
 * step when the target's foreign key to the source cascades (the agent's expand creates one).
 * Refused: INSERT ... SELECT, ON DUPLICATE KEY UPDATE on a table with another unique index, a key value that is an expression, an UPDATE or DELETE
 * whose WHERE has a subquery or something that may change between two statements (time, random, user variables),
 * and ORDER BY/LIMIT. COMPLETE: {@link MoveCompleteMysql}.
 */
final class MoveWritesMysql {
    /** The source row's alias in an INSERT's sync. */
    static final String SOURCE_ROW = "tandem_sv";

    /** Functions whose value may differ between two statements of one transaction. */
    private static final Set<String> VOLATILE = Set.of("rand", "uuid", "uuid_short", "sys_guid", "now", "sysdate",
        "current_timestamp", "current_date", "current_time", "curdate", "curtime", "localtime", "localtimestamp",
        "unix_timestamp", "utc_date", "utc_time", "utc_timestamp", "last_insert_id", "row_count", "found_rows",
        "sleep", "benchmark", "nextval", "lastval", "setval", "get_lock", "release_lock", "is_free_lock",
        "is_used_lock", "random_bytes", "load_file", "master_pos_wait", "source_pos_wait");

    private MoveWritesMysql() {
    }

    /** The steps of a write of a move's source, or an empty list when it leaves the target as it is. */
    static List<WriteStep> steps(RewriteContext ctx, Statement st) {
        if (st instanceof Insert) {
            Migration m = MoveWrites.sourceMove(ctx, ((Insert) st).getTable());
            return m == null ? List.of() : insert(ctx, m, (Insert) st);
        }
        if (st instanceof Update) {
            Migration m = MoveWrites.sourceMove(ctx, ((Update) st).getTable());
            return m == null || !MoveWrites.writesMoved(m, (Update) st) ? List.of() : update(ctx, m, (Update) st);
        }
        if (st instanceof Delete) {
            Migration m = MoveWrites.sourceMove(ctx, ((Delete) st).getTable());
            return m == null ? List.of() : delete(ctx, m, (Delete) st);
        }
        return List.of();
    }

    private static List<WriteStep> insert(RewriteContext ctx, Migration m, Insert ins) {
        if (ins.getDuplicateUpdateSets() != null && !ins.getDuplicateUpdateSets().isEmpty()) {
            refuseUpsert(ctx, m, ins);
        }
        List<Column> columns = new ArrayList<>();
        List<List<Expression>> rows = new ArrayList<>();
        if (ins.getSetUpdateSets() != null && !ins.getSetUpdateSets().isEmpty()) {
            List<Expression> row = new ArrayList<>();
            for (UpdateSet s : ins.getSetUpdateSets()) {
                for (int i = 0; i < s.getColumns().size(); i++) {
                    columns.add(s.getColumns().get(i));
                    row.add((Expression) s.getValues().get(i));
                }
            }
            rows.add(row);
        } else if (ins.getSelect() instanceof Values && ins.getColumns() != null) {
            columns.addAll(ins.getColumns());
            rows.addAll(InsertRewriter.rows((Values) ins.getSelect()));
        } else if (ins.getSelect() instanceof Values) {
            throw MoveWrites.refuse(m, "an INSERT into " + m.table() + " without a column list is not rewritten for "
                + "a move on MySQL/MariaDB; name the columns");
        } else {
            return insertSelect(ctx, m, ins);
        }
        ctx.writes = true;
        Map<String, String> extra = MoveMetadata.extras(ctx, m);
        String sv = SOURCE_ROW;
        List<String> keyRefs = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (String k : m.key()) {
            keyRefs.add(sv + "." + k);
            positions.add(position(columns, k));
        }
        boolean autoIncrement = m.key().size() == 1
            && extra.getOrDefault(lower(m.key().get(0)), "").contains("auto_increment");
        boolean generated = false;
        List<String> explicit = new ArrayList<>();
        for (List<Expression> row : rows) {
            List<String> values = new ArrayList<>();
            for (int i = 0; i < m.key().size(); i++) {
                String k = m.key().get(i);
                int at = positions.get(i);
                Expression v = at < 0 ? null : row.get(at);
                boolean absent = v == null || v instanceof NullValue || "DEFAULT".equalsIgnoreCase(v.toString());
                if (absent && !autoIncrement) {
                    throw MoveWrites.refuse(m, "the INSERT gives key column " + k + " of " + m.table() + " no value "
                        + "(or NULL or DEFAULT) and the key is not one AUTO_INCREMENT column, so Tandem cannot tell "
                        + "which row it writes; give the key a value");
                }
                generated |= autoIncrement && (absent || v instanceof JdbcParameter || isZero(v));
                if (absent) {
                    values = null;
                    break;
                }
                if (!(v instanceof JdbcParameter || isLiteral(v))) {
                    throw MoveWrites.refuse(m, "the INSERT gives key column " + k + " of " + m.table() + " the "
                        + "expression " + v + ", whose stored value Tandem does not compute for a move on MySQL/"
                        + "MariaDB; write a literal or a parameter");
                }
                values.add(ctx.dialect.storedAs(v.toString(), ctx.columnType(m.table(), k)));
            }
            if (values != null) {
                explicit.add(values.size() == 1 ? values.get(0) : "(" + String.join(", ", values) + ")");
            }
        }
        List<String> conditions = new ArrayList<>();
        if (!explicit.isEmpty()) {
            conditions.add(tuple(keyRefs) + " IN (" + String.join(", ", explicit) + ")");
        }
        if (generated) {
            // The values one INSERT generates are consecutive, auto_increment_increment apart, from LAST_INSERT_ID()
            // (the first of them): the assumption MySQL's and MariaDB's JDBC drivers make for generated keys.
            conditions.add(keyRefs.get(0) + " BETWEEN LAST_INSERT_ID() AND LAST_INSERT_ID() + " + (rows.size() - 1)
                + " * @@auto_increment_increment");
        }
        Map<String, String> complete = MoveCompleteMysql.insertValues(ctx, m);
        if (generated && complete != null && !complete.isEmpty()) {
            // COMPLETE, the application's values (one row, MoveComplete.prepareInsert): exactly its key, no superset.
            Expression v = positions.get(0) < 0 ? null : rows.get(0).get(positions.get(0));
            conditions = List.of(MoveCompleteMysql.generatedKey(keyRefs.get(0),
                explicit.isEmpty() || isZero(v) ? null : explicit.get(0)));
        }
        String from = ins.getTable().getFullyQualifiedName() + " " + sv;
        return List.of(new WriteStep(sync(ctx, m, from, sv, String.join(" OR ", conditions)), WriteStep.When.AFTER));
    }

    /**
     * INSERT ... SELECT that leaves an AUTO_INCREMENT key out: every key it generates is at least LAST_INSERT_ID()
     * (the first of them), whatever innodb_autoinc_lock_mode, so the sync takes all keys from there on (rows other
     * transactions inserted meanwhile are synced again, harmlessly; the FOR UPDATE holds back inserts above it until
     * the unit ends), and nothing when the statement inserted no row. Refused with the key named (its values come
     * from a query Tandem cannot repeat exactly) or with ON DUPLICATE KEY UPDATE.
     */
    private static List<WriteStep> insertSelect(RewriteContext ctx, Migration m, Insert ins) {
        String why = ins.getColumns() == null ? "it has no column list"
            : ins.getDuplicateUpdateSets() != null && !ins.getDuplicateUpdateSets().isEmpty()
            ? "it has ON DUPLICATE KEY UPDATE" : null;
        if (why == null && (m.key().size() != 1 || position(ins.getColumns(), m.key().get(0)) >= 0)) {
            why = "it gives the key its values from a query";
        }
        if (why == null && !MoveMetadata.extras(ctx, m).getOrDefault(lower(m.key().get(0)), "").contains("auto_increment")) {
            why = "the key is not AUTO_INCREMENT";
        }
        if (why != null) {
            throw MoveWrites.refuse(m, "INSERT ... SELECT into " + m.table() + " is rewritten for a move on MySQL/"
                + "MariaDB only when it leaves an AUTO_INCREMENT key out, and " + why + " (so the keys of the rows "
                + "it inserts are not known); insert the rows with VALUES");
        }
        ctx.writes = true;
        String from = ins.getTable().getFullyQualifiedName() + " " + SOURCE_ROW;
        return List.of(new WriteStep(sync(ctx, m, from, SOURCE_ROW, SOURCE_ROW + "." + m.key().get(0)
            + " >= LAST_INSERT_ID() AND ROW_COUNT() > 0"), WriteStep.When.AFTER));
    }

    private static List<WriteStep> update(RewriteContext ctx, Migration m, Update u) {
        if (u.getOrderByElements() != null && !u.getOrderByElements().isEmpty() || u.getLimit() != null) {
            throw MoveWrites.refuse(m, "an UPDATE of " + m.table() + " with ORDER BY or LIMIT is not rewritten for a "
                + "move on MySQL/MariaDB (which rows it picks among equal ones is not repeatable); select the rows "
                + "by key");
        }
        if (m.phase() == dev.tandem.driver.spec.Phase.COMPLETE) {
            return MoveCompleteMysql.update(ctx, m, u);
        }
        ctx.writes = true;
        Expression where = u.getWhere();
        refuseVolatile(m, where, "UPDATE");
        String q = qualifier(u.getTable());
        String from = u.getTable().toString();
        if (where == null || !readsChanged(ctx, m, u, where)) {
            // The WHERE selects the same rows after the statement: they are locked, and nothing it reads changed.
            return List.of(new WriteStep(sync(m, from, q, where == null ? null : where.toString()),
                WriteStep.When.AFTER));
        }
        return List.of(capture(m, from, q, where), new WriteStep(sync(m, from, q, keysIn(m.key(), q)),
            WriteStep.When.AFTER));
    }

    private static List<WriteStep> delete(RewriteContext ctx, Migration m, Delete d) {
        ctx.writes = true;
        if (MoveMetadata.cascades(ctx, m)) {
            ctx.retryDeadlock = true; // the cascade's locks are Tandem's: see StepRunner
            return List.of(); // the target's foreign key deletes the target rows with the source rows, in the statement
        }
        if (d.getUsingList() != null && !d.getUsingList().isEmpty()) {
            throw MoveWrites.refuse(m, "a DELETE from " + m.table() + " with USING is not rewritten for a move on "
                + "MySQL/MariaDB; select the rows with a condition on " + m.table() + " alone");
        }
        refuseVolatile(m, d.getWhere(), "DELETE");
        String q = qualifier(d.getTable());
        String from = d.getTable().toString();
        String targetDelete = "DELETE FROM " + m.target() + " WHERE " + keysIn(m.targetKey(), null);
        return List.of(capture(m, from, q, d.getWhere()), new WriteStep(targetDelete, WriteStep.When.BEFORE));
    }

    /**
     * An INSERT ... ON DUPLICATE KEY UPDATE writes the rows of the keys it names (inserted, or found and updated)
     * only when the key is the table's one unique index and the update leaves it as it is; refused otherwise.
     */
    private static void refuseUpsert(RewriteContext ctx, Migration m, Insert ins) {
        for (UpdateSet s : ins.getDuplicateUpdateSets()) {
            for (Column c : s.getColumns()) {
                if (m.keyColumn(c.getColumnName()) != null) {
                    throw MoveWrites.refuse(m, "the ON DUPLICATE KEY UPDATE changes key column " + c + " of "
                        + m.table() + ", which the move joins " + m.target() + " on");
                }
            }
        }
        if (!MoveMetadata.keyIsOnlyUniqueIndex(ctx, m)) {
            throw MoveWrites.refuse(m, "INSERT ... ON DUPLICATE KEY UPDATE into " + m.table() + " is not "
                + "rewritten for a move on MySQL/MariaDB when the table has a unique index besides its key "
                + m.key() + " (the row it updates may be found by that index, so its key is not known); write "
                + "the INSERT and the UPDATE as two statements");
        }
    }

    /** {@code SELECT key FROM source WHERE ... FOR UPDATE}: locks and returns the rows the statement will write. */
    static WriteStep capture(Migration m, String from, String q, Expression where) {
        List<String> keys = new ArrayList<>();
        for (String k : m.key()) {
            keys.add(q + "." + k);
        }
        return new WriteStep("SELECT " + String.join(", ", keys) + " FROM " + from
            + (where == null ? "" : " WHERE " + where) + " FOR UPDATE", WriteStep.When.CAPTURE);
    }

    /** An INSERT's sync: in COMPLETE, of the values it named ({@link MoveCompleteMysql}). */
    private static String sync(RewriteContext ctx, Migration m, String from, String q, String where) {
        Map<String, String> complete = MoveCompleteMysql.insertValues(ctx, m);
        return complete != null ? MoveCompleteMysql.upsert(m, from, q, where, complete) : sync(m, from, q, where);
    }

    /** The upsert of the target from the source rows {@code where} selects, read under their row locks. */
    private static String sync(Migration m, String from, String q, String where) {
        Map<String, String> forward = new LinkedHashMap<>();
        for (String n : m.newColumns()) {
            forward.put(n, Exprs.substitute(m.forward().get(n), c -> null, q));
        }
        return MoveCompleteMysql.upsert(m, from, q, where, forward);
    }

    /** {@code k IN (keys)} or {@code (k1, k2) IN (keys)}, the keys filled in by the JDBC layer. */
    static String keysIn(List<String> columns, String q) {
        List<String> refs = new ArrayList<>();
        for (String c : columns) {
            refs.add(q == null ? c : q + "." + c);
        }
        return tuple(refs) + " IN (" + WriteStep.KEYS + ")";
    }

    private static String tuple(List<String> refs) {
        return refs.size() == 1 ? refs.get(0) : "(" + String.join(", ", refs) + ")";
    }

    /**
     * True if {@code where} may select other rows after {@code u} than before: it reads a column the statement
     * assigns, a generated or {@code ON UPDATE} column, or anything when a BEFORE UPDATE trigger may change the row.
     */
    private static boolean readsChanged(RewriteContext ctx, Migration m, Update u, Expression where) {
        Map<String, String> extra = MoveMetadata.extras(ctx, m);
        if (extra.containsKey(MoveMetadata.TRIGGER)) {
            return true;
        }
        List<String> assigned = new ArrayList<>();
        for (UpdateSet s : u.getUpdateSets()) {
            for (Column c : s.getColumns()) {
                assigned.add(c.getColumnName());
            }
        }
        boolean[] changed = {false};
        TreeWalk.walk(where, (node, owner, field) -> {
            if (node instanceof Column) {
                String name = ((Column) node).getColumnName();
                String x = extra.getOrDefault(lower(Identifiers.unquote(name)), "");
                boolean hit = x.contains("on update") || x.contains("generated");
                for (String a : assigned) {
                    hit |= Identifiers.matches(a, name);
                }
                changed[0] |= hit;
            }
            return !changed[0];
        });
        return changed[0];
    }

    /** Refuses a WHERE whose rows two statements of one transaction could see differently. */
    static void refuseVolatile(Migration m, Expression where, String what) {
        if (where == null) {
            return;
        }
        String[] found = {null};
        TreeWalk.walk(where, (node, owner, field) -> {
            if (node instanceof Select) {
                found[0] = "a subquery";
            } else if (node instanceof Function && ((Function) node).getName() != null
                && VOLATILE.contains(lower(((Function) node).getName()))) {
                found[0] = ((Function) node).getName() + "()";
            } else if (node instanceof TimeKeyExpression || node instanceof NextValExpression) {
                found[0] = node.toString();
            } else if (node instanceof UserVariable) {
                found[0] = "a variable (" + node + ")";
            } else if (node instanceof Column && VOLATILE.contains(lower(((Column) node).getColumnName()))) {
                found[0] = ((Column) node).getColumnName();
            }
            return found[0] == null;
        });
        if (found[0] != null) {
            throw MoveWrites.refuse(m, "the WHERE of this " + what + " of " + m.table() + " holds " + found[0]
                + ", which Tandem cannot evaluate the same way in the extra statements a move's write runs on "
                + "MySQL/MariaDB; select the rows by their values (or their keys)");
        }
    }

    private static int position(List<Column> columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (Identifiers.matches(columns.get(i).getColumnName(), name)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isLiteral(Expression v) {
        if (v instanceof SignedExpression) {
            return isLiteral(((SignedExpression) v).getExpression());
        }
        return v instanceof LongValue || v instanceof StringValue || v instanceof DoubleValue || v instanceof HexValue;
    }

    private static boolean isZero(Expression v) {
        return v instanceof LongValue && ((LongValue) v).getValue() == 0;
    }

    static String qualifier(Table t) {
        return t.getAlias() != null ? t.getAlias().getName() : t.getName();
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
