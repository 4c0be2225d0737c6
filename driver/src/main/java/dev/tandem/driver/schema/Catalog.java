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
        try (PreparedStatement ps = connection.prepareStatement(dialect.columnsQuery())) {
            dialect.bindColumnsQuery(ps, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getBoolean(6)) {
                        dropped.add(cols.size() + dropped.size()); // PostgreSQL keeps a dropped column's place
                        continue;
                    }
                    cols.add(new TableMeta.ColumnMeta(rs.getString(1), rs.getString(2), rs.getBoolean(3),
                        dialect.defaultExpression(rs.getString(4), rs.getString(5))));
                }
            }
        }
        return cols.isEmpty() ? null : new TableMeta(name.toString(), List.copyOf(cols), List.copyOf(dropped));
    }

    /**
     * The names (lower case) of the views that read any of {@code oldColumns} (lower case) of {@code table}.
     * PostgreSQL: from the views' recorded column dependencies. MySQL: from the view definitions, conservatively
     * (a definition that names the table and one of the columns anywhere).
     */
    public List<String> viewsReading(TableName table, java.util.Set<String> oldColumns, Connection connection)
        throws SQLException {
        return dialect.viewsReading(table, oldColumns, connection);
    }

    /** The CHECK constraints of {@code table} (not cached: DDL changes them between phases). */
    public List<TableMeta.Check> checks(TableName table, Connection connection) throws SQLException {
        return dialect.checks(table, connection);
    }

    /** Indexes of {@code table} a failed online build left unusable, lower case (not cached). */
    public List<String> invalidIndexes(TableName table, Connection connection) throws SQLException {
        return dialect.invalidIndexes(table, connection);
    }
}
