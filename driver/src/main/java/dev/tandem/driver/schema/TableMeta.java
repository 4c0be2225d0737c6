package dev.tandem.driver.schema;

import java.util.List;

/**
 * The columns of one table as the server reports them, in ordinal order, with declared types.
 *
 * @param columns column names and declared types (PostgreSQL {@code format_type}, MySQL
 *                {@code COLUMN_TYPE})
 * @param droppedPositions PostgreSQL: the 0-based places, among all columns the table has had in order, of
 *                columns since dropped (the server keeps their slots); empty elsewhere
 */
public record TableMeta(String table, List<ColumnMeta> columns, List<Integer> droppedPositions) {

    public TableMeta(String table, List<ColumnMeta> columns) {
        this(table, columns, List.of());
    }

    /**
     * One column: name, declared type, whether it is nullable, and its default as an SQL expression (null for
     * none, which is a NULL default).
     */
    public record ColumnMeta(String name, String type, boolean nullable, String defaultExpression) {
        public ColumnMeta(String name, String type) {
            this(name, type, true, null);
        }
    }

    /**
     * A CHECK constraint: its name, its condition as the server prints it (in parentheses), and whether the server
     * has checked it against the existing rows (PostgreSQL's NOT VALID constraints have not; MySQL's always are).
     */
    public record Check(String name, String condition, boolean validated) {
    }

    /** The column matching {@code name} case-insensitively, or {@code null}. */
    public ColumnMeta column(String name) {
        for (ColumnMeta c : columns) {
            if (c.name().equalsIgnoreCase(name)) {
                return c;
            }
        }
        return null;
    }

    public boolean has(String name) {
        return column(name) != null;
    }
}
