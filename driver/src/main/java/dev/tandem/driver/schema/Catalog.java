package dev.tandem.driver.schema;

import dev.tandem.driver.spec.TableName;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Table metadata read from the server on first use and cached for the life of one config version
 * (DDL happens between phases, and every phase change is a new version). Reads go through the
 * connection that needed them, so they see the same search_path / current database.
 */
public final class Catalog {
    private static final String PG_COLUMNS = "SELECT a.attname, format_type(a.atttypid, a.atttypmod), "
        + "NOT a.attnotnull, (SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_catalog.pg_attrdef d "
        + "WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum), '', a.attisdropped "
        + "FROM pg_catalog.pg_attribute a WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 "
        + "ORDER BY a.attnum";
    private static final String MYSQL_COLUMNS = "SELECT COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE = 'YES', "
        + "COLUMN_DEFAULT, EXTRA, FALSE FROM information_schema.COLUMNS "
        + "WHERE TABLE_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION";

    private final Dialect dialect;
    private final ConcurrentMap<String, Optional<TableMeta>> cache = new ConcurrentHashMap<>();

    public Catalog(Dialect dialect) {
        this.dialect = dialect;
    }

    /** The table's columns, or {@code null} if the server has no such table (or no connection given). */
    public TableMeta table(TableName name, Connection connection) throws SQLException {
        String key = name.toString().toLowerCase(Locale.ROOT);
        Optional<TableMeta> hit = cache.get(key);
        if (hit != null) {
            return hit.orElse(null);
        }
        if (connection == null) {
            return null;
        }
        TableMeta meta = load(name, connection);
        cache.put(key, Optional.ofNullable(meta));
        return meta;
    }

    private TableMeta load(TableName name, Connection connection) throws SQLException {
        List<TableMeta.ColumnMeta> cols = new ArrayList<>();
        List<Integer> dropped = new ArrayList<>();
        String sql = dialect == Dialect.POSTGRESQL ? PG_COLUMNS : MYSQL_COLUMNS;
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            if (dialect == Dialect.POSTGRESQL) {
                ps.setString(1, pgRegclass(name));
            } else {
                ps.setString(1, mysqlPart(name.schema()));
                ps.setString(2, mysqlPart(name.name()));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getBoolean(6)) {
                        dropped.add(cols.size() + dropped.size()); // PostgreSQL keeps a dropped column's place
                        continue;
                    }
                    cols.add(new TableMeta.ColumnMeta(rs.getString(1), rs.getString(2), rs.getBoolean(3),
                        defaultExpression(rs.getString(4), rs.getString(5))));
                }
            }
        }
        return cols.isEmpty() ? null : new TableMeta(name.toString(), List.copyOf(cols), List.copyOf(dropped));
    }

    private static final String PG_VIEWS = "SELECT DISTINCT c.relname FROM pg_catalog.pg_depend d "
        + "JOIN pg_catalog.pg_rewrite r ON r.oid = d.objid JOIN pg_catalog.pg_class c ON c.oid = r.ev_class "
        + "JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid "
        + "WHERE d.classid = 'pg_catalog.pg_rewrite'::regclass AND d.refobjid = to_regclass(?) "
        + "AND c.oid <> d.refobjid AND lower(a.attname) = ANY (?)";
    private static final String MYSQL_VIEWS = "SELECT TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS "
        + "WHERE TABLE_SCHEMA = COALESCE(?, DATABASE())";

    /**
     * The names (lower case) of the views that read any of {@code oldColumns} (lower case) of {@code table}.
     * PostgreSQL: from the views' recorded column dependencies. MySQL: from the view definitions, conservatively
     * (a definition that names the table and one of the columns anywhere).
     */
    public List<String> viewsReading(TableName table, java.util.Set<String> oldColumns, Connection connection)
        throws SQLException {
        List<String> out = new ArrayList<>();
        if (dialect == Dialect.POSTGRESQL) {
            try (PreparedStatement ps = connection.prepareStatement(PG_VIEWS)) {
                ps.setString(1, pgRegclass(table));
                ps.setArray(2, connection.createArrayOf("text", oldColumns.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1).toLowerCase(Locale.ROOT));
                    }
                }
            }
            return out;
        }
        try (PreparedStatement ps = connection.prepareStatement(MYSQL_VIEWS)) {
            ps.setString(1, table.schema());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String def = String.valueOf(rs.getString(2)).toLowerCase(Locale.ROOT);
                    if (!def.contains(table.name().toLowerCase(Locale.ROOT).replace("`", ""))) {
                        continue;
                    }
                    for (String c : oldColumns) {
                        if (def.contains(c)) {
                            out.add(rs.getString(1).toLowerCase(Locale.ROOT));
                            break;
                        }
                    }
                }
            }
        }
        return out;
    }

    /**
     * A column default as an SQL expression, or null for none (a NULL default). PostgreSQL reports the
     * expression; MariaDB quotes string literals and says NULL; MySQL 8 reports literals bare and marks
     * expressions DEFAULT_GENERATED.
     */
    String defaultExpression(String reported, String extra) {
        if (reported == null) {
            return null;
        }
        if (dialect == Dialect.POSTGRESQL) {
            return reported;
        }
        String t = reported.trim();
        if (t.equalsIgnoreCase("NULL")) {
            return null;
        }
        if (t.startsWith("'") || t.matches("-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?")
            || (extra != null && extra.toUpperCase(Locale.ROOT).contains("DEFAULT_GENERATED"))
            || t.matches("(?i)[a-z_]+\\(.*\\)|current_timestamp|current_date|current_time")) {
            return t;
        }
        return "'" + t.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    /** A MySQL name part as the catalog stores it: without its backquotes (or ANSI double quotes). */
    private static String mysqlPart(String part) {
        if (part != null && part.length() >= 2 && (part.charAt(0) == '`' || part.charAt(0) == '"')
            && part.charAt(part.length() - 1) == part.charAt(0)) {
            String q = String.valueOf(part.charAt(0));
            return part.substring(1, part.length() - 1).replace(q + q, q);
        }
        return part;
    }

    /** Text for to_regclass: unquoted parts fold to lower case as PostgreSQL would. */
    private static String pgRegclass(TableName name) {
        String table = pgPart(name.name());
        return name.schema() == null ? table : pgPart(name.schema()) + "." + table;
    }

    private static String pgPart(String part) {
        if (part.startsWith("\"")) {
            return part;
        }
        return "\"" + part.toLowerCase(Locale.ROOT).replace("\"", "\"\"") + "\"";
    }
}
