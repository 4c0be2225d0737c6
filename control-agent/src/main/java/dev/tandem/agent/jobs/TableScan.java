package dev.tandem.agent.jobs;

import dev.tandem.agent.AgentException;
import dev.tandem.driver.spec.Migration;
import dev.tandem.driver.sql.Catalog;
import dev.tandem.driver.sql.Dialect;
import dev.tandem.driver.sql.TableMeta;

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
 * Key values travel as text and are cast to the key column's type on the server.
 */
final class TableScan {
    private final Migration migration;
    private final Dialect dialect;
    private final boolean reverse;
    private final String table;
    private final List<String> keys;
    private final List<String> keyCasts = new ArrayList<>();
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
            String cast = dialect.castType(meta.column(e.getKey()).type());
            String value = cast == null ? "(" + e.getValue() + ")" : "CAST(" + e.getValue() + " AS " + cast + ")";
            or.add(dialect == Dialect.POSTGRESQL ? e.getKey() + " IS DISTINCT FROM " + value
                : "NOT (" + e.getKey() + " <=> " + value + ")");
            set.add(e.getKey() + " = " + value);
        }
        this.differs = "(" + or + ")";
        this.assignments = set.toString();
    }

    boolean reverse() {
        return reverse;
    }

    /** The key values of the row {@code size} rows after {@code lower}, or null if fewer remain. */
    List<String> upperBound(Connection c, List<String> lower, int size) throws SQLException {
        String sql = "SELECT " + String.join(", ", keys) + " FROM " + table + (lower == null ? "" : " WHERE "
            + tuple() + " > " + params()) + " ORDER BY " + String.join(", ", keys) + " LIMIT 1 OFFSET " + (size - 1);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, 1, lower);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                List<String> out = new ArrayList<>();
                for (int i = 1; i <= keys.size(); i++) {
                    out.add(rs.getString(i));
                }
                return out;
            }
        }
    }

    /** Rows in (lower, upper]; upper null means to the end. */
    long count(Connection c, List<String> lower, List<String> upper) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + table + where(lower, upper, false))) {
            bind(ps, bind(ps, 1, lower), upper);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Makes the target side agree in (lower, upper]; returns the rows changed. */
    int update(Connection c, List<String> lower, List<String> upper) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET " + assignments
            + where(lower, upper, true))) {
            bind(ps, bind(ps, 1, lower), upper);
            return ps.executeUpdate();
        }
    }

    /** Keys ("id=4" or "a=1,b=2") of rows in (lower, upper] whose sides disagree. */
    List<String> mismatches(Connection c, List<String> lower, List<String> upper) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + String.join(", ", keys) + " FROM " + table
            + where(lower, upper, true) + " ORDER BY " + String.join(", ", keys))) {
            bind(ps, bind(ps, 1, lower), upper);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    StringJoiner key = new StringJoiner(",");
                    for (int i = 1; i <= keys.size(); i++) {
                        key.add(keys.get(i - 1) + "=" + rs.getString(i));
                    }
                    out.add(key.toString());
                }
            }
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

    private String params() {
        StringJoiner j = new StringJoiner(", ", keys.size() == 1 ? "" : "(", keys.size() == 1 ? "" : ")");
        for (String cast : keyCasts) {
            j.add(cast == null ? "?" : "CAST(? AS " + cast + ")");
        }
        return j.toString();
    }

    private static int bind(PreparedStatement ps, int from, List<String> values) throws SQLException {
        if (values == null) {
            return from;
        }
        for (String v : values) {
            ps.setString(from++, v);
        }
        return from;
    }
}
