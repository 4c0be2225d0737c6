package dev.tandem.agent.ddl;

import dev.tandem.agent.phase.SchemaCheck;
import dev.tandem.driver.spec.Migration;
import dev.tandem.driver.schema.Catalog;
import dev.tandem.driver.schema.Dialect;
import dev.tandem.driver.schema.TableMeta;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Dialect-correct DDL for one migration. Expand: nullable new columns (types from the spec's
 * {@code type}, or the old column's type for a rename) and, for each index over an old column that maps
 * 1:1 to a new one, the same index on the new column, built without blocking writes (PostgreSQL
 * CONCURRENTLY, MySQL ALGORITHM=INPLACE, LOCK=NONE). Contract: drop the old columns. Statements for
 * what already exists are left out, so applying twice is harmless. Views that read old columns are named in
 * the notes (Tandem does not rewrite views).
 */
public final class DdlPlanner {
    private final Dialect dialect;

    public DdlPlanner(Dialect dialect) {
        this.dialect = dialect;
    }

    public DdlPlan plan(Migration m, Connection c) throws SQLException {
        TableMeta meta = new Catalog(dialect).table(m.table(), c);
        List<String> expand = new ArrayList<>();
        List<String> contract = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        String table = m.table().toString();
        if (meta == null) {
            notes.add("table " + table + " does not exist");
            return new DdlPlan(m.id(), expand, contract, notes);
        }
        String online = dialect.onlineAlterClause();
        for (Map.Entry<String, String> e : m.forward().entrySet()) {
            String n = e.getKey();
            if (meta.column(n) != null) {
                notes.add("column " + n + " already exists");
                continue;
            }
            String type = m.types().get(n);
            if (type == null) {
                String source = renamedFrom(m, n);
                TableMeta.ColumnMeta old = source == null ? null : meta.column(source);
                type = old == null ? null : old.type();
            }
            if (type == null) {
                notes.add("new column " + n + " has no declared type: add 'type: <SQL type>' to its entry in the spec");
                continue;
            }
            expand.add("ALTER TABLE " + table + " ADD COLUMN " + n + " " + type + online);
        }
        for (Index idx : indexes(m, c)) {
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
            expand.add(dialect.createIndexOnline(table, name, idx.unique, mapped));
        }
        for (String o : m.oldColumns()) {
            if (meta.column(o) == null) {
                notes.add(SchemaCheck.needsOld(m.phase()) ? "old column " + o + " does not exist in " + table
                    + SchemaCheck.suggestion(o, meta.columns().stream().map(TableMeta.ColumnMeta::name).toList())
                    + "; it was never dropped (the migration is in " + m.phase() + "): correct the spec and reload"
                    : "old column " + o + " is already dropped");
                continue;
            }
            contract.add("ALTER TABLE " + table + " DROP COLUMN " + o + online);
        }
        java.util.Set<String> old = new java.util.HashSet<>();
        for (String o : m.oldColumns()) {
            old.add(o.toLowerCase(java.util.Locale.ROOT));
        }
        for (String view : new Catalog(dialect).viewsReading(m.table(), old, c)) {
            notes.add("view " + view + " reads old columns of " + table + ": the driver refuses statements on it from "
                + "READ_NEW on, and writes through it in every phase; recreate it over the new columns before "
                + "READ_NEW (and before the contract DDL, which cannot drop a column a view reads)");
        }
        return new DdlPlan(m.id(), expand, contract, notes);
    }

    /** The old column a new column is a plain copy of (a rename), or null. */
    private static String renamedFrom(Migration m, String newColumn) {
        String f = m.forward().get(newColumn).trim();
        return m.oldColumn(f);
    }

    /** The new column that is a plain copy of {@code old}, or null. */
    private static String newFor(Migration m, String old) {
        for (String n : m.newColumns()) {
            String source = renamedFrom(m, n);
            if (source != null && source.equalsIgnoreCase(old)) {
                return n;
            }
        }
        return null;
    }

    private record Index(String name, boolean unique, List<String> columns) {
    }

    private List<Index> indexes(Migration m, Connection c) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        String schema = m.table().schema();
        String table = m.table().name();
        Map<String, Index> byName = new LinkedHashMap<>();
        // The metadata call takes the table's schema as its catalog or as its schema, as the driver reports it.
        boolean asCatalog = dialect.schemasAreCatalogs();
        String owner = schema != null ? schema : asCatalog ? c.getCatalog() : c.getSchema();
        try (ResultSet rs = md.getIndexInfo(asCatalog ? owner : null, asCatalog ? null : owner, table, false, false)) {
            while (rs.next()) {
                String name = rs.getString("INDEX_NAME");
                String col = rs.getString("COLUMN_NAME");
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
