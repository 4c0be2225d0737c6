package dev.tandem.driver.internal.rewrite;

import dev.tandem.driver.spec.Migration;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.LateralSubSelect;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedFromItem;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.select.WithItem;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies the read rules to a SELECT (and any nested query): FROM sources become a {@link Scope},
 * old columns read from the new side become backward(new) with their original labels kept, and
 * {@code SELECT *} over such a table is expanded from metadata. The top level may get shadow columns.
 */
final class SelectRewriter {
    private final RewriteContext ctx;
    private final ShadowColumns shadow;

    SelectRewriter(RewriteContext ctx) {
        this.ctx = ctx;
        this.shadow = new ShadowColumns(ctx);
    }

    /** Rewrites a nested select; returns its output column names (entries or the list may be null). */
    List<String> rewrite(Select select, Scope parent) {
        return rewrite(select, parent, false);
    }

    /** Rewrites the statement's top-level select, where shadow columns may be appended. */
    List<String> rewriteTop(Select select) {
        return rewrite(select, null, true);
    }

    private List<String> rewrite(Select select, Scope parent, boolean top) {
        Scope scope = withItems(select.getWithItemsList(), parent);
        if (select instanceof PlainSelect) {
            return plain((PlainSelect) select, scope, top);
        }
        if (select instanceof ParenthesedSelect) {
            return rewrite(((ParenthesedSelect) select).getSelect(), scope, false);
        }
        if (select instanceof SetOperationList) {
            List<String> first = null;
            boolean isFirst = true;
            for (Select s : ((SetOperationList) select).getSelects()) {
                List<String> out = rewrite(s, scope, false);
                if (isFirst) {
                    first = out;
                    isFirst = false;
                }
            }
            return first;
        }
        if (select instanceof Values) {
            expressions(scope).rewrite(((Values) select).getExpressions());
            return null;
        }
        return null;
    }

    /** Scope with the CTEs of a WITH clause, each rewritten in turn (later ones see earlier ones). */
    Scope withItems(List<WithItem<?>> items, Scope parent) {
        if (items == null || items.isEmpty()) {
            return parent;
        }
        Scope scope = new Scope(parent);
        for (WithItem<?> w : items) {
            String name = w.getUnquotedAliasName();
            if (w.isRecursive()) {
                // Only a recursive CTE sees itself; in any other, its own name is the table it may shadow.
                scope.addCte(name, null);
            }
            List<String> cols = w.getSelect() == null ? null : rewrite(w.getSelect(), scope);
            if (w.getWithItemList() != null) {
                cols = new ArrayList<>();
                for (SelectItem<?> i : w.getWithItemList()) {
                    cols.add(i.toString());
                }
            }
            scope.addCte(name, cols);
        }
        return scope;
    }

    private List<String> plain(PlainSelect ps, Scope parent, boolean top) {
        Scope scope = new Scope(parent);
        addFromItem(ps.getFromItem(), scope);
        if (ps.getJoins() != null) {
            for (Join j : ps.getJoins()) {
                addFromItem(j.getFromItem(), scope);
            }
            for (Join j : ps.getJoins()) {
                joinConditions(j, scope);
            }
        }
        scope.mergedJoinColumns = ShadowColumns.mergesColumns(ps);
        Set<String> explicitAliases = new HashSet<>();
        // PostgreSQL takes a bare ORDER BY name for an output column first, implicit names included (a column, a
        // function, a scalar subquery's column, ...): such a name is left for the server to resolve (and to find
        // ambiguous, as it would have); one that may match a name Tandem cannot figure is refused if rewritten.
        Set<String> orderByLabels = new HashSet<>();
        boolean implicitLabels = ctx.dialect.orderByNameSeesImplicitLabels();
        for (SelectItem<?> item : ps.getSelectItems()) {
            if (item.getAlias() != null) {
                explicitAliases.add(dev.tandem.driver.spec.Identifiers.unquote(item.getAlias().getName()));
            } else if (implicitLabels && !(item.getExpression() instanceof AllColumns
                || item.getExpression() instanceof AllTableColumns)) {
                String name = OutputNames.of(item);
                orderByLabels.add(name == null ? ExprRewriter.UNKNOWN_OUTPUT_NAME : name);
            }
        }
        orderByLabels.addAll(explicitAliases);
        if (ps.getDistinct() != null && ps.getDistinct().getOnSelectItems() != null) {
            for (SelectItem<?> on : ps.getDistinct().getOnSelectItems()) {
                expressions(scope).rewrite(on.getExpression()); // DISTINCT ON (...) reads the input columns
            }
        }
        boolean shadowWanted = top && shadow.wanted(ps, scope);
        List<String> labels = items(ps, scope);
        ExprRewriter exprs = expressions(scope);
        exprs.rewrite(ps.getWhere());
        if (ps.getGroupBy() != null) {
            exprs.rewrite(ps.getGroupBy().getGroupByExpressionList());
        }
        if (ctx.dialect.aliasesVisibleInHavingAndOrderByExpressions()) {
            // MySQL resolves a HAVING name to a select-list alias first.
            expressions(scope).withOutputAliases(explicitAliases).rewrite(ps.getHaving());
        } else {
            exprs.rewrite(ps.getHaving());
        }
        if (ps.getWindowDefinitions() != null) {
            for (var w : ps.getWindowDefinitions()) {
                exprs.rewrite(w.getPartitionExpressionList());
                if (w.getOrderByElements() != null) {
                    for (OrderByElement o : w.getOrderByElements()) {
                        exprs.rewrite(o.getExpression());
                    }
                }
            }
        }
        exprs.rewrite(ps.getQualify());
        orderBy(ps.getOrderByElements(), scope, implicitLabels ? orderByLabels : explicitAliases);
        if (shadowWanted) {
            shadow.append(ps, scope);
        }
        return labels;
    }

