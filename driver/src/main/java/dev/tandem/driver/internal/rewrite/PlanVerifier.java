package dev.tandem.driver.internal.rewrite;

import dev.tandem.driver.spec.Identifiers;
import dev.tandem.driver.spec.Migration;
import dev.tandem.driver.schema.TableMeta;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.insert.InsertConflictAction;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedFromItem;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Checks a rewritten statement before its plan is cached, independently of the rewriters: a {@link TreeWalk}
 * reaches every node of the final tree, so nothing is checked only where a rewriter thought to look.
 *
 * <p>On a statement that names a table under a migration in a rewriting phase it proves that
 * <ul>
 *   <li>every node is of a type Tandem understands ({@link Precheck}); any other construct is refused;</li>
 *   <li>no reference to an old column of a table read from the new side survives, in any clause, nor a
 *       {@code *} over such a table;</li>
 *   <li>every write of a column while dual-writing also writes the other side, and from CONTRACT on no old
 *       column is written;</li>
 *   <li>the statement is a SELECT, INSERT, UPDATE or DELETE (DDL excepted, which Tandem leaves to the
 *       operator).</li>
 * </ul>
 * A statement that fails a check is refused with the construct named; it is never sent half rewritten.
 */
final class PlanVerifier {

    private final RewriteContext ctx;
    private final WriteCheck writes;
    /** CTE names visible at the current point of the walk, innermost WITH list last. */
    private final Deque<Set<String>> visibleCtes = new ArrayDeque<>();
    private final List<Object> withOwners = new ArrayList<>(2);
    private final Deque<Level> levels = new ArrayDeque<>();
    private Statement statement;
    /** The first node of a type Tandem does not understand, or null. */
    private Object unknown;

    /** The row sources of one query level. */
    private static final class Level {
        final Object owner;
        final List<Src> sources = new ArrayList<>();
        final Set<String> outputAliases = new HashSet<>();
        /** Depth inside this level's own ORDER BY (or HAVING on MySQL), where output aliases are visible. */
        int aliasClause;

        Level(Object owner) {
            this.owner = owner;
        }
    }

    /** A row source: a table (maybe migrated), a derived table, or the pseudo row EXCLUDED. */
    private record Src(Table table, String name, List<Migration> migrations, boolean derived, boolean excluded) {
        boolean answersTo(Table q) {
            String qn = q.getName();
            if (qn == null) {
                return false;
            }
            if (table != null && table.getAlias() != null) {
                return q.getSchemaName() == null
                    && Identifiers.matches(Identifiers.unquote(table.getAlias().getName()), qn);
            }
            return name != null && Identifiers.matches(Identifiers.unquote(name), qn);
        }
    }

    private PlanVerifier(RewriteContext ctx) {
        this.ctx = ctx;
        this.writes = new WriteCheck(ctx);
    }

    /**
     * Checks {@code statement} (already rewritten in place).
     *
     * @throws RewriteException naming what could not be proven exact
     */
    static void verify(Statement statement, RewriteContext ctx) {
        new PlanVerifier(ctx).run(statement);
    }


    private void run(Statement st) {
        this.statement = st;
        TreeWalk.walk(st, new TreeWalk.Visitor() {
            @Override
            public boolean enter(Object node, Object owner, String field) {
                return visit(node, owner, field);
            }

            @Override
            public void leave(Object node) {
                if (node instanceof WithItem && !((WithItem<?>) node).isRecursive() && !visibleCtes.isEmpty()) {
                    visibleCtes.peek().add(Trees.cteName((WithItem<?>) node)); // visible to later items and the body
                }
                if (Trees.removeSame(withOwners, node)) {
                    visibleCtes.pop();
                }
                if (!levels.isEmpty() && levels.peek().owner == node) {
                    levels.pop();
                } else if (Trees.removeSame(aliasClauseRoots, node) && !levels.isEmpty()) {
                    levels.peek().aliasClause--;
                }
            }
        });
        if (unknown != null) {
            for (Migration m : ctx.touched) {
                if (m.phase().rewrites()) {
                    throw RewriteException.unsupported(m, "it uses " + Precheck.describe(unknown)
                        + ", which Tandem does not rewrite on a migrated table; write the statement without it");
                }
            }
        }
    }

    /** Roots of the clauses (ORDER BY; HAVING on MySQL) being walked where output aliases are visible. */
    private final List<Object> aliasClauseRoots = new ArrayList<>(2);

