package dev.tandem.driver.rewrite;

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
 * <p>On PostgreSQL every right-hand side sees the row before the update, so the assigned expression
 * is substituted into forward(), cast to the old column's type (so the new side equals forward of
 * what is stored). MySQL evaluates assignments left to right, so the appended assignment simply
 * reads the columns already assigned.
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

    /** Rewrites {@code sets} in place; right-hand sides are read-rewritten in {@code scope} first. */
    static void rewrite(RewriteContext ctx, Source target, List<UpdateSet> sets, Scope scope,
                        SelectRewriter selects) {
        if (sets == null || sets.isEmpty()) {
            return;
        }
        AssignmentRewriter a = new AssignmentRewriter(ctx, target, sets);
        a.splitMultiColumnSets();
        for (UpdateSet s : sets) {
            for (Expression v : s.getValues()) {
                selects.expressions(scope).keepingOldColumnsOf(target).rewrite(v);
            }
        }
        for (Migration m : target.migrations) {
            if (m.phase().rewrites()) {
                a.apply(m);
            }
        }
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
            String text;
            if (ctx.dialect.setSeesEarlierAssignments()) {
                text = Exprs.substitute(e.getValue(), c -> null, target.qualifier());
            } else {
                text = Exprs.substitute(e.getValue(), c -> {
                    Integer i = index(assigned, c);
                    return i == null ? null : castValue(m, c, sets.get(i).getValue(0));
                }, target.qualifier());
            }
            sets.add(new UpdateSet(new Column(col), Exprs.raw(text)));
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
            String text = Exprs.substitute(e.getValue(), c -> {
                Integer i = index(oldSet, c);
                if (i != null) {
                    return castValue(m, c, sets.get(i).getValue(0));
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
        if ("DEFAULT".equalsIgnoreCase(value.toString())) {
            throw RewriteException.unsupported(m, "SET " + column + " = DEFAULT: Tandem cannot compute the other "
                + "side from a column default; assign the value explicitly");
        }
        String type = ctx.columnType(m.table(), column);
        return ctx.dialect == null ? value.toString() : Exprs.cast(value.toString(), ctx.dialect.castType(type));
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
