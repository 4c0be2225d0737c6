package dev.tandem.driver.internal.rewrite;

import dev.tandem.driver.spec.Identifiers;
import dev.tandem.driver.spec.Migration;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.update.UpdateSet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The write rules for SET lists (UPDATE, ON CONFLICT DO UPDATE, ON DUPLICATE KEY UPDATE). While a
 * migration dual-writes, assigning an old column also assigns each new column forward(...) of the
 * assigned value, and the reverse for new columns. From CONTRACT on, old assignments become new ones.
 *
 * <p>Every right-hand side is made to read the row as it was before the statement: the assigned expression
 * is substituted into forward(), converted as the old column stores it (so the new side equals forward of
 * what is stored). On MySQL, which evaluates a SET list left to right, earlier assignments are first
 * substituted into later right-hand sides and the final list is ordered so that no right-hand side reads a
 * column assigned before it; the result then does not depend on the evaluation order MariaDB chooses.
 */
final class AssignmentRewriter {
    private final RewriteContext ctx;
    private final Source target;
    private final List<UpdateSet> sets;

    private AssignmentRewriter(RewriteContext ctx, Source target, List<UpdateSet> sets) {
        this.ctx = ctx;
        this.target = target;
        this.sets = sets;
    }

    /**
     * Rewrites {@code sets} in place; right-hand sides are read-rewritten in {@code scope} first. {@code root} is
     * the statement part the SET list belongs to (the UPDATE, or the INSERT of an upsert).
     */
    static void rewrite(RewriteContext ctx, Source target, List<UpdateSet> sets, Scope scope,
                        SelectRewriter selects, Object root) {
        if (sets == null || sets.isEmpty()) {
            return;
        }
        AssignmentRewriter a = new AssignmentRewriter(ctx, target, sets);
        a.splitMultiColumnSets();
        boolean rewrites = false;
        for (Migration m : target.migrations) {
            rewrites |= m.phase().rewrites() && m.kind() != Migration.Kind.MOVE;
        }
        boolean leftToRight = rewrites && ctx.dialect.setSeesEarlierAssignments();
        if (leftToRight) {
            a.simultaneous(root);
        }
        for (UpdateSet s : sets) {
            for (Expression v : s.getValues()) {
                selects.expressions(scope).keepingOldColumnsOf(target).rewrite(v);
            }
        }
        List<UpdateSet> before = List.copyOf(sets);
        for (Migration m : target.migrations) {
            if (m.phase().rewrites() && m.kind() != Migration.Kind.MOVE) { // a move writes its target: MoveWrites
                a.apply(m);
            }
        }
        if (leftToRight && !a.orderForLeftToRight()) {
            // Assignments that read each other's old values cannot be ordered. A single-table UPDATE without
            // subqueries or joins is evaluated left to right on MySQL and MariaDB alike: while dual-writing, the
            // other side is then appended after the application's assignments and reads the values they stored.
            if (hasSubqueryOrJoin(root)) {
                throw RewriteException.unsupported(target.migrations.get(0), "the assignments of this SET list "
                    + "read each other's columns, and MySQL evaluates them left to right; Tandem cannot order them "
                    + "so that each reads the row before the update. Split the statement");
            }
            sets.clear();
            sets.addAll(before);
            if (a.allDualWrite()) {
                a.readAssigned = true;
            } else {
                // From CONTRACT on the old column is not written: the value several new columns are computed from
                // is kept in a session variable by the first of them and read back by the others, so none reads
                // a column assigned before it (left to right is guaranteed without subqueries or joins).
                a.hoist = true;
            }
            for (Migration m : target.migrations) {
                if (m.phase().rewrites() && m.kind() != Migration.Kind.MOVE) {
                    a.apply(m);
                }
            }
            if (a.hoist && !a.readsOnlyUnassigned()) {
                throw RewriteException.unsupported(target.migrations.get(0), "the assignments of this SET list "
                    + "read each other's columns, and MySQL evaluates them left to right; Tandem cannot order them "
                    + "so that each reads the row before the update. Split the statement");
            }
        }
    }

    /** Contract mode for cycles (MySQL): a repeated assigned value is computed once into a session variable. */
    private boolean hoist;
    private final Map<String, String> hoisted = new LinkedHashMap<>();

    /** True if no right-hand side reads a column assigned before it in the list (session variables aside). */
    private boolean readsOnlyUnassigned() {
        Set<String> written = new java.util.HashSet<>();
        for (UpdateSet s : sets) {
            Set<String> r = new java.util.HashSet<>();
            for (Expression v : s.getValues()) {
                TreeWalk.walk(v, (node, owner, field) -> {
                    if (node instanceof Column) {
                        identifiers(((Column) node).getColumnName(), r);
                    }
                    return true;
                });
            }
            if (intersects(r, written)) {
                return false;
            }
            for (Column c : s.getColumns()) {
                written.add(key(c.getColumnName()));
            }
        }
        return true;
    }

