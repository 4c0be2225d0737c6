package dev.tandem.driver.internal.rewrite;

import dev.tandem.driver.spec.Identifiers;
import dev.tandem.driver.spec.Migration;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.update.UpdateSet;

import java.util.ArrayList;
import java.util.List;

/**
 * The verifier's write checks ({@link PlanVerifier}): the columns a rewritten INSERT, UPDATE, upsert or REPLACE
 * assigns keep both sides of every migration equal while it dual-writes, and write no old column from CONTRACT on.
 */
final class WriteCheck {
    private final RewriteContext ctx;

    WriteCheck(RewriteContext ctx) {
        this.ctx = ctx;
    }

    void assignments(Table target, List<UpdateSet> sets) {
        if (sets == null || target == null) {
            return;
        }
        List<String> assigned = new ArrayList<>();
        for (UpdateSet s : sets) {
            for (Column c : s.getColumns()) {
                Table q = c.getTable();
                if (q != null && q.getName() != null && !answersToTarget(target, q)) {
                    continue;
                }
                assigned.add(Identifiers.unquote(c.getColumnName()));
            }
        }
        checkWritten(target, assigned, "SET");
    }

    private static boolean answersToTarget(Table target, Table q) {
        String name = target.getAlias() != null ? target.getAlias().getName() : target.getName();
        return Identifiers.matches(Identifiers.unquote(name), q.getName())
            || Identifiers.matches(Identifiers.unquote(target.getName()), q.getName());
    }

    void replace(net.sf.jsqlparser.statement.upsert.Upsert up) {
        Insert ins = new Insert();
        ins.setTable(up.getTable());
        ins.setColumns(up.getColumns());
        ins.setSelect(up.getSelect());
        if (up.getUpdateSets() != null && !up.getUpdateSets().isEmpty()) {
            Migration m = ctx.migrationsOn(up.getTable()).isEmpty() ? null : ctx.migrationsOn(up.getTable()).get(0);
            if (m != null && m.phase().rewrites()) {
                throw RewriteException.unsupported(m, "REPLACE ... SET was not rewritten; name the columns");
            }
            return;
        }
        insert(ins);
    }

    void insert(Insert ins) {
        boolean migrated = false;
        for (Migration m : ctx.migrationsOn(ins.getTable())) {
            migrated |= m.phase().rewrites();
        }
        if (!migrated) {
            return;
        }
        if (ins.getColumns() == null || ins.getColumns().isEmpty()) {
            Migration m = ctx.migrationsOn(ins.getTable()).get(0);
            throw RewriteException.unsupported(m, "an INSERT into " + ins.getTable().getName() + " without a column "
                + "list cannot be checked to write both sides; name the columns");
        }
        List<String> assigned = new ArrayList<>();
        for (Column c : ins.getColumns()) {
            assigned.add(Identifiers.unquote(c.getColumnName()));
        }
        checkWritten(ins.getTable(), assigned, "INSERT");
    }

    /**
     * The columns a write assigns must keep both sides equal: while dual-writing, every new column computed
     * from an assigned old column is assigned too, and an assigned new column is either computed from assigned
     * old columns or every old column computed from it is assigned; from CONTRACT on no old column is written.
     */
    private void checkWritten(Table target, List<String> assigned, String where) {
        for (Migration m : ctx.migrationsOn(target)) {
            // A move writes its target table in a statement of its own making (MoveWrites), not by this SET list.
            if (!m.phase().rewrites() || m.kind() == Migration.Kind.MOVE) {
                continue;
            }
            for (String a : assigned) {
                String old = m.oldColumn(a);
                String neu = m.newColumn(a);
                if (old != null && m.phase().newSideIsTruth()) {
                    throw RewriteException.unsupported(m, where + " writes old column " + old + ", which is no longer "
                        + "written in " + m.phase());
                }
                if (!m.phase().dualWrites()) {
                    continue;
                }
                if (old != null) {
                    for (var e : m.forwardRefs().entrySet()) {
                        if (containsIgnoreCase(e.getValue(), old) && !containsIgnoreCase(assigned, e.getKey())) {
                            throw RewriteException.unsupported(m, where + " writes old column " + old + " but not new "
                                + "column " + e.getKey() + "; Tandem cannot keep both sides equal for this statement");
                        }
                    }
                }
                // An INSERT's new column may be computed from the defaults of old columns it leaves out.
                if (neu != null && !anyAssigned(m.forwardRefs().get(neu), assigned) && !"INSERT".equals(where)) {
                    for (var e : m.backwardRefs().entrySet()) {
                        if (containsIgnoreCase(e.getValue(), neu) && !containsIgnoreCase(assigned, e.getKey())) {
                            throw RewriteException.unsupported(m, where + " writes new column " + neu + " but not old "
                                + "column " + e.getKey() + "; Tandem cannot keep both sides equal for this statement");
                        }
                    }
                }
            }
        }
    }

    private static boolean anyAssigned(java.util.Collection<String> columns, List<String> assigned) {
        if (columns == null) {
            return false;
        }
        for (String c : columns) {
            if (containsIgnoreCase(assigned, c)) {
                return true;
            }
        }
        return false;
    }

    private static boolean containsIgnoreCase(java.util.Collection<String> names, String name) {
        for (String n : names) {
            if (n.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }
}
