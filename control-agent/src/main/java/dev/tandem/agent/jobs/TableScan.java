package dev.tandem.agent.jobs;

import dev.tandem.agent.AgentException;
import dev.tandem.driver.spec.Migration;
import dev.tandem.driver.schema.Catalog;
import dev.tandem.driver.schema.Dialect;
import dev.tandem.driver.schema.TableMeta;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The SQL of a keyset scan over one migrated table: chunk boundaries on the key (composite keys compare
 * as row values), the predicate "this row's target side differs from what the other side says", and the
 * UPDATE that makes it agree. Forward makes new = forward(old); reverse makes old = backward(new).
 * Integer key values are bound as numbers (so MySQL and MariaDB see a plain integer range on the index);
 * other key values travel as text and are cast to the key column's type on the server.
 */
final class TableScan extends KeysetScan {
    private final Migration migration;
    private final Dialect dialect;
    private final boolean reverse;
    private final String table;
    private final List<String> keys;
    private final List<String> keyCasts = new ArrayList<>();
    private final List<Boolean> integerKeys = new ArrayList<>();
    private final String differs;
    private final String assignments;

    TableScan(Migration migration, Dialect dialect, Connection c, boolean reverse) throws SQLException {
        this.migration = migration;
        this.dialect = dialect;
        this.reverse = reverse;
        this.table = migration.table().toString();
        this.keys = migration.key();
        TableMeta meta = new Catalog(dialect).table(migration.table(), c);
        if (meta == null) {
            throw new AgentException(AgentException.Kind.REFUSED, "Table " + table + " of migration '" + migration.id()
                + "' does not exist in the target database");
        }
        for (String k : keys) {
            TableMeta.ColumnMeta col = meta.column(k);
            if (col == null) {
                throw new AgentException(AgentException.Kind.REFUSED, "Key column " + table + "." + k + " of migration '"
                    + migration.id() + "' does not exist");
            }
            keyCasts.add(dialect.castType(col.type()));
            integerKeys.add(signedInteger(col.type()));
        }
        Map<String, String> targets = reverse ? migration.backward() : migration.forward();
        for (String target : targets.keySet()) {
            if (meta.column(target) == null) {
                throw new AgentException(AgentException.Kind.REFUSED, "Column " + table + "." + target + " of migration '"
                    + migration.id() + "' does not exist; " + (reverse ? "the old columns are already dropped, a "
                    + "reverse backfill is no longer possible" : "apply the expand DDL first ('tandem-agent apply "
                    + migration.id() + "')"));
            }
        }
        StringJoiner or = new StringJoiner(" OR ");
        StringJoiner set = new StringJoiner(", ");
        for (Map.Entry<String, String> e : targets.entrySet()) {
            String targetType = meta.column(e.getKey()).type();
            String cast = dialect.castType(targetType);
            // A plain column of the target's own type needs no cast (a per-row CAST doubles MariaDB's scan time).
            TableMeta.ColumnMeta source = e.getValue().trim().matches("[A-Za-z_][A-Za-z0-9_]*")
                ? meta.column(e.getValue().trim()) : null;
            if (source != null && targetType != null && targetType.equalsIgnoreCase(source.type())) {
                cast = null;
            }
            String value = cast == null ? "(" + e.getValue() + ")" : "CAST(" + e.getValue() + " AS " + cast + ")";
            or.add(dialect.distinctFrom(e.getKey(), value));
            set.add(e.getKey() + " = " + value);
        }
        this.differs = "(" + or + ")";
        this.assignments = set.toString();
    }

    boolean reverse() {
        return reverse;
    }

    String table() {
        return table;
    }

    List<String> keys() {
        return keys;
    }

    /** The predicate "this row's target side differs", in parentheses. */
    String differs() {
        return differs;
    }

    /** The SET list that makes the target side agree. */
    String assignments() {
        return assignments;
    }

    /** True for a key of one signed integer column (its values fit a long). */
    boolean singleIntegerKey() {
        return keys.size() == 1 && integerKeys.get(0);
    }

    /** The key values of the row {@code size} rows after {@code lower}, or null if fewer remain. */
    @Override
    List<String> upperBound(Connection c, List<String> lower, int size) throws SQLException {
        String sql = "SELECT " + String.join(", ", keys) + " FROM " + table + (lower == null ? "" : " WHERE "
            + tuple() + " > " + params()) + " ORDER BY " + String.join(", ", keys) + " LIMIT 1 OFFSET " + (size - 1);
        return KeyParams.keyRow(c, sql, lower, integerKeys);
    }

