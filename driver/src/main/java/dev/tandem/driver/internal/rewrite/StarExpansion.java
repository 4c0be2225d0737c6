package dev.tandem.driver.internal.rewrite;

import dev.tandem.driver.spec.Migration;
import dev.tandem.driver.schema.TableMeta;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.SelectItem;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Expands {@code *} and {@code t.*} over a table whose old columns are read from the new side into an
 * explicit list from cached metadata, keeping every column's position and label. Other sources stay
 * {@code t.*}. Old columns already dropped (COMPLETE) appear just before the first new column they read.
 */
final class StarExpansion {
    /** Marker in a label list for columns Tandem cannot name. */
    static final String UNKNOWN = "*";

    private StarExpansion() {
    }

    /** Replacement items for {@code star}, or {@code null} to keep it; appends output labels either way. */
    static List<SelectItem<?>> expand(RewriteContext ctx, Scope scope, Expression star, List<String> labels) {
        List<Source> covered = new ArrayList<>();
        if (star instanceof AllTableColumns) {
            Table t = ((AllTableColumns) star).getTable();
            for (Source s : scope.sources) {
                if (s.answersTo(t)) {
                    covered.add(s);
                    break;
                }
            }
        } else if (star instanceof AllColumns) {
            covered.addAll(scope.sources);
        }
        boolean expand = false;
        for (Source s : covered) {
            for (Migration m : s.migrations) {
                expand |= ctx.readMode(m) == ReadMode.NEW;
            }
        }
        if (!expand) {
            for (Source s : covered) {
                labels.addAll(columnsOf(ctx, s));
            }
            return null;
        }
        if (star instanceof AllColumns && scope.mergedJoinColumns) {
            throw RewriteException.unsupported(covered.get(0).migrations.isEmpty() ? null
                : covered.get(0).migrations.get(0), "SELECT * over a NATURAL or USING join folds the join columns, "
                + "and the old columns must be read from the new side; list the columns");
        }
        List<SelectItem<?>> out = new ArrayList<>();
        for (Source s : covered) {
            if (!s.isMigrated()) {
                if (s.alias == null && s.table == null) {
                    throw RewriteException.unsupported(null, "SELECT * over a derived table without an alias "
                        + "next to a migrated table; give the derived table an alias");
                }
                out.add(new SelectItem<>(new AllTableColumns(new Table(s.qualifier()))));
                labels.addAll(columnsOf(ctx, s));
                continue;
            }
            expandMigrated(ctx, s, out, labels);
        }
        ctx.changed = true;
        return out;
    }

    private static void expandMigrated(RewriteContext ctx, Source s, List<SelectItem<?>> out, List<String> labels) {
        TableMeta meta = ctx.meta(s.table);
        if (meta == null) {
            throw RewriteException.unsupported(s.migrations.get(0), "SELECT * on " + s.table
                + " needs the table's columns, but the server returned none; list the columns explicitly");
        }
        // The columns as the application knew them: the table's, with each dropped old column (COMPLETE) back in
        // its own place where that is known (oldPosition in the spec, or PostgreSQL's slot of a dropped column).
        List<Object> order = new ArrayList<>(meta.columns());
        Set<String> placed = new HashSet<>();
        List<Object[]> dropped = droppedOldColumns(ctx, s, meta);
        for (Object[] d : dropped) {
            int at = Math.min((Integer) d[2], order.size());
            order.add(at, d);
            placed.add(((String) d[1]).toLowerCase(java.util.Locale.ROOT));
        }
        Set<String> emitted = new HashSet<>();
        for (Object o : order) {
            if (o instanceof Object[]) {
                Object[] d = (Object[]) o;
                emitOld(ctx, s, (Migration) d[0], (String) d[1], out, labels, emitted);
                continue;
            }
            TableMeta.ColumnMeta c = (TableMeta.ColumnMeta) o;
            Migration old = s.migrationWithOld(c.name());
            if (old != null && ctx.readMode(old) == ReadMode.NEW) {
                emitOld(ctx, s, old, old.oldColumn(c.name()), out, labels, emitted);
                continue;
            }
            Migration neu = s.migrationWithNew(c.name());
            if (neu != null && ctx.starWithoutNewColumns) {
                continue;
            }
            if (neu != null && ctx.readMode(neu) == ReadMode.NEW) {
                String n = neu.newColumn(c.name());
                for (String o2 : neu.oldColumns()) {
                    if (neu.backwardRefs().get(o2).contains(n) && !meta.has(o2)
                        && !placed.contains(o2.toLowerCase(java.util.Locale.ROOT))) {
                        emitOld(ctx, s, neu, o2, out, labels, emitted);
                    }
                }
            }
            out.add(new SelectItem<>(Exprs.raw(s.qualifier() + "." + ctx.dialect.quote(c.name()))));
            labels.add(c.name());
        }
        // A dropped old column that has no place and no new column of the same table to stand next to (a move's
        // column on MySQL/MariaDB without oldPosition): leaving it out would silently change the row's shape.
        for (Migration m : s.migrations) {
            if (ctx.readMode(m) != ReadMode.NEW) {
                continue;
            }
            for (String o : m.oldColumns()) {
                if (!meta.has(o) && !emitted.contains(o.toLowerCase(java.util.Locale.ROOT))) {
                    throw RewriteException.unsupported(m, "SELECT * on " + s.table + " must return its dropped column "
                        + o + " in the place it had, which Tandem does not know; set oldPosition for " + o
                        + " in the spec, or list the columns");
                }
            }
        }
    }

