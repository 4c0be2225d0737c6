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

/**
 * The DDL of a move ({@link Migration.Kind#MOVE}). Expand: CREATE TABLE target with the target key (the source
 * key's types, NOT NULL, PRIMARY KEY) and the moved columns (the spec's {@code type}, or the source column's type
 * for a plain copy, with its DEFAULT), all nullable; on MySQL/MariaDB also the foreign key to the source, which
 * costs nothing on an empty table but a copying ALTER later. A target that exists already gets the moved columns
 * it lacks (ADD COLUMN, nullable). Tighten (after the backfill): a moved column whose source columns are all NOT
 * NULL becomes NOT NULL in the target online, then the source's moved columns lose a NOT NULL that has no default
 * (writes stop setting them at CONTRACT). Contract: PostgreSQL adds the foreign key NOT VALID and validates it;
 * then the moved source columns are dropped. The foreign key is ON DELETE CASCADE: deleting a source row deletes
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
        for (String n : types.keySet()) {
            ColumnMeta existing = tgt == null ? null : tgt.column(n);
            if (sourceNotNull(m, src, n) && (existing == null || existing.nullable())) {
                for (Ddl d : dialect.setNotNullOnline(target, n, types.get(n), defaults.get(n), checkName(n))) {
                    steps.add(step(Stage.TIGHTEN, d));
                }
            }
        }
        for (String o : m.oldColumns()) {
            ColumnMeta col = src.column(o);
            if (col != null && !col.nullable() && col.defaultExpression() == null) {
                steps.add(step(Stage.TIGHTEN, dialect.dropNotNull(source, o, col.type(), null)));
            }
        }
        if (pg && !Boolean.TRUE.equals(fkValidated)) {
            if (fkValidated == null) {
                steps.add(new DdlStep(Stage.CONTRACT, "ALTER TABLE " + target + " ADD CONSTRAINT " + fk
                    + " FOREIGN KEY (" + String.join(", ", m.targetKey()) + ") REFERENCES " + source + " ("
                    + String.join(", ", m.key()) + ") ON DELETE CASCADE NOT VALID", "SHARE ROW EXCLUSIVE on "
                    + target + " and " + source + " for an instant (no scan); waits at most lock_timeout", null));
            }
            steps.add(new DdlStep(Stage.CONTRACT, "ALTER TABLE " + target + " VALIDATE CONSTRAINT " + fk,
                "SHARE UPDATE EXCLUSIVE on " + target + " and ROW SHARE on " + source + " while it scans: writes "
                + "continue", null));
        }
        Set<String> moved = new HashSet<>();
        for (String o : m.oldColumns()) {
            moved.add(o.toLowerCase(Locale.ROOT));
            if (src.column(o) == null) {
                notes.add(SchemaCheck.needsOld(m.phase()) ? "moved column " + o + " does not exist in " + source
                    + "; it was never dropped (the migration is in " + m.phase() + "): correct the spec and reload"
                    : "moved column " + o + " is already dropped from " + source);
                continue;
            }
            steps.add(step(Stage.CONTRACT, new Ddl("ALTER TABLE " + source + " DROP COLUMN " + o
                + dialect.onlineAlterClause(), DdlLock.BRIEF_EXCLUSIVE)));
        }
        for (String view : catalog.viewsReading(m.table(), moved, c)) {
            notes.add("view " + view + " reads moved columns of " + source + ": recreate it over " + target
                + " before READ_NEW (and before the contract DDL, which cannot drop a column a view reads)");
        }
        notes.add("indexes and CHECK constraints over the moved columns are not carried to " + target + "; "
            + "create them there by hand (CONCURRENTLY / ALGORITHM=INPLACE, LOCK=NONE) before READ_NEW if reads "
            + "need them");
        return new DdlPlan(m.id(), m.phase(), steps, notes);
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

    /** True if the moved column's forward expression reads only source columns, each NOT NULL. */
    private static boolean sourceNotNull(Migration m, TableMeta src, String column) {
        boolean any = false;
        for (String r : m.forwardRefs().getOrDefault(column, Set.of())) {
            ColumnMeta col = src.column(r);
            if (col == null) {
                continue;
            }
            if (col.nullable()) {
                return false;
            }
            any = true;
        }
        return any;
    }

    private DdlStep step(Stage stage, Ddl ddl) {
        return new DdlStep(stage, ddl.sql(), dialect.describeLock(ddl.lock()), null);
    }

    private static String checkName(String column) {
        String name = column.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "") + "_not_null_tandem";
        return name.length() > 63 ? name.substring(name.length() - 63) : name;
    }
}
