package dev.tandem.driver.spec;

import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One {@code forward}/{@code backward} expression, checked: the whole text must be exactly one SQL expression
 * (never a valid prefix followed by something else) made only of column references, literals, operators,
 * {@code CASE}, {@code CAST} and allowed functions. Both the driver and the agent use only {@link #rendered()},
 * the text of the checked tree, so they cannot disagree about what the spec says.
 */
public final class SpecExpression {
    private static final String MODEL = "net.sf.jsqlparser.";
    private static final String PARSER = "net.sf.jsqlparser.parser.";

    /** Node types an expression may contain (names relative to {@code net.sf.jsqlparser.}). */
    private static final Set<String> ALLOWED = Set.of(
        "schema.Column", "expression.Function", "expression.CaseExpression", "expression.WhenClause",
        "expression.CastExpression", "statement.create.table.ColDataType", "expression.Parenthesis",
        "expression.SignedExpression", "expression.NotExpression", "expression.LongValue",
        "expression.DoubleValue", "expression.StringValue", "expression.NullValue", "expression.BooleanValue",
        "expression.DateTimeLiteralExpression", "expression.TrimFunction", "expression.ExtractExpression",
        "expression.operators.relational.ExpressionList",
        "expression.operators.relational.ParenthesedExpressionList",
        "expression.operators.arithmetic.Addition", "expression.operators.arithmetic.Subtraction",
        "expression.operators.arithmetic.Multiplication", "expression.operators.arithmetic.Division",
        "expression.operators.arithmetic.IntegerDivision", "expression.operators.arithmetic.Modulo",
        "expression.operators.arithmetic.Concat", "expression.operators.conditional.AndExpression",
        "expression.operators.conditional.OrExpression", "expression.operators.relational.EqualsTo",
        "expression.operators.relational.NotEqualsTo", "expression.operators.relational.GreaterThan",
        "expression.operators.relational.GreaterThanEquals", "expression.operators.relational.MinorThan",
        "expression.operators.relational.MinorThanEquals", "expression.operators.relational.IsNullExpression",
        "expression.operators.relational.IsBooleanExpression", "expression.operators.relational.Between",
        "expression.operators.relational.InExpression", "expression.operators.relational.LikeExpression",
        "expression.operators.relational.IsDistinctExpression");

    /** What some refused node types are, for the message. */
    private static final Map<String, String> NAMES = Map.ofEntries(
        Map.entry("statement.select.ParenthesedSelect", "a subquery"),
        Map.entry("statement.select.PlainSelect", "a subquery"),
        Map.entry("statement.select.Select", "a subquery"),
        Map.entry("expression.operators.relational.ExistsExpression", "EXISTS (a subquery)"),
        Map.entry("expression.JdbcParameter", "a parameter '?'"),
        Map.entry("expression.JdbcNamedParameter", "a named parameter"),
        Map.entry("expression.UserVariable", "a session variable"),
        Map.entry("expression.VariableAssignment", "an assignment"),
        Map.entry("expression.NextValExpression", "a sequence"),
        Map.entry("expression.AnalyticExpression", "a window or aggregate function"),
        Map.entry("statement.select.AllColumns", "'*'"),
        Map.entry("statement.select.AllTableColumns", "'table.*'"));

    private final String rendered;
    private final List<String> columns;

    private SpecExpression(String rendered, List<String> columns) {
        this.rendered = rendered;
        this.columns = columns;
    }

    /** The checked expression as SQL text, rendered from its tree (comments and layout are gone). */
    public String rendered() {
        return rendered;
    }

    /** The column names it reads, unquoted, in order of appearance (duplicates kept). */
    public List<String> columns() {
        return columns;
    }

    /**
     * Parses and checks {@code text}.
     *
     * @param functions the function names allowed (lower case), or {@code null} to allow any function name
     * @throws IllegalArgumentException naming the offending construct and what to write instead
     */
    public static SpecExpression check(String text, Set<String> functions) {
        lexical(text);
        Expression expr;
        try {
            expr = CCJSqlParserUtil.parseExpression(text, false);
        } catch (JSQLParserException | RuntimeException e) {
            throw new IllegalArgumentException("cannot parse SQL expression '" + text + "' as exactly one "
                + "expression (a statement, a list or text after the expression is not allowed)");
        }
        List<String> columns = new ArrayList<>();
        walk(expr, null, functions, columns, new IdentityHashMap<>());
        String rendered = expr.toString();
        try {
            if (!rendered.equals(CCJSqlParserUtil.parseExpression(rendered, false).toString())) {
                throw new IllegalArgumentException("'" + text + "' does not render to stable SQL ('" + rendered
                    + "'); write it more plainly");
            }
        } catch (JSQLParserException e) {
            throw new IllegalArgumentException("'" + text + "' renders as '" + rendered + "', which does not parse "
                + "again; write it more plainly");
        }
        return new SpecExpression(rendered, List.copyOf(columns));
    }

    /** Comments, statement separators and backslashes are refused before parsing (the parser skips comments). */
    private static void lexical(String text) {
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
            if (c == '\\') {
                throw new IllegalArgumentException("a backslash in '" + text + "' is refused: servers read it "
                    + "differently inside strings; use CHR(92) (PostgreSQL) or CHAR(92) (MySQL)");
            }
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            if (c == '\'' || c == '"' || c == '`') {
                quote = c;
            } else if ((c == '-' && next == '-') || (c == '/' && next == '*') || c == '#') {
                throw new IllegalArgumentException("a comment in '" + text + "' is refused; remove it");
            } else if (c == ';') {
                throw new IllegalArgumentException("';' in '" + text + "' is refused: an expression cannot end "
                    + "a statement or start another");
            } else if (c == '$' && (next == '$' || Character.isDigit(next))) {
                throw new IllegalArgumentException("'$' in '" + text + "' is refused: no parameters or "
                    + "dollar-quoted strings; use a '...' string");
            } else if (c == ':' && next != ':' && (i == 0 || text.charAt(i - 1) != ':')) {
                throw new IllegalArgumentException("':' in '" + text + "' is refused: no parameters or "
                    + "assignments");
            } else if (c == '@' || c == '?') {
                throw new IllegalArgumentException("'" + c + "' in '" + text + "' is refused: no parameters or "
                    + "session variables");
            }
        }
    }

    private static void walk(Object node, Object owner, Set<String> functions, List<String> columns,
                             IdentityHashMap<Object, Boolean> seen) {
        if (node == null) {
            return;
        }
        if (node instanceof Collection<?> c && !isNode(node)) {
            for (Object e : c) {
                walk(e, owner, functions, columns, seen);
            }
            return;
        }
        if (node instanceof Object[] a) {
            for (Object e : a) {
                walk(e, owner, functions, columns, seen);
            }
            return;
        }
        if (!isNode(node) || seen.put(node, Boolean.TRUE) != null) {
            return;
        }
        String type = node.getClass().getName().substring(MODEL.length());
        if (!ALLOWED.contains(type)) {
            String what = NAMES.getOrDefault(type, node.getClass().getSimpleName());
            throw new IllegalArgumentException(what + " ('" + node + "') is not allowed in a spec expression; "
                + "use columns of the other side, literals, operators, CASE, CAST and allowed functions");
        }
        if (node instanceof Column col) {
            if (col.getTable() != null && col.getTable().getName() != null) {
                throw new IllegalArgumentException("the qualified reference '" + col + "' is not allowed; name the "
                    + "column alone (an expression reads one row of its own table)");
            }
            columns.add(Identifiers.unquote(col.getColumnName()));
            return;
        }
        if (node instanceof Function f) {
            function(f, functions);
        }
        for (Field field : fields(node.getClass())) {
            try {
                walk(field.get(node), node, functions, columns, seen);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot read " + field, e);
            }
        }
        if (node instanceof Collection<?> c) {
            for (Object e : c) {
                walk(e, node, functions, columns, seen);
            }
        }
    }

    private static void function(Function f, Set<String> functions) {
        String name = f.getName();
        List<String> parts = f.getMultipartName();
        if (parts != null && parts.size() > 1) {
            throw new IllegalArgumentException("the qualified function '" + name + "' is not allowed; call it by "
                + "its plain name");
        }
        if (f.getAttribute() != null || f.isAllColumns() || f.isDistinct()
            || f.getOrderByElements() != null || f.getKeep() != null || f.getNamedParameters() != null) {
            throw new IllegalArgumentException("the call '" + f + "' is not allowed: only plain calls f(a, b) of "
                + "row-level functions");
        }
        if (functions != null && !functions.contains(Identifiers.unquote(name).toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("the function '" + name + "' is not on the allow-list; use one of "
                + new java.util.TreeSet<>(functions) + ", or add it to 'spec.allowedFunctions' in the agent config "
                + "if it is a pure row-level function");
        }
    }

    private static boolean isNode(Object o) {
        String n = o.getClass().getName();
        return !(o instanceof Enum) && n.startsWith(MODEL) && !n.startsWith(PARSER);
    }

    private static final ClassValue<List<Field>> FIELDS = new ClassValue<>() {
        @Override
        protected List<Field> computeValue(Class<?> type) {
            List<Field> out = new ArrayList<>();
            for (Class<?> c = type; c != null && c.getName().startsWith(MODEL); c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    int mod = f.getModifiers();
                    if (Modifier.isStatic(mod) || f.isSynthetic() || f.getType().isPrimitive()
                        || f.getType() == String.class || f.getType().isEnum()) {
                        continue;
                    }
                    f.setAccessible(true);
                    out.add(f);
                }
            }
            return List.copyOf(out);
        }
    };

    private static List<Field> fields(Class<?> type) {
        return FIELDS.get(type);
    }
}
