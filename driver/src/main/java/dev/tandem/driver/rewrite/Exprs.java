package dev.tandem.driver.rewrite;

import dev.tandem.driver.spec.Identifiers;
import dev.tandem.driver.spec.Migration;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;

import java.util.function.Function;

/**
 * Building blocks for generated SQL: substituting values into forward/backward expressions, casts to
 * a column's declared type, and raw expression nodes for text Tandem generated itself.
 */
final class Exprs {
    private Exprs() {
    }

    /**
     * Renders {@code expression} (a spec's forward or backward text) with each column replaced by
     * {@code replacement.apply(column)} when that is non-null, and otherwise qualified with
     * {@code qualifier} (when non-null).
     */
    static String substitute(String expression, Function<String, String> replacement, String qualifier) {
        Expression e = parse(expression);
        e.accept(new ExpressionVisitorAdapter<Void>() {
            @Override
            public <S> Void visit(Column column, S context) {
                String r = replacement.apply(Identifiers.unquote(column.getColumnName()));
                if (r != null) {
                    column.setColumnName(r);
                    column.setTable(null);
                } else if (qualifier != null) {
                    column.setTable(new Table(qualifier));
                }
                return null;
            }
        }, null);
        return e.toString();
    }

    /** {@code CAST(value AS type)} in the dialect's spelling, or {@code (value)} when no cast applies. */
    static String cast(String value, String castType) {
        return castType == null ? "(" + value + ")" : "CAST(" + value + " AS " + castType + ")";
    }

    /**
     * The expression that reads old column {@code old} from the new side: backward(new), qualified
     * with {@code qualifier}, and cast to the old column's declared type so the application sees the
     * same type and scale it saw before.
     */
    static String backwardRead(Migration m, String old, String qualifier, RewriteContext ctx) {
        String backward = m.backward().get(old);
        String text = substitute(backward, c -> null, qualifier);
        if (isBareColumn(backward)) {
            return text;
        }
        String type = ctx.columnType(m.table(), old);
        return cast(text, ctx.dialect.castType(type));
    }

    /** A node that renders as {@code text}; used for expressions Tandem generated as SQL text. */
    static Column raw(String text) {
        Column c = new Column();
        c.setColumnName(text);
        return c;
    }

    static boolean isBareColumn(String expression) {
        return parse(expression) instanceof Column;
    }

    static Expression parse(String expression) {
        try {
            return CCJSqlParserUtil.parseExpression(expression);
        } catch (JSQLParserException e) {
            // Spec expressions were parsed at load time, and generated text comes from parsed trees.
            throw new IllegalStateException("cannot re-parse expression " + expression, e);
        }
    }
}