    /**
     * The table's columns as the application knows them, in order: the server's, with each dropped old column
     * (COMPLETE) back in its place; null when a dropped old column's place is not known.
     */
    static List<String> applicationColumns(RewriteContext ctx, Source s, TableMeta meta) {
        List<String> names = new ArrayList<>();
        for (TableMeta.ColumnMeta c : meta.columns()) {
            names.add(c.name());
        }
        int missing = 0;
        for (Migration m : s.migrations) {
            if (!m.phase().rewrites()) {
                continue;
            }
            for (String o : m.oldColumns()) {
                missing += meta.has(o) ? 0 : 1;
            }
        }
        if (missing == 0) {
            return names;
        }
        List<Object[]> dropped = droppedOldColumns(ctx, s, meta);
        if (dropped.size() != missing) {
            return null;
        }
        for (Object[] d : dropped) {
            names.add(Math.min((Integer) d[2], names.size()), (String) d[1]);
        }
        return names;
    }

    /**
     * The old columns of {@code s} the server no longer has, each as {migration, column, 0-based place}, in
     * ascending place, where the place is known: the spec's oldPosition, or on PostgreSQL the slots the server
     * keeps for dropped columns when there are exactly as many as dropped old columns (then they are these).
     */
    private static List<Object[]> droppedOldColumns(RewriteContext ctx, Source s, TableMeta meta) {
        List<Object[]> known = new ArrayList<>();
        List<Object[]> unplaced = new ArrayList<>();
        for (Migration m : s.migrations) {
            if (ctx.readMode(m) != ReadMode.NEW) {
                continue;
            }
            for (String o : m.oldColumns()) {
                if (meta.has(o)) {
                    continue;
                }
                Integer p = m.oldPositions().get(o);
                if (p != null) {
                    known.add(new Object[] {m, o, p - 1});
                } else {
                    unplaced.add(new Object[] {m, o, null});
                }
            }
        }
        if (known.isEmpty() && !unplaced.isEmpty() && unplaced.size() == meta.droppedPositions().size()) {
            for (int i = 0; i < unplaced.size(); i++) {
                unplaced.get(i)[2] = meta.droppedPositions().get(i);
                known.add(unplaced.get(i));
            }
        }
        known.sort((a, b) -> Integer.compare((Integer) a[2], (Integer) b[2]));
        return known;
    }

    private static void emitOld(RewriteContext ctx, Source s, Migration m, String old, List<SelectItem<?>> out,
                                List<String> labels, Set<String> emitted) {
        if (!emitted.add(old.toLowerCase(java.util.Locale.ROOT))) {
            return;
        }
        String read = Exprs.backwardRead(m, old, s.qualifier(), ctx);
        out.add(new SelectItem<>(Exprs.raw(read), new Alias(ctx.dialect.quote(old), true)));
        labels.add(old);
    }

    /** Column names a source contributes to {@code *}, or the unknown marker. */
    static List<String> columnsOf(RewriteContext ctx, Source s) {
        if (s.isTable()) {
            TableMeta meta = ctx.meta(s.table);
            if (meta == null) {
                return List.of(UNKNOWN);
            }
            List<String> names = new ArrayList<>();
            for (TableMeta.ColumnMeta c : meta.columns()) {
                names.add(c.name());
            }
            return names;
        }
        return s.derivedColumns == null ? List.of(UNKNOWN) : s.derivedColumns;
    }

}
