package dev.tandem.agent.jobs;

import dev.tandem.agent.AgentException;
import dev.tandem.driver.schema.Catalog;
import dev.tandem.driver.schema.Dialect;
import dev.tandem.driver.schema.TableMeta;
import dev.tandem.driver.spec.Migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The keyset walk of a move ({@link Migration.Kind#MOVE}): chunks of the source's key, each compared over
 * {@code source LEFT JOIN target} on target key = source key. Forward (before CONTRACT) a source row differs when
 * its target row is missing or a moved column differs from forward(source row); the backfill upserts those target
 * rows. Reverse (from CONTRACT) a source row differs when its target row exists and a moved source column differs
 * from backward(target row); the reverse backfill updates those source columns. Forward, a target row without a
 * source row in the chunk's key range is a mismatch too, and the backfill deletes it ({@link #orphans}).
 * Expressions are the spec's,
 * qualified with the alias of their side ({@link Qualify}) and cast to the written column's declared type.
 *
 * <p>Concurrency with the driver's dual write, which writes the source row first and then the target row in one
 * transaction: a forward chunk first locks its source rows (FOR SHARE / LOCK IN SHARE MODE), so a writer's update
 * of one of them waits for the chunk to commit, and a chunk that waited for a writer reads its committed values;
 * the upsert then runs in a new statement (READ COMMITTED), which sees every target row a finished writer left.
 * So the chunk never writes a value older than the source row it read. A reverse chunk locks its source rows
 * (FOR UPDATE) and then its target rows (shared), in the writer's order, before the UPDATE reads them.
 */
final class MoveScan extends KeysetScan {
    private static final String S = "tandem_s";
    private static final String T = "tandem_t";

    private final Dialect dialect;
    private final boolean reverse;
    private final boolean pg;
    private final String source;
    private final String target;
    private final List<String> keys;
    private final List<String> targetKeys;
    private final List<String> keyCasts = new ArrayList<>();
    private final List<Boolean> integerKeys = new ArrayList<>();
    /** Forward: target column to its value over the source row; reverse: source column to its value over the target. */
    private final Map<String, String> values = new LinkedHashMap<>();
    /** {@code source tandem_s LEFT JOIN target tandem_t ON <keys>}; {@link #join} adds a chunk's range. */
    private final String joinOn;
    private final String differs;

    MoveScan(Migration m, Dialect dialect, Connection c, boolean reverse) throws SQLException {
        this.dialect = dialect;
        this.reverse = reverse;
        this.pg = dialect.findsTablesByRegclass();
        this.source = m.table().toString();
        this.target = m.target().toString();
        this.keys = m.key();
        this.targetKeys = m.targetKey();
        Catalog catalog = new Catalog(dialect);
        TableMeta src = catalog.table(m.table(), c);
        TableMeta tgt = catalog.table(m.target(), c);
        if (src == null) {
            throw refused("Table " + source + " of migration '" + m.id() + "' does not exist in the target database");
        }
        if (tgt == null) {
            throw refused("Target table " + target + " of migration '" + m.id() + "' does not exist; apply the expand "
                + "DDL first ('tandem-agent apply " + m.id() + "')");
        }
        for (int i = 0; i < keys.size(); i++) {
            TableMeta.ColumnMeta k = src.column(keys.get(i));
            if (k == null || tgt.column(targetKeys.get(i)) == null) {
                throw refused("Key column " + (k == null ? source + "." + keys.get(i) : target + "."
                    + targetKeys.get(i)) + " of migration '" + m.id() + "' does not exist");
            }
            keyCasts.add(dialect.castType(k.type()));
            integerKeys.add(TableScan.signedInteger(k.type()));
        }
        Map<String, String> exprs = reverse ? m.backward() : m.forward();
        TableMeta written = reverse ? src : tgt;
        TableMeta read = reverse ? tgt : src;
        StringJoiner or = new StringJoiner(" OR ");
        for (Map.Entry<String, String> e : exprs.entrySet()) {
            TableMeta.ColumnMeta col = written.column(e.getKey());
            if (col == null) {
                throw refused("Column " + written.table() + "." + e.getKey() + " of migration '" + m.id() + "' does "
                    + "not exist; " + (reverse ? "the moved columns are already dropped from the source, a reverse "
                    + "backfill is no longer possible" : "apply the expand DDL first ('tandem-agent apply " + m.id()
                    + "')"));
            }
            String expr = e.getValue().trim();
            String cast = dialect.castType(col.type());
            TableMeta.ColumnMeta plain = expr.matches("[A-Za-z_][A-Za-z0-9_]*") ? read.column(expr) : null;
            if (plain != null && col.type() != null && col.type().equalsIgnoreCase(plain.type())) {
                cast = null; // a plain copy of the same type needs no per-row CAST
            }
            String q = Qualify.columns(expr, reverse ? T : S);
            String value = cast == null ? "(" + q + ")" : "CAST(" + q + " AS " + cast + ")";
            values.put(e.getKey(), value);
            or.add(dialect.distinctFrom((reverse ? S : T) + "." + e.getKey(), value));
        }
        StringJoiner on = new StringJoiner(" AND ");
        for (int i = 0; i < keys.size(); i++) {
            on.add(T + "." + targetKeys.get(i) + " = " + S + "." + keys.get(i));
        }
        this.joinOn = source + " " + S + " LEFT JOIN " + target + " " + T + " ON " + on;
        String missing = T + "." + targetKeys.get(0) + " IS NULL";
        this.differs = reverse ? "(" + T + "." + targetKeys.get(0) + " IS NOT NULL AND (" + or + "))"
            : "(" + missing + " OR " + or + ")";
    }

    private static AgentException refused(String message) {
        return new AgentException(AgentException.Kind.REFUSED, message);
    }

    @Override
    List<String> upperBound(Connection c, List<String> lower, int size) throws SQLException {
        String sql = "SELECT " + keyList(S) + " FROM " + source + " " + S + where(lower, null, false)
            + " ORDER BY " + keyList(S) + " LIMIT 1 OFFSET " + (size - 1);
        return KeyParams.keyRow(c, sql, lower, integerKeys);
    }

    @Override
    long count(Connection c, List<String> lower, List<String> upper) throws SQLException {
        return longQuery(c, "SELECT count(*) FROM " + source + " " + S + where(lower, upper, false), lower, upper);
    }

    @Override
    TableScan.Check check(Connection c, List<String> lower, int size) throws SQLException {
        List<String> upper = upperBound(c, lower, size);
        String sql = "SELECT count(*), COALESCE(sum(CASE WHEN " + differs + " THEN 1 ELSE 0 END), 0) FROM "
            + join(lower, upper) + where(lower, upper, false);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bindTwice(ps, lower, upper);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long rows = rs.getLong(1);
                long mismatches = rs.getLong(2);
                if (!reverse) {
                    mismatches += longQuery(c, "SELECT count(*) FROM " + orphans(lower, upper), lower, upper, 2);
                }
                return new TableScan.Check(rows, mismatches, upper);
            }
        }
    }

    /**
     * Forward: the target rows in the chunk's key range without a source row (the source row was deleted without
     * its target row, before the foreign key existed), as {@code target tandem_t WHERE …}. They count as
     * mismatches and the backfill deletes them: the foreign key's validation at CONTRACT would fail on them.
     * The chunks' ranges cover the whole key space (the first has no lower bound, the last no upper bound).
     */
    private String orphans(List<String> lower, List<String> upper) {
        StringJoiner match = new StringJoiner(" AND ");
        for (int i = 0; i < keys.size(); i++) {
            match.add("tandem_o." + keys.get(i) + " = " + T + "." + targetKeys.get(i));
        }
        String range = where(lower, upper, false).replace(tuple(S), tuple(T, targetKeys));
        String sourceRange = where(lower, upper, false).replace(tuple(S), tuple("tandem_o", keys));
        if (!pg) {
            // An anti-join that reads the source by its primary key, row by row: MariaDB may run NOT EXISTS as a scan
            // of a covering secondary index of the whole source, and in the backfill's DELETE that scan takes shared
            // locks on every source row (other writers' rows included: waits and deadlocks with the application).
            return target + " " + T + " LEFT JOIN " + source + " tandem_o ON " + match + (sourceRange.isEmpty() ? ""
                : " AND " + sourceRange.substring(" WHERE ".length())) + (range.isEmpty() ? " WHERE " : range + " AND ")
                + "tandem_o." + keys.get(0) + " IS NULL";
        }
        return target + " " + T + (range.isEmpty() ? " WHERE " : range + " AND ") + "NOT EXISTS (SELECT 1 FROM "
            + source + " tandem_o WHERE " + match + (sourceRange.isEmpty() ? "" : " AND "
            + sourceRange.substring(" WHERE ".length())) + ")";
    }

    /**
     * The join for the chunk from {@code lower} to {@code upper}: the target side is limited to the chunk's key
     * range too (the same keys), so that the planner reads it by a range of its key index. Without it, PostgreSQL
     * joins a chunk of a few hundred rows to the whole target by hash join over a sequential scan (it costs an
     * index probe per row above one scan), a cost per chunk that grows with the table. Its placeholders come
     * before those of the WHERE clause: bind the range twice ({@link #bindTwice}).
     */
    private String join(List<String> lower, List<String> upper) {
        String range = where(lower, upper, false).replace(tuple(S), tuple(T, targetKeys));
        return joinOn + (range.isEmpty() ? "" : " AND " + range.substring(" WHERE ".length()));
    }

    @Override
    List<String> mismatches(Connection c, List<String> lower, List<String> upper, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + keyList(S) + " FROM " + join(lower, upper)
            + where(lower, upper, true) + " ORDER BY " + keyList(S) + " LIMIT " + limit)) {
            bindTwice(ps, lower, upper);
            List<String> out = new ArrayList<>();
            readKeys(ps, out, "");
            if (!reverse && out.size() < limit) {
                try (PreparedStatement o = c.prepareStatement("SELECT " + keyList(T, targetKeys) + " FROM "
                    + orphans(lower, upper) + " ORDER BY " + keyList(T, targetKeys) + " LIMIT "
                    + (limit - out.size()))) {
                    bindTwice(o, lower, upper);
                    readKeys(o, out, " (no source row)");
                }
            }
            return out;
        }
    }

    /** The key values of {@code ps}'s rows as "id=4" or "a=1,b=2" (the source's key names), each with {@code note}. */
    private void readKeys(PreparedStatement ps, List<String> out, String note) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                StringJoiner key = new StringJoiner(",");
                for (int i = 1; i <= keys.size(); i++) {
                    key.add(keys.get(i - 1) + "=" + rs.getString(i));
                }
                out.add(key + note);
            }
        }
    }

    @Override
    int update(Connection c, List<String> lower, List<String> upper) throws SQLException {
        return reverse ? updateSource(c, lower, upper) : upsertTarget(c, lower, upper);
    }

    /** How long {@link #settle} waits for the transactions that were running when the walk ended. */
    private static final long SETTLE_WAIT_MILLIS = 30_000;

    /**
     * Forward, PostgreSQL: the target rows left without a source row by a DELETE that raced a chunk, deleted.
     * Such a DELETE (the driver's, which deletes the target rows and the source rows in one statement) took its
     * snapshot before the chunk committed and waited for the chunk's lock on the source row: it then deletes the
     * source row but cannot see the target row the chunk inserted. Every such DELETE belongs to a transaction that
     * was running when the walk ended, so this waits until each of those has ended (as CREATE INDEX CONCURRENTLY
     * waits for older snapshots: a transaction holds the lock on its virtual transaction id to its end), then
     * deletes the target rows without a source row over the whole key range. A transaction still running after
     * {@value #SETTLE_WAIT_MILLIS} ms is not waited for: the job's log says so, and a later reconcile finds and a
     * repair deletes what it leaves. MySQL and MariaDB need none of this: their locking reads and writes see the
     * newest committed rows, and the target's foreign key cascades from the source there.
     */
    @Override
    long settle(Connection c) throws SQLException {
        if (reverse || !pg) {
            return 0;
        }
        List<String> running = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT virtualxid FROM pg_locks WHERE locktype = 'virtualxid' "
            + "AND granted AND pid <> pg_backend_pid()"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                running.add(rs.getString(1));
            }
        }
        c.commit();
        long deadline = System.nanoTime() + SETTLE_WAIT_MILLIS * 1_000_000;
        while (!running.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT virtualxid FROM pg_locks WHERE locktype = "
                + "'virtualxid' AND virtualxid = ANY (?)")) {
                ps.setArray(1, c.createArrayOf("text", running.toArray()));
                List<String> still = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        still.add(rs.getString(1));
                    }
                }
                running = still;
            }
            c.commit();
            if (running.isEmpty()) {
                break;
            }
            if (System.nanoTime() > deadline) {
                System.getLogger(MoveScan.class.getName()).log(System.Logger.Level.WARNING, "Move backfill of {0}: "
                    + "{1} transactions older than its end still run after {2} ms; target rows a racing DELETE of "
                    + "theirs leaves without a source row are not deleted now (a reconcile counts them, a repair "
                    + "deletes them)", target, running.size(), SETTLE_WAIT_MILLIS);
                break;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            }
        }
        try (PreparedStatement d = c.prepareStatement("DELETE FROM " + orphans(null, null))) {
            int n = d.executeUpdate();
            c.commit();
            return n;
        }
    }

    /** The forward chunk: lock the source rows, then insert or update the target rows that differ. */
    private int upsertTarget(Connection c, List<String> lower, List<String> upper) throws SQLException {
        String range = where(lower, upper, false);
        StringJoiner cols = new StringJoiner(", ");
        StringJoiner select = new StringJoiner(", ");
        StringJoiner set = new StringJoiner(", ");
        for (int i = 0; i < keys.size(); i++) {
            cols.add(targetKeys.get(i));
            // Named, since MySQL names a derived table's unnamed columns after their text (at most 64 characters).
            select.add(S + "." + keys.get(i) + " AS tandem_k" + i);
        }
        int v = 0;
        for (Map.Entry<String, String> e : values.entrySet()) {
            cols.add(e.getKey());
            select.add(e.getValue() + " AS tandem_v" + v++);
            set.add(e.getKey() + (pg ? " = EXCLUDED." + e.getKey() : " = VALUES(" + e.getKey() + ")"));
        }
        long differing = -1;
        if (pg) {
            // No aggregate with FOR SHARE on PostgreSQL; only the source side of the outer join can be locked.
            drain(c, "SELECT 1 FROM " + source + " " + S + range + " FOR SHARE", lower, upper);
        } else {
            // A locking read: it waits for writers of these source (and target) rows, and counts the rows to write.
            differing = longQuery(c, "SELECT COALESCE(sum(CASE WHEN " + differs + " THEN 1 ELSE 0 END), 0) FROM "
                + join(lower, upper) + range + " LOCK IN SHARE MODE", lower, upper, 2);
        }
        String rows = "SELECT " + select + " FROM " + join(lower, upper) + where(lower, upper, true);
        String sql = pg
            ? "INSERT INTO " + target + " (" + cols + ") " + rows + " ON CONFLICT (" + String.join(", ", targetKeys)
            + ") DO UPDATE SET " + set
            // A derived table keeps the select's names apart from the target's in ON DUPLICATE KEY UPDATE.
            : "INSERT INTO " + target + " (" + cols + ") SELECT * FROM (" + rows + ") tandem_x ON DUPLICATE KEY UPDATE "
            + set;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bindTwice(ps, lower, upper);
            int n = ps.executeUpdate();
            int deleted;
            try (PreparedStatement d = c.prepareStatement((pg ? "DELETE FROM " : "DELETE " + T + " FROM ")
                + orphans(lower, upper))) {
                bindTwice(d, lower, upper);
                deleted = d.executeUpdate();
            }
            // MySQL counts an updated row twice; the locking read counted the rows written exactly.
            return (pg ? n : (int) differing) + deleted;
        }
    }

    /** The reverse chunk: lock the source rows, then the target rows, then set the source columns from backward. */
    private int updateSource(Connection c, List<String> lower, List<String> upper) throws SQLException {
        String range = where(lower, upper, false);
        drain(c, "SELECT " + keyList(S) + " FROM " + source + " " + S + range + " FOR UPDATE", lower, upper);
        String targetRange = range.replace(tuple(S), tuple(T, targetKeys));
        drain(c, "SELECT " + keyList(T, targetKeys) + " FROM " + target + " " + T + targetRange
            + (pg ? " FOR SHARE" : " LOCK IN SHARE MODE"), lower, upper);
        StringJoiner set = new StringJoiner(", ");
        for (Map.Entry<String, String> e : values.entrySet()) {
            // The values read only the target row, so MySQL's left-to-right SET order cannot change them.
            set.add((pg ? "" : S + ".") + e.getKey() + " = " + e.getValue());
        }
        StringJoiner on = new StringJoiner(" AND ");
        for (int i = 0; i < keys.size(); i++) {
            on.add(T + "." + targetKeys.get(i) + " = " + S + "." + keys.get(i));
        }
        String cond = where(lower, upper, true);
        String sql = pg
            ? "UPDATE " + source + " AS " + S + " SET " + set + " FROM " + target + " AS " + T + " WHERE " + on
            + (cond.isEmpty() ? "" : " AND " + cond.substring(" WHERE ".length()))
            : "UPDATE " + source + " " + S + " JOIN " + target + " " + T + " ON " + on + " SET " + set + cond;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, bind(ps, 1, lower), upper);
            return ps.executeUpdate();
        }
    }

    private void drain(Connection c, String sql, List<String> lower, List<String> upper) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, bind(ps, 1, lower), upper);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    // the rows are locked as the server reads them; nothing to keep
                }
            }
        }
    }

    private long longQuery(Connection c, String sql, List<String> lower, List<String> upper) throws SQLException {
        return longQuery(c, sql, lower, upper, 1);
    }

    /** {@code sql}'s one number, its placeholders the chunk's range {@code times} over. */
    private long longQuery(Connection c, String sql, List<String> lower, List<String> upper, int times)
        throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int next = 1;
            for (int i = 0; i < times; i++) {
                next = bind(ps, bind(ps, next, lower), upper);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private String where(List<String> lower, List<String> upper, boolean onlyDiffering) {
        List<String> parts = new ArrayList<>();
        if (lower != null) {
            parts.add(tuple(S) + " > " + params());
        }
        if (upper != null) {
            parts.add(tuple(S) + " <= " + params());
        }
        if (onlyDiffering) {
            parts.add(differs);
        }
        return parts.isEmpty() ? "" : " WHERE " + String.join(" AND ", parts);
    }

    private String tuple(String alias) {
        return tuple(alias, keys);
    }

    private static String tuple(String alias, List<String> columns) {
        String list = keyList(alias, columns);
        return columns.size() == 1 ? list : "(" + list + ")";
    }

    private String keyList(String alias) {
        return keyList(alias, keys);
    }

    private static String keyList(String alias, List<String> columns) {
        StringJoiner j = new StringJoiner(", ");
        columns.forEach(k -> j.add(alias + "." + k));
        return j.toString();
    }

    private String params() {
        return KeyParams.placeholders(keyCasts, integerKeys);
    }

    /** Binds the chunk's range twice: for {@link #join} or {@link #orphans}, then the WHERE clause. */
    private void bindTwice(PreparedStatement ps, List<String> lower, List<String> upper) throws SQLException {
        bind(ps, bind(ps, bind(ps, bind(ps, 1, lower), upper), lower), upper);
    }

    private int bind(PreparedStatement ps, int from, List<String> values) throws SQLException {
        return KeyParams.bind(ps, from, values, integerKeys);
    }
}
