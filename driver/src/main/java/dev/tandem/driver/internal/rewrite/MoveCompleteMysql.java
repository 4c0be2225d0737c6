package dev.tandem.driver.internal.rewrite;

import dev.tandem.driver.spec.Migration;
import dev.tandem.driver.spec.Phase;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A move in COMPLETE on MySQL and MariaDB, whose moved source columns are gone (or about to be, nullable and no
 * longer read): the source's writes reach the target through {@link MoveWritesMysql}'s steps.
 *
 * <ul>
 * <li>INSERT ... VALUES: the statement without the moved columns ({@link MoveComplete#prepareInsert} takes them
 * out; one VALUES row when it names them), then the upsert of the target rows of the keys it inserted (the same
 * keys as the DUAL_WRITE sync: explicit ones, {@code LAST_INSERT_ID()} ranges), read from the source rows under
 * {@code FOR UPDATE}: {@code INSERT INTO target (key, named...) SELECT key, forward(values as stored) FROM source
 * WHERE keys FOR UPDATE ON DUPLICATE KEY UPDATE ...}. The moved values are the application's, as parameters; a
 * target column the INSERT does not name takes its default, and an INSERT naming no moved column creates the
 * target rows it lacks ({@code ON DUPLICATE KEY UPDATE key = key}, never IGNORE, which would hide other
 * errors).</li>
 * <li>DELETE: the target's foreign key cascades (the agent's expand creates it); refused without one.</li>
 * </ul>
 * Refused: an UPDATE that sets a moved column (write the target directly), INSERT IGNORE and ON DUPLICATE KEY
 * UPDATE naming moved columns (the row may not be inserted, so the values must not reach the target), an ON
 * DUPLICATE KEY UPDATE assigning a moved column, and several VALUES rows naming moved columns.
 */
final class MoveCompleteMysql {
    private MoveCompleteMysql() {
    }

    /** Refuses, before any rewrite, a COMPLETE write of {@code m}'s source on MySQL/MariaDB that is not exact. */
    static void check(RewriteContext ctx, Migration m, Statement st) {
        if (!ctx.dialect.setSeesEarlierAssignments() || m.phase() != Phase.COMPLETE) {
            return;
        }
        if (st instanceof Update) {
            checkUpdate(m, (Update) st);
        }
        if (st instanceof Delete && MoveMetadata.cascades(ctx, m)) {
            ctx.retryDeadlock = true; // the cascade's locks are Tandem's: see StepRunner
        } else if (st instanceof Delete) {
            throw MoveWrites.refuse(m, "in COMPLETE a DELETE from " + m.table() + " must delete the rows of "
                + m.target() + " too, which Tandem leaves on MySQL/MariaDB to the target's foreign key ON DELETE "
                + "CASCADE, and " + m.target() + " has none; add it (the agent's expand creates it)");
        }
        if (st instanceof Insert) {
            Insert ins = (Insert) st;
            boolean upsert = ins.getDuplicateUpdateSets() != null && !ins.getDuplicateUpdateSets().isEmpty();
            if (upsert) {
                for (UpdateSet s : ins.getDuplicateUpdateSets()) {
                    for (Column c : s.getColumns()) {
                        if (m.oldColumn(c.getColumnName()) != null) {
                            throw MoveWrites.refuse(m, "in COMPLETE the ON DUPLICATE KEY UPDATE of moved column "
                                + c + " of " + m.table() + " is not rewritten on MySQL/MariaDB; update it in "
                                + m.target() + " directly");
                        }
                    }
                }
            }
            if ((upsert || ins.isModifierIgnore()) && ins.getColumns() != null && namesMoved(m, ins)) {
                throw MoveWrites.refuse(m, "in COMPLETE an INSERT " + (upsert ? "... ON DUPLICATE KEY UPDATE" : "IGNORE")
                    + " into " + m.table() + " that names a moved column is not rewritten on MySQL/MariaDB (when "
                    + "it inserts no row, the moved values must not reach " + m.target() + "); write a plain INSERT, "
                    + "or update " + m.target() + " directly");
            }
        }
    }

