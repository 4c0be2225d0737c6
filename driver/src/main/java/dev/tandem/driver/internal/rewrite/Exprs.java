package dev.tandem.driver.internal.rewrite;

import dev.tandem.driver.spec.Identifiers;
import dev.tandem.driver.spec.Migration;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.util.ArrayList;
import java.util.List;
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
        return template(expression).render(replacement, qualifier);
    }

    /**
     * The parsed shape of a spec expression, kept per text: spec expressions are few and fixed, and
     * parsing one again for every rewrite cost a whole parser construction on each cold statement.
     */
    private static final Cache<String, Template> TEMPLATES = Caffeine.newBuilder().maximumSize(4096)
        .executor(Runnable::run).build(); // upkeep on the caller, as the plan cache (see StatementPlanner)

    private static Template template(String expression) {
        return TEMPLATES.get(expression, Template::of);
    }

    /**
     * An expression rendered once with a marker in place of each column's name: the text between the
     * names, and for each column its name, its original qualifier ("t." or "") and its delimiter. A column
     * renders as qualifier, delimiter, name, then anything after the name (array index, comment), which
     * stays in the text after the marker.
     */
    private record Template(String expression, List<String> text, List<String> names, List<String> prefixes,
                            List<String> delimiters, boolean bareColumn) {
        private static final char MARK = '\u0001';

        static Template of(String expression) {
            Expression e = parse(expression);
            List<String> names = new ArrayList<>();
            List<String> prefixes = new ArrayList<>();
            List<String> delimiters = new ArrayList<>();
            e.accept(new ExpressionVisitorAdapter<Void>() {
                @Override
                public <S> Void visit(Column column, S context) {
                    names.add(column.getColumnName());
                    prefixes.add(prefix(column));
                    delimiters.add(column.getTableDelimiter());
                    column.setColumnName(MARK + Integer.toString(names.size() - 1) + MARK);
                    column.setTable(null);
                    return null;
                }
            }, null);
            boolean bare = e instanceof Column;
            String rendered = e.toString();
            List<String> text = new ArrayList<>(names.size() + 1);
            int at = 0;
            for (int i = 0; i < names.size(); i++) {
                String marker = MARK + Integer.toString(i) + MARK;
                int found = expression.indexOf(MARK) < 0 ? rendered.indexOf(marker, at) : -1;
                if (found < 0) {
                    // The text holds the marker itself, or renders its columns in another order than visited.
                    return new Template(expression, null, List.of(), List.of(), List.of(), bare);
                }
                text.add(rendered.substring(at, found));
                at = found + marker.length();
            }
            text.add(rendered.substring(at));
            return new Template(expression, List.copyOf(text), List.copyOf(names), List.copyOf(prefixes),
                List.copyOf(delimiters), bare);
        }

        /** What {@link Column#getFullyQualifiedName(boolean)} puts before the name. */
        private static String prefix(Column column) {
            Table t = column.getTable();
            if (t == null) {
                return "";
            }
            String q = t.getAlias() != null ? t.getAlias().getName() : t.getFullyQualifiedName();
            return q == null || q.isEmpty() ? "" : q + column.getTableDelimiter();
        }

        String render(Function<String, String> replacement, String qualifier) {
            if (text == null) {
                return slow(expression, replacement, qualifier);
            }
            StringBuilder out = new StringBuilder(expression.length() + 32);
            for (int i = 0; i < names.size(); i++) {
                out.append(text.get(i));
                String name = names.get(i);
                String r = replacement.apply(Identifiers.unquote(name));
                if (r != null) {
                    out.append(r);
                } else if (qualifier != null) {
                    out.append(qualifier).append(delimiters.get(i)).append(name);
                } else {
                    out.append(prefixes.get(i)).append(name);
                }
            }
            return out.append(text.get(names.size())).toString();
        }
    }

    /** The per-use parse the templates replace; also the reference their test compares with. */
    static String slow(String expression, Function<String, String> replacement, String qualifier) {
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
        if (m.kind() == Migration.Kind.MOVE) {
            return MoveReads.read(m, old, qualifier, ctx);
        }
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
        return template(expression).bareColumn();
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
