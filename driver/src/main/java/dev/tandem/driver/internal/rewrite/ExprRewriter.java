package dev.tandem.driver.internal.rewrite;

import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.Select;

import java.util.Set;

/**
 * Applies the read rules to one expression tree in place: every reference to an old column of a
 * migration read from the new side becomes backward(new). Subqueries are rewritten with a child scope.
 */
final class ExprRewriter extends ExpressionVisitorAdapter<Void> {
    private final RewriteContext ctx;
    private final Scope scope;
    private final SelectRewriter selects;
    private Source keepOldOf;
    /** Among output aliases: an output name Tandem cannot figure, which a bare name being rewritten might be. */
    static final String UNKNOWN_OUTPUT_NAME = "\u0000unknown";
    private Set<String> outputAliases = Set.of();
    int replaced;

    ExprRewriter(RewriteContext ctx, Scope scope, SelectRewriter selects) {
        this.ctx = ctx;
        this.scope = scope;
        this.selects = selects;
    }

    /**
     * Leaves old columns of {@code target} alone while its migration dual-writes: the right-hand sides
     * of SET assignments read the old side, which is the source of truth until CONTRACT.
     */
    ExprRewriter keepingOldColumnsOf(Source target) {
        this.keepOldOf = target;
        return this;
    }

    /** Unqualified names that are output labels of the select (ORDER BY refers to them first). */
    ExprRewriter withOutputAliases(Set<String> aliases) {
        this.outputAliases = aliases;
        return this;
    }

    /** The write target itself, or a pseudo row of it such as EXCLUDED (they share one migration list). */
    private boolean keeps(Source source) {
        return keepOldOf != null && (source == keepOldOf || source.migrations == keepOldOf.migrations);
    }

    /** DUAL_WRITE and SHADOW_READ: assignments compute from the old side, the source of truth. */
    private static boolean keepsOldSide(dev.tandem.driver.spec.Migration m) {
        return m.phase() == dev.tandem.driver.spec.Phase.DUAL_WRITE || m.phase() == dev.tandem.driver.spec.Phase.SHADOW_READ;
    }

    /**
     * Rewrites {@code e} in place. Every column reference in it is reached by a {@link TreeWalk} over all the
     * fields of all its nodes (FILTER, window clauses, aggregate ORDER BY, anything a newer parser adds), not
     * only where an expression visitor goes; a query inside it is rewritten with this scope as its parent.
     */
    void rewrite(Expression e) {
        if (e == null) {
            return;
        }
        TreeWalk.walk(e, (node, owner, field) -> {
            if (node instanceof Select) {
                selects.rewrite((Select) node, scope);
                return false;
            }
            if (node instanceof Column) {
                visit((Column) node, null);
                return false;
            }
            if (node instanceof Function && "VALUES".equalsIgnoreCase(((Function) node).getName())) {
                visit((Function) node, null);
                return false;
            }
            return true;
        });
    }

    @Override
    public <S> Void visit(Column column, S context) {
        if (column.getTable() == null || column.getTable().getName() == null) {
            for (String a : outputAliases) {
                if (a.equalsIgnoreCase(dev.tandem.driver.spec.Identifiers.unquote(column.getColumnName()))) {
                    return null;
                }
            }
        }
        Scope.Resolved r = scope.resolve(column, ctx);
        if (r == null || !r.old()) {
            return null;
        }
        if (keeps(r.source()) && keepsOldSide(r.migration())) {
            return null;
        }
        if (r.source().pseudoRow && r.migration().phase().dualWrites()) {
            return null; // EXCLUDED.old: the proposed row carries both sides while dual-writing
        }
        if (ctx.readMode(r.migration()) != ReadMode.NEW) {
            return null;
        }
        if (outputAliases.contains(UNKNOWN_OUTPUT_NAME) && (column.getTable() == null
            || column.getTable().getName() == null)) {
            throw RewriteException.unsupported(r.migration(), "ORDER BY " + column + " may name a select item whose "
                + "output name Tandem cannot tell (PostgreSQL sorts by an output column of that name first); qualify "
                + "it (table." + column.getColumnName() + ") or give the select items aliases");
        }
        String qualifier = column.getTable() != null && column.getTable().getName() != null
            ? column.getTable().getFullyQualifiedName() : r.source().qualifier();
        column.setColumnName(Exprs.backwardRead(r.migration(), r.column(), qualifier, ctx));
        column.setTable(null);
        ctx.changed = true;
        replaced++;
        return null;
    }

    @Override
    public <S> Void visit(Function function, S context) {
        // MySQL's VALUES(col) in ON DUPLICATE KEY UPDATE names the inserted value of a column.
        if ("VALUES".equalsIgnoreCase(function.getName()) && function.getParameters() != null
            && function.getParameters().size() == 1 && function.getParameters().get(0) instanceof Column) {
            Column c = (Column) function.getParameters().get(0);
            Scope.Resolved r = scope.resolve(c, ctx);
            // A move's source row carries its old columns until COMPLETE (MoveWrites): VALUES(old) stays.
            if (r != null && r.old() && r.migration().phase().newSideIsTruth()
                && r.migration().kind() != dev.tandem.driver.spec.Migration.Kind.MOVE) {
                // The inserted row no longer carries the old column: read backward over VALUES(new).
                String backward = Exprs.substitute(r.migration().backward().get(r.column()),
                    n -> "VALUES(" + n + ")", null);
                String type = ctx.columnType(r.migration().table(), r.column());
                function.setName("");
                function.setParameters(new ExpressionList<>(Exprs.raw(Exprs.cast(backward,
                    ctx.dialect.castType(type)))));
                ctx.changed = true;
                replaced++;
            }
            return null;
        }
        if (function.getParameters() != null) {
            rewrite(function.getParameters());
        }
        return null;
    }

    @Override
    public <S> Void visit(AnalyticExpression analytic, S context) {
        super.visit(analytic, context);
        // Window ORDER BY / PARTITION BY are not always walked by the adapter; visiting twice is harmless
        // because a rewritten reference no longer names a migrated column.
        rewrite(analytic.getPartitionExpressionList());
        if (analytic.getOrderByElements() != null) {
            for (OrderByElement o : analytic.getOrderByElements()) {
                rewrite(o.getExpression());
            }
        }
        return null;
    }

    @Override
    public <S> Void visit(ParenthesedSelect select, S context) {
        selects.rewrite(select, scope);
        return null;
    }

    @Override
    public <S> Void visit(Select select, S context) {
        selects.rewrite(select, scope);
        return null;
    }
}
