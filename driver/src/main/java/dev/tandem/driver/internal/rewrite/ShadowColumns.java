package dev.tandem.driver.internal.rewrite;

import dev.tandem.driver.spec.Migration;
import dev.tandem.driver.internal.rewrite.ResultShape;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * SHADOW_READ: appends {@code backward(new) AS tandem_sN} for each projected old column, plus the
 * row key, at the end of the top-level select list. The ResultSet wrapper hides them and compares row
 * by row: same query, same snapshot, no extra round trip. Only plain row-returning selects qualify;
 * DISTINCT, GROUP BY and aggregates would change meaning with extra columns, so they are not sampled.
 */
final class ShadowColumns {
    private static final Set<String> AGGREGATES = Set.of("count", "sum", "avg", "min", "max", "array_agg",
        "string_agg", "group_concat", "json_agg", "jsonb_agg", "bool_and", "bool_or", "every", "bit_and",
        "bit_or", "bit_xor", "json_arrayagg", "json_objectagg", "stddev", "variance", "listagg");

    private final RewriteContext ctx;

    ShadowColumns(RewriteContext ctx) {
        this.ctx = ctx;
    }

    boolean wanted(PlainSelect ps, Scope scope) {
        boolean anyShadow = false;
        for (Source s : scope.sources) {
            for (Migration m : s.migrations) {
                anyShadow |= ctx.readMode(m) == ReadMode.SHADOW;
            }
        }
        return anyShadow && ps.getDistinct() == null && ps.getGroupBy() == null && ps.getHaving() == null
            && ps.getIntoTables() == null && !hasAggregate(ps) && !mergesColumns(ps);
    }

    /**
     * NATURAL and USING joins fold the join columns of {@code *} into one, so Tandem could not count the
     * application's columns; such queries are not shadowed (shadowing is a check, never needed for a result).
     */
    static boolean mergesColumns(PlainSelect ps) {
        if (ps.getJoins() == null) {
            return false;
        }
        for (var j : ps.getJoins()) {
            if (j.isNatural() || (j.getUsingColumns() != null && !j.getUsingColumns().isEmpty())) {
                return true;
            }
        }
        return false;
    }

    void append(PlainSelect ps, Scope scope) {
        List<ResultShape.ShadowCheck> checks = new ArrayList<>();
        List<String> hiddenTexts = new ArrayList<>();
        Source checked = null;
        int visible = 0;
        for (SelectItem<?> item : ps.getSelectItems()) {
            Expression e = item.getExpression();
            if (e instanceof AllColumns || e instanceof AllTableColumns) {
                List<Source> covered = covered(e, scope);
                for (Source s : covered) {
                    List<String> cols = StarExpansion.columnsOf(ctx, s);
                    if (cols.contains(StarExpansion.UNKNOWN)) {
                        return;
                    }
                    for (int p = 0; p < cols.size(); p++) {
                        if (checked == null || checked == s) {
                            checked = check(s, cols.get(p), visible + p + 1, s.qualifier(), checks, hiddenTexts,
                                checked);
                        }
                    }
                    visible += cols.size();
                }
                continue;
            }
            visible++;
            if (e instanceof Column) {
                Scope.Resolved r = scope.resolve((Column) e, ctx);
                if (r != null && r.old() && (checked == null || checked == r.source())) {
                    Column c = (Column) e;
                    String q = c.getTable() != null && c.getTable().getName() != null
                        ? c.getTable().getFullyQualifiedName() : r.source().qualifier();
                    checked = check(r.source(), c.getColumnName(), visible, q, checks, hiddenTexts, checked);
                }
            }
        }
        if (checks.isEmpty()) {
            return;
        }
        int next = visible + 1;
        for (String text : hiddenTexts) {
            ps.addSelectItem(Exprs.raw(text), new Alias(ctx.hiddenLabel("s"), true));
            next++;
        }
        int[] keyIdx = new int[checked.migrations.get(0).key().size()];
        List<String> keyNames = checked.migrations.get(0).key();
        for (int k = 0; k < keyIdx.length; k++) {
            ps.addSelectItem(Exprs.raw(checked.qualifier() + "." + keyNames.get(k)),
                new Alias(ctx.hiddenLabel("k"), true));
            keyIdx[k] = next++;
        }
        List<ResultShape.ShadowCheck> placed = new ArrayList<>();
        for (ResultShape.ShadowCheck c : checks) {
            placed.add(new ResultShape.ShadowCheck(c.migrationId(), c.column(), c.visibleIndex(),
                visible - c.hiddenIndex()));
        }
        ctx.shape = new ResultShape(visible, List.copyOf(placed), keyIdx, keyNames);
        ctx.changed = true;
    }

    private Source check(Source s, String column, int visibleIndex, String qualifier,
                         List<ResultShape.ShadowCheck> checks, List<String> hiddenTexts, Source checked) {
        Migration m = s.migrationWithOld(column);
        if (m == null || ctx.readMode(m) != ReadMode.SHADOW) {
            return checked;
        }
        String old = m.oldColumn(column);
        hiddenTexts.add(Exprs.backwardRead(m, old, qualifier, ctx));
        int hiddenIndex = -(hiddenTexts.size());
        checks.add(new ResultShape.ShadowCheck(m.id(), old, visibleIndex, hiddenIndex));
        return s;
    }

    private List<Source> covered(Expression star, Scope scope) {
        if (star instanceof AllColumns && !(star instanceof AllTableColumns)) {
            return scope.sources;
        }
        Table t = ((AllTableColumns) star).getTable();
        for (Source s : scope.sources) {
            if (s.answersTo(t)) {
                return List.of(s);
            }
        }
        return List.of();
    }

    private static boolean hasAggregate(PlainSelect ps) {
        boolean[] found = {false};
        ExpressionVisitorAdapter<Void> v = new ExpressionVisitorAdapter<>() {
            @Override
            public <S> Void visit(Function f, S context) {
                if (f.getName() != null && AGGREGATES.contains(f.getName().toLowerCase(Locale.ROOT))) {
                    found[0] = true;
                }
                return super.visit(f, context);
            }
        };
        for (SelectItem<?> item : ps.getSelectItems()) {
            item.getExpression().accept(v, null);
        }
        return found[0];
    }
}