    /** Left-to-right mode: appended assignments read the columns the application assigned before them. */
    private boolean readAssigned;

    private boolean allDualWrite() {
        for (Migration m : target.migrations) {
            if (m.phase().rewrites() && !m.phase().dualWrites()) {
                return false;
            }
        }
        return true;
    }

    /**
     * MySQL evaluates a single-table SET list left to right, each right-hand side seeing the columns assigned
     * before it. Substitutes those earlier values into later right-hand sides, so that every right-hand side
     * reads only the row as it was before the statement, as on PostgreSQL. MariaDB may run a single-table
     * UPDATE with a subquery as a multi-table one, which sees the row before the update instead: when the
     * statement's meaning depends on that choice it is refused.
     */
    private void simultaneous(Object root) {
        Map<String, String> assigned = new LinkedHashMap<>();
        boolean dependsOnOrder = false;
        for (UpdateSet s : sets) {
            if (s.getColumns().size() != 1) {
                for (Column c : s.getColumns()) {
                    assigned.put(key(c.getColumnName()), null);
                }
                continue;
            }
            Expression value = s.getValue(0);
            List<Column> reads = new ArrayList<>();
            boolean[] inQuery = new boolean[1];
            TreeWalk.walk(value, new TreeWalk.Visitor() {
                int depth;

                @Override
                public boolean enter(Object node, Object owner, String field) {
                    if (node instanceof net.sf.jsqlparser.statement.select.Select) {
                        depth++;
                    }
                    if (node instanceof Column && readsTarget((Column) node)
                        && assigned.containsKey(key(((Column) node).getColumnName()))) {
                        reads.add((Column) node);
                        inQuery[0] |= depth > 0;
                    }
                    return true;
                }

                @Override
                public void leave(Object node) {
                    if (node instanceof net.sf.jsqlparser.statement.select.Select) {
                        depth--;
                    }
                }
            });
            if (!reads.isEmpty()) {
                dependsOnOrder = true;
                Migration m = target.migrations.get(0);
                if (inQuery[0]) {
                    throw RewriteException.unsupported(m, "a subquery in SET reads column " + reads.get(0)
                        + " assigned earlier in the same SET list; Tandem cannot tell which row it reads there");
                }
                for (Column c : reads) {
                    String earlier = assigned.get(key(c.getColumnName()));
                    if (earlier == null) {
                        throw RewriteException.unsupported(m, "SET reads column " + c + " assigned earlier by a "
                            + "row subquery; assign it separately");
                    }
                    // The later right-hand side reads what the column stores: the value converted to its type.
                    String type = ctx.columnType(target.table, Identifiers.unquote(c.getColumnName()));
                    c.setColumnName(type == null ? "(" + earlier + ")" : ctx.dialect.storedAs(earlier, type));
                    c.setTable(null);
                }
                value = Exprs.parse(value.toString());
                replaceValue(s, value);
            }
            String k = key(s.getColumn(0).getColumnName());
            if (assigned.containsKey(k)) {
                throw RewriteException.unsupported(target.migrations.get(0), "SET assigns column "
                    + s.getColumn(0) + " twice; assign each column once");
            }
            // A later right-hand side that reads a column set to DEFAULT reads the column's default value.
            assigned.put(k, "DEFAULT".equalsIgnoreCase(value.toString())
                ? ctx.defaultOf(target.table, s.getColumn(0).getColumnName(), target.migrations.get(0))
                : value.toString());
        }
        if (dependsOnOrder && hasSubqueryOrJoin(root)) {
            throw RewriteException.unsupported(target.migrations.get(0), "a SET right-hand side reads a column "
                + "assigned earlier in the same statement, and with a subquery or join MariaDB may evaluate the "
                + "assignments against the row before the update; compute the value from the original columns");
        }
    }

    @SuppressWarnings("unchecked")
    private static void replaceValue(UpdateSet s, Expression value) {
        ((List<Expression>) (List<?>) s.getValues()).set(0, value);
    }

    private static boolean hasSubqueryOrJoin(Object root) {
        boolean[] found = new boolean[1];
        TreeWalk.walk(root, (node, owner, field) -> {
            found[0] |= node instanceof net.sf.jsqlparser.statement.select.Select
                || node instanceof net.sf.jsqlparser.statement.select.Join;
            return !found[0];
        });
        return found[0];
    }

    private boolean readsTarget(Column c) {
        return c.getTable() == null || c.getTable().getName() == null || target.answersTo(c.getTable());
    }

