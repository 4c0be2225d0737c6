package dev.tandem.driver.internal.rewrite;

import dev.tandem.driver.spec.Migration;
import dev.tandem.driver.schema.TableMeta;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.insert.InsertConflictAction;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.Values;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The write rules for INSERT: VALUES rows (single and multi-row) gain the other side's columns with
 * the inserted values substituted into forward/backward (cast to the declared type); INSERT ... SELECT
 * is wrapped so the same expressions read the selected columns; upserts and RETURNING follow the SET
 * and read rules.
 */
final class InsertRewriter {
    private static final String SRC = "tandem_src";

    private final RewriteContext ctx;
    private final SelectRewriter selects;
    private final Insert insert;
    private final Source target;
    private List<Column> columns;
    private List<List<Expression>> rows;

    private InsertRewriter(RewriteContext ctx, SelectRewriter selects, Insert insert) {
        this.ctx = ctx;
        this.selects = selects;
        this.insert = insert;
        Table t = insert.getTable();
        this.target = Source.table(t, ctx.migrationsOn(t));
    }

    static void rewrite(RewriteContext ctx, SelectRewriter selects, Insert insert) {
        new InsertRewriter(ctx, selects, insert).run();
    }

    private void run() {
        Scope outer = selects.withItems(insert.getWithItemsList(), null);
        Scope scope = new Scope(outer);
        scope.sources.add(target);
        boolean rewrites = false;
        for (Migration m : target.migrations) {
            rewrites |= m.phase().rewrites() && m.kind() != Migration.Kind.MOVE; // a move: MoveWrites
        }
        if (rewrites && insert.getSetUpdateSets() != null && !insert.getSetUpdateSets().isEmpty()) {
            setToValues();
        }
        Values values = insert.getSelect() instanceof Values ? (Values) insert.getSelect() : null;
        if (values != null) {
            rows = rows(values);
            for (List<Expression> row : rows) {
                for (Expression e : row) {
                    selects.expressions(outer == null ? new Scope(null) : outer).rewrite(e);
                }
            }
        } else if (insert.getSelect() != null) {
            ctx.starWithoutNewColumns = true; // the application's * never had them, and here their count matters
            selects.rewrite(insert.getSelect(), outer);
            ctx.starWithoutNewColumns = false;
            if (rewrites) {
                expandSelectStar();
            }
        } else if (rewrites) {
            defaultValues();
            values = (Values) insert.getSelect();
            rows = rows(values);
        }
        if (rewrites) {
            ctx.writes = true;
            columns = columnList();
            for (Migration m : target.migrations) {
                if (m.phase().rewrites()) {
                    apply(m);
                }
            }
            // Removals last: every migration computed its positions against the same column list.
            remove(pendingRemovals);
            if (rows == null) {
                finishSelect();
            }
        }
        upserts(scope);
        if (insert.getReturningClause() != null) {
            selects.selectItems(insert.getReturningClause(), scope);
        }
    }

    /**
     * {@code INSERT INTO t DEFAULT VALUES} (Hibernate's insert of an entity with nothing but generated values)
     * writes every column's default: written out as the old columns set to {@code DEFAULT}, from which the
     * new side is computed as for any INSERT (NULL defaults only, see {@link RewriteContext#defaultValue}).
     */
    @SuppressWarnings("unchecked")
    private void defaultValues() {
        ExpressionList<Column> cols = new ExpressionList<>();
        ParenthesedExpressionList<Expression> row = new ParenthesedExpressionList<>();
        for (Migration m : target.migrations) {
            if (!m.phase().rewrites()) {
                continue;
            }
            for (String old : m.oldColumns()) {
                cols.add(new Column(ctx.dialect.quote(old)));
                row.add(new Column("DEFAULT"));
            }
        }
        insert.setOnlyDefaultValues(false);
        insert.setColumns(cols);
        insert.setSelect(new Values(row));
        ctx.changed = true;
    }

