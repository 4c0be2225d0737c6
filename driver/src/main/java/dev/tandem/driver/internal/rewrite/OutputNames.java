package dev.tandem.driver.internal.rewrite;

import net.sf.jsqlparser.expression.ArrayConstructor;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.CaseExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.RowConstructor;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.operators.relational.ExistsExpression;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;

/**
 * The name PostgreSQL gives an unaliased select item, which a bare {@code ORDER BY name} sees before the input
 * columns: a column's name, a function's, {@code case}, {@code exists}, {@code array}, {@code row}, a scalar
 * subquery's single column's, a cast's operand's. Where PostgreSQL gives none ({@code ?column?}), none; where
 * Tandem cannot tell (a cast of a constant, which takes the type's internal name, or a construct not listed),
 * unknown, so that a statement depending on it is refused rather than resolved differently.
 */
final class OutputNames {
    /** No name: PostgreSQL labels the item {@code ?column?}, which no bare ORDER BY name matches. */
    static final String NONE = "";

    private OutputNames() {
    }

    /** The item's output name: its alias, the name PostgreSQL figures, {@link #NONE}, or {@code null} if unknown. */
    static String of(SelectItem<?> item) {
        if (item.getAlias() != null) {
            return dev.tandem.driver.spec.Identifiers.unquote(item.getAlias().getName());
        }
        Named n = figure(item.getExpression());
        return n == null ? null : n.name;
    }

    /** A figured name and how strongly PostgreSQL holds it (2: a name from the expression, 1: a fallback). */
    private record Named(String name, int strength) {
    }

    private static final Named NO_NAME = new Named(NONE, 0);

    private static Named figure(Expression e) {
        if (e instanceof Column) {
            return new Named(dev.tandem.driver.spec.Identifiers.unquote(((Column) e).getColumnName()), 2);
        }
        if (e instanceof ParenthesedExpressionList && ((ParenthesedExpressionList<?>) e).size() == 1) {
            return figure((Expression) ((ParenthesedExpressionList<?>) e).get(0));
        }
        if (e instanceof Function) {
            String name = ((Function) e).getName();
            int dot = name == null ? -1 : name.lastIndexOf('.');
            return name == null ? null : new Named(dev.tandem.driver.spec.Identifiers.unquote(name.substring(dot + 1)),
                2);
        }
        if (e instanceof CastExpression) {
            Named inner = figure(((CastExpression) e).getLeftExpression());
            return inner != null && inner.strength > 1 ? inner : null; // else the type's internal name
        }
        if (e instanceof CaseExpression) {
            Expression otherwise = ((CaseExpression) e).getElseExpression();
            Named inner = otherwise == null ? NO_NAME : figure(otherwise);
            return inner == null ? null : inner.strength > 1 ? inner : new Named("case", 1);
        }
        if (e instanceof ParenthesedSelect) {
            return firstColumn(((ParenthesedSelect) e).getSelect());
        }
        if (e instanceof ExistsExpression) {
            return new Named("exists", 2);
        }
        if (e instanceof ArrayConstructor) {
            return new Named("array", 2);
        }
        if (e instanceof RowConstructor) {
            return new Named("row", 2);
        }
        if (e instanceof StringValue || e instanceof LongValue || e instanceof DoubleValue || e instanceof NullValue
            || e instanceof JdbcParameter || e instanceof BinaryExpression || e instanceof SignedExpression
            || e instanceof NotExpression) {
            return NO_NAME;
        }
        return null;
    }

    /** A scalar subquery is named after its (first) column. */
    private static Named firstColumn(Select select) {
        while (select instanceof SetOperationList) {
            select = ((SetOperationList) select).getSelects().get(0);
        }
        if (select instanceof ParenthesedSelect) {
            return firstColumn(((ParenthesedSelect) select).getSelect());
        }
        if (!(select instanceof PlainSelect) || ((PlainSelect) select).getSelectItems().isEmpty()) {
            return null;
        }
        SelectItem<?> first = ((PlainSelect) select).getSelectItems().get(0);
        String name = of(first);
        return name == null ? null : new Named(name.isEmpty() ? "?column?" : name, 2);
    }
}
