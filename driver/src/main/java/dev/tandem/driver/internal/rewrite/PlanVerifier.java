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
import net.sf.jsqlparser.statement.select.Select;
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
 *   <li>every node is of a type Tandem understands ({@link #UNDERSTOOD}); any other construct is refused;</li>
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
    /** Node types whose every part Tandem's rewriters and this verifier understand. */
    private static final Set<String> UNDERSTOOD = Set.of(
        // statements and their clauses
        "statement.select.PlainSelect", "statement.select.SetOperationList", "statement.select.ParenthesedSelect",
        "statement.select.Values", "statement.select.WithItem", "statement.select.SelectItem",
        "statement.select.AllColumns", "statement.select.AllTableColumns", "statement.select.Join",
        "statement.select.OrderByElement", "statement.select.GroupByElement", "statement.select.Limit",
        "statement.select.Offset", "statement.select.Fetch", "statement.select.Distinct",
        "statement.select.LateralSubSelect", "statement.select.ParenthesedFromItem",
        "statement.select.TableFunction", "statement.select.UnionOp", "statement.select.IntersectOp",
        "statement.select.ExceptOp", "statement.select.MinusOp", "statement.select.Wait",
        "statement.insert.Insert", "statement.insert.InsertConflictTarget", "statement.insert.InsertConflictAction",
        "statement.update.Update", "statement.update.UpdateSet", "statement.delete.Delete",
        "statement.upsert.Upsert",
        "statement.ReturningClause", "statement.create.table.ColDataType",
        "schema.Column", "schema.Table",
        // expressions
        "expression.Alias", "expression.Alias$AliasColumn", "expression.AnalyticExpression",
        "expression.CaseExpression", "expression.WhenClause", "expression.CastExpression",
        "expression.CollateExpression", "expression.DateTimeLiteralExpression", "expression.DateValue",
        "expression.TimeValue", "expression.TimestampValue", "expression.DoubleValue", "expression.LongValue",
        "expression.StringValue", "expression.HexValue", "expression.NullValue", "expression.BooleanValue",
        "expression.ExtractExpression", "expression.Function", "expression.IntervalExpression",
        "expression.JdbcParameter", "expression.NotExpression", "expression.SignedExpression",
        "expression.TimeKeyExpression", "expression.UserVariable", "expression.WindowDefinition",
        "expression.WindowElement", "expression.WindowOffset", "expression.WindowRange", "expression.OrderByClause",
        "expression.PartitionByClause", "expression.TrimFunction", "expression.ArrayExpression",
        "expression.ArrayConstructor", "expression.RowConstructor", "expression.AnyComparisonExpression",
        "expression.MySQLGroupConcat", "expression.MySQLIndexHint", "expression.OracleHint",
        "expression.TimezoneExpression", "expression.NextValExpression", "expression.Parenthesis",
        "expression.JsonExpression", "expression.OverlapsCondition",
        "expression.operators.arithmetic.Addition", "expression.operators.arithmetic.BitwiseAnd",
        "expression.operators.arithmetic.BitwiseLeftShift", "expression.operators.arithmetic.BitwiseOr",
        "expression.operators.arithmetic.BitwiseRightShift", "expression.operators.arithmetic.BitwiseXor",
        "expression.operators.arithmetic.Concat", "expression.operators.arithmetic.Division",
        "expression.operators.arithmetic.IntegerDivision", "expression.operators.arithmetic.Modulo",
        "expression.operators.arithmetic.Multiplication", "expression.operators.arithmetic.Subtraction",
        "expression.operators.conditional.AndExpression", "expression.operators.conditional.OrExpression",
        "expression.operators.conditional.XorExpression",
        "expression.operators.relational.Between", "expression.operators.relational.EqualsTo",
        "expression.operators.relational.ExistsExpression", "expression.operators.relational.ExpressionList",
        "expression.operators.relational.GreaterThan", "expression.operators.relational.GreaterThanEquals",
        "expression.operators.relational.InExpression", "expression.operators.relational.IsBooleanExpression",
        "expression.operators.relational.IsDistinctExpression", "expression.operators.relational.IsNullExpression",
        "expression.operators.relational.IsUnknownExpression", "expression.operators.relational.JsonOperator",
        "expression.operators.relational.LikeExpression", "expression.operators.relational.MinorThan",
        "expression.operators.relational.MinorThanEquals", "expression.operators.relational.NotEqualsTo",
        "expression.operators.relational.ParenthesedExpressionList",
        "expression.operators.relational.RegExpMatchOperator",
        "expression.operators.relational.SimilarToExpression", "expression.operators.relational.Matches",
        "expression.operators.relational.Contains", "expression.operators.relational.ContainedBy",
        "expression.operators.relational.DoubleAnd", "expression.operators.relational.MemberOfExpression",
        "expression.operators.relational.NamedExpressionList");

    /** DDL and other statements Tandem sends unchanged by design (docs/sql-support.md, "Other statements"). */
    private static final Set<String> LEFT_TO_THE_OPERATOR = Set.of(
        "statement.alter.Alter", "statement.create.index.CreateIndex", "statement.create.table.CreateTable",
        "statement.create.view.CreateView", "statement.create.view.AlterView", "statement.drop.Drop",
        "statement.truncate.Truncate", "statement.comment.Comment", "statement.analyze.Analyze",
        "statement.grant.Grant", "statement.alter.RenameTableStatement");

    private static final String MODEL = "net.sf.jsqlparser.";

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

    /**
     * The checks that need no rewrite, run before the rewriters see the statement, in one walk: which migrated
     * tables it names, the kind of statement and the node types. A construct no rewriter understands is refused
     * here with its name, before any rewriter can trip over it.
     *
     * @return a migration in a rewriting phase the statement touches (then {@link #verify} checks the rewrite), or
     *         null when it touches none or is DDL left to the operator
     */
    static Migration precheck(Statement statement, RewriteContext ctx) {
        Migration[] found = new Migration[1];
        Object[] unknown = new Object[1];
        TreeWalk.walk(statement, (node, owner, field) -> {
            if (node instanceof Table && !(owner instanceof Column) && !(owner instanceof AllTableColumns)) {
                for (Migration m : ctx.migrationsOn((Table) node)) {
                    if (m.phase().rewrites() && found[0] == null) {
                        found[0] = m;
                    }
                }
            }
            if (unknown[0] == null && node != statement && !UNDERSTOOD_TYPES.get(node.getClass())) {
                unknown[0] = node;
            }
            return true;
        });
        Migration enforced = found[0];
        if (enforced == null || LEFT_TO_THE_OPERATOR.contains(shortName(statement.getClass()))) {
            return null;
        }
        if (!(statement instanceof Select || statement instanceof Insert || statement instanceof Update
            || statement instanceof Delete || statement instanceof net.sf.jsqlparser.statement.upsert.Upsert)) {
            throw RewriteException.unsupported(enforced, "a " + statement.getClass().getSimpleName()
                + " statement on a migrated table is not rewritten; Tandem rewrites SELECT, INSERT, UPDATE and "
                + "DELETE (run it on a connection without Tandem if it must reach the tables as they are)");
        }
        if (unknown[0] != null) {
            throw RewriteException.unsupported(enforced, "it uses " + describe(unknown[0])
                + ", which Tandem does not rewrite on a migrated table; write the statement without it");
        }
        return enforced;
    }

    /** Whether a node class is one of {@link #UNDERSTOOD}, computed once per class. */
    private static final ClassValue<Boolean> UNDERSTOOD_TYPES = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return UNDERSTOOD.contains(shortName(type));
        }
    };

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
                    visibleCtes.peek().add(cteName((WithItem<?>) node)); // visible to later items and the body
                }
                if (removeSame(withOwners, node)) {
                    visibleCtes.pop();
                }
                if (!levels.isEmpty() && levels.peek().owner == node) {
                    levels.pop();
                } else if (removeSame(aliasClauseRoots, node) && !levels.isEmpty()) {
                    levels.peek().aliasClause--;
                }
            }
        });
        if (unknown != null) {
            for (Migration m : ctx.touched) {
                if (m.phase().rewrites()) {
                    throw RewriteException.unsupported(m, "it uses " + describe(unknown)
                        + ", which Tandem does not rewrite on a migrated table; write the statement without it");
                }
            }
        }
    }

    /** Roots of the clauses (ORDER BY; HAVING on MySQL) being walked where output aliases are visible. */
    private final List<Object> aliasClauseRoots = new ArrayList<>(2);

    /** Removes {@code node} (by identity) from a short list; true if it was there. */
    private static boolean removeSame(List<Object> list, Object node) {
        for (int i = list.size() - 1; i >= 0; i--) {
            if (list.get(i) == node) {
                list.remove(i);
                return true;
            }
        }
        return false;
    }

    private static String cteName(WithItem<?> w) {
        return w.getAlias() == null ? "" : Identifiers.unquote(w.getAlias().getName()).toLowerCase(Locale.ROOT);
    }

    private boolean visit(Object node, Object owner, String field) {
        if (unknown == null && node != statement && !UNDERSTOOD_TYPES.get(node.getClass())) {
            unknown = node; // refused at the end of the walk if the statement names a migrated table
        }
        List<? extends WithItem<?>> with = withItems(node);
        if (!with.isEmpty()) {
            visibleCtes.push(new HashSet<>());
            withOwners.add(node);
        }
        if (node instanceof WithItem && ((WithItem<?>) node).isRecursive() && !visibleCtes.isEmpty()) {
            visibleCtes.peek().add(cteName((WithItem<?>) node)); // a recursive CTE sees itself
        }
        if (node instanceof OrderByElement && owner instanceof SetOperationList) {
            return false; // names or positions of the output columns, which the branches were checked for
        }
        if (node instanceof Function && isValuesOfColumn((Function) node)) {
            checkProposedRow((Column) ((Function) node).getParameters().get(0));
            return false;
        }
        ownCtes = ownCteNames(with);
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
                    if (e instanceof Column && isIdentifier(((Column) e).getColumnName())) {
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

    /** MySQL's VALUES(col) in ON DUPLICATE KEY UPDATE: the proposed row's value of col. */
    private static boolean isValuesOfColumn(Function f) {
        return "VALUES".equalsIgnoreCase(f.getName()) && f.getParameters() != null && f.getParameters().size() == 1
            && f.getParameters().get(0) instanceof Column;
    }

    /** The proposed row carries both sides while dual-writing, and only the new side from CONTRACT on. */
    private void checkProposedRow(Column c) {
        if (!(statement instanceof Insert)) {
            return;
        }
        for (Migration m : ctx.migrationsOn(((Insert) statement).getTable())) {
            if (m.oldColumn(Identifiers.unquote(c.getColumnName())) != null && m.phase().newSideIsTruth()) {
                throw RewriteException.unsupported(m, "VALUES(" + c + ") names an old column the proposed row no "
                    + "longer carries in " + m.phase());
            }
        }
    }

    /** The CTE names a statement node declares itself: visible in its own FROM, which is read on entering it. */
    private Set<String> ownCtes = Set.of();

    private static Set<String> ownCteNames(List<? extends WithItem<?>> with) {
        if (with.isEmpty()) {
            return Set.of();
        }
        Set<String> out = new HashSet<>();
        for (WithItem<?> w : with) {
            out.add(cteName(w));
        }
        return out;
    }

    /** The WITH list of a statement node (a query, INSERT, UPDATE or DELETE); empty for any other node. */
    private static List<? extends WithItem<?>> withItems(Object node) {
        List<? extends WithItem<?>> with = null;
        if (node instanceof Select) {
            with = ((Select) node).getWithItemsList();
        } else if (node instanceof Insert) {
            with = ((Insert) node).getWithItemsList();
        } else if (node instanceof Update) {
            with = ((Update) node).getWithItemsList();
        } else if (node instanceof Delete) {
            with = ((Delete) node).getWithItemsList();
        }
        return with == null ? List.of() : with;
    }

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
        if (!isIdentifier(name)) {
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
            if (s.excluded() ? m.phase().newSideIsTruth() : readsNew(m)) {
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
                        if (mentions(text, old, m.phase().newSideIsTruth(), stale)) {
                            throw RewriteException.unsupported(m, "generated SQL would read old column " + old
                                + " in " + m.phase() + "; Tandem cannot rewrite this statement exactly");
                        }
                    }
                }
            }
        }
    }

    /**
     * True if {@code text} names {@code column} as an identifier outside string literals, unqualified or qualified
     * with one of {@code staleQualifiers} (lower case); a column of another qualifier (a derived table) is another
     * column.
     */
    static boolean mentions(String text, String column, boolean proposedRowCounts, Set<String> staleQualifiers) {
        boolean[] found = new boolean[1];
        SqlWords.scan(text, (t, start, end) -> {
            String word = Identifiers.unquote(t.substring(start, end));
            String before = t.substring(0, start).stripTrailing().toLowerCase(Locale.ROOT);
            boolean label = before.endsWith(" as") || before.equals("as");
            if (!word.equalsIgnoreCase(column) || (end < t.length() && t.charAt(end) == '(') || label) {
                return true;
            }
            boolean proposed = before.endsWith("excluded.") || before.endsWith("values(");
            if (before.endsWith(".") && !proposed) {
                int q = before.length() - 1;
                int qs = q;
                while (qs > 0 && (Character.isLetterOrDigit(before.charAt(qs - 1)) || before.charAt(qs - 1) == '_'
                    || before.charAt(qs - 1) == '"' || before.charAt(qs - 1) == '`' || before.charAt(qs - 1) == '$')) {
                    qs--;
                }
                if (!staleQualifiers.contains(Identifiers.unquote(before.substring(qs, q)))) {
                    return true; // a column of another source (a derived table) of the same name
                }
            }
            found[0] |= !proposed || proposedRowCounts;
            return !found[0];
        });
        return found[0];
    }

    private static boolean isIdentifier(String name) {
        if (name.length() >= 2 && (name.charAt(0) == '"' || name.charAt(0) == '`')) {
            return name.indexOf(name.charAt(0), 1) == name.length() - 1;
        }
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (!(Character.isLetterOrDigit(ch) || ch == '_' || ch == '$')) {
                return false;
            }
        }
        return !name.isEmpty();
    }

    private static String shortName(Class<?> c) {
        String n = c.getName();
        return n.startsWith(MODEL) ? n.substring(MODEL.length()) : n;
    }

    private static String describe(Object node) {
        String text;
        try {
            text = String.valueOf(node);
        } catch (RuntimeException e) {
            text = "";
        }
        if (text.length() > 60) {
            text = text.substring(0, 57) + "...";
        }
        return "a " + node.getClass().getSimpleName() + (text.isEmpty() ? "" : " (" + text + ")");
    }

}
