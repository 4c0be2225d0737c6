package dev.tandem.driver.internal.rewrite;

import dev.tandem.driver.spec.Identifiers;
import dev.tandem.driver.spec.Migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@link MoveWritesMysql} reads from MySQL's and MariaDB's information_schema when it plans a move's write (once
 * per plan: plans are cached): columns' EXTRA, BEFORE UPDATE triggers, unique indexes, and the target's cascading
 * foreign key to the source.
 */
final class MoveMetadata {
    private MoveMetadata() {
    }

    static final String TRIGGER = " trigger";

    /**
     * Column name (lower case) to information_schema's EXTRA ({@code auto_increment}, {@code on update ...},
     * {@code ... generated}), and {@link #TRIGGER} when the table has a BEFORE UPDATE trigger.
     */
    static Map<String, String> extras(RewriteContext ctx, Migration m) {
        Map<String, String> out = new HashMap<>();
        Connection c = ctx.connection();
        String schema = m.table().schema();
        try {
            try (PreparedStatement ps = c.prepareStatement("SELECT COLUMN_NAME, EXTRA FROM information_schema.COLUMNS "
                + "WHERE TABLE_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ?")) {
                ps.setString(1, schema == null ? null : Identifiers.unquote(schema));
                ps.setString(2, Identifiers.unquote(m.table().name()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(lower(rs.getString(1)), lower(String.valueOf(rs.getString(2))));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM information_schema.TRIGGERS WHERE "
                + "EVENT_OBJECT_SCHEMA = COALESCE(?, DATABASE()) AND EVENT_OBJECT_TABLE = ? AND EVENT_MANIPULATION = "
                + "'UPDATE' AND ACTION_TIMING = 'BEFORE'")) {
                ps.setString(1, schema == null ? null : Identifiers.unquote(schema));
                ps.setString(2, Identifiers.unquote(m.table().name()));
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        out.put(TRIGGER, "");
                    }
                }
            }
        } catch (SQLException e) {
            throw new MetadataUnavailableException(m.table(), e);
        }
        return out;
    }

    /**
     * True if the target has a foreign key {@code (targetKey) REFERENCES source (key) ON DELETE CASCADE} (the one
     * the agent's expand creates on MySQL/MariaDB), so that deleting source rows deletes their target rows.
     */
    static boolean cascades(RewriteContext ctx, Migration m) {
        String sql = "SELECT k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_COLUMN_NAME FROM "
            + "information_schema.REFERENTIAL_CONSTRAINTS r JOIN information_schema.KEY_COLUMN_USAGE k "
            + "ON k.CONSTRAINT_SCHEMA = r.CONSTRAINT_SCHEMA AND k.CONSTRAINT_NAME = r.CONSTRAINT_NAME "
            + "AND k.TABLE_NAME = r.TABLE_NAME WHERE r.DELETE_RULE = 'CASCADE' "
            + "AND r.CONSTRAINT_SCHEMA = COALESCE(?, DATABASE()) AND r.TABLE_NAME = ? "
            + "AND r.UNIQUE_CONSTRAINT_SCHEMA = COALESCE(?, DATABASE()) AND r.REFERENCED_TABLE_NAME = ? "
            + "ORDER BY k.CONSTRAINT_NAME, k.ORDINAL_POSITION";
        Map<String, List<String>> pairs = new HashMap<>();
        try (PreparedStatement ps = ctx.connection().prepareStatement(sql)) {
            ps.setString(1, m.target().schema() == null ? null : Identifiers.unquote(m.target().schema()));
            ps.setString(2, Identifiers.unquote(m.target().name()));
            ps.setString(3, m.table().schema() == null ? null : Identifiers.unquote(m.table().schema()));
            ps.setString(4, Identifiers.unquote(m.table().name()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    pairs.computeIfAbsent(rs.getString(1), x -> new ArrayList<>())
                        .add(lower(rs.getString(2)) + "=" + lower(rs.getString(3)));
                }
            }
        } catch (SQLException e) {
            throw new MetadataUnavailableException(m.target(), e);
        }
        List<String> wanted = new ArrayList<>();
        for (int i = 0; i < m.key().size(); i++) {
            wanted.add(lower(Identifiers.unquote(m.targetKey().get(i))) + "="
                + lower(Identifiers.unquote(m.key().get(i))));
        }
        for (List<String> p : pairs.values()) {
            if (p.size() == wanted.size() && p.containsAll(wanted)) {
                return true;
            }
        }
        return false;
    }

    /** True if the only unique index of the move's source is its key (so an upsert can only conflict on it). */
    static boolean keyIsOnlyUniqueIndex(RewriteContext ctx, Migration m) {
        Map<String, List<String>> unique = new HashMap<>();
        try (PreparedStatement ps = ctx.connection().prepareStatement("SELECT INDEX_NAME, COLUMN_NAME FROM "
            + "information_schema.STATISTICS WHERE TABLE_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ? "
            + "AND NON_UNIQUE = 0")) {
            ps.setString(1, m.table().schema() == null ? null : Identifiers.unquote(m.table().schema()));
            ps.setString(2, Identifiers.unquote(m.table().name()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    unique.computeIfAbsent(rs.getString(1), x -> new ArrayList<>()).add(lower(rs.getString(2)));
                }
            }
        } catch (SQLException e) {
            throw new MetadataUnavailableException(m.table(), e);
        }
        List<String> key = new ArrayList<>();
        for (String k : m.key()) {
            key.add(lower(Identifiers.unquote(k)));
        }
        for (List<String> cols : unique.values()) {
            if (cols.size() != key.size() || !cols.containsAll(key)) {
                return false;
            }
        }
        return true;
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