    private boolean visit(Object node, Object owner, String field) {
        if (unknown == null && node != statement && !Precheck.understood(node.getClass())) {
            unknown = node; // refused at the end of the walk if the statement names a migrated table
        }
        List<? extends WithItem<?>> with = Trees.withItems(node);
        if (!with.isEmpty()) {
            visibleCtes.push(new HashSet<>());
            withOwners.add(node);
        }
        if (node instanceof WithItem && ((WithItem<?>) node).isRecursive() && !visibleCtes.isEmpty()) {
            visibleCtes.peek().add(Trees.cteName((WithItem<?>) node)); // a recursive CTE sees itself
        }
        if (node instanceof OrderByElement && owner instanceof SetOperationList) {
            return false; // names or positions of the output columns, which the branches were checked for
        }
        if (node instanceof Function && Trees.isValuesOfColumn((Function) node)) {
            checkProposedRow((Column) ((Function) node).getParameters().get(0));
            return false;
        }
        ownCtes = Trees.ownCteNames(with);
        if (node instanceof PlainSelect) {
            PlainSelect ps = (PlainSelect) node;
            Level l = new Level(node);
            addFrom(l, ps.getFromItem());
            addJoins(l, ps.getJoins());
            for (SelectItem<?> i : ps.getSelectItems()) {
                if (i.getAlias() != null) {
                    l.outputAliases.add(Identifiers.unquote(i.getAlias().getName()).toLowerCase(Locale.ROOT));
                } else {
                    // an implicit label: a column's name (on PostgreSQL, also of a cast of a column)
                    net.sf.jsqlparser.expression.Expression e = i.getExpression();
                    while (ctx.dialect.labelsCastWithColumnName()
                        && e instanceof net.sf.jsqlparser.expression.CastExpression) {
                        e = ((net.sf.jsqlparser.expression.CastExpression) e).getLeftExpression();
                    }
                    if (e instanceof Column && SqlWords.isIdentifier(((Column) e).getColumnName())) {
                        l.outputAliases.add(Identifiers.unquote(((Column) e).getColumnName()).toLowerCase(Locale.ROOT));
                    }
                }
            }
            levels.push(l);
        } else if (node instanceof Update) {
            Update u = (Update) node;
            Level l = new Level(node);
            addTable(l, u.getTable(), false);
            addJoins(l, u.getStartJoins());
            addFrom(l, u.getFromItem());
            addJoins(l, u.getJoins());
            levels.push(l);
            writes.assignments(u.getTable(), u.getUpdateSets());
        } else if (node instanceof Delete) {
            Delete d = (Delete) node;
            Level l = new Level(node);
            addTable(l, d.getTable(), false);
            if (d.getUsingList() != null) {
                for (Table t : d.getUsingList()) {
                    addTable(l, t, false);
                }
            }
            addJoins(l, d.getJoins());
            levels.push(l);
        } else if (node instanceof Insert) {
            Insert ins = (Insert) node;
            Level l = new Level(node);
            addTable(l, ins.getTable(), false);
            levels.push(l);
            writes.insert(ins);
            writes.assignments(ins.getTable(), ins.getDuplicateUpdateSets());
        } else if (node instanceof net.sf.jsqlparser.statement.upsert.Upsert) {
            net.sf.jsqlparser.statement.upsert.Upsert up = (net.sf.jsqlparser.statement.upsert.Upsert) node;
            Level l = new Level(node);
            addTable(l, up.getTable(), false);
            levels.push(l);
            writes.replace(up);
        } else if (node instanceof InsertConflictAction) {
            Insert ins = (Insert) statementOwner();
            if (ins != null) {
                Level l = new Level(node);
                addTable(l, ins.getTable(), false);
                addTable(l, ins.getTable(), true);
                levels.push(l);
                writes.assignments(ins.getTable(), ((InsertConflictAction) node).getUpdateSets());
            }
        } else if (node instanceof Join) {
            checkJoin((Join) node);
        } else if (node instanceof Alias) {
            checkAliasColumns((Alias) node, owner);
        } else if (node instanceof AllColumns || node instanceof AllTableColumns) {
            checkStar(node, owner);
        } else if (node instanceof Column) {
            checkColumn((Column) node, owner, field);
        }
        Level l = levels.peek();
        if (l != null && l.owner == owner && isAliasClause(owner, field)) {
            l.aliasClause++;
            aliasClauseRoots.add(node);
        }
        return true;
    }