    private void joinConditions(Join j, Scope scope) {
        for (Expression on : j.getOnExpressions()) {
            expressions(scope).rewrite(on);
        }
        if (j.getUsingColumns() != null) {
            for (Column c : j.getUsingColumns()) {
                for (Source s : scope.sources) {
                    Migration m = s.migrationWithOld(c.getColumnName());
                    if (m != null && ctx.readMode(m) == ReadMode.NEW) {
                        throw RewriteException.unsupported(m, "JOIN ... USING (" + c + ") names an old column "
                            + "read from the new side; write the join with ON");
                    }
                }
            }
        }
    }

    void orderBy(List<OrderByElement> elements, Scope scope, Set<String> outputAliases) {
        if (elements == null) {
            return;
        }
        for (OrderByElement o : elements) {
            // PostgreSQL takes a bare name in ORDER BY for an output column first, but resolves names inside an
            // expression against the input columns; MySQL looks for select-list aliases in both.
            boolean bare = o.getExpression() instanceof Column
                && ((Column) o.getExpression()).getTable() == null;
            Set<String> aliases = bare || ctx.dialect.aliasesVisibleInHavingAndOrderByExpressions() ? outputAliases
                : Set.of();
            expressions(scope).withOutputAliases(aliases).rewrite(o.getExpression());
        }
    }

    ExprRewriter expressions(Scope scope) {
        return new ExprRewriter(ctx, scope, this);
    }

    /** Registers a FROM item as a source, rewriting derived tables and nested joins. */
    void addFromItem(FromItem item, Scope scope) {
        if (item == null) {
            return;
        }
        if (item instanceof Table) {
            Table t = (Table) item;
            if (t.getSchemaName() == null && scope.isCte(t.getName())) {
                String alias = t.getAlias() != null ? t.getAlias().getName() : t.getName();
                scope.sources.add(Source.derived(alias, scope.cteColumns(t.getName())));
            } else {
                scope.sources.add(Source.table(t, ctx.migrationsOn(t)));
            }
            return;
        }
        if (item instanceof ParenthesedFromItem) {
            ParenthesedFromItem p = (ParenthesedFromItem) item;
            addFromItem(p.getFromItem(), scope);
            if (p.getJoins() != null) {
                for (Join j : p.getJoins()) {
                    addFromItem(j.getFromItem(), scope);
                }
                for (Join j : p.getJoins()) {
                    joinConditions(j, scope);
                }
            }
            return;
        }
        List<String> cols = null;
        if (item instanceof LateralSubSelect) {
            cols = rewrite(((LateralSubSelect) item).getSelect(), scope);
        } else if (item instanceof ParenthesedSelect) {
            cols = rewrite(((ParenthesedSelect) item).getSelect(), scope.parent);
        } else if (item instanceof Values) {
            expressions(scope).rewrite(((Values) item).getExpressions());
        }
        Alias alias = item.getAlias();
        if (alias != null && alias.getAliasColumns() != null && !alias.getAliasColumns().isEmpty()) {
            cols = new ArrayList<>();
            for (Alias.AliasColumn c : alias.getAliasColumns()) {
                cols.add(c.name);
            }
        }
        scope.sources.add(Source.derived(alias == null ? null : alias.getName(), cols));
    }

    private List<String> items(PlainSelect ps, Scope scope) {
        return selectItems(ps.getSelectItems(), scope);
    }

