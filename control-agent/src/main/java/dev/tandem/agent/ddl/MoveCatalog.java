package dev.tandem.agent.ddl;

import dev.tandem.driver.schema.Catalog;
import dev.tandem.driver.schema.Dialect;
import dev.tandem.driver.spec.Migration;
import dev.tandem.driver.spec.TableName;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the catalog says about a move's target table beyond its columns: its unique keys (the primary key and
 * UNIQUE indexes), which decide whether it can hold one row per source row, and the foreign key Tandem adds from
 * it to the source ({@link #foreignKeyName}).
 */
public final class MoveCatalog {
    private final Dialect dialect;

    public MoveCatalog(Dialect dialect) {
        this.dialect = dialect;
    }

    /** The name of the foreign key target(targetKey) references source(key). */
    public static String foreignKeyName(Migration m) {
        String name = (m.target().name() + "_" + m.table().name() + "_fk_tandem").toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9_]", "");
        return name.length() > 63 ? name.substring(name.length() - 63) : name;
    }

    /** True if {@code columns} (any case, any order) are exactly the primary key or a UNIQUE index of {@code t}. */
    public boolean isUniqueKey(TableName t, List<String> columns, Connection c) throws SQLException {
        Set<String> wanted = lower(columns);
        DatabaseMetaData md = c.getMetaData();
        Map<String, Set<String>> keys = new LinkedHashMap<>();
        try (ResultSet rs = md.getPrimaryKeys(catalog(t, c), schema(t, c), t.name())) {
            while (rs.next()) {
                keys.computeIfAbsent("PRIMARY", k -> new TreeSet<>()).add(rs.getString("COLUMN_NAME")
                    .toLowerCase(Locale.ROOT));
            }
        }
        try (ResultSet rs = md.getIndexInfo(catalog(t, c), schema(t, c), t.name(), true, false)) {
            while (rs.next()) {
                String name = rs.getString("INDEX_NAME");
                String col = rs.getString("COLUMN_NAME");
                if (name != null && col != null && !rs.getBoolean("NON_UNIQUE")) {
                    keys.computeIfAbsent("index " + name, k -> new TreeSet<>()).add(col.toLowerCase(Locale.ROOT));
                }
            }
        }
        return keys.containsValue(wanted);
    }

    /**
     * The state of Tandem's foreign key from the target to the source: null if it does not exist, else whether
     * the existing rows have been checked (PostgreSQL's {@code convalidated}; always true on MySQL).
     */
    public Boolean foreignKeyValidated(Migration m, Connection c) throws SQLException {
        String name = foreignKeyName(m);
        if (dialect.findsTablesByRegclass()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT convalidated FROM pg_constraint WHERE conname = ? "
                + "AND conrelid = to_regclass(?) AND contype = 'f'")) {
                ps.setString(1, name);
                ps.setString(2, m.target().toString());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getBoolean(1) : null;
                }
            }
        }
        try (ResultSet rs = c.getMetaData().getImportedKeys(catalog(m.target(), c), schema(m.target(), c),
            m.target().name())) {
            while (rs.next()) {
                if (name.equalsIgnoreCase(rs.getString("FK_NAME"))) {
                    return true;
                }
            }
        }
        return null;
    }

    /**
     * The target's state for {@code status}: "target missing", or "target exists" with its foreign key ("no
     * foreign key", "foreign key not validated", "foreign key validated").
     */
    public String describeTarget(Migration m, Connection c) throws SQLException {
        if (new Catalog(dialect).table(m.target(), c) == null) {
            return "target missing";
        }
        Boolean fk = foreignKeyValidated(m, c);
        return "target exists; " + (fk == null ? "no foreign key" : fk ? "foreign key validated"
            : "foreign key not validated");
    }

    private String catalog(TableName t, Connection c) throws SQLException {
        return dialect.schemasAreCatalogs() ? (t.schema() != null ? t.schema() : c.getCatalog()) : null;
    }

    private String schema(TableName t, Connection c) throws SQLException {
        return dialect.schemasAreCatalogs() ? null : (t.schema() != null ? t.schema() : c.getSchema());
    }

    private static Set<String> lower(List<String> columns) {
        Set<String> out = new TreeSet<>();
        for (String col : columns) {
            out.add(col.toLowerCase(Locale.ROOT));
        }
        return out;
    }
}