    /**
     * An UPDATE that sets moved columns: no ORDER BY/LIMIT, a WHERE the capture and the statement see alike, no
     * value reading a moved column when it sets several (the target's multi-table UPDATE does not say in which order
     * it assigns them), and, when it also sets columns that stay in the source (written first, by the statement
     * itself, then the target from the joined source row), no value that would see another assignment differently
     * than MySQL's left-to-right order: a moved column's value may read a source column set before it, not after
     * it; a source column's value may not read a moved column set before it.
     */
    private static void checkUpdate(Migration m, Update u) {
        int moved = 0;
        boolean readsMoved = false;
        List<String> order = new ArrayList<>(); // assigned columns, lower case, in SET order
        for (UpdateSet s : u.getUpdateSets()) {
            for (Column c : s.getColumns()) {
                order.add(c.getColumnName().toLowerCase(java.util.Locale.ROOT));
            }
        }
        int at = 0;
        for (UpdateSet s : u.getUpdateSets()) {
            for (int i = 0; i < s.getColumns().size(); i++, at++) {
                Column c = s.getColumns().get(i);
                boolean isMoved = m.oldColumn(c.getColumnName()) != null;
                moved += isMoved ? 1 : 0;
                if (s.getValues().size() != s.getColumns().size()) {
                    throw MoveWrites.refuse(m, "in COMPLETE a SET (a, b) = (SELECT ...) is not rewritten on "
                        + "MySQL/MariaDB for a move; assign each column");
                }
                int self = at;
                List<String> reads = new ArrayList<>();
                TreeWalk.walk((net.sf.jsqlparser.expression.Expression) s.getValues().get(i), (node, owner, field) -> {
                    if (node instanceof Column) {
                        reads.add(((Column) node).getColumnName().toLowerCase(java.util.Locale.ROOT));
                    }
                    return true;
                });
                for (String r : reads) {
                    boolean readMoved = m.oldColumn(r) != null;
                    readsMoved |= isMoved && readMoved;
                    int j = order.indexOf(r);
                    if (j < 0 || j == self) {
                        continue;
                    }
                    if (isMoved && !readMoved && j > self || !isMoved && readMoved && j < self) {
                        throw MoveWrites.refuse(m, "in COMPLETE an UPDATE of " + m.table() + " whose value for "
                            + c.getColumnName() + " reads " + r + ", which the SET assigns " + (j > self ? "after"
                            : "before") + " it, is not rewritten on MySQL/MariaDB (the two tables are written one "
                            + "after the other); set them in separate statements");
                    }
                }
            }
        }
        if (moved > 1 && readsMoved) {
            throw MoveWrites.refuse(m, "in COMPLETE an UPDATE of " + m.table() + " that sets several moved columns "
                + "with values reading moved columns is not rewritten on MySQL/MariaDB (the order in which its "
                + "assignments see each other is not kept); set them in separate statements");
        }
        if (u.getOrderByElements() != null && !u.getOrderByElements().isEmpty() || u.getLimit() != null) {
            throw MoveWrites.refuse(m, "in COMPLETE an UPDATE of " + m.table() + " with ORDER BY or LIMIT that sets "
                + "a moved column is not rewritten on MySQL/MariaDB; select the rows by key");
        }
        MoveWritesMysql.refuseVolatile(m, u.getWhere(), "UPDATE");
    }

