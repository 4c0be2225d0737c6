package dev.tandem.driver.internal.rewrite;

import dev.tandem.driver.schema.Dialect;
import dev.tandem.driver.spec.Identifiers;
import dev.tandem.driver.spec.Migration;
import dev.tandem.driver.spec.TableName;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.create.table.ColDataType;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.ParenthesedFromItem;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.upsert.Upsert;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Re-renders a statement for a renamed table ({@link Migration.Kind#RENAME}): every reference to the old table as a
 * table (FROM, JOIN, UPDATE, INSERT INTO, DELETE FROM, USING, subqueries, CTE bodies, schema-qualified) and every
 * qualifier that resolves to such an unaliased reference ({@code customers.id}, {@code customers.*},
 * {@code FOR UPDATE OF customers}, MySQL's multi-table DELETE targets) gets the new name. Names are resolved by
 * scope, never by text: a CTE, an alias or a derived table named like the old table, a column of that name, a
 * literal keep their text. MySQL REPLACE (parsed as an upsert) is renamed like INSERT. A {@link TreeWalk} reaches every node, so a node type Tandem does not understand, or a
 * table reference in a place this class does not know, is refused rather than left half renamed.
 */
public final class TableRenamer {
    /** One table to rename: {@code from} as the application names it, {@code to} its physical name now. */
    public record Rename(Migration migration, TableName from, TableName to, Set<String> columns) {
    }

    /** An exposed name at a query level that is not one of the renamed tables (an alias, a CTE, a derived table). */
    private static final Rename OTHER = new Rename(null, null, null, Set.of());

    private final List<Rename> renames;
    private final Dialect dialect;
    private final String parsedText;
    private final Deque<Set<String>> visibleCtes = new ArrayDeque<>();
    private final List<Object> withOwners = new ArrayList<>(2);
    private final Deque<Level> levels = new ArrayDeque<>();
    private int changes;

    /** The names one query level exposes to column qualifiers. */
    private record Level(Object owner, Map<String, Rename> exposed) {
    }

    private TableRenamer(List<Rename> renames, Dialect dialect, String parsedText) {
        this.renames = renames;
        this.dialect = dialect;
        this.parsedText = parsedText;
    }

    /**
     * Renames in place; returns true if anything changed.
     *
     * @param parsedText the text the statement was parsed from (MySQL labels keep the application's spelling)
     * @throws RewriteException when the statement names a renamed table where Tandem cannot rename it exactly
     */
    public static boolean rename(Statement statement, List<Rename> renames, Dialect dialect, String parsedText) {
        TableRenamer r = new TableRenamer(renames, dialect, parsedText);
        r.run(statement);
        return r.changes > 0;
    }

    private void run(Statement st) {
        boolean[] touched = new boolean[1];
        Object[] unknown = new Object[1];
        Rename[] first = new Rename[1];
        TreeWalk.walk(st, new TreeWalk.Visitor() {
            @Override
            public boolean enter(Object node, Object owner, String field) {
                if (unknown[0] == null && node != st && !Precheck.understood(node.getClass())) {
                    unknown[0] = node;
                }
                Rename hit = visit(node, owner, field);
                if (hit != null && first[0] == null) {
                    first[0] = hit;
                }
                touched[0] |= hit != null;
                return true;
            }

            @Override
            public void leave(Object node) {
                if (node instanceof net.sf.jsqlparser.statement.select.WithItem<?> w && !w.isRecursive()
                    && !visibleCtes.isEmpty()) {
                    visibleCtes.peek().add(Trees.cteName(w));
                }
                if (Trees.removeSame(withOwners, node)) {
                    visibleCtes.pop();
                }
                if (!levels.isEmpty() && levels.peek().owner() == node) {
                    levels.pop();
                }
            }
        });
        if (!touched[0]) {
            return;
        }
        Migration m = first[0].migration();
        if (!(st instanceof Select || st instanceof Insert || st instanceof Update || st instanceof Delete
            || st instanceof Upsert)) {
            throw RewriteException.unsupported(m, "a " + st.getClass().getSimpleName() + " statement on a renamed "
                + "table is not rewritten; Tandem rewrites SELECT, INSERT, UPDATE and DELETE");
        }
        if (unknown[0] != null) {
            throw RewriteException.unsupported(m, "it uses " + Precheck.describe(unknown[0])
                + ", which Tandem does not rewrite on a renamed table; write the statement without it");
        }
        if (changes > 0 && dialect.labelsExpressionWithText()) {
            keepMySqlLabels(st, m);
        }
    }

    /** Handles one node; returns the rename it touched, or null. */
    private Rename visit(Object node, Object owner, String field) {
        List<? extends net.sf.jsqlparser.statement.select.WithItem<?>> with = Trees.withItems(node);
        if (!with.isEmpty()) {
            visibleCtes.push(new HashSet<>());
            withOwners.add(node);
        }
        if (node instanceof net.sf.jsqlparser.statement.select.WithItem<?> w && w.isRecursive()
            && !visibleCtes.isEmpty()) {
            visibleCtes.peek().add(Trees.cteName(w)); // a recursive CTE sees itself
        }
        if (node instanceof PlainSelect || node instanceof Insert || node instanceof Update || node instanceof Delete
            || node instanceof Upsert) {
            levels.push(new Level(node, exposed(node, Trees.ownCteNames(with))));
        }
        if (node instanceof Table t) {
            boolean qualifier = owner instanceof Column || owner instanceof AllTableColumns
                || owner instanceof Delete && "tables".equals(field)
                || owner instanceof Select && "forUpdateTable".equals(field);
            return qualifier ? qualifier(t) : reference(t, owner, field);
        }
        if (node instanceof Column c && c.getTable() == null && !dialect.backslashEscapesInStrings()) {
            // PostgreSQL only: MySQL has no whole-row references, an unknown column fails either way
            return bareColumn(c);
        }
        if (node instanceof ColDataType type) {
            Rename r = named(type.getDataType());
            if (r != null) {
                throw RewriteException.unsupported(r.migration(), "it uses the row type of the renamed table "
                    + r.from() + " (" + type + "), which Tandem does not rewrite; write the statement without it");
            }
        }
        return null;
    }

    /** A table in a FROM clause or a statement's target. */
    private Rename reference(Table t, Object owner, String field) {
        Rename r = renameOf(t, Set.of());
        if (r == null) {
            return null;
        }
        boolean known = (owner instanceof PlainSelect || owner instanceof Join
            || owner instanceof ParenthesedFromItem) && "fromItem".equals(field)
            || (owner instanceof Insert || owner instanceof Update || owner instanceof Upsert) && "table".equals(field)
            || owner instanceof Delete && ("table".equals(field) || "usingList".equals(field));
        if (!known) {
            throw RewriteException.unsupported(r.migration(), "it names the renamed table " + r.from() + " in "
                + (owner == null ? "a place" : Precheck.describe(owner)) + " where Tandem does not rename it");
        }
        setName(t, r);
        return r;
    }

    /** A qualifier: renamed only when it resolves to an unaliased reference to a renamed table. */
    private Rename qualifier(Table q) {
        if (q.getName() == null || named(q.getName()) == null) {
            return null;
        }
        String key = key(q.getName());
        for (Level l : levels) {
            Rename r = l.exposed().get(key);
            if (r == null) {
                continue;
            }
            if (r == OTHER) {
                return null;
            }
            if (q.getSchemaName() != null && r.from().schema() != null
                && !Identifiers.matches(r.from().schema(), q.getSchemaName())) {
                return null;
            }
            setName(q, r);
            return r;
        }
        return null;
    }

    /**
     * An unqualified column spelled like a renamed table visible here: a column of that name stays; otherwise it is
     * PostgreSQL's whole-row reference to the table, which a rename would change, so it is refused.
     */
    private Rename bareColumn(Column c) {
        String key = key(c.getColumnName());
        for (Level l : levels) {
            Rename r = l.exposed().get(key);
            if (r == null || r == OTHER) {
                continue;
            }
            if (!r.columns().contains(key)) {
                throw RewriteException.unsupported(r.migration(), "it uses " + c.getColumnName() + " as a whole-row "
                    + "reference to the renamed table " + r.from() + ", which Tandem does not rewrite; select the "
                    + "columns, or qualify with an alias");
            }
            return null;
        }
        return null;
    }

    /** The names a query level exposes, each to a rename (an unaliased renamed table) or {@link #OTHER}. */
    private Map<String, Rename> exposed(Object node, Set<String> ownCtes) {
        Map<String, Rename> out = new HashMap<>();
        if (node instanceof PlainSelect ps) {
            from(ps.getFromItem(), ownCtes, out);
            joins(ps.getJoins(), ownCtes, out);
        } else if (node instanceof Insert i) {
            from(i.getTable(), ownCtes, out);
        } else if (node instanceof Upsert u) {
            from(u.getTable(), ownCtes, out); // MySQL REPLACE
        } else if (node instanceof Update u) {
            from(u.getTable(), ownCtes, out);
            joins(u.getStartJoins(), ownCtes, out);
            from(u.getFromItem(), ownCtes, out);
            joins(u.getJoins(), ownCtes, out);
        } else if (node instanceof Delete d) {
            from(d.getTable(), ownCtes, out);
            if (d.getUsingList() != null) {
                d.getUsingList().forEach(t -> from(t, ownCtes, out));
            }
            joins(d.getJoins(), ownCtes, out);
        }
        return out;
    }

    private void joins(List<Join> joins, Set<String> ownCtes, Map<String, Rename> out) {
        if (joins != null) {
            joins.forEach(j -> from(j.getFromItem(), ownCtes, out));
        }
    }

    private void from(FromItem item, Set<String> ownCtes, Map<String, Rename> out) {
        if (item == null) {
            return;
        }
        Alias alias = item.getAlias();
        if (alias != null) {
            out.putIfAbsent(key(alias.getName()), OTHER);
            return;
        }
        if (item instanceof Table t && t.getName() != null) {
            Rename r = renameOf(t, ownCtes);
            out.putIfAbsent(key(t.getName()), r == null ? OTHER : r);
        } else if (item instanceof ParenthesedFromItem p) {
            from(p.getFromItem(), ownCtes, out);
            joins(p.getJoins(), ownCtes, out);
        }
    }

    /** The rename a table reference names (not a CTE of that name in scope), or null. */
    private Rename renameOf(Table t, Set<String> ownCtes) {
        String name = t.getName();
        if (name == null) {
            return null;
        }
        String schema = t.getSchemaName();
        if (schema == null && (ownCtes.contains(key(name)) || isCte(name))) {
            return null;
        }
        for (Rename r : renames) {
            if (Identifiers.matches(r.from().name(), name) && (schema == null || r.from().schema() == null
                || Identifiers.matches(r.from().schema(), schema))) {
                return r;
            }
        }
        return null;
    }

    /** The rename whose old name is spelled {@code name}, regardless of scope, or null. */
    private Rename named(String name) {
        if (name == null) {
            return null;
        }
        for (Rename r : renames) {
            if (Identifiers.matches(r.from().name(), name)) {
                return r;
            }
        }
        return null;
    }

    private boolean isCte(String name) {
        String k = key(name);
        for (Set<String> frame : visibleCtes) {
            if (frame.contains(k)) {
                return true;
            }
        }
        return false;
    }

    /** Gives {@code t} the new name, quoted as the application quoted the old one; its schema stays as written. */
    private void setName(Table t, Rename r) {
        String old = t.getName();
        String neu = r.to().name();
        if (Identifiers.isQuoted(old)) {
            char q = old.charAt(0);
            neu = q == '[' ? "[" + neu + "]" : q + neu + q;
        }
        t.setName(neu);
        changes++;
    }

    /**
     * MySQL labels an unaliased expression with its text, which the rendering would change (a renamed qualifier,
     * JSqlParser's spelling): each such item of the outermost select gets the application's text as its alias.
     */
    private void keepMySqlLabels(Statement st, Migration m) {
        List<SelectItem<?>> items = null;
        if (st instanceof Select) {
            Select body = (Select) st;
            while (body instanceof SetOperationList ops) {
                body = ops.getSelects().get(0);
            }
            items = body instanceof PlainSelect ps ? ps.getSelectItems() : null;
        } else if (st instanceof Insert i) {
            items = i.getReturningClause(); // MariaDB's INSERT … RETURNING labels its items the same way
        } else if (st instanceof Delete d) {
            items = d.getReturningClause();
        }
        if (items == null) {
            return;
        }
        for (SelectItem<?> item : items) {
            Object e = item.getExpression();
            if (item.getAlias() != null || e instanceof Column || e instanceof AllColumns) {
                continue; // a column is labelled with its name; * and t.* with the columns' names
            }
            String span = span(item);
            if (span == null || span.indexOf('?') >= 0 || span.length() > 64) {
                throw RewriteException.unsupported(m, "MySQL labels the unaliased select item " + e + " with its "
                    + "text, which Tandem cannot keep when it renames the table; give the item an alias (AS name)");
            }
            item.setAlias(new Alias(dialect.quoteAlways(span), true));
        }
    }

    /** The application's characters for a select item, or null when the parser does not know them. */
    private String span(SelectItem<?> item) {
        var node = item.getASTNode();
        if (parsedText == null || node == null || node.jjtGetFirstToken() == null
            || node.jjtGetLastToken() == null) {
            return null;
        }
        int from = node.jjtGetFirstToken().absoluteBegin - 1;
        int to = node.jjtGetLastToken().absoluteEnd - 1;
        if (from < 0 || to > parsedText.length() || from >= to) {
            return null;
        }
        String s = parsedText.substring(from, to).strip();
        return s.isEmpty() ? null : s;
    }

    private static String key(String name) {
        return Identifiers.unquote(name).toLowerCase(Locale.ROOT);
    }
}
