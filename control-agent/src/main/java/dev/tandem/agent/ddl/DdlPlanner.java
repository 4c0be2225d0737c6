package dev.tandem.agent.ddl;

import dev.tandem.agent.ddl.DdlPlan.DdlStep;
import dev.tandem.agent.ddl.DdlPlan.Stage;
import dev.tandem.agent.phase.SchemaCheck;
import dev.tandem.driver.spec.Migration;
import dev.tandem.driver.spec.TableName;
import dev.tandem.driver.schema.Catalog;
import dev.tandem.driver.schema.Dialect;
import dev.tandem.driver.schema.Dialect.Ddl;
import dev.tandem.driver.schema.Dialect.DdlLock;
import dev.tandem.driver.schema.TableMeta;
import dev.tandem.driver.schema.TableMeta.ColumnMeta;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dialect-correct DDL for one migration, step by step with the stage each belongs to and its lock.
 * Expand: nullable new columns (types from the spec's {@code type}, or the old column's type for a rename), the
 * old column's DEFAULT on a renamed copy, and for each index over an old column that maps 1:1 to a new one (UNIQUE
 * ones included) the same index on the new column, built without blocking writes (PostgreSQL CONCURRENTLY, MySQL
 * ALGORITHM=INPLACE, LOCK=NONE). Tighten (after the backfill): a new column whose old columns are all NOT NULL
 * becomes NOT NULL online, then the old columns are relaxed ({@link #relaxOld}), since from CONTRACT on writes no
 * longer set them; CHECKs over old columns are copied NOT VALID at expand and validated here (PostgreSQL).
 * Contract: foreign keys over old columns moved to the new ones ({@link ForeignKeys}), then the old columns dropped.
 * Statements for what already exists are left out, so applying twice is harmless. Views that read old columns
 * are named in the notes (Tandem does not rewrite views).
 */
public final class DdlPlanner {
    private final Dialect dialect;

    public DdlPlanner(Dialect dialect) {
        this.dialect = dialect;
    }

    public DdlPlan plan(Migration m, Connection c) throws SQLException {
        if (m.kind() == Migration.Kind.RENAME) {
            return new RenamePlanner(dialect).plan(m, c);
        }
        if (m.kind() == Migration.Kind.MOVE) {
            return new MoveDdl(dialect).plan(m, c);
        }
        TableMeta meta = new Catalog(dialect).table(m.table(), c);
        List<DdlStep> steps = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        String table = m.table().toString();
        if (meta == null) {
            notes.add("table " + table + " does not exist");
            return new DdlPlan(m.id(), m.phase(), steps, notes);
        }
        String online = dialect.onlineAlterClause();
        List<DdlStep> tighten = new ArrayList<>();
        for (Map.Entry<String, String> e : m.forward().entrySet()) {
            String n = e.getKey();
            String source = renamedFrom(m, n);
            ColumnMeta old = source == null ? null : meta.column(source);
            ColumnMeta existing = meta.column(n);
            String type = existing != null ? existing.type() : m.types().get(n);
            if (type == null && old != null) {
                type = old.type();
            }
            String dflt = existing != null ? existing.defaultExpression()
                : old == null ? null : old.defaultExpression();
            if (existing != null) {
                notes.add("column " + n + " already exists");
            } else if (type == null) {
                notes.add("new column " + n + " has no declared type: add 'type: <SQL type>' to its entry in the spec");
                continue;
            } else {
                steps.add(step(Stage.EXPAND, new Ddl("ALTER TABLE " + table + " ADD COLUMN " + n + " " + type + online,
                    DdlLock.BRIEF_EXCLUSIVE)));
                if (dflt != null) {
                    steps.add(step(Stage.EXPAND, dialect.setDefault(table, n, dflt)));
                }
            }
            if (old == null) {
                defaultNote(m, meta, n, notes);
            }
            if (oldSideNotNull(m, meta, n) && (existing == null || existing.nullable())) {
                for (Ddl d : dialect.setNotNullOnline(table, n, type, dflt, checkName(n))) {
                    tighten.add(step(Stage.TIGHTEN, d));
                }
            }
        }
        Set<String> indexNames = new HashSet<>();
        Set<String> invalidIndexes = new HashSet<>(new Catalog(dialect).invalidIndexes(m.table(), c));
        Set<String> uniqueColumns = new HashSet<>();
        for (Index idx : indexes(m.table(), c, indexNames)) {
            if (idx.unique) {
                idx.columns.forEach(col -> uniqueColumns.add(col.toLowerCase(Locale.ROOT)));
            }
            List<String> mapped = new ArrayList<>();
            boolean touches = false;
            for (String col : idx.columns) {
                String neu = newFor(m, col);
                touches |= neu != null;
                mapped.add(neu != null ? neu : col);
            }
            if (!touches) {
                continue;
            }
            String name = idx.name + "_tandem";
            boolean invalid = invalidIndexes.contains(name.toLowerCase(Locale.ROOT));
            if (indexNames.contains(name.toLowerCase(Locale.ROOT)) && !invalid) {
                continue;
            }
            if (invalid) { // left by a build that gave up: drop it, or IF NOT EXISTS would keep it
                steps.add(new DdlStep(Stage.EXPAND, dialect.afterFailedIndexBuild(name),
                    dialect.describeLock(DdlLock.INDEX_BUILD), null));
            }
            steps.add(new DdlStep(Stage.EXPAND, dialect.createIndexOnline(table, name, idx.unique, mapped),
                dialect.describeLock(DdlLock.INDEX_BUILD), dialect.afterFailedIndexBuild(name)));
        }
        checks(m, table, c, steps, tighten, notes);
        for (String o : m.oldColumns()) {
            relaxOld(table, meta.column(o), uniqueColumns, tighten);
        }
        steps.addAll(tighten);
        new ForeignKeys(dialect, m, table).plan(c, steps, notes);
        for (String o : m.oldColumns()) {
            if (meta.column(o) == null) {
                notes.add(SchemaCheck.needsOld(m.phase()) ? "old column " + o + " does not exist in " + table
                    + SchemaCheck.suggestion(o, meta.columns().stream().map(TableMeta.ColumnMeta::name).toList())
                    + "; it was never dropped (the migration is in " + m.phase() + "): correct the spec and reload"
                    : "old column " + o + " is already dropped");
                continue;
            }
            steps.add(step(Stage.CONTRACT, new Ddl("ALTER TABLE " + table + " DROP COLUMN " + o + online,
                DdlLock.BRIEF_EXCLUSIVE)));
        }
        Set<String> old = new HashSet<>();
        for (String o : m.oldColumns()) {
            old.add(o.toLowerCase(Locale.ROOT));
        }
        for (String view : new Catalog(dialect).viewsReading(m.table(), old, c)) {
            notes.add("view " + view + " reads old columns of " + table + ": the driver refuses statements on it from "
                + "READ_NEW on, and writes through it in every phase; recreate it over the new columns before "
                + "READ_NEW (and before the contract DDL, which cannot drop a column a view reads)");
        }
        return new DdlPlan(m.id(), m.phase(), steps, notes);
    }

    /**
     * Each CHECK over renamed old columns, over the new columns instead: added without checking existing rows at
     * expand (it holds for new writes, and a NULL new column passes it), validated once backfilled. Where the
     * server cannot add a CHECK online, or the old columns are computed, a note says what to do.
     */
    private void checks(Migration m, String table, Connection c, List<DdlStep> expand, List<DdlStep> tighten,
                        List<String> notes) throws SQLException {
        List<TableMeta.Check> all = new Catalog(dialect).checks(m.table(), c);
        for (TableMeta.Check ch : all) {
            if (ch.name().toLowerCase(Locale.ROOT).endsWith("_tandem")) {
                continue;
            }
            String condition = ch.condition();
            boolean reads = false;
            boolean renamed = true;
            for (String o : m.oldColumns()) {
                Pattern word = Pattern.compile("(?<![\\w$.\"`'])[\"`]?" + Pattern.quote(o) + "[\"`]?(?![\\w$'])",
                    Pattern.CASE_INSENSITIVE);
                if (!word.matcher(condition).find()) {
                    continue;
                }
                reads = true;
                String neu = newFor(m, o);
                if (neu == null) {
                    renamed = false;
                } else {
                    condition = word.matcher(condition).replaceAll(Matcher.quoteReplacement(neu));
                }
            }
            if (!reads) {
                continue;
            }
            if (!renamed) {
                notes.add("CHECK " + ch.name() + " " + ch.condition() + " reads old columns that the new ones are "
                    + "computed from: add its equivalent over the new columns by hand before CONTRACT");
                continue;
            }
            String name = limit(ch.name() + "_tandem");
            Ddl add = dialect.addCheckNotValid(table, name, condition);
            if (add == null) {
                notes.add("CHECK " + ch.name() + " " + ch.condition() + " is not carried over: this server checks "
                    + "every row under a copying ALTER to add one; add CHECK " + condition + " in a quiet hour, "
                    + "and drop the old CHECK before the contract DDL if the server refuses to drop its column");
                continue;
            }
            TableMeta.Check copy = all.stream().filter(x -> x.name().equalsIgnoreCase(name)).findFirst().orElse(null);
            if (copy == null) {
                expand.add(step(Stage.EXPAND, add));
            }
            if (copy == null || !copy.validated()) {
                tighten.add(step(Stage.TIGHTEN, dialect.validateCheck(table, name)));
            }
        }
    }

    private static String limit(String name) {
        return name.length() > 63 ? name.substring(name.length() - 63) : name;
    }

    /**
     * From CONTRACT on, inserts no longer set the old columns, which then take their default: NOT NULL without
     * a default would fail every insert, and a default under a UNIQUE index would fail every insert after the
     * first. Such an old column loses its default (under a UNIQUE index) and its NOT NULL.
     */
    private void relaxOld(String table, ColumnMeta old, Set<String> uniqueColumns, List<DdlStep> tighten) {
        if (old == null) {
            return;
        }
        String dflt = old.defaultExpression();
        boolean dropDefault = dflt != null && uniqueColumns.contains(old.name().toLowerCase(Locale.ROOT));
        if (dropDefault) {
            tighten.add(step(Stage.TIGHTEN, new Ddl("ALTER TABLE " + table + " ALTER COLUMN " + old.name()
                + " DROP DEFAULT" + dialect.onlineAlterClause(), DdlLock.BRIEF_EXCLUSIVE)));
            dflt = null;
        }
        if (!old.nullable() && dflt == null) {
            tighten.add(step(Stage.TIGHTEN, dialect.dropNotNull(table, old.name(), old.type(), null)));
        }
    }

    private DdlStep step(Stage stage, Ddl ddl) {
        return new DdlStep(stage, ddl.sql(), dialect.describeLock(ddl.lock()), null);
    }

    /** The name of the temporary CHECK that proves a new column NOT NULL (PostgreSQL). */
    private static String checkName(String column) {
        String name = column.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "") + "_not_null_tandem";
        return name.length() > 63 ? name.substring(name.length() - 63) : name;
    }

    /** True if the new column's forward expression reads only old columns, each NOT NULL (or already dropped). */
    static boolean oldSideNotNull(Migration m, TableMeta meta, String newColumn) {
        Set<String> refs = m.forwardRefs().getOrDefault(newColumn, Set.of());
        boolean any = false;
        for (String r : refs) {
            ColumnMeta col = meta.column(r);
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

    /** A computed new column does not get the old column's default (it would need forward(default)). */
    private static void defaultNote(Migration m, TableMeta meta, String newColumn, List<String> notes) {
        for (String r : m.forwardRefs().getOrDefault(newColumn, Set.of())) {
            ColumnMeta col = meta.column(r);
            if (col != null && col.defaultExpression() != null) {
                notes.add("old column " + r + " has DEFAULT " + col.defaultExpression() + " and " + newColumn
                    + " is computed from it: give " + newColumn + " the default forward(" + col.defaultExpression()
                    + ") by hand before CONTRACT, or inserts that leave the column out store NULL");
            }
        }
    }

    /** The old column a new column is a plain copy of (a rename), or null. */
    private static String renamedFrom(Migration m, String newColumn) {
        String f = m.forward().get(newColumn).trim();
        return m.oldColumn(f);
    }

    /** The new column that is a plain copy of {@code old}, or null. */
    static String newFor(Migration m, String old) {
        for (String n : m.newColumns()) {
            String source = renamedFrom(m, n);
            if (source != null && source.equalsIgnoreCase(old)) {
                return n;
            }
        }
        return null;
    }

    record Index(String name, boolean unique, List<String> columns) {
    }

    /** The indexes over columns of {@code t}, but the key's and Tandem's; {@code allNames} gets every name. */
    List<Index> indexes(TableName t, Connection c, Set<String> allNames) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        String schema = t.schema();
        String table = t.name();
        Map<String, Index> byName = new LinkedHashMap<>();
        // The metadata call takes the table's schema as its catalog or as its schema, as the driver reports it.
        boolean asCatalog = dialect.schemasAreCatalogs();
        String owner = schema != null ? schema : asCatalog ? c.getCatalog() : c.getSchema();
        try (ResultSet rs = md.getIndexInfo(asCatalog ? owner : null, asCatalog ? null : owner, table, false, false)) {
            while (rs.next()) {
                String name = rs.getString("INDEX_NAME");
                String col = rs.getString("COLUMN_NAME");
                if (name != null) {
                    allNames.add(name.toLowerCase(Locale.ROOT));
                }
                if (name == null || col == null || "PRIMARY".equalsIgnoreCase(name) || name.endsWith("_pkey")
                    || name.endsWith("_tandem")) {
                    continue;
                }
                boolean unique = !rs.getBoolean("NON_UNIQUE");
                byName.computeIfAbsent(name, k -> new Index(k, unique, new ArrayList<>())).columns.add(col);
            }
        }
        return new ArrayList<>(byName.values());
    }
}