    /** Rewrites a select list (or RETURNING list) in place; returns the output labels (null where unknown). */
    List<String> selectItems(List<SelectItem<?>> items, Scope scope) {
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            SelectItem<?> item = items.get(i);
            Expression e = item.getExpression();
            if (e instanceof AllTableColumns || e instanceof AllColumns) {
                List<SelectItem<?>> expanded = StarExpansion.expand(ctx, scope, e, labels);
                if (expanded != null) {
                    items.remove(i);
                    items.addAll(i, expanded);
                    i += expanded.size() - 1;
                }
                continue;
            }
            String label = label(item);
            if (label == null) {
                // PostgreSQL labels a cast (of a cast ...) of a column, parenthesised or not, with the column's name;
                // MySQL a parenthesised column.
                boolean castLabels = ctx.dialect.labelsCastWithColumnName();
                Expression inner = e;
                while ((castLabels && inner instanceof CastExpression) || (inner instanceof ParenthesedExpressionList
                    && ((ParenthesedExpressionList<?>) inner).size() == 1)) {
                    inner = inner instanceof CastExpression ? ((CastExpression) inner).getLeftExpression()
                        : (Expression) ((ParenthesedExpressionList<?>) inner).get(0);
                }
                label = inner != e && inner instanceof Column ? ((Column) inner).getColumnName() : null;
            }
            if (label == null && ctx.dialect.orderByNameSeesImplicitLabels()) {
                // PostgreSQL's own name for the item (a function's, a scalar subquery's column's), kept as an alias.
                String name = OutputNames.of(item);
                label = name == null || name.isEmpty() ? null : name;
            }
            String before = originalText(item, e);
            String rendered = e.toString();
            ExprRewriter exprs = expressions(scope);
            exprs.rewrite(e);
            // Changed anywhere inside, a subquery's rewrite included: MySQL labels the item with its text.
            boolean changed = exprs.replaced > 0 || !rendered.equals(e.toString());
            if (changed && item.getAlias() == null && label == null && ctx.dialect.labelsExpressionWithText()
                && hasParameter(e)) {
                throw RewriteException.unsupported(firstTouched(), "the unaliased select item " + before + " holds a "
                    + "parameter, and MySQL labels it with the parameter's value (client-side prepared statements), "
                    + "which Tandem cannot reproduce after rewriting it; give the item an alias (AS name)");
            }
            if (changed && item.getAlias() == null) {
                String keep = implicitLabel(e, before, label);
                if (keep != null) {
                    item.setAlias(new Alias(keep, true));
                }
            } else if (item.getAlias() == null && label == null && ctx.dialect.labelsExpressionWithText()
                && !before.equals(e.toString()) && before.length() <= 64) {
                // MySQL labels an expression with its text; if the statement is rendered, JSqlParser's spelling
                // (TRIM(x) becomes Trim( x )) would change that label.
                item.setAlias(new Alias(ctx.dialect.quoteAlways(before), true));
            }
            labels.add(label);
        }
        return labels;
    }

    /**
     * The application's own characters for an unaliased item (MySQL labels an expression with them), from the
     * parsed text's span; JSqlParser's rendering where the span is not known or holds a parameter.
     */
    private String originalText(SelectItem<?> item, Expression e) {
        String text = ctx.parsedText;
        var node = item.getASTNode();
        if (text != null && node != null && node.jjtGetFirstToken() != null && node.jjtGetLastToken() != null) {
            int from = node.jjtGetFirstToken().absoluteBegin - 1;
            int to = node.jjtGetLastToken().absoluteEnd - 1;
            if (from >= 0 && to <= text.length() && from < to) {
                String span = text.substring(from, to).strip();
                if (span.indexOf('?') < 0 && !span.isEmpty()) {
                    return span;
                }
            }
        }
        return e.toString();
    }

    private static boolean hasParameter(Expression e) {
        boolean[] found = new boolean[1];
        TreeWalk.walk(e, (node, owner, field) -> {
            found[0] |= node instanceof net.sf.jsqlparser.expression.JdbcParameter
                || (node instanceof Column && ((Column) node).getColumnName().contains("?"));
            return !found[0];
        });
        return found[0];
    }

    private Migration firstTouched() {
        return ctx.touched.isEmpty() ? null : ctx.touched.iterator().next();
    }

    /** The label the server gives an item, when Tandem can know it without asking. */
    static String label(SelectItem<?> item) {
        if (item.getAlias() != null) {
            return item.getAlias().getName();
        }
        Expression e = item.getExpression();
        if (e instanceof Column) {
            return ((Column) e).getColumnName();
        }
        return null;
    }

    /**
     * The alias that keeps an unaliased item's label after rewriting: the column name for a bare column
     * (and, on PostgreSQL, a cast of one); on MySQL, whose label for an expression is its text, that text.
     */
    private String implicitLabel(Expression rewritten, String before, String columnLabel) {
        if (columnLabel != null) {
            return columnLabel;
        }
        if (ctx.dialect.labelsExpressionWithText()) {
            return ctx.dialect.quoteAlways(before);
        }
        return null;
    }
}
