package dev.tandem.driver.schema;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The SQL dialect of the real server: what differs between PostgreSQL and the MySQL family. */
public enum Dialect {
    POSTGRESQL,
    MYSQL;

    private static final Pattern DECIMAL = Pattern.compile("(decimal|numeric)\\s*(\\(\\s*\\d+\\s*(,\\s*\\d+\\s*)?\\))?.*");
    private static final Pattern FRACTION = Pattern.compile("[a-z]+\\s*(\\(\\s*\\d+\\s*\\))?.*");

    private static final Pattern PG_VARCHAR = Pattern.compile("(character varying|varchar)\\s*\\(\\s*(\\d+)\\s*\\)");
    private static final Pattern PG_CHAR = Pattern.compile("(character|char|bpchar)\\s*\\(\\s*(\\d+)\\s*\\)");
    private static final Pattern PG_EXACT = Pattern.compile("(numeric|decimal)\\b.*");
    private static final Pattern PG_INTEGER = Pattern.compile("(smallint|integer|bigint|int2|int4|int8|int)");
    private static final Pattern PG_FLOAT = Pattern.compile("(real|double precision|float4|float8)");
    private static final Pattern MY_INTEGER =
        Pattern.compile("(tinyint|smallint|mediumint|int|integer|bigint)\\s*(\\(\\s*\\d+\\s*\\))?\\s*(unsigned)?.*");
    private static final Pattern MY_VARCHAR = Pattern.compile("(varchar|char)\\s*\\(\\s*(\\d+)\\s*\\)");

    /**
     * {@code value} converted to the declared type {@code declaredType} exactly as storing it in a column of
     * that type would convert it: the same rounding, and an error (of the same SQLState class) wherever the
     * store would fail, never a silent truncation or widening. Used where a write through an old column name no
     * longer reaches the old column (CONTRACT, COMPLETE) and while dual-writing to compute the other side from
     * what the old column stores.
     *
     * <p>PostgreSQL: an explicit {@code CAST} truncates strings and accepts text for numbers, where storing
     * raises 22001 and 42804. Strings go through the length coercion function storing uses
     * ({@code pg_catalog.varchar(x, typmod, false)}); numbers are added to a zero of their kind first, which
     * accepts numbers and untyped literals and rejects text (42883), then cast. MySQL: {@code CAST(x AS SIGNED)}
     * is 64-bit and {@code CAST(x AS CHAR)} unbounded, so integers and bounded strings are checked against the
     * column's range and length; out of range, the value fails to convert (a strict-mode error of class 22).
     * Other types: the dialect's {@link #castType}.
     */
    public String storedAs(String value, String declaredType) {
        if (declaredType == null) {
            return "(" + value + ")";
        }
        String t = declaredType.toLowerCase(Locale.ROOT).trim();
        if (this == POSTGRESQL) {
            Matcher m = PG_VARCHAR.matcher(t);
            if (m.matches()) {
                return "pg_catalog.varchar(CAST(" + value + " AS varchar), " + (Integer.parseInt(m.group(2)) + 4)
                    + ", false)";
            }
            m = PG_CHAR.matcher(t);
            if (m.matches()) {
                return "pg_catalog.bpchar(CAST(" + value + " AS bpchar), " + (Integer.parseInt(m.group(2)) + 4)
                    + ", false)";
            }
            if (PG_EXACT.matcher(t).matches() || PG_FLOAT.matcher(t).matches()) {
                return "CAST((" + value + ") + 0.0 AS " + declaredType + ")";
            }
            if (PG_INTEGER.matcher(t).matches()) {
                return "CAST((" + value + ") + 0 AS " + declaredType + ")";
            }
            return "CAST(" + value + " AS " + declaredType + ")";
        }
        Matcher m = MY_INTEGER.matcher(t);
        if (m.matches() && !t.startsWith("tinyint(1)")) {
            boolean unsigned = m.group(3) != null;
            long[] range = integerRange(m.group(1), unsigned);
            return "CASE WHEN (" + value + ") IS NULL OR (" + value + ") BETWEEN " + range[0] + " AND "
                + (unsigned && range[1] < 0 ? "18446744073709551615" : Long.toString(range[1]))
                + " THEN CAST(" + value + " AS " + (unsigned ? "UNSIGNED" : "SIGNED") + ") ELSE "
                + failure("out of range for " + t, value) + " END";
        }
        m = MY_VARCHAR.matcher(t);
        if (m.matches()) {
            // Storing cuts trailing spaces past the length silently, and fails on anything else past it.
            return "CASE WHEN CHAR_LENGTH(RTRIM(" + value + ")) > " + m.group(2) + " THEN " + failure("too long for "
                + t, value) + " ELSE LEFT(CAST(" + value + " AS CHAR), " + m.group(2) + ") END";
        }
        String cast = castType(declaredType);
        return cast == null ? "(" + value + ")" : "CAST(" + value + " AS " + cast + ")";
    }

    /** A MySQL expression that fails in a data-changing statement under strict mode (class 22), naming why. */
    private static String failure(String why, String value) {
        return "CAST(CONCAT('Tandem: value ', " + value + ", ' is " + why.replace("'", "''") + "') AS SIGNED)";
    }

    private static long[] integerRange(String type, boolean unsigned) {
        int bits;
        switch (type) {
            case "tinyint": bits = 8; break;
            case "smallint": bits = 16; break;
            case "mediumint": bits = 24; break;
            case "bigint": bits = 64; break;
            default: bits = 32;
        }
        if (bits == 64) {
            return unsigned ? new long[] {0, -1} : new long[] {Long.MIN_VALUE, Long.MAX_VALUE};
        }
        return unsigned ? new long[] {0, (1L << bits) - 1} : new long[] {-(1L << (bits - 1)), (1L << (bits - 1)) - 1};
    }

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

    /** True if a backslash escapes the next character in string literals (MySQL, MariaDB by default). */
    public boolean backslashEscapes() {
        return this == MYSQL;
    }
}