    /** The proposed row carries both sides while dual-writing, and only the new side from CONTRACT on. */
    private void checkProposedRow(Column c) {
        if (!(statement instanceof Insert)) {
            return;
        }
        for (Migration m : ctx.migrationsOn(((Insert) statement).getTable())) {
            // A move's source row carries its old columns until COMPLETE (MoveWrites), where upserts are refused.
            if (m.oldColumn(Identifiers.unquote(c.getColumnName())) != null && m.phase().newSideIsTruth()
                && m.kind() != Migration.Kind.MOVE) {
                throw RewriteException.unsupported(m, "VALUES(" + c + ") names an old column the proposed row no "
                    + "longer carries in " + m.phase());
            }
        }
    }

    /** The CTE names a statement node declares itself: visible in its own FROM, which is read on entering it. */
    private Set<String> ownCtes = Set.of();

    private boolean isVisibleCte(String lowerName) {
        for (Set<String> frame : visibleCtes) {
            if (frame.contains(lowerName)) {
                return true;
            }
        }
        return false;
    }

    private boolean isAliasClause(Object owner, String field) {
        if (owner instanceof PlainSelect) {
            return "orderByElements".equals(field)
                || ("having".equals(field) && ctx.dialect.aliasesVisibleInHavingAndOrderByExpressions());
        }
        return false;
    }

    private Object statementOwner() {
        return statement instanceof Insert ? statement : null;
    }

    private void addJoins(Level l, List<Join> joins) {
        if (joins != null) {
            for (Join j : joins) {
                addFrom(l, j.getFromItem());
            }
        }
    }

    private void addFrom(Level l, FromItem item) {
        if (item == null) {
            return;
        }
        if (item instanceof Table) {
            addTable(l, (Table) item, false);
        } else if (item instanceof ParenthesedFromItem) {
            ParenthesedFromItem p = (ParenthesedFromItem) item;
            addFrom(l, p.getFromItem());
            addJoins(l, p.getJoins());
        } else {
            String alias = item.getAlias() == null ? null : item.getAlias().getName();
            l.sources.add(new Src(null, alias, List.of(), true, false));
        }
    }

    private void addTable(Level l, Table t, boolean excluded) {
        if (t == null) {
            return;
        }
        if (excluded) {
            l.sources.add(new Src(null, "excluded", ctx.migrationsOn(t), false, true));
            return;
        }
        String lower = Identifiers.unquote(t.getName()).toLowerCase(Locale.ROOT);
        boolean cte = t.getSchemaName() == null && (isVisibleCte(lower) || ownCtes.contains(lower));
        // A CTE visible here (one named like a table included) is a derived source, not the table.
        l.sources.add(cte ? new Src(t, t.getName(), List.of(), true, false)
            : new Src(t, t.getName(), ctx.migrationsOn(t), false, false));
    }

    private boolean readsNew(Migration m) {
        return m.phase().rewrites() && ctx.readMode(m) == ReadMode.NEW;
    }

    private void checkJoin(Join j) {
        if (!j.isNatural() && (j.getUsingColumns() == null || j.getUsingColumns().isEmpty())) {
            return;
        }
        Level l = levels.peek();
        if (l == null) {
            return;
        }
        for (Src s : l.sources) {
            for (Migration m : s.migrations()) {
                if (!m.phase().rewrites()) {
                    continue;
                }
                if (j.isNatural()) {
                    throw RewriteException.unsupported(m, "NATURAL JOIN over a table under migration joins on the "
                        + "new columns too; write the join with ON");
                }
                for (Column c : j.getUsingColumns()) {
                    if (m.oldColumn(c.getColumnName()) != null || m.newColumn(c.getColumnName()) != null) {
                        throw RewriteException.unsupported(m, "JOIN ... USING (" + c.getColumnName() + ") names a "
                            + "migrated column; write the join with ON");
                    }
                }
            }
        }
    }

    private void checkAliasColumns(Alias alias, Object owner) {
        if (alias.getAliasColumns() == null || alias.getAliasColumns().isEmpty() || !(owner instanceof Table)) {
            return;
        }
        for (Migration m : ctx.migrationsOn((Table) owner)) {
            if (m.phase().rewrites()) {
                throw RewriteException.unsupported(m, "a column alias list on table " + ((Table) owner).getName()
                    + " (" + alias + ") renames its columns by position, which the migration changes; "
                    + "alias the columns in the select list instead");
            }
        }
    }

