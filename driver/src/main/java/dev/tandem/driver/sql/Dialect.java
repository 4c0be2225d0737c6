package dev.tandem.driver.sql;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The SQL dialect of the real server: what differs between PostgreSQL and the MySQL family. */
public enum Dialect {
    POSTGRESQL,
    MYSQL;

    private static final Pattern DECIMAL = Pattern.compile("(decimal|numeric)\\s*(\\(\\s*\\d+\\s*(,\\s*\\d+\\s*)?\\))?.*");
    private static final Pattern FRACTION = Pattern.compile("[a-z]+\\s*(\\(\\s*\\d+\\s*\\))?.*");

    /** The dialect for a real JDBC URL, or {@code null} if unknown. */
    public static Dialect fromUrl(String realUrl) {
        String u = realUrl.toLowerCase(Locale.ROOT);
        if (u.startsWith("jdbc:postgresql:") || u.startsWith("jdbc:pgsql:")) {
            return POSTGRESQL;
        }
        if (u.startsWith("jdbc:mysql:") || u.startsWith("jdbc:mariadb:")) {
            return MYSQL;
        }
        return null;
    }

    /**
     * True if UPDATE SET right-hand sides see the values assigned earlier in the same SET list (MySQL
     * evaluates single-table assignments left to right); false if every right-hand side sees the row
     * as it was before the update (standard SQL, PostgreSQL).
     */
    public boolean setSeesEarlierAssignments() {
        return this == MYSQL;
    }

    /**
     * The target type for {@code CAST(x AS type)} that stores like a column of the declared type, or
     * {@code null} if the dialect has no such cast (the value is then only parenthesised).
     */
    public String castType(String declaredType) {
        if (declaredType == null) {
            return null;
        }
        if (this == POSTGRESQL) {
            return declaredType;
        }
        String t = declaredType.toLowerCase(Locale.ROOT).trim();
        boolean unsigned = t.contains("unsigned");
        Matcher dec = DECIMAL.matcher(t);
        if (dec.matches()) {
            return "DECIMAL" + (dec.group(2) == null ? "" : dec.group(2).replace(" ", ""));
        }
        if (t.matches("(tinyint|smallint|mediumint|int|integer|bigint)\\b.*")) {
            return t.startsWith("tinyint(1)") ? null : unsigned ? "UNSIGNED" : "SIGNED";
        }
        if (t.matches("(varchar|char|tinytext|text|mediumtext|longtext)\\b.*")) {
            return "CHAR";
        }
        if (t.matches("(double|float|real)\\b.*")) {
            return "DOUBLE";
        }
        Matcher f = FRACTION.matcher(t);
        if (t.startsWith("datetime") || t.startsWith("timestamp")) {
            return "DATETIME" + (f.matches() && f.group(1) != null ? f.group(1) : "");
        }
        if (t.startsWith("date")) {
            return "DATE";
        }
        if (t.startsWith("time")) {
            return "TIME" + (f.matches() && f.group(1) != null ? f.group(1) : "");
        }
        if (t.matches("(varbinary|binary|tinyblob|blob|mediumblob|longblob)\\b.*")) {
            return "BINARY";
        }
        return null;
    }
}
