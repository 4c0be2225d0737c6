package dev.tandem.driver.internal.plan;

import dev.tandem.driver.internal.config.ConfigSnapshot;
import dev.tandem.driver.internal.rewrite.Trees;
import dev.tandem.driver.internal.text.SqlLexer;
import dev.tandem.driver.schema.Catalog;
import dev.tandem.driver.spec.Identifiers;
import dev.tandem.driver.spec.Migration;
import dev.tandem.driver.spec.Phase;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.update.Update;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The views that read old columns of a migration in a rewriting phase, for one config version. Tandem does not
 * rewrite views: reading one from the new side, or writing through one while the two sides must be kept equal,
 * would be silently wrong, so such statements are refused.
 *
 * <p>The list is read on the first statement of the config version that names a migrated table (its planning
 * reads the catalog anyway): a statement on an unmigrated table never causes a query of Tandem's own on the
 * application's connection.
 */
final class Views {
    private static final System.Logger LOG = System.getLogger(Views.class.getName());

    /** Why a statement through a view is refused. */
    record Refusal(Migration migration, String reason) {
    }

    private final ConfigSnapshot snapshot;
    private final Catalog catalog;
    /** By lower-case name; null until loaded. */
    private volatile Map<String, Migration> views;

    Views(ConfigSnapshot snapshot, Catalog catalog) {
        this.snapshot = snapshot;
        this.catalog = catalog;
    }

    /** True if {@code sql} may name such a view (a substring test, as the prefilter's). */
    boolean mentioned(String sql) {
        Map<String, Migration> vs = views;
        if (vs == null || vs.isEmpty()) {
            return false;
        }
        String lower = sql.toLowerCase(Locale.ROOT);
        for (String v : vs.keySet()) {
            if (lower.contains(v)) {
                return true;
            }
        }
        return false;
    }

    /** {@code tableNames} and the names of such views (lower case): every name that makes a statement planned. */
    java.util.Collection<String> namesWith(java.util.List<String> tableNames) {
        Map<String, Migration> vs = views;
        if (vs == null || vs.isEmpty()) {
            return tableNames;
        }
        java.util.List<String> all = new java.util.ArrayList<>(tableNames);
        all.addAll(vs.keySet());
        return all;
    }

    /** True if {@code sql} names such a view as an identifier. */
    boolean namedIn(String sql, boolean mysql) {
        Map<String, Migration> vs = views;
        return vs != null && !vs.isEmpty() && SqlLexer.identifierAmong(sql, mysql, vs.keySet()) != null;
    }

    /** Reads the list, once per config version, when {@code statement} names a migrated table. */
    void loadFor(Statement statement, Connection physical) {
        if (views != null || !namesMigratedTable(statement)) {
            return;
        }
        Map<String, Migration> found = new HashMap<>();
        if (physical != null) {
            for (Migration m : snapshot.activeMigrations()) {
                if (!m.phase().rewrites()) {
                    continue;
                }
                Set<String> old = new HashSet<>();
                for (String c : m.oldColumns()) {
                    old.add(c.toLowerCase(Locale.ROOT));
                }
                try {
                    for (String v : catalog.viewsReading(m.table(), old, physical)) {
                        found.putIfAbsent(v, m);
                    }
                } catch (SQLException | RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "Tandem could not list the views that read the old columns "
                        + "of " + m.table() + " (" + e + "); statements on such views are not checked in this config "
                        + "version");
                }
            }
        }
        views = Map.copyOf(found);
    }

    /**
     * Why {@code statement} must be refused because it goes through such a view; null when it names none or may
     * use it as it is (a read while the old side is read). DDL such as {@code DROP VIEW} is the operator's.
     */
    Refusal refusal(Statement statement) {
        Map<String, Migration> vs = views;
        if (vs == null || vs.isEmpty()) {
            return null;
        }
        if (!(statement instanceof Select || statement instanceof Insert || statement instanceof Update
            || statement instanceof Delete)) {
            return null;
        }
        Migration[] hit = new Migration[1];
        String[] name = new String[1];
        Trees.forEachTable(statement, t -> {
            Migration m = vs.get(Identifiers.unquote(t.getName()).toLowerCase(Locale.ROOT));
            if (m != null && hit[0] == null) {
                hit[0] = m;
                name[0] = t.getName();
            }
        });
        Migration m = hit[0];
        if (m == null) {
            return null;
        }
        boolean read = statement instanceof Select;
        boolean newSide = m.phase() == Phase.READ_NEW || m.phase().newSideIsTruth();
        if (read && !newSide) {
            return null;
        }
        return new Refusal(m, "view " + name[0] + " reads old columns of " + m.table() + ", and Tandem does not "
            + "rewrite views; " + (read ? "in " + m.phase() + " it would read the old side, which is no longer the one "
            + "to read" : "a write through it would change one side only") + ". Recreate the view over the new "
            + "columns, or query the table");
    }

    private boolean namesMigratedTable(Statement statement) {
        boolean[] found = new boolean[1];
        Trees.forEachTable(statement, t -> {
            for (Migration m : snapshot.activeMigrations()) {
                if (m.phase().rewrites() && Identifiers.matches(m.table().name(), t.getName())) {
                    found[0] = true;
                }
            }
        });
        return found[0];
    }
}