    private static String key(String column) {
        return dev.tandem.driver.spec.Identifiers.unquote(column).toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Orders the final SET list so that no right-hand side reads a column assigned before it: left-to-right
     * evaluation (MySQL) and evaluation against the row before the update (MariaDB's multi-table path) then
     * give the same result. Keeps the written order where it can; refuses assignments that read each other.
     */
    private boolean orderForLeftToRight() {
        int n = sets.size();
        List<Set<String>> reads = new ArrayList<>(n);
        List<Set<String>> writes = new ArrayList<>(n);
        for (UpdateSet s : sets) {
            Set<String> w = new java.util.HashSet<>();
            for (Column c : s.getColumns()) {
                w.add(key(c.getColumnName()));
            }
            writes.add(w);
            Set<String> r = new java.util.HashSet<>();
            for (Expression v : s.getValues()) {
                TreeWalk.walk(v, (node, owner, field) -> {
                    if (node instanceof net.sf.jsqlparser.expression.Function
                        && "VALUES".equalsIgnoreCase(((net.sf.jsqlparser.expression.Function) node).getName())) {
                        return false; // the proposed row, not the row being updated
                    }
                    if (node instanceof Column) {
                        identifiers(((Column) node).getColumnName(), r);
                    }
                    return true;
                });
            }
            reads.add(r);
        }
        List<UpdateSet> out = new ArrayList<>(n);
        boolean[] done = new boolean[n];
        for (int placed = 0; placed < n; placed++) {
            int pick = -1;
            for (int i = 0; i < n && pick < 0; i++) {
                if (done[i]) {
                    continue;
                }
                boolean ready = true;
                for (int j = 0; j < n && ready; j++) {
                    // i writes a column that a pending j (other than i) still has to read first
                    if (j != i && !done[j] && intersects(reads.get(j), writes.get(i))) {
                        ready = false;
                    }
                }
                if (ready) {
                    pick = i;
                }
            }
            if (pick < 0) {
                return false;
            }
            done[pick] = true;
            out.add(sets.get(pick));
        }
        sets.clear();
        sets.addAll(out);
        return true;
    }

    /** Adds the lower-case identifiers of a column name or of generated SQL text to {@code out}. */
    private static void identifiers(String text, Set<String> out) {
        SqlWords.scan(text, (t, start, end) -> {
            String before = t.substring(0, start).replace(" ", "").toLowerCase(java.util.Locale.ROOT);
            if (!before.endsWith("values(")) {
                out.add(key(t.substring(start, end))); // VALUES(col) names the proposed row
            }
            return true;
        });
    }

    private void apply(Migration m) {
        Map<String, Integer> oldSet = new LinkedHashMap<>();
        Map<String, Integer> newSet = new LinkedHashMap<>();
        for (int i = 0; i < sets.size(); i++) {
            Column c = sets.get(i).getColumn(0);
            if (c.getTable() != null && c.getTable().getName() != null && !target.answersTo(c.getTable())) {
                continue;
            }
            String old = m.oldColumn(c.getColumnName());
            String neu = m.newColumn(c.getColumnName());
            if (old != null) {
                oldSet.put(old, i);
            } else if (neu != null) {
                newSet.put(neu, i);
            }
        }
        if (oldSet.isEmpty() && newSet.isEmpty()) {
            return;
        }
        ctx.writes = true;
        if (m.phase().dualWrites()) {
            propagate(m, m.forward(), m.forwardRefs(), oldSet, newSet);
            propagate(m, m.backward(), m.backwardRefs(), newSet, oldSet);
        } else if (m.phase().newSideIsTruth() && !oldSet.isEmpty()) {
            contract(m, oldSet, newSet);
        }
    }

    /** For each column on the other side not assigned by the application, assign expr(...) of the values. */
    private void propagate(Migration m, Map<String, String> exprs, Map<String, Set<String>> refs,
                           Map<String, Integer> assigned, Map<String, Integer> otherAssigned) {
        for (Map.Entry<String, String> e : exprs.entrySet()) {
            String col = e.getKey();
            if (otherAssigned.containsKey(col) || !intersects(refs.get(col), assigned.keySet())) {
                continue;
            }
            boolean copy = Exprs.isBareColumn(e.getValue()) && refs.get(col).size() == 1
                && sameType(m, refs.get(col).iterator().next(), col);
            boolean readNew = ctx.readMode(m) == ReadMode.NEW;
            List<String> storedReads = new ArrayList<>();
            String text = Exprs.substitute(e.getValue(), c -> {
                Integer i = index(assigned, c);
                if (i != null) {
                    if (readAssigned) {
                        storedReads.add(c);
                        return null; // reads the value just stored (left to right)
                    }
                    Expression v = sets.get(i).getValue(0);
                    return copy && !isDefault(v) ? "(" + v + ")" : castValue(m, c, v);
                }
                // An unassigned column the expression reads: the old side is read as this statement reads it.
                String o = m.oldColumn(c);
                return o != null && readNew ? "(" + Exprs.backwardRead(m, o, target.qualifier(), ctx) + ")" : null;
            }, target.qualifier());
            Column raw = Exprs.raw(text);
            if (!storedReads.isEmpty()) {
                ctx.readsAssigned.put(raw, storedReads);
            }
            sets.add(new UpdateSet(new Column(col), raw));
            ctx.changed = true;
        }
    }

    /** CONTRACT and later: old assignments are replaced by assignments of the new columns. */
    private void contract(Migration m, Map<String, Integer> oldSet, Map<String, Integer> newSet) {
        int position = Integer.MAX_VALUE;
        for (int i : oldSet.values()) {
            position = Math.min(position, i);
        }
        List<UpdateSet> added = new ArrayList<>();
        for (Map.Entry<String, String> e : m.forward().entrySet()) {
            String n = e.getKey();
            if (newSet.containsKey(n) || !intersects(m.forwardRefs().get(n), oldSet.keySet())) {
                continue;
            }
            boolean copy = Exprs.isBareColumn(e.getValue()) && m.forwardRefs().get(n).size() == 1
                && sameType(m, m.forwardRefs().get(n).iterator().next(), n);
            String text = Exprs.substitute(e.getValue(), c -> {
                Integer i = index(oldSet, c);
                if (i != null) {
                    Expression v = sets.get(i).getValue(0);
                    return copy && !isDefault(v) ? "(" + v + ")" : castValue(m, c, v);
                }
                String o = m.oldColumn(c);
                return "(" + Exprs.backwardRead(m, o, target.qualifier(), ctx) + ")";
            }, target.qualifier());
            added.add(new UpdateSet(new Column(n), Exprs.raw(text)));
        }
        List<UpdateSet> kept = new ArrayList<>();
        for (int i = 0; i < sets.size(); i++) {
            if (i == position) {
                kept.addAll(added);
            }
            if (!oldSet.containsValue(i)) {
                kept.add(sets.get(i));
            }
        }
        sets.clear();
        sets.addAll(kept);
        ctx.changed = true;
    }

    private String castValue(Migration m, String column, Expression value) {
        String stored = ctx.storedValue(m, column, value, "SET " + column + " = DEFAULT on a column without a "
            + "default Tandem can compute the other side from; write the value");
        if (!hoist || "DEFAULT".equalsIgnoreCase(value.toString())) {
            return stored;
        }
        String var = hoisted.get(stored);
        if (var != null) {
            return var;
        }
        var = "@tandem_v" + (hoisted.size() + 1);
        hoisted.put(stored, var);
        return "(" + var + " := " + stored + ")";
    }

    private static boolean isDefault(Expression v) {
        return "DEFAULT".equalsIgnoreCase(v.toString());
    }

    /** True if both columns have one declared type: a copy between them converts nothing. */
    private boolean sameType(Migration m, String a, String b) {
        String ta = ctx.columnType(m.table(), a);
        return ta != null && ta.equalsIgnoreCase(ctx.columnType(m.table(), b));
    }

    /** Turns {@code (a, b) = (x, y)} into {@code a = x, b = y}; refuses a row subquery on migrated columns. */
    private void splitMultiColumnSets() {
        List<UpdateSet> out = new ArrayList<>();
        for (UpdateSet s : sets) {
            ExpressionList<Column> cols = s.getColumns();
            if (cols.size() == 1) {
                out.add(s);
                continue;
            }
            ExpressionList<?> values = s.getValues();
            Expression only = values.size() == 1 ? (Expression) values.get(0) : null;
            if (only instanceof ParenthesedExpressionList) {
                values = (ExpressionList<?>) only;
            }
            if (values.size() != cols.size()) {
                for (Column c : cols) {
                    Migration m = touches(c);
                    if (m != null) {
                        throw RewriteException.unsupported(m, "SET (" + cols + ") = <row subquery> assigns migrated "
                            + "column " + c + "; assign each column separately");
                    }
                }
                out.add(s);
                continue;
            }
            for (int i = 0; i < cols.size(); i++) {
                out.add(new UpdateSet(cols.get(i), (Expression) values.get(i)));
            }
        }
        sets.clear();
        sets.addAll(out);
    }

    private Migration touches(Column c) {
        Migration m = target.migrationWithOld(c.getColumnName());
        return m != null ? m : target.migrationWithNew(c.getColumnName());
    }

    private static Integer index(Map<String, Integer> assigned, String column) {
        for (Map.Entry<String, Integer> e : assigned.entrySet()) {
            if (e.getKey().equalsIgnoreCase(column)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static boolean intersects(Set<String> refs, Set<String> assigned) {
        for (String r : refs) {
            for (String a : assigned) {
                if (r.equalsIgnoreCase(a)) {
                    return true;
                }
            }
        }
        return false;
    }
}