    /**
     * A COMPLETE UPDATE that sets moved columns ({@link #checkUpdate}), its WHERE read-rewritten: a capture of
     * the keys ({@code SELECT key FROM source WHERE ... FOR UPDATE}); the statement keeps the columns that stay in
     * the source, or becomes {@code UPDATE source SET key = key WHERE ...}, which changes nothing, when it sets none;
     * either way it reports the rows it matches, the application's count; then
     * the target rows the captured keys lack are created (as an INSERT would) and updated:
     * {@code UPDATE target tandem_tv JOIN source tandem_k ON ... SET new = forward[old := CAST(value AS old type),
     * other old := backward(new)] WHERE tandem_k.key IN (keys)}.
     */
    static List<WriteStep> update(RewriteContext ctx, Migration m, Update u) {
        Map<String, String> extra = MoveMetadata.extras(ctx, m);
        if (extra.containsKey(MoveMetadata.TRIGGER) || extra.values().stream().anyMatch(x -> x.contains("on update"))) {
            throw MoveWrites.refuse(m, "in COMPLETE an UPDATE of " + m.table() + " that sets a moved column is not "
                + "rewritten on MySQL/MariaDB when " + m.table() + " has an ON UPDATE column or a BEFORE UPDATE "
                + "trigger (the source row no longer changes, so neither would fire as before); update "
                + m.target() + " directly");
        }
        ctx.writes = true;
        ctx.changed = true;
        MoveComplete.Prepared p = (MoveComplete.Prepared) ctx.movePrepared;
        String q = MoveWritesMysql.qualifier(u.getTable());
        String from = u.getTable().toString();
        WriteStep capture = MoveWritesMysql.capture(m, from, q, u.getWhere());
        String create = upsert(m, from, q, MoveWritesMysql.keysIn(m.key(), q), Map.of());
        StringBuilder match = new StringBuilder();
        for (int i = 0; i < m.key().size(); i++) {
            match.append(i == 0 ? "" : " AND ").append(MoveWrites.TARGET_ROW).append('.').append(m.targetKey().get(i))
                .append(" = ").append(MoveWrites.LOCKED).append('.').append(m.key().get(i));
        }
        List<Map.Entry<String, String>> labels = new ArrayList<>(p.sourceColumns().entrySet());
        labels.sort((a, b) -> b.getValue().length() - a.getValue().length()); // tandem_c10 before tandem_c1
        StringBuilder set = new StringBuilder();
        for (Map.Entry<String, String> v : p.values().entrySet()) {
            String value = v.getValue();
            for (Map.Entry<String, String> e : labels) {
                value = value.replace(MoveWrites.LOCKED + "." + e.getValue(), MoveWrites.LOCKED + "." + e.getKey());
            }
            set.append(set.length() == 0 ? "" : ", ").append(MoveWrites.TARGET_ROW).append('.').append(v.getKey())
                .append(" = ").append(value);
        }
        // The keys last: the JDBC layer binds the application's parameters first, then the captured keys.
        String target = "UPDATE " + m.target() + " " + MoveWrites.TARGET_ROW + " JOIN "
            + u.getTable().getFullyQualifiedName() + " " + MoveWrites.LOCKED + " ON " + match + " SET " + set
            + " WHERE " + MoveWritesMysql.keysIn(m.key(), MoveWrites.LOCKED);
        List<Column> keys = new ArrayList<>();
        for (String k : m.key()) {
            keys.add(new Column(q + "." + k));
        }
        List<UpdateSet> kept = new ArrayList<>(); // the columns that stay in the source: the statement sets them
        for (UpdateSet s : u.getUpdateSets()) {
            if (m.oldColumn(s.getColumns().get(0).getColumnName()) == null) {
                kept.add(s);
            }
        }
        if (kept.isEmpty()) { // changes nothing, and reports the rows it matches: the application's count
            UpdateSet same = new UpdateSet();
            for (Column k : keys) {
                same.add(k, new Column(k.getFullyQualifiedName()));
            }
            kept.add(same);
        }
        u.setUpdateSets(new ArrayList<>(kept));
        if (!canCreateRows(ctx, m)) {
            return List.of(capture, new WriteStep(target, WriteStep.When.AFTER));
        }
        return List.of(capture, new WriteStep(create, WriteStep.When.AFTER),
            new WriteStep(target, WriteStep.When.AFTER));
    }

