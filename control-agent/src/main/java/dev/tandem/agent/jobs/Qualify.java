package dev.tandem.agent.jobs;

import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;

/**
 * A spec expression with every column reference qualified by a table alias, for statements that join the two
 * tables of a move (whose moved columns often keep their names, so an unqualified {@code stock} would be
 * ambiguous). It works on the parsed tree of the spec's rendered (already checked) text, never on the text: every
 * column an expression may name is a column of its own side, so every column reference gets the alias.
 */
final class Qualify {
    private Qualify() {
    }

    /** {@code expression} (rendered by the spec) with its columns read from {@code alias}. */
    static String columns(String expression, String alias) {
        Expression e;
        try {
            e = CCJSqlParserUtil.parseExpression(expression, false);
        } catch (JSQLParserException ex) {
            throw new IllegalStateException("a checked spec expression no longer parses: " + expression, ex);
        }
        Table table = new Table(alias);
        e.accept(new ExpressionVisitorAdapter<Void>() {
            @Override
            public <S> Void visit(Column column, S context) {
                column.setTable(table);
                return null;
            }
        }, null);
        return e.toString();
    }
}
