package dev.tandem.driver.schema;

import dev.tandem.driver.spec.Identifiers;
import dev.tandem.driver.spec.TableName;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;

/**
 * What a name is on the server right now: a base table, a view, or nothing. A table rename is observed this way
 * (the new name a base table: renamed), by the driver once per config version and by the agent's guards and status.
 */
public final class Relations {
    /** The kind of relation a name resolves to. */
    public enum Kind { TABLE, VIEW, NONE }

    private Relations() {
    }

    /** The kind of relation {@code name} is, in its schema or the connection's default one. */
    public static Kind kind(Dialect dialect, TableName name, Connection connection) throws SQLException {
        boolean pg = dialect instanceof PostgreSqlDialect;
        String sql = pg
            ? "SELECT c.relkind::text FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n "
                + "ON n.oid = c.relnamespace WHERE c.relname = ? AND n.nspname = COALESCE(?, current_schema())"
            : "SELECT TABLE_TYPE FROM information_schema.TABLES WHERE TABLE_NAME = ? "
                + "AND TABLE_SCHEMA = COALESCE(?, DATABASE())";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, serverName(name.name(), pg));
            ps.setString(2, name.schema() == null ? null : serverName(name.schema(), pg));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Kind.NONE;
                }
                String k = rs.getString(1);
                if (pg) {
                    return "r".equals(k) || "p".equals(k) ? Kind.TABLE : "v".equals(k) ? Kind.VIEW : Kind.NONE;
                }
                return "VIEW".equalsIgnoreCase(k) ? Kind.VIEW : Kind.TABLE;
            }
        }
    }

    /** The name as the catalog stores it: PostgreSQL folds an unquoted name to lower case. */
    private static String serverName(String specName, boolean pg) {
        if (Identifiers.isQuoted(specName)) {
            return Identifiers.unquote(specName);
        }
        return pg ? specName.toLowerCase(Locale.ROOT) : specName;
    }
}
