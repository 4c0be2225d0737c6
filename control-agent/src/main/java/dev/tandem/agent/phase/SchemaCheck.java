package dev.tandem.agent.phase;

import dev.tandem.agent.store.ControlStore;
import dev.tandem.driver.schema.Catalog;
import dev.tandem.driver.schema.Dialect;
import dev.tandem.driver.schema.TableMeta;
import dev.tandem.driver.spec.Migration;
import dev.tandem.driver.spec.Phase;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The spec against the live schema: the table, its key and the columns a phase needs must exist, and a name that
 * does not is refused with the nearest existing one ("no table acounts; did you mean accounts?"). Which columns a
 * phase needs: old columns until READ_NEW (CONTRACT drops them), new columns from DUAL_WRITE (EXPAND adds them).
 * A move between two phases needs only what both need; the guards check the rest (e.g. new columns to leave
 * EXPAND).
 */
public final class SchemaCheck {
    private final Dialect dialect;

    public SchemaCheck(Dialect dialect) {
        this.dialect = dialect;
    }

    /** Problems of {@code m} while moving from {@code from} to {@code to} (equal for no move); empty if none. */
    public List<String> problems(Migration m, Phase from, Phase to, Connection c) throws SQLException {
        if (m.kind() == Migration.Kind.RENAME) {
            return RenameRules.problems(dialect, m, c);
        }
        List<String> out = new ArrayList<>();
        String at = "migration '" + m.id() + "': ";
        TableMeta meta = new Catalog(dialect).table(m.table(), c);
        if (meta == null) {
            out.add(at + "field 'table': no table " + m.table() + suggestion(m.table().name(), tables(m, c))
                + "; correct 'table' in the spec");
            return out;
        }
        List<String> existing = meta.columns().stream().map(TableMeta.ColumnMeta::name).toList();
        for (String k : m.key()) {
            missing(meta, k, "key", "key column", existing, at, out);
        }
        if (needsOld(from) && needsOld(to)) {
            for (String o : m.oldColumns()) {
                missing(meta, o, "columns", "old column", existing, at, out);
            }
        }
        if (m.kind() == Migration.Kind.MOVE) {
            MoveSchema.problems(dialect, m, from, to, c, at, out); // the new columns live in the target table
        } else if (needsNew(from) && needsNew(to)) {
            for (String n : m.newColumns()) {
                missing(meta, n, "columns", "new column", existing, at, out);
            }
        }
        return out;
    }

    /** As {@link #problems}, on a connection of the store; throws REFUSED naming every problem. */
    public void require(ControlStore store, Migration m, Phase from, Phase to) {
        List<String> problems;
        try (Connection c = store.db().open()) {
            problems = problems(m, from, to, c);
        } catch (SQLException e) {
            throw ControlStore.failed("read the columns of " + m.table(), e);
        }
        if (!problems.isEmpty()) {
            throw Guards.refused(m.id(), "does not match the database: " + String.join("; ", problems));
        }
    }

    /** Old columns exist up to READ_NEW; the contract DDL drops them in CONTRACT. */
    public static boolean needsOld(Phase p) {
        return p.ordinal() <= Phase.READ_NEW.ordinal();
    }

    /** New columns exist from DUAL_WRITE on; the expand DDL adds them in EXPAND. */
    public static boolean needsNew(Phase p) {
        return p.ordinal() >= Phase.DUAL_WRITE.ordinal();
    }

    private static void missing(TableMeta meta, String name, String field, String what, List<String> existing,
                                String at, List<String> out) {
        if (meta.column(name) == null) {
            out.add(at + "field '" + field + "': no " + what + " " + name + " in " + meta.table()
                + suggestion(name, existing) + "; correct the spec");
        }
    }

    /** "; did you mean x?" for the nearest of {@code candidates} within a few edits, or "". */
    public static String suggestion(String name, Collection<String> candidates) {
        String best = nearest(name, candidates);
        return best == null ? "" : "; did you mean " + best + "?";
    }

    /** The candidate closest to {@code name} by edit distance (case-insensitive), if close enough; else null. */
    public static String nearest(String name, Collection<String> candidates) {
        String n = name.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(n, c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return bestDistance <= Math.max(2, n.length() / 3) ? best : null;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** The tables (and views) of the migration's schema, or of the connection's current one. */
    private List<String> tables(Migration m, Connection c) throws SQLException {
        String schema = m.table().schema();
        String catalog = null;
        String schemaPattern = null;
        if (dialect.schemasAreCatalogs()) {
            catalog = schema != null ? schema : c.getCatalog();
        } else {
            schemaPattern = schema != null ? schema : c.getSchema();
        }
        List<String> out = new ArrayList<>();
        DatabaseMetaData md = c.getMetaData();
        try (ResultSet rs = md.getTables(catalog, schemaPattern, "%", new String[] {"TABLE", "VIEW"})) {
            while (rs.next()) {
                out.add(rs.getString("TABLE_NAME"));
            }
        }
        return out;
    }
}
