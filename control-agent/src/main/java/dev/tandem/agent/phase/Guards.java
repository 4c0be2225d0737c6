package dev.tandem.agent.phase;

import dev.tandem.agent.AgentException;
import dev.tandem.agent.JobKind;
import dev.tandem.agent.JobState;
import dev.tandem.agent.ddl.MoveCatalog;
import dev.tandem.agent.store.ControlStore;
import dev.tandem.agent.store.ControlStore.MigrationRow;
import dev.tandem.agent.store.JobStore;
import dev.tandem.driver.spec.Migration;
import dev.tandem.driver.spec.Phase;
import dev.tandem.driver.spec.TableName;
import dev.tandem.driver.schema.Catalog;
import dev.tandem.driver.schema.TableMeta;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The rules of DESIGN.md section 6: which phase may follow which, and what must be true first. Structure
 * (no skipping a phase that changes what is written, nothing back from COMPLETE) is never overridden;
 * the preconditions are, with {@code --force}, and that is audited.
 */
public final class Guards {
    private final ControlStore store;
    private final JobStore jobs;
    private final Barrier barrier;

    public Guards(ControlStore store, JobStore jobs, Barrier barrier) {
        this.store = store;
        this.jobs = jobs;
        this.barrier = barrier;
    }

    /** Throws if {@code from -> to} is not a legal move at all. */
    public void checkStructure(Migration m, Phase from, Phase to) {
        String id = m.id();
        if (from == to) {
            throw refused(id, "is already in " + to);
        }
        if (from == Phase.COMPLETE) {
            throw refused(id, "is COMPLETE: its old columns are dropped, so there is nothing to roll back to. To undo "
                + "it, write a new migration in the other direction");
        }
        if (to.ordinal() > from.ordinal()) {
            boolean ok = to.ordinal() == from.ordinal() + 1 || (from == Phase.DUAL_WRITE && to == Phase.READ_NEW);
            if (!ok) {
                throw refused(id, "cannot go from " + from + " to " + to + " in one step; the next phase is "
                    + Phase.values()[from.ordinal() + 1]);
            }
        } else if (from == Phase.CONTRACT && to != Phase.READ_NEW) {
            throw refused(id, "must roll back from CONTRACT to READ_NEW first (that step runs the reverse backfill, "
                + "old = backward(new), because the old columns were not written in CONTRACT)");
        }
    }

    /** Unmet preconditions for the move, as messages; empty when it may go ahead. */
    public List<String> unmet(MigrationRow row, Phase to) {
        Migration m = row.migration();
        Phase from = m.phase();
        if (m.kind() == Migration.Kind.RENAME) {
            return RenameRules.unmet(row, to, store, barrier);
        }
        List<String> out = new ArrayList<>();
        if (to.ordinal() < from.ordinal()) {
            if (from == Phase.READ_NEW && row.reversePending()) {
                out.add("the reverse backfill after the rollback from CONTRACT has not finished, so the old columns "
                    + "are not up to date; run 'tandem-agent backfill " + m.id() + " --reverse' first");
            }
            return out;
        }
        switch (to) {
            case DUAL_WRITE:
                List<String> missing = missingColumns(m.newTable(), m.newColumns().stream().toList());
                if (!missing.isEmpty()) {
                    out.add("the new columns " + missing + " do not exist; apply the expand DDL first "
                        + "('tandem-agent plan " + m.id() + "', then 'tandem-agent apply " + m.id() + "')");
                }
                break;
            case SHADOW_READ:
                backfillDone(m, out);
                break;
            case READ_NEW:
                backfillDone(m, out);
                cleanReconcile(m, out);
                break;
            case CONTRACT:
                if (!barrier.check(row.version()).complete()) {
                    out.add("READ_NEW is not in force on every live instance yet (barrier at version " + row.version()
                        + "); see 'tandem-agent status' for who lags");
                }
                cleanReconcile(m, out);
                notNullOldColumns(m, out);
                break;
            case COMPLETE:
                List<String> still = new ArrayList<>(m.oldColumns());
                still.removeAll(missingColumns(m.table(), m.oldColumns().stream().toList()));
                if (!still.isEmpty() && m.kind() != Migration.Kind.MOVE) { // a move drops them in COMPLETE
                    out.add("the old columns " + still + " still exist; apply the contract DDL first "
                        + "('tandem-agent apply " + m.id() + " --contract')");
                }
                if (m.kind() == Migration.Kind.MOVE) {
                    moveForeignKey(m, out);
                }
                break;
            default:
                break;
        }
        return out;
    }

    /** The config version at which the migration last started dual-writing, or -1. */
    public long dualWriteSince(String migrationId) {
        String sql = "SELECT MAX(version) FROM " + store.schema().audit() + " WHERE migration_id = ? AND action = "
            + "'transition' AND from_phase = 'EXPAND' AND to_phase = 'DUAL_WRITE'";
        try (Connection c = store.db().open(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, migrationId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long v = rs.getLong(1);
                return rs.wasNull() ? -1 : v;
            }
        } catch (SQLException e) {
            throw ControlStore.failed("read the audit log", e);
        }
    }