    /** Rows in (lower, upper]; upper null means to the end. */
    @Override
    long count(Connection c, List<String> lower, List<String> upper) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + table + where(lower, upper, false))) {
            bind(ps, bind(ps, 1, lower), upper);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** A reconcile chunk's rows, how many of them disagree, and its last key (null at the table's end). */
    record Check(long rows, long mismatches, List<String> upper) {
    }

    /**
     * One reconcile chunk: the next {@code size} rows after {@code lower} in key order, in one statement
     * that counts them, counts those whose sides disagree, and finds the chunk's last key. The server
     * returns one row however large the chunk. {@code upper} is null when fewer than {@code size} rows
     * remained (the chunk reached the end of the table).
     */
    @Override
    Check check(Connection c, List<String> lower, int size) throws SQLException {
        String keyList = String.join(", ", keys);
        String chunk = "SELECT " + keyList + ", CASE WHEN " + differs + " THEN 1 ELSE 0 END AS tandem_d FROM " + table
            + (lower == null ? "" : " WHERE " + tuple() + " > " + params()) + " ORDER BY " + keyList + " LIMIT " + size;
        String sql;
        if (keys.size() == 1) {
            // The rows arrive in key order, so the chunk's last key is simply the largest one.
            sql = "SELECT count(*), COALESCE(sum(tandem_d), 0), max(" + keys.get(0) + ") FROM (" + chunk + ") tandem_c";
        } else {
            // Row values have no max(): the last key comes from the same index walk as the chunk, in the same
            // statement (so from the same snapshot); no row when the chunk is the table's last.
            sql = "SELECT tandem_c.n, tandem_c.d, " + prefixed("tandem_b") + " FROM (SELECT count(*) AS n, "
                + "COALESCE(sum(tandem_d), 0) AS d FROM (" + chunk + ") tandem_r) tandem_c LEFT JOIN (SELECT " + keyList
                + " FROM " + table + (lower == null ? "" : " WHERE " + tuple() + " > " + params()) + " ORDER BY "
                + keyList + " LIMIT 1 OFFSET " + (size - 1) + ") tandem_b ON 1 = 1";
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int next = bind(ps, 1, lower);
            if (keys.size() > 1) {
                bind(ps, next, lower);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long rows = rs.getLong(1);
                long mismatches = rs.getLong(2);
                List<String> upper = null;
                if (rows >= size && rs.getString(3) != null) {
                    upper = new ArrayList<>();
                    for (int i = 0; i < keys.size(); i++) {
                        upper.add(rs.getString(3 + i));
                    }
                }
                return new Check(rows, mismatches, upper);
            }
        }
    }

    /** Makes the target side agree in (lower, upper]; returns the rows changed. */
    @Override
    int update(Connection c, List<String> lower, List<String> upper) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET " + assignments
            + where(lower, upper, true))) {
            bind(ps, bind(ps, 1, lower), upper);
            return ps.executeUpdate();
        }
    }

    /** Keys ("id=4" or "a=1,b=2") of the first {@code limit} rows in (lower, upper] whose sides disagree. */
    @Override
    List<String> mismatches(Connection c, List<String> lower, List<String> upper, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + String.join(", ", keys) + " FROM " + table
            + where(lower, upper, true) + " ORDER BY " + String.join(", ", keys) + " LIMIT " + limit)) {
            bind(ps, bind(ps, 1, lower), upper);
            try (ResultSet rs = ps.executeQuery()) {
                return readKeys(rs);
            }
        }
    }

    /** The rows of {@code rs}, whose columns are the key columns, as "id=4" or "a=1,b=2". */
    List<String> readKeys(ResultSet rs) throws SQLException {
        List<String> out = new ArrayList<>();
        while (rs.next()) {
            StringJoiner key = new StringJoiner(",");
            for (int i = 1; i <= keys.size(); i++) {
                key.add(keys.get(i - 1) + "=" + rs.getString(i));
            }
            out.add(key.toString());
        }
        return out;
    }

    private String where(List<String> lower, List<String> upper, boolean onlyDiffering) {
        List<String> parts = new ArrayList<>();
        if (lower != null) {
            parts.add(tuple() + " > " + params());
        }
        if (upper != null) {
            parts.add(tuple() + " <= " + params());
        }
        if (onlyDiffering) {
            parts.add(differs);
        }
        return parts.isEmpty() ? "" : " WHERE " + String.join(" AND ", parts);
    }

    private String tuple() {
        return keys.size() == 1 ? keys.get(0) : "(" + String.join(", ", keys) + ")";
    }

    private String prefixed(String alias) {
        StringJoiner j = new StringJoiner(", ");
        keys.forEach(k -> j.add(alias + "." + k));
        return j.toString();
    }

    private String params() {
        return KeyParams.placeholders(keyCasts, integerKeys);
    }

    private int bind(PreparedStatement ps, int from, List<String> values) throws SQLException {
        return KeyParams.bind(ps, from, values, integerKeys);
    }

    /** Signed integer columns of either dialect: their values fit a long and bind with setLong. */
    static boolean signedInteger(String declaredType) {
        String t = declaredType == null ? "" : declaredType.toLowerCase(java.util.Locale.ROOT).trim();
        return !t.contains("unsigned") && !t.startsWith("tinyint(1)")
            && t.matches("(tinyint|smallint|mediumint|int|integer|bigint|int2|int4|int8)\\b.*");
    }
}