    /**
     * MySQL's {@code INSERT ... SET a = x, b = y} is {@code INSERT ... (a, b) VALUES (x, y)}: the same row, and
     * in both a value may read a column set before it.
     */
    @SuppressWarnings("unchecked")
    private void setToValues() {
        ExpressionList<Column> cols = new ExpressionList<>();
        ParenthesedExpressionList<Expression> row = new ParenthesedExpressionList<>();
        for (net.sf.jsqlparser.statement.update.UpdateSet s : insert.getSetUpdateSets()) {
            if (s.getColumns().size() != s.getValues().size()) {
                throw RewriteException.unsupported(target.migrations.get(0), "INSERT ... SET with a row value; "
                    + "use INSERT ... (columns) VALUES (...)");
            }
            for (int i = 0; i < s.getColumns().size(); i++) {
                cols.add(s.getColumns().get(i));
                row.add((Expression) s.getValues().get(i));
            }
        }
        insert.setColumns(cols);
        insert.setSelect(new Values(row));
        insert.withSetUpdateSets(null);
        ctx.changed = true;
    }

    /**
     * MySQL's REPLACE: the row written is an INSERT's, after the rows it conflicts with are deleted; its column
     * list and values are rewritten exactly as an INSERT's.
     */
    static void rewriteReplace(RewriteContext ctx, SelectRewriter selects, net.sf.jsqlparser.statement.upsert.Upsert up) {
        if (up.getDuplicateUpdateSets() != null && !up.getDuplicateUpdateSets().isEmpty()) {
            List<Migration> ms = ctx.migrationsOn(up.getTable());
            if (!ms.isEmpty()) {
                throw RewriteException.unsupported(ms.get(0), "UPSERT ... ON DUPLICATE KEY UPDATE is not rewritten; "
                    + "use INSERT ... ON DUPLICATE KEY UPDATE");
            }
            return;
        }
        Insert ins = new Insert();
        ins.setTable(up.getTable());
        ins.setColumns(up.getColumns());
        ins.setSelect(up.getSelect());
        if (up.getUpdateSets() != null && !up.getUpdateSets().isEmpty()) {
            ins.withSetUpdateSets(up.getUpdateSets());
        }
        new InsertRewriter(ctx, selects, ins).run();
        up.setColumns(ins.getColumns());
        up.setSelect(ins.getSelect());
        up.setUpdateSets(ins.getSetUpdateSets());
        if (ins.getSetUpdateSets() == null && up.getUpsertType() == net.sf.jsqlparser.statement.upsert.UpsertType.REPLACE_SET) {
            up.setUpsertType(net.sf.jsqlparser.statement.upsert.UpsertType.REPLACE);
        }
    }

    private void upserts(Scope scope) {
        InsertConflictAction action = insert.getConflictAction();
        if (action != null) {
            Scope withExcluded = new Scope(scope.parent);
            withExcluded.sources.add(target);
            withExcluded.sources.add(Source.pseudo("excluded", target));
            if (insert.getConflictTarget() != null) {
                List<String> names = insert.getConflictTarget().getIndexColumnNames();
                for (int i = 0; names != null && i < names.size(); i++) {
                    String c = names.get(i);
                    Migration m = target.migrationWithOld(c);
                    if (m == null || !(m.phase() == dev.tandem.driver.spec.Phase.READ_NEW || m.phase().newSideIsTruth())) {
                        continue;
                    }
                    // The new side decides: from CONTRACT on the old column is not written, and in READ_NEW (on the
                    // way back from CONTRACT) it may be stale. A renamed column's unique index has a twin on the new
                    // column; anything else cannot be mapped.
                    String old = m.oldColumn(c);
                    java.util.Set<String> reads = m.backwardRefs().get(old);
                    if (!Exprs.isBareColumn(m.backward().get(old)) || reads.size() != 1) {
                        throw RewriteException.unsupported(m, "ON CONFLICT (" + c + ") names an old column whose "
                            + "unique index does not decide conflicts in " + m.phase() + ", and it is not a rename "
                            + "Tandem can map to a new column; name the new column's unique index");
                    }
                    names.set(i, ctx.dialect.quote(reads.iterator().next()));
                    ctx.changed = true;
                }
            }
            AssignmentRewriter.rewrite(ctx, target, action.getUpdateSets(), withExcluded, selects, insert);
            selects.expressions(withExcluded).rewrite(action.getWhereExpression());
        }
        AssignmentRewriter.rewrite(ctx, target, insert.getDuplicateUpdateSets(), scope, selects, insert);
    }

