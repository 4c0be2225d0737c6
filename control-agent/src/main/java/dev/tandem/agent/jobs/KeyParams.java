package dev.tandem.agent.jobs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * A scan's key values as statement parameters: the placeholder list (a row value for a composite key, each
 * non-integer column cast to its type) and the binding of a key read back as text.
 */
final class KeyParams {
    private KeyParams() {
    }

    /** {@code ?}, or {@code (?, CAST(? AS type), ...)} for a composite key; {@code casts.get(i)} null: no cast. */
    static String placeholders(List<String> casts, List<Boolean> integers) {
        StringJoiner j = new StringJoiner(", ", casts.size() == 1 ? "" : "(", casts.size() == 1 ? "" : ")");
        for (int i = 0; i < casts.size(); i++) {
            String cast = casts.get(i);
            j.add(cast == null || integers.get(i) ? "?" : "CAST(? AS " + cast + ")");
        }
        return j.toString();
    }

    /**
     * Runs {@code sql}, whose parameters are the key values {@code lower} (none when null), and returns its first
     * row's key columns as text, or null when it has no row: a scan's next chunk boundary.
     */
    static List<String> keyRow(Connection c, String sql, List<String> lower, List<Boolean> integers)
        throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, 1, lower, integers);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                List<String> out = new ArrayList<>();
                for (int i = 1; i <= integers.size(); i++) {
                    out.add(rs.getString(i));
                }
                return out;
            }
        }
    }

    /** Binds {@code values} (none when null) from parameter {@code from}; returns the next parameter index. */
    static int bind(PreparedStatement ps, int from, List<String> values, List<Boolean> integers) throws SQLException {
        if (values == null) {
            return from;
        }
        for (int i = 0; i < values.size(); i++) {
            if (integers.get(i)) {
                ps.setLong(from++, Long.parseLong(values.get(i)));
            } else {
                ps.setString(from++, values.get(i));
            }
        }
        return from;
    }
}
