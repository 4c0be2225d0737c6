package dev.tandem.agent.ddl;

import dev.tandem.agent.ddl.DdlPlan.DdlStep;
import dev.tandem.agent.ddl.DdlPlan.Stage;
import dev.tandem.agent.phase.SchemaCheck;
import dev.tandem.driver.schema.Catalog;
import dev.tandem.driver.schema.Dialect;
import dev.tandem.driver.schema.Dialect.Ddl;
import dev.tandem.driver.schema.Dialect.DdlLock;
import dev.tandem.driver.schema.TableMeta;
import dev.tandem.driver.schema.TableMeta.ColumnMeta;
import dev.tandem.driver.spec.Migration;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The DDL of a move ({@link Migration.Kind#MOVE}). Expand: CREATE TABLE target with the target key (the source
 * key's types, NOT NULL, PRIMARY KEY) and the moved columns (the spec's {@code type}, or the source column's type
 * for a plain copy, with its DEFAULT), all nullable; on MySQL/MariaDB also the foreign key to the source, which
 * costs nothing on an empty table but a copying ALTER later. A target that exists already gets the moved columns
 * it lacks (ADD COLUMN, nullable). Tighten (after the backfill): a moved column whose source columns are all NOT
 * NULL becomes NOT NULL in the target online, then the source's moved columns lose a NOT NULL that has no default
 * (from COMPLETE writes no longer set them). Contract: PostgreSQL adds the foreign key NOT VALID and validates
 * it. Complete: the moved source columns are dropped (the driver writes them through CONTRACT, so that a
 * rollback from CONTRACT finds them current). The foreign key is ON DELETE CASCADE: deleting a source row deletes
 * its target row, whatever the statement that deleted it.
 */
final class MoveDdl {
    private final Dialect dialect;
    private final boolean pg;

    MoveDdl(Dialect dialect) {
        this.dialect = dialect;
        this.pg = dialect.findsTablesByRegclass();
    }

    DdlPlan plan(Migration m, Connection c) throws SQLException {
        Catalog catalog = new Catalog(dialect);
        TableMeta src = catalog.table(m.table(), c);
        TableMeta tgt = catalog.table(m.target(), c);
        List<DdlStep> steps = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        String source = m.table().toString();
        String target = m.target().toString();
        if (src == null) {
            notes.add("table " + source + " does not exist");
            return new DdlPlan(m.id(), m.phase(), steps, notes);
        }
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, String> defaults = new LinkedHashMap<>();
        for (String n : m.newColumns()) {
            String from = m.oldColumn(m.forward().get(n).trim());
            ColumnMeta copied = from == null ? null : src.column(from);
            ColumnMeta existing = tgt == null ? null : tgt.column(n);
            String type = existing != null ? existing.type() : m.types().get(n);
            if (type == null && copied != null) {
                type = copied.type();
            }
            if (type == null) {
                notes.add("moved column " + n + " has no declared type: add 'type: <SQL type>' to its entry in the "
                    + "spec");
                continue;
            }
            types.put(n, type);
            String dflt = existing != null ? existing.defaultExpression()
                : copied == null ? null : copied.defaultExpression();
            if (dflt != null) {
                defaults.put(n, dflt);
            }
        }
        String fk = MoveCatalog.foreignKeyName(m);
        Boolean fkValidated = new MoveCatalog(dialect).foreignKeyValidated(m, c);
        if (tgt == null) {
            if (types.size() == m.newColumns().size()) {
                steps.add(new DdlStep(Stage.EXPAND, createTable(m, src, types, defaults), pg
                    ? "none on existing tables: creates a new, empty table"
                    : "creates a new, empty table; its foreign key takes a metadata lock on " + source + " for an "
                    + "instant (waits at most lock_wait_timeout)", null));
            }
        } else {
            expandExisting(m, tgt, types, defaults, steps, notes);
            if (!pg && fkValidated == null) {
                notes.add("target " + target + " existed before the move, so it has no foreign key to " + source
                    + ": adding one copies the table (writes to it wait) or, with foreign_key_checks=0, leaves its "
                    + "rows unchecked; add it in a quiet hour: ALTER TABLE " + target + " ADD CONSTRAINT " + fk
                    + " FOREIGN KEY (" + String.join(", ", m.targetKey()) + ") REFERENCES " + source + " ("
                    + String.join(", ", m.key()) + ") ON DELETE CASCADE");
            }
        }
        // No index steps for a target the plan cannot create (a moved column without a type).
        boolean buildable = tgt != null || types.size() == m.newColumns().size();
        Set<String> uniqueMoved = indexes(m, tgt != null, buildable ? steps : new ArrayList<>(), c, notes);
        for (String n : types.keySet()) {
            ColumnMeta existing = tgt == null ? null : tgt.column(n);
            if (DdlPlanner.oldSideNotNull(m, src, n) && (existing == null || existing.nullable())) {
                for (Ddl d : dialect.setNotNullOnline(target, n, types.get(n), defaults.get(n), checkName(n))) {
                    steps.add(step(Stage.TIGHTEN, d));
                }
            }
        }
        for (String o : m.oldColumns()) {
            // From CONTRACT on, inserts no longer set the moved source columns (as relaxOld in DdlPlanner).
            ColumnMeta col = src.column(o);
            if (col == null) {
                continue;
            }
            String dflt = col.defaultExpression();
            if (dflt != null && uniqueMoved.contains(o.toLowerCase(Locale.ROOT))) {
                steps.add(step(Stage.TIGHTEN, new Ddl("ALTER TABLE " + source + " ALTER COLUMN " + o + " DROP DEFAULT"
                    + dialect.onlineAlterClause(), DdlLock.BRIEF_EXCLUSIVE)));
                dflt = null;
            }
            if (!col.nullable() && dflt == null) {
                steps.add(step(Stage.TIGHTEN, dialect.dropNotNull(source, o, col.type(), null)));
            }
        }
        if (pg && !Boolean.TRUE.equals(fkValidated)) {
            if (fkValidated == null) {
                // Never waits while it holds a lock, so it cannot deadlock with the driver's writes, which lock the
                // two tables in either order (a statement's first planning locks the source of its CTE first, a
                // cached plan its result table, the target): waits for the target's lock, then takes the source's
                // without waiting (NOWAIT fails as a lock timeout does, and the step is tried again). One statement,
                // a DO block, so that LOCK runs in its transaction.
                steps.add(new DdlStep(Stage.CONTRACT, "DO $tandem$BEGIN LOCK TABLE " + target + " IN SHARE ROW "
                    + "EXCLUSIVE MODE; LOCK TABLE " + source + " IN SHARE ROW EXCLUSIVE MODE NOWAIT; ALTER TABLE "
                    + target + " ADD CONSTRAINT " + fk
                    + " FOREIGN KEY (" + String.join(", ", m.targetKey()) + ") REFERENCES " + source + " ("
                    + String.join(", ", m.key()) + ") ON DELETE CASCADE NOT VALID; END$tandem$", "SHARE ROW EXCLUSIVE on "
                    + target + " and " + source + " for an instant (no scan); waits at most lock_timeout for "
                    + target + ", not at all for " + source, null));
            }
            steps.add(new DdlStep(Stage.CONTRACT, "ALTER TABLE " + target + " VALIDATE CONSTRAINT " + fk,
                "SHARE UPDATE EXCLUSIVE on " + target + " and ROW SHARE on " + source + " while it scans: writes "
                + "continue", null));
        }
        // Foreign keys over moved columns: copied to the target (PostgreSQL) or noted, and dropped from the source
        // first where the server refuses to drop a column a key covers (MySQL).
        new ForeignKeys(dialect, m, source).plan(c, steps, notes);
        Set<String> moved = new HashSet<>();
        for (String o : m.oldColumns()) {
            moved.add(o.toLowerCase(Locale.ROOT));
            if (src.column(o) == null) {
                notes.add(SchemaCheck.needsOld(m.phase()) ? "moved column " + o + " does not exist in " + source
                    + "; it was never dropped (the migration is in " + m.phase() + "): correct the spec and reload"
                    : "moved column " + o + " is already dropped from " + source);
                continue;
            }
            steps.add(step(Stage.COMPLETE, new Ddl("ALTER TABLE " + source + " DROP COLUMN " + o
                + dialect.onlineAlterClause(), DdlLock.BRIEF_EXCLUSIVE)));
        }
        for (String view : catalog.viewsReading(m.table(), moved, c)) {
            notes.add("view " + view + " reads moved columns of " + source + ": recreate it over " + target
                + " before READ_NEW (and before the contract DDL, which cannot drop a column a view reads)");
        }
        for (TableMeta.Check ch : catalog.checks(m.table(), c)) {
            for (String o : m.oldColumns()) {
                if (Pattern.compile("(?<![\\w$.])" + Pattern.quote(o) + "(?![\\w$])", Pattern.CASE_INSENSITIVE)
                    .matcher(ch.condition()).find()) {
                    notes.add("CHECK " + ch.name() + " " + ch.condition() + " reads moved columns of " + source
                        + ": add its equivalent on " + target + " by hand before CONTRACT");
                    break;
                }
            }
        }
        return new DdlPlan(m.id(), m.phase(), steps, notes);
    }

    /**
     * Each source index over plain-copied moved columns only, built on the target online in EXPAND (named
     * {@code <index>_tandem}); one that also covers columns staying in the source is named in a note. Returns the
     * moved source columns under a UNIQUE index.
     */
    private Set<String> indexes(Migration m, boolean targetExists, List<DdlStep> steps, Connection c,
                                List<String> notes) throws SQLException {
        Map<String, String> copies = new LinkedHashMap<>();
        for (String n : m.newColumns()) {
            String from = m.oldColumn(m.forward().get(n).trim());
            if (from != null) {
                copies.put(from.toLowerCase(Locale.ROOT), n);
            }
        }
        Set<String> moved = new HashSet<>();
        m.oldColumns().forEach(o -> moved.add(o.toLowerCase(Locale.ROOT)));
        DdlPlanner planner = new DdlPlanner(dialect);
        Set<String> targetNames = new HashSet<>();
        Set<String> invalid = new HashSet<>();
        if (targetExists) {
            planner.indexes(m.target(), c, targetNames);
            invalid.addAll(new Catalog(dialect).invalidIndexes(m.target(), c));
        }
        Set<String> uniqueMoved = new HashSet<>();
        for (DdlPlanner.Index idx : planner.indexes(m.table(), c, new HashSet<>())) {
            List<String> mapped = new ArrayList<>();
            boolean touches = false;
            for (String col : idx.columns()) {
                String lower = col.toLowerCase(Locale.ROOT);
                touches |= moved.contains(lower);
                if (idx.unique() && moved.contains(lower)) {
                    uniqueMoved.add(lower);
                }
                mapped.add(copies.get(lower));
            }
            if (!touches) {
                continue;
            }
            if (mapped.contains(null)) {
                notes.add("index " + idx.name() + " " + idx.columns() + " covers moved columns and columns that are "
                    + "not plain copies in " + m.target() + " (computed, or staying in " + m.table() + "): create "
                    + "what reads need on " + m.target() + " by hand before READ_NEW");
                continue;
            }
            String name = idx.name().length() > 56 ? idx.name().substring(0, 56) + "_tandem" : idx.name() + "_tandem";
            String key = name.toLowerCase(Locale.ROOT);
            if (targetNames.contains(key) && !invalid.contains(key)) {
                continue;
            }
            if (invalid.contains(key)) {
                steps.add(new DdlStep(Stage.EXPAND, dialect.afterFailedIndexBuild(name),
                    dialect.describeLock(DdlLock.INDEX_BUILD), null));
            }
            steps.add(new DdlStep(Stage.EXPAND, dialect.createIndexOnline(m.target().toString(), name, idx.unique(),
                mapped), dialect.describeLock(DdlLock.INDEX_BUILD), dialect.afterFailedIndexBuild(name)));
        }
        return uniqueMoved;
    }

    private String createTable(Migration m, TableMeta src, Map<String, String> types, Map<String, String> defaults) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < m.key().size(); i++) {
            parts.add(m.targetKey().get(i) + " " + src.column(m.key().get(i)).type() + " NOT NULL");
        }
        for (Map.Entry<String, String> e : types.entrySet()) {
            String dflt = defaults.get(e.getKey());
            parts.add(e.getKey() + " " + e.getValue() + (dflt == null ? "" : " DEFAULT " + dflt));
        }
        parts.add("PRIMARY KEY (" + String.join(", ", m.targetKey()) + ")");
        if (!pg) {
            parts.add("CONSTRAINT " + MoveCatalog.foreignKeyName(m) + " FOREIGN KEY (" + String.join(", ",
                m.targetKey()) + ") REFERENCES " + m.table() + " (" + String.join(", ", m.key())
                + ") ON DELETE CASCADE");
        }
        return "CREATE TABLE " + m.target() + " (" + String.join(", ", parts) + ")";
    }

    /** A target that exists already: the moved columns it lacks, nullable, with their defaults. */
    private void expandExisting(Migration m, TableMeta tgt, Map<String, String> types, Map<String, String> defaults,
                                List<DdlStep> steps, List<String> notes) {
        String target = m.target().toString();
        for (Map.Entry<String, String> e : types.entrySet()) {
            String n = e.getKey();
            if (tgt.column(n) != null) {
                notes.add("column " + target + "." + n + " already exists");
                continue;
            }
            steps.add(step(Stage.EXPAND, new Ddl("ALTER TABLE " + target + " ADD COLUMN " + n + " " + e.getValue()
                + dialect.onlineAlterClause(), DdlLock.BRIEF_EXCLUSIVE)));
            if (defaults.containsKey(n)) {
                steps.add(step(Stage.EXPAND, dialect.setDefault(target, n, defaults.get(n))));
            }
        }
    }

    private DdlStep step(Stage stage, Ddl ddl) {
        return new DdlStep(stage, ddl.sql(), dialect.describeLock(ddl.lock()), null);
    }

    private static String checkName(String column) {
        String name = column.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "") + "_not_null_tandem";
        return name.length() > 63 ? name.substring(name.length() - 63) : name;
    }
}
