package dev.tandem.agent.ddl;

import dev.tandem.agent.ddl.DdlPlan.DdlStep;
import dev.tandem.agent.ddl.DdlPlan.Stage;
import dev.tandem.driver.schema.Dialect;
import dev.tandem.driver.schema.Dialect.Ddl;
import dev.tandem.driver.spec.Migration;
import dev.tandem.driver.spec.TableName;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The foreign keys over old columns, moved to the new columns at CONTRACT, before the old columns are dropped:
 * until then the old key checks every write (the old columns are written through READ_NEW). PostgreSQL adds the
 * copy NOT VALID and validates it; MySQL gets a note (it adds a key in place only without checking the rows) and
 * the old key is dropped first, since it refuses to drop a column a key covers.
 */
final class ForeignKeys {
    private final Dialect dialect;
    private final Migration m;
    private final String table;

    ForeignKeys(Dialect dialect, Migration m, String table) {
        this.dialect = dialect;
        this.m = m;
        this.table = table;
    }

    /** The table the copies go to: the migration's own, or a move's target (the old keys stay on the source). */
    private String newTable() {
        return m.kind() == Migration.Kind.MOVE ? m.target().toString() : table;
    }

    private record Fk(String name, String refTable, List<String> columns, List<String> refColumns) {
    }

    void plan(Connection c, List<DdlStep> steps, List<String> notes) throws SQLException {
        Map<String, Fk> fks = read(c, m.table());
        Map<String, Fk> copies = m.kind() == Migration.Kind.MOVE ? read(c, m.target()) : fks;
        for (Fk fk : fks.values()) {
            if (fk.name.toLowerCase(Locale.ROOT).endsWith("_tandem")) {
                continue;
            }
            List<String> mapped = new ArrayList<>();
            boolean touches = false;
            boolean renamed = true;
            for (String col : fk.columns) {
                boolean old = m.oldColumn(col) != null;
                String neu = old ? DdlPlanner.newFor(m, col) : null;
                touches |= old;
                renamed &= !old || neu != null;
                mapped.add(neu != null ? neu : col);
            }
            if (!touches) {
                continue;
            }
            String name = fk.name + "_tandem";
            String what = "FOREIGN KEY " + fk.name + " (" + String.join(", ", fk.columns) + ") REFERENCES "
                + fk.refTable + " (" + String.join(", ", fk.refColumns) + ")";
            List<Ddl> add = renamed ? dialect.addForeignKeyOnline(newTable(), name, mapped, fk.refTable, fk.refColumns)
                : List.of();
            if (add.isEmpty()) {
                notes.add(what + " covers old columns and is not carried over" + (renamed ? " on this server: add "
                    + "FOREIGN KEY (" + String.join(", ", mapped) + ") REFERENCES " + fk.refTable + " ("
                    + String.join(", ", fk.refColumns) + ") by hand" : ": add its equivalent over the new columns "
                    + "by hand") + " at CONTRACT");
            } else if (!copies.containsKey(name.toLowerCase(Locale.ROOT))) {
                add.forEach(d -> steps.add(step(d)));
            }
            Ddl drop = dialect.dropForeignKeyBeforeColumn(table, fk.name);
            if (drop != null) {
                steps.add(step(drop));
            }
        }
    }

    private DdlStep step(Ddl d) {
        return new DdlStep(Stage.CONTRACT, d.sql(), dialect.describeLock(d.lock()), null);
    }

    /** The foreign keys of {@code t} by lower-case name, columns in key order. */
    private Map<String, Fk> read(Connection c, TableName t) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        boolean asCatalog = dialect.schemasAreCatalogs();
        String schema = t.schema();
        String owner = schema != null ? schema : asCatalog ? c.getCatalog() : c.getSchema();
        Map<String, Fk> out = new LinkedHashMap<>();
        try (ResultSet rs = md.getImportedKeys(asCatalog ? owner : null, asCatalog ? null : owner, t.name())) {
            while (rs.next()) {
                String name = rs.getString("FK_NAME");
                if (name == null) {
                    continue;
                }
                String pkSchema = rs.getString(asCatalog ? "PKTABLE_CAT" : "PKTABLE_SCHEM");
                String ref = (pkSchema == null || pkSchema.equalsIgnoreCase(owner) ? "" : pkSchema + ".")
                    + rs.getString("PKTABLE_NAME");
                Fk fk = out.computeIfAbsent(name.toLowerCase(Locale.ROOT),
                    k -> new Fk(name, ref, new ArrayList<>(), new ArrayList<>()));
                fk.columns.add(rs.getString("FKCOLUMN_NAME"));
                fk.refColumns.add(rs.getString("PKCOLUMN_NAME"));
            }
        }
        return out;
    }
}
