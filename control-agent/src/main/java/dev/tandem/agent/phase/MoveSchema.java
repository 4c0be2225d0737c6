package dev.tandem.agent.phase;

import dev.tandem.agent.ddl.MoveCatalog;
import dev.tandem.driver.schema.Catalog;
import dev.tandem.driver.schema.Dialect;
import dev.tandem.driver.schema.TableMeta;
import dev.tandem.driver.spec.Migration;
import dev.tandem.driver.spec.Phase;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * A move's target table against the live schema: from DUAL_WRITE on (the expand DDL created it) it must exist
 * with the target key and the moved columns; whenever it exists, the target key must be its primary key or a
 * UNIQUE key, since a move keeps one target row per source row (1:1) and a target with several rows per source
 * row (1:N, e.g. product variants) is not supported.
 */
final class MoveSchema {
    private MoveSchema() {
    }

    static void problems(Dialect dialect, Migration m, Phase from, Phase to, Connection c, String at,
                         List<String> out) throws SQLException {
        TableMeta tgt = new Catalog(dialect).table(m.target(), c);
        boolean needed = SchemaCheck.needsNew(from) && SchemaCheck.needsNew(to);
        if (tgt == null) {
            if (needed) {
                out.add(at + "field 'target': no table " + m.target() + "; apply the expand DDL first "
                    + "('tandem-agent apply " + m.id() + "' creates it)");
            }
            return;
        }
        List<String> existing = tgt.columns().stream().map(TableMeta.ColumnMeta::name).toList();
        boolean keyPresent = true;
        for (String k : m.targetKey()) {
            if (tgt.column(k) == null) {
                keyPresent = false;
                out.add(at + "field 'targetKey': no key column " + k + " in " + m.target()
                    + SchemaCheck.suggestion(k, existing) + "; correct the spec");
            }
        }
        if (keyPresent && !new MoveCatalog(dialect).isUniqueKey(m.target(), m.targetKey(), c)) {
            out.add(at + "field 'targetKey': " + m.targetKey() + " is not the primary key or a UNIQUE key of "
                + m.target() + ": a move keeps exactly one target row per source row (1:1); a target that holds "
                + "several rows per source row (1:N) is not supported. Give " + m.target() + " that key, or move "
                + "the columns into a new table (the expand DDL creates it)");
        }
        if (needed) {
            for (String n : m.newColumns()) {
                if (tgt.column(n) == null) {
                    out.add(at + "field 'columns': no moved column " + n + " in " + m.target()
                        + SchemaCheck.suggestion(n, existing) + "; apply the expand DDL or correct the spec");
                }
            }
        }
    }
}