    private void checkStar(Object star, Object owner) {
        Level l = levels.peek();
        if (l == null || !(owner instanceof SelectItem)) {
            return;
        }
        for (Src s : l.sources) {
            if (star instanceof AllTableColumns && !s.answersTo(((AllTableColumns) star).getTable())) {
                continue;
            }
            for (Migration m : s.migrations()) {
                if (readsNew(m)) {
                    throw RewriteException.unsupported(m, "a * over " + s.name() + " was left unexpanded while its "
                        + "old columns are read from the new side; list the columns");
                }
            }
        }
    }

    private void checkColumn(Column c, Object owner, String field) {
        if (owner instanceof UpdateSet && "columns".equals(field) || owner instanceof Insert && "columns".equals(field)) {
            return; // write targets: checkAssignments / checkInsert
        }
        String name = c.getColumnName();
        if (name == null) {
            return;
        }
        if (!SqlWords.isIdentifier(name)) {
            checkGeneratedText(name, ctx.readsAssigned.getOrDefault(c, List.of()));
            return;
        }
        Table q = c.getTable();
        String bare = Identifiers.unquote(name);
        if (q != null && q.getName() != null) {
            for (Level l : levels) {
                for (Src s : l.sources) {
                    if (s.answersTo(q)) {
                        checkRead(s, bare, c);
                        return;
                    }
                }
            }
            return;
        }
        if (!ctx.isMigratedColumnName(bare)) {
            return;
        }
        for (Level l : levels) {
            if (l.aliasClause > 0 && l.outputAliases.contains(bare.toLowerCase(Locale.ROOT))
                && (ctx.dialect.aliasesVisibleInHavingAndOrderByExpressions() || owner instanceof OrderByElement)) {
                return;
            }
            boolean resolved = false;
            for (Src s : l.sources) {
                if (s.excluded()) {
                    continue;
                }
                checkRead(s, bare, c);
                resolved |= has(s, bare);
            }
            if (resolved) {
                return;
            }
        }
    }

    private void checkRead(Src s, String column, Column at) {
        for (Migration m : s.migrations()) {
            if (m.oldColumn(column) == null) {
                continue;
            }
            // A move keeps writing its source columns until COMPLETE, where it refuses upserts: EXCLUDED holds them.
            if (s.excluded() ? m.phase().newSideIsTruth() && m.kind() != Migration.Kind.MOVE : readsNew(m)) {
                throw RewriteException.unsupported(m, "old column " + at + " would be read from the old side, "
                    + "which is not the side this statement must read in " + m.phase()
                    + " (Tandem cannot rewrite it where it stands); rewrite the statement without that construct");
            }
        }
    }

    private boolean has(Src s, String column) {
        if (s.derived()) {
            return true; // may have it; an unqualified name then resolves here, or is ambiguous on the server
        }
        for (Migration m : s.migrations()) {
            if (m.oldColumn(column) != null || m.newColumn(column) != null) {
                return true;
            }
        }
        if (s.table() == null) {
            return false;
        }
        TableMeta meta = ctx.meta(new dev.tandem.driver.spec.TableName(s.table().getSchemaName(), s.table().getName()));
        return meta == null || meta.has(column);
    }

    /**
     * Text Tandem generated from spec expressions and from subtrees already checked: any old column name of a
     * migration read from the new side in it is a violation (EXCLUDED.x and VALUES(x) name the proposed row).
     */
    private void checkGeneratedText(String text, List<String> storedValues) {
        for (Level l : levels) {
            for (Src s : l.sources) {
                for (Migration m : s.migrations()) {
                    if (!readsNew(m)) {
                        continue;
                    }
                    Set<String> stale = new HashSet<>();
                    stale.add(Identifiers.unquote(s.name() == null ? "" : s.name()).toLowerCase(Locale.ROOT));
                    if (s.table() != null && s.table().getAlias() != null) {
                        stale.add(Identifiers.unquote(s.table().getAlias().getName()).toLowerCase(Locale.ROOT));
                    }
                    for (String old : m.oldColumns()) {
                        if (storedValues.stream().anyMatch(old::equalsIgnoreCase)) {
                            continue;
                        }
                        if (SqlWords.mentions(text, old, m.phase().newSideIsTruth(), stale)) {
                            throw RewriteException.unsupported(m, "generated SQL would read old column " + old
                                + " in " + m.phase() + "; Tandem cannot rewrite this statement exactly");
                        }
                    }
                }
            }
        }
    }

}
