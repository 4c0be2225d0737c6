package dev.tandem.driver.rewrite;

import dev.tandem.driver.spec.Migration;
import dev.tandem.driver.sql.Dialect;
import dev.tandem.driver.sql.TableMeta;
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
        Set<String> emitted = new HashSet<>();
        for (TableMeta.ColumnMeta c : meta.columns()) {
            Migration old = s.migrationWithOld(c.name());
            if (old != null && ctx.readMode(old) == ReadMode.NEW) {
                emitOld(ctx, s, old, old.oldColumn(c.name()), out, labels, emitted);
                continue;
            }
            Migration neu = s.migrationWithNew(c.name());
            if (neu != null && ctx.readMode(neu) == ReadMode.NEW) {
                String n = neu.newColumn(c.name());
                for (String o : neu.oldColumns()) {
                    if (neu.backwardRefs().get(o).contains(n) && !meta.has(o)) {
                        emitOld(ctx, s, neu, o, out, labels, emitted);
                    }
                }
            }
            out.add(new SelectItem<>(Exprs.raw(s.qualifier() + "." + quote(ctx.dialect, c.name()))));
            labels.add(c.name());
        }
    }

    private static void emitOld(RewriteContext ctx, Source s, Migration m, String old, List<SelectItem<?>> out,
                                List<String> labels, Set<String> emitted) {
        if (!emitted.add(old.toLowerCase(java.util.Locale.ROOT))) {
            return;
        }
        String read = Exprs.backwardRead(m, old, s.qualifier(), ctx);
        out.add(new SelectItem<>(Exprs.raw(read), new Alias(quote(ctx.dialect, old), true)));
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

    /** An identifier as the dialect needs it written: bare when it is a plain lower-case name. */
    static String quote(Dialect dialect, String name) {
        if (name.matches("[a-z_][a-z0-9_]*") || (dialect == Dialect.MYSQL && name.matches("[A-Za-z_][A-Za-z0-9_]*"))) {
            return name;
        }
        return dialect == Dialect.MYSQL ? "`" + name.replace("`", "``") + "`" : "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