    /**
     * Whether a target row can be created from its key alone: every other column nullable or with a default. In
     * strict mode MySQL and MariaDB refuse an INSERT ... SELECT that leaves out a NOT NULL column without a default
     * even when it selects no row, so with one (a moved column the tightening made NOT NULL) the step that creates
     * the target rows the UPDATE's keys lack is left out: by COMPLETE every source row has its target row (the
     * backfill created them, every insert since DUAL_WRITE does).
     */
    private static boolean canCreateRows(RewriteContext ctx, Migration m) {
        var meta = ctx.meta(m.target());
        if (meta == null) {
            return true;
        }
        for (var col : meta.columns()) {
            boolean key = false;
            for (String k : m.targetKey()) {
                key |= k.equalsIgnoreCase(col.name());
            }
            if (!key && !col.nullable() && col.defaultExpression() == null) {
                return false;
            }
        }
        return true;
    }

    private static boolean namesMoved(Migration m, Insert ins) {
        for (Column c : ins.getColumns()) {
            if (m.oldColumn(c.getColumnName()) != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * The values a COMPLETE INSERT writes to the target: target column to SQL (forward over the application's
     * values, as stored), empty when it names no moved column; null before COMPLETE.
     */
    static Map<String, String> insertValues(RewriteContext ctx, Migration m) {
        if (m.phase() != Phase.COMPLETE) {
            return null;
        }
        if (ctx.movePrepared instanceof MoveComplete.InsertValues) {
            ctx.changed = true; // the moved columns were taken out of the application's INSERT
            return ((MoveComplete.InsertValues) ctx.movePrepared).values();
        }
        return Map.of();
    }

    /**
     * The one row a COMPLETE INSERT naming moved columns wrote, when its AUTO_INCREMENT key may be generated: its
     * value ({@code stored}, a parameter as stored) unless NULL or 0, else {@code LAST_INSERT_ID()}, which the
     * statement set when it generated it. Exact, not the DUAL_WRITE sync's superset: the values are the
     * application's, not read from the row.
     */
    static String generatedKey(String keyRef, String stored) {
        return keyRef + " = " + (stored == null ? "LAST_INSERT_ID()"
            : "COALESCE(NULLIF(" + stored + ", 0), LAST_INSERT_ID())");
    }

    /**
     * {@code INSERT INTO target (key, named...) SELECT q.key, value... FROM source q WHERE ... FOR UPDATE ON
     * DUPLICATE KEY UPDATE named = VALUES(named)}, or {@code key = key} when it names none.
     */
    static String upsert(Migration m, String from, String q, String where, Map<String, String> values) {
        StringBuilder cols = new StringBuilder();
        StringBuilder select = new StringBuilder();
        for (int i = 0; i < m.key().size(); i++) {
            cols.append(i == 0 ? "" : ", ").append(m.targetKey().get(i));
            select.append(i == 0 ? "" : ", ").append(q).append('.').append(m.key().get(i));
        }
        StringBuilder set = new StringBuilder();
        for (Map.Entry<String, String> e : values.entrySet()) {
            cols.append(", ").append(e.getKey());
            select.append(", ").append(e.getValue());
            set.append(set.length() == 0 ? "" : ", ").append(e.getKey()).append(" = VALUES(").append(e.getKey())
                .append(')');
        }
        if (set.length() == 0) {
            String k = m.targetKey().get(0);
            set.append(k).append(" = ").append(k); // creates the missing rows, leaves the others (no IGNORE)
        }
        return "INSERT INTO " + m.target() + " (" + cols + ") SELECT " + select + " FROM " + from
            + (where == null ? "" : " WHERE " + where) + " FOR UPDATE ON DUPLICATE KEY UPDATE " + set;
    }
}