    private void backfillDone(Migration m, List<String> out) {
        JobStore.Job b = jobs.latest(m.id(), JobKind.BACKFILL);
        long since = dualWriteSince(m.id());
        if (b == null || !JobState.DONE.is(b.view().state()) || b.configVersion() < since) {
            out.add("no backfill has finished since dual-writing started (version " + since + "); run 'tandem-agent "
                + "backfill " + m.id() + "'" + (b == null ? "" : " (last backfill: job " + b.view().id() + ", "
                + b.view().state() + ")"));
        }
    }

    private void cleanReconcile(Migration m, List<String> out) {
        JobStore.Job r = jobs.latest(m.id(), JobKind.RECONCILE);
        JobStore.Job b = jobs.latest(m.id(), JobKind.BACKFILL);
        if (r == null || !JobState.DONE.is(r.view().state())) {
            out.add("no finished reconcile; run 'tandem-agent reconcile " + m.id() + "'");
            return;
        }
        Map<String, Object> result = r.view().result();
        long mismatches = result == null ? -1 : ((Number) result.getOrDefault("mismatches", -1)).longValue();
        long repaired = result == null ? 0 : ((Number) result.getOrDefault("repaired", 0)).longValue();
        if (mismatches != 0 && repaired < mismatches) {
            out.add("the last reconcile (job " + r.view().id() + ") found " + mismatches + " mismatched rows, e.g. "
                + result.get("sample") + "; repair them ('tandem-agent reconcile " + m.id() + " --repair') and "
                + "reconcile again");
        } else if (mismatches != 0) {
            out.add("the last reconcile (job " + r.view().id() + ") repaired " + repaired + " rows; run a reconcile "
                + "again to confirm the table is clean");
        } else if (b != null && r.view().id() < b.view().id()) {
            out.add("the last reconcile ran before the last backfill; reconcile again");
        }
    }

    /**
     * From CONTRACT on, writes no longer set the old columns: one that is NOT NULL without a default would fail
     * every insert (23502). The tightening steps of {@code apply} (from SHADOW_READ on) carry the NOT NULL to the
     * new side and then drop it from the old one.
     */
    private void notNullOldColumns(Migration m, List<String> out) {
        List<String> strict = new ArrayList<>();
        try (Connection c = store.db().open()) {
            TableMeta meta = new Catalog(store.dialect()).table(m.table(), c);
            for (String o : m.oldColumns()) {
                TableMeta.ColumnMeta col = meta == null ? null : meta.column(o);
                if (col != null && !col.nullable() && col.defaultExpression() == null) {
                    strict.add(o);
                }
            }
        } catch (SQLException e) {
            throw ControlStore.failed("read the columns of " + m.table(), e);
        }
        if (!strict.isEmpty()) {
            out.add("the old columns " + strict + " are NOT NULL without a default, so every insert would fail in "
                + "CONTRACT, where writes no longer set them; run 'tandem-agent apply " + m.id() + "' now (it makes "
                + "the new columns NOT NULL online, then drops NOT NULL from the old ones; 'tandem-agent plan "
                + m.id() + "' shows the steps)");
        }
    }

    private List<String> missingColumns(TableName table, List<String> columns) {
        try (Connection c = store.db().open()) {
            TableMeta meta = new Catalog(store.dialect()).table(table, c);
            List<String> missing = new ArrayList<>();
            for (String col : columns) {
                if (meta == null || meta.column(col) == null) {
                    missing.add(col);
                }
            }
            return missing;
        } catch (SQLException e) {
            throw ControlStore.failed("read the columns of " + table, e);
        }
    }

    /** A move is COMPLETE only with the target's foreign key to the source in place and checked. */
    private void moveForeignKey(Migration m, List<String> out) {
        Boolean validated;
        try (Connection c = store.db().open()) {
            validated = new MoveCatalog(store.dialect()).foreignKeyValidated(m, c);
        } catch (SQLException e) {
            throw ControlStore.failed("read the foreign keys of " + m.target(), e);
        }
        if (!Boolean.TRUE.equals(validated)) {
            out.add("the foreign key " + MoveCatalog.foreignKeyName(m) + " from " + m.target() + " to " + m.table()
                + (validated == null ? " does not exist" : " is not validated yet") + "; apply the contract DDL "
                + "('tandem-agent apply " + m.id() + " --contract'; 'tandem-agent plan " + m.id() + "' shows it)");
        }
    }

    static AgentException refused(String id, String why) {
        return new AgentException(AgentException.Kind.REFUSED, "Migration '" + id + "' " + why
            + ". Nothing was changed.");
    }
}
