package dev.tandem.driver.internal.rewrite;

import dev.tandem.driver.spec.Identifiers;
import dev.tandem.driver.spec.Migration;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The row sources visible at one query level, chained to the enclosing levels (correlated
 * subqueries see outer sources). Resolves column references the way the server would, and refuses
 * to guess when an unqualified name could belong to more than one source.
 */
final class Scope {
    /** A column that belongs to a migrated source. */
    record Resolved(Source source, Migration migration, String column, boolean old) {
    }

    private enum Has { YES, NO, UNKNOWN }

    final Scope parent;
    final List<Source> sources = new ArrayList<>();
    /** A NATURAL or USING join at this level: {@code *} folds the join columns into one. */
    boolean mergedJoinColumns;
    private final Map<String, List<String>> ctes = new HashMap<>();

    Scope(Scope parent) {
        this.parent = parent;
    }

    void addCte(String name, List<String> columns) {
        ctes.put(name.toLowerCase(Locale.ROOT), columns);
    }

    /** True if {@code name} is a CTE visible here; its columns via {@link #cteColumns}. */
    boolean isCte(String name) {
        for (Scope s = this; s != null; s = s.parent) {
            if (s.ctes.containsKey(name.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    List<String> cteColumns(String name) {
        for (Scope s = this; s != null; s = s.parent) {
            if (s.ctes.containsKey(name.toLowerCase(Locale.ROOT))) {
                return s.ctes.get(name.toLowerCase(Locale.ROOT));
            }
        }
        return null;
    }

    /** The migrated column {@code column} refers to, or {@code null} if it is not a migrated column. */
    Resolved resolve(Column column, RewriteContext ctx) {
        String name = column.getColumnName();
        Table q = column.getTable();
        if (q != null && q.getName() != null) {
            for (Scope s = this; s != null; s = s.parent) {
                for (Source src : s.sources) {
                    if (src.answersTo(q)) {
                        return bind(src, name);
                    }
                }
            }
            return null;
        }
        if (!ctx.isMigratedColumnName(name)) {
            return null;
        }
        for (Scope s = this; s != null; s = s.parent) {
            Source migrated = null;
            int definite = 0;
            boolean unknown = false;
            for (Source src : s.sources) {
                Has h = has(src, name, ctx);
                if (h == Has.YES) {
                    definite++;
                    if (src.isMigrated() && bind(src, name) != null && migrated == null) {
                        migrated = src;
                    }
                } else if (h == Has.UNKNOWN) {
                    unknown = true;
                }
            }
            if (migrated != null && definite == 1 && !unknown) {
                return bind(migrated, name);
            }
            if (migrated != null) {
                Resolved r = bind(migrated, name);
                throw RewriteException.ambiguous(r.migration(), "unqualified column '" + name
                    + "' could belong to " + migrated + " or another source in the same FROM clause"
                    + (unknown ? " whose columns Tandem cannot see" : "")
                    + "; qualify it with a table name or alias");
            }
            if (definite > 0) {
                return null;
            }
            if (unknown && s.parent != null && s.parent.couldResolveToMigrated(name)) {
                Resolved r = s.parent.resolve(column, ctx);
                throw RewriteException.ambiguous(r == null ? null : r.migration(), "unqualified column '" + name
                    + "' in a subquery could come from a source whose columns Tandem cannot see or from "
                    + (r == null ? "an outer migrated table" : r.source()) + "; qualify it");
            }
        }
        return null;
    }

    private boolean couldResolveToMigrated(String name) {
        for (Scope s = this; s != null; s = s.parent) {
            for (Source src : s.sources) {
                if (src.isMigrated() && bind(src, name) != null) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Resolved bind(Source src, String name) {
        Migration m = src.migrationWithOld(name);
        if (m != null) {
            return new Resolved(src, m, m.oldColumn(name), true);
        }
        m = src.migrationWithNew(name);
        if (m != null) {
            return new Resolved(src, m, m.newColumn(name), false);
        }
        return null;
    }

    private static Has has(Source src, String name, RewriteContext ctx) {
        if (src.isMigrated() && bind(src, name) != null) {
            return Has.YES;
        }
        if (src.isTable()) {
            var meta = ctx.meta(src.table);
            if (meta == null) {
                return Has.UNKNOWN;
            }
            return meta.has(dev.tandem.driver.spec.Identifiers.unquote(name)) ? Has.YES : Has.NO;
        }
        if (src.derivedColumns == null) {
            return Has.UNKNOWN;
        }
        boolean unknown = false;
        for (String c : src.derivedColumns) {
            if (c == null || StarExpansion.UNKNOWN.equals(c)) {
                unknown |= c != null;
            } else if (dev.tandem.driver.spec.Identifiers.matches(Identifiers.unquote(c), name)) {
                return Has.YES;
            }
        }
        return unknown ? Has.UNKNOWN : Has.NO;
    }
}
