package dev.tandem.driver.spec;

import java.util.Locale;

/**
 * A table name as a migration spec names it, optionally schema-qualified. Matching against names in
 * SQL is case-insensitive for unquoted identifiers and exact for quoted ones.
 *
 * @param schema schema (PostgreSQL) or database (MySQL), or {@code null} for the connection's default
 * @param name   table name
 */
public record TableName(String schema, String name) {

    /** Parses {@code table} or {@code schema.table}. */
    public static TableName parse(String text) {
        int dot = text.indexOf('.');
        if (dot < 0) {
            return new TableName(null, text.trim());
        }
        return new TableName(text.substring(0, dot).trim(), text.substring(dot + 1).trim());
    }

    /** The lower-case table name used by the lexical prefilter. */
    public String prefilterToken() {
        return name.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return schema == null ? name : schema + "." + name;
    }
}