    private void apply(Migration m) {
        List<Integer> oldPos = new ArrayList<>();
        List<Integer> newPos = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            String name = columns.get(i).getColumnName();
            if (m.oldColumn(name) != null) {
                oldPos.add(i);
            } else if (m.newColumn(name) != null) {
                newPos.add(i);
            }
        }
        if (m.phase().dualWrites()) {
            add(m, m.forward(), m.forwardRefs(), oldPos, newPos, "forward");
            add(m, m.backward(), m.backwardRefs(), newPos, oldPos, "backward");
        } else if (m.phase().newSideIsTruth()) {
            // Old columns left out take their defaults, from which the new side is computed too.
            add(m, m.forward(), m.forwardRefs(), oldPos, newPos, "forward");
            pendingRemovals.addAll(oldPos);
        }
    }

    /** Adds each column of {@code exprs} computed from the inserted columns at {@code from}. */
    private void add(Migration m, java.util.Map<String, String> exprs, java.util.Map<String, Set<String>> refs,
                     List<Integer> from, List<Integer> present, String direction) {
        for (java.util.Map.Entry<String, String> e : exprs.entrySet()) {
            String col = e.getKey();
            if (position(col, present) >= 0) {
                continue;
            }
            Set<String> needs = refs.get(col);
            List<String> missing = new ArrayList<>();
            boolean any = false;
            for (String r : needs) {
                if (position(r, from) < 0) {
                    missing.add(r);
                } else {
                    any = true;
                }
            }
            if (!any && !"forward".equals(direction)) {
                continue; // a new column the INSERT does not name keeps its default; so does its old side
            }
            // Left-out columns take their defaults (a NULL beside a named column is refused: it may lose that one).
            java.util.Map<String, String> defaults = new java.util.HashMap<>();
            boolean known = true;
            for (String r : missing) {
                String d = ctx.defaultValue(m, r);
                known &= d != null && !(any && ctx.defaultIsNull(m, r));
                defaults.put(r.toLowerCase(java.util.Locale.ROOT), d);
            }
            if (!known) {
                if (!any) {
                    continue; // nothing named, a default unknown (a dropped old column) or refused by the server
                }
                throw RewriteException.unsupported(m, "INSERT sets some but not all of the columns that the " + direction
                    + " expression of " + col + " reads (missing " + missing + ", which would store NULL or a "
                    + "default Tandem cannot compute from, losing what was inserted); insert all of " + needs);
            }
            columns.add(new Column(col));
            // A plain copy between columns of one declared type (a rename) takes the value as it is: the server
            // converts it for the new column exactly as for the old one, and the statement stays as short as the
            // one a person would write (MySQL's client-side prepared statements are parsed again every time).
            String copyOf = any && Exprs.isBareColumn(e.getValue()) && needs.size() == 1
                ? needs.iterator().next() : null;
            boolean plain = copyOf != null && sameType(m, copyOf, col);
            if (rows != null) {
                for (List<Expression> row : rows) {
                    boolean copyValue = plain && !"DEFAULT".equalsIgnoreCase(row.get(position(copyOf, from)).toString());
                    row.add(Exprs.raw(copyValue ? row.get(position(copyOf, from)).toString()
                        : Exprs.substitute(e.getValue(), c -> position(c, from) < 0
                            ? defaults.get(c.toLowerCase(java.util.Locale.ROOT))
                            : castValue(m, c, row.get(position(c, from))), null)));
                }
            } else {
                wrapSelect();
                wrapped.add(new SelectItem<>(Exprs.raw(plain ? ref(position(copyOf, from))
                    : Exprs.substitute(e.getValue(), c -> position(c, from) < 0
                        ? defaults.get(c.toLowerCase(java.util.Locale.ROOT))
                        : castValue(m, c, Exprs.raw(ref(position(c, from)))), null))));
            }
            ctx.changed = true;
        }
    }

    private int position(String column, List<Integer> candidates) {
        for (int i : candidates) {
            if (columns.get(i).getColumnName().equalsIgnoreCase(column)
                || dev.tandem.driver.spec.Identifiers.matches(column, columns.get(i).getColumnName())) {
                return i;
            }
        }
        return -1;
    }

    private boolean sameType(Migration m, String a, String b) {
        String ta = ctx.columnType(m.table(), a);
        return ta != null && ta.equalsIgnoreCase(ctx.columnType(m.table(), b));
    }

    private String castValue(Migration m, String column, Expression value) {
        return ctx.storedValue(m, column, value, "INSERT of DEFAULT into " + column + ", which has no default "
            + "Tandem can compute the other side from; insert the value");
    }

    private final List<Integer> pendingRemovals = new ArrayList<>();

    private void remove(List<Integer> positions) {
        if (positions.isEmpty()) {
            return;
        }
        positions.sort(null);
        for (int k = positions.size() - 1; k >= 0; k--) {
            int p = positions.get(k);
            columns.remove(p);
            if (rows != null) {
                for (List<Expression> row : rows) {
                    row.remove(p);
                }
            } else {
                removedSelectPositions.add(p);
            }
        }
        ctx.changed = true;
    }

    private final List<Integer> removedSelectPositions = new ArrayList<>();
    private List<SelectItem<?>> wrapped;
    private int selectWidth;

    /** How the wrapper reads selected column {@code position} (0-based): its alias, kept or given. */
    private final List<String> selectRefs = new ArrayList<>();

    private String ref(int position) {
        return SRC + "." + selectRefs.get(position);
    }

    /**
     * Wraps the INSERT's select once: SELECT tandem_src.x, ... FROM (select) tandem_src. An item keeps the alias
     * the application gave it (its ORDER BY may name it); the others are named tandem_c1, tandem_c2, ...
     */
    private void wrapSelect() {
        if (wrapped == null) {
            PlainSelect first = firstPlainSelect(insert.getSelect());
            List<SelectItem<?>> items = first.getSelectItems();
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (int i = 0; i < items.size(); i++) {
                SelectItem<?> item = items.get(i);
                if (item.getExpression() instanceof AllColumns || item.getExpression() instanceof AllTableColumns) {
                    throw RewriteException.unsupported(target.migrations.get(0), "INSERT ... SELECT * into a migrated "
                        + "table from more than one table; list the selected columns");
                }
                String alias = item.getAlias() == null ? null : item.getAlias().getName();
                if (alias != null && seen.add(dev.tandem.driver.spec.Identifiers.unquote(alias).toLowerCase(
                    java.util.Locale.ROOT)) && !alias.toLowerCase(java.util.Locale.ROOT).startsWith("tandem_c")) {
                    selectRefs.add(alias);
                } else {
                    item.setAlias(new Alias("tandem_c" + (i + 1), true));
                    selectRefs.add("tandem_c" + (i + 1));
                }
            }
            selectWidth = items.size();
            wrapped = new ArrayList<>();
        }
    }

    /**
     * {@code INSERT ... SELECT * FROM t} (or {@code t.*}) over one table: the star written out from the table's
     * columns, so the wrapper can name them. Over a migrated table read from the old side the new columns are left
     * out: the application's {@code *} never had them.
     */
    private void expandSelectStar() {
        Select s = insert.getSelect();
        while (s instanceof ParenthesedSelect) {
            s = ((ParenthesedSelect) s).getSelect();
        }
        if (!(s instanceof PlainSelect)) {
            return;
        }
        PlainSelect ps = (PlainSelect) s;
        boolean star = false;
        for (SelectItem<?> i : ps.getSelectItems()) {
            star |= i.getExpression() instanceof AllColumns || i.getExpression() instanceof AllTableColumns;
        }
        if (!star || ps.getSelectItems().size() != 1 || (ps.getJoins() != null && !ps.getJoins().isEmpty())
            || !(ps.getFromItem() instanceof Table)) {
            return;
        }
        Table from = (Table) ps.getFromItem();
        Source src = Source.table(from, ctx.migrationsOn(from));
        TableMeta meta = ctx.meta(src.table);
        if (meta == null) {
            return;
        }
        List<SelectItem<?>> items = new ArrayList<>();
        for (TableMeta.ColumnMeta c : meta.columns()) {
            if (src.migrationWithNew(c.name()) != null) {
                continue;
            }
            items.add(new SelectItem<>(Exprs.raw(src.qualifier() + "." + ctx.dialect.quote(c.name()))));
        }
        ps.setSelectItems(items);
        ctx.changed = true;
    }

    private PlainSelect firstPlainSelect(Select s) {
        if (s instanceof PlainSelect) {
            return (PlainSelect) s;
        }
        if (s instanceof ParenthesedSelect) {
            return firstPlainSelect(((ParenthesedSelect) s).getSelect());
        }
        if (s instanceof SetOperationList) {
            return firstPlainSelect(((SetOperationList) s).getSelects().get(0));
        }
        throw RewriteException.unsupported(target.migrations.get(0), "INSERT ... " + s.getClass().getSimpleName()
            + " into a migrated table is not rewritten; use INSERT ... VALUES or INSERT ... SELECT");
    }

    /** Called after all migrations were applied: builds the wrapping select if one is needed. */
    private void finishSelect() {
        if (wrapped == null && removedSelectPositions.isEmpty()) {
            return;
        }
        if (wrapped == null) {
            wrapSelect();
        }
        PlainSelect outer = new PlainSelect();
        for (int i = 0; i < selectWidth; i++) {
            if (!removedSelectPositions.contains(i)) {
                outer.addSelectItem(Exprs.raw(ref(i)));
            }
        }
        for (SelectItem<?> extra : wrapped) {
            outer.addSelectItems(extra);
        }
        ParenthesedSelect from = new ParenthesedSelect();
        from.setSelect(insert.getSelect());
        from.setAlias(new Alias(SRC, true));
        outer.setFromItem(from);
        insert.setSelect(outer);
    }

    /** The INSERT's column list, from metadata when the statement has none (VALUES fill leading columns). */
    private List<Column> columnList() {
        ExpressionList<Column> cols = insert.getColumns();
        if (cols != null && !cols.isEmpty()) {
            return cols;
        }
        TableMeta meta = ctx.meta(target.table);
        if (meta == null) {
            throw RewriteException.unsupported(target.migrations.get(0), "INSERT without a column list into "
                + target.table + ", whose columns the server did not report; list the columns");
        }
        int width = rows != null ? rows.get(0).size() : firstPlainSelect(insert.getSelect()).getSelectItems().size();
        List<String> names = StarExpansion.applicationColumns(ctx, target, meta);
        if (names == null) {
            throw RewriteException.unsupported(target.migrations.get(0), "INSERT without a column list into "
                + target.table + ", whose dropped old columns' places Tandem does not know (set oldPosition in the "
                + "spec); list the columns");
        }
        ExpressionList<Column> list = new ExpressionList<>();
        for (int i = 0; i < width && i < names.size(); i++) {
            list.add(new Column(ctx.dialect.quote(names.get(i))));
        }
        insert.setColumns(list);
        return list;
    }

    /** The VALUES rows as mutable lists, written back into the tree. */
    @SuppressWarnings("unchecked")
    static List<List<Expression>> rows(Values values) {
        ExpressionList<?> list = values.getExpressions();
        List<List<Expression>> out = new ArrayList<>();
        boolean multi = !(list instanceof ParenthesedExpressionList) && !list.isEmpty()
            && list.get(0) instanceof ParenthesedExpressionList;
        if (multi) {
            for (Object row : list) {
                out.add((List<Expression>) row);
            }
        } else {
            out.add((List<Expression>) list);
        }
        return out;
    }
}
