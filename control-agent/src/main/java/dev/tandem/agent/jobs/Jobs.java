package dev.tandem.agent.jobs;

import dev.tandem.agent.AgentConfig;
import dev.tandem.agent.AgentException;
import dev.tandem.agent.JobKind;
import dev.tandem.agent.Views.BarrierView;
import dev.tandem.agent.phase.Guards;
import dev.tandem.agent.store.ControlStore;
import dev.tandem.agent.store.ControlStore.MigrationRow;
import dev.tandem.agent.store.Db;
import dev.tandem.agent.store.JobStore;
import dev.tandem.driver.spec.Migration;
import dev.tandem.driver.spec.Phase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Guards for starting jobs, and creating (or taking over, to resume) their rows. */
public final class Jobs {
    /** A job row ready to run, with the options it runs with (those stored with it, when resumed). */
    public record Prepared(long jobId, Migration migration, JobKind kind, boolean reverse,
                           AgentConfig.JobOptions options) {
    }

    /** Tables the statistics say are at least this large get the statistics' row count as the estimate. */
    private static final long STATISTICS_ENOUGH = 100_000;

    private final ControlStore store;
    private final JobStore jobs;
    private final Guards guards;
    private final Db db;

    public Jobs(ControlStore store, JobStore jobs, Guards guards, Db db) {
        this.store = store;
        this.jobs = jobs;
        this.guards = guards;
        this.db = db;
    }

    /**
     * Checks and creates (or claims, to resume) a backfill. {@code options} null: those stored with the job
     * resumed, else {@code defaults}; given: they replace the stored ones.
     */
    public Prepared prepareBackfill(String migrationId, boolean reverse, String actor, String owner,
                                    AgentConfig.JobOptions options, AgentConfig.JobOptions defaults) {
        MigrationRow row = store.migration(migrationId);
        Migration m = row.migration();
        noJobsForRename(m);
        Phase phase = m.phase();
        long barrierVersion;
        if (reverse) {
            if (phase != Phase.READ_NEW && phase != Phase.CONTRACT) {
                throw refused(migrationId, "a reverse backfill (old = backward(new)) is for rolling back from CONTRACT; "
                    + "the migration is in " + phase);
            }
            barrierVersion = row.version();
        } else {
            if (!phase.dualWrites()) {
                throw refused(migrationId, "a backfill needs every instance to dual-write first; the migration is in "
                    + phase + (phase == Phase.EXPAND ? ". Move it to DUAL_WRITE ('tandem-agent phase " + migrationId
                    + " DUAL_WRITE')" : ""));
            }
            long since = guards.dualWriteSince(migrationId);
            barrierVersion = since < 0 ? row.version() : since;
        }
        BarrierView b = new dev.tandem.agent.phase.Barrier(store).check(barrierVersion);
        if (!b.complete()) {
            throw refused(migrationId, "not every live instance runs config version " + barrierVersion + " yet, so one "
                + "of them could still write " + (reverse ? "only the new side" : "only the old side")
                + " behind the backfill. Lagging: " + b.lagging().stream().map(i -> i.instanceId() + " (at version "
                + i.versionSeen() + ", heartbeat " + i.heartbeat() + ")").toList() + ". Wait for them, or "
                + "for their lease to run out");
        }
        JobKind kind = reverse ? JobKind.REVERSE_BACKFILL : JobKind.BACKFILL;
        return prepare(row, kind, reverse, actor, owner, true, options, defaults);
    }

    /** Checks and creates a reconcile; options as for {@link #prepareBackfill}. */
    public Prepared prepareReconcile(String migrationId, boolean repair, String actor, String owner,
                                     AgentConfig.JobOptions options, AgentConfig.JobOptions defaults) {
        MigrationRow row = store.migration(migrationId);
        noJobsForRename(row.migration());
        Phase phase = row.migration().phase();
        if (phase == Phase.EXPAND || phase == Phase.COMPLETE) {
            throw refused(migrationId, "reconcile compares the two sides, which only makes sense between DUAL_WRITE and "
                + "CONTRACT; the migration is in " + phase);
        }
        return prepare(row, JobKind.RECONCILE, phase.newSideIsTruth(), actor, owner, false, options, defaults);
    }

    private Prepared prepare(MigrationRow row, JobKind kind, boolean reverse, String actor, String owner,
                             boolean resume, AgentConfig.JobOptions options, AgentConfig.JobOptions defaults) {
        Migration m = row.migration();
        JobStore.Job existing = resume ? jobs.resumable(m.id(), kind) : null;
        long id;
        AgentConfig.JobOptions run;
        if (existing != null) {
            // The claim is one conditional UPDATE: of two agents resuming at once, one gets the job.
            jobs.claim(existing.view().id(), owner, ChunkedJob.staleAfter());
            id = existing.view().id();
            run = options != null ? options : existing.options() != null ? existing.options() : defaults;
            if (options != null || existing.options() == null) {
                jobs.setOptions(id, run);
            }
            store.audit(m.id(), m.phase(), m.phase(), null, actor, null, false, "job-resume", kind + " job " + id
                + " from checkpoint " + existing.checkpoint() + " with " + run);
        } else {
            if (!resume) {
                jobs.releaseIdleSlot(m.id(), kind, ChunkedJob.staleAfter());
            }
            run = options != null ? options : defaults;
            id = jobs.create(m.id(), kind, count(m), store.version(), owner, run).view().id();
            store.audit(m.id(), m.phase(), m.phase(), null, actor, null, false, "job-start", kind + " job " + id);
        }
        return new Prepared(id, m, kind, reverse, run);
    }

    /**
     * The job's row estimate, for progress and ETA: the planner's statistics when they describe a large
     * table (an exact count(*) there is a whole extra scan, as long as a reconcile itself), else an exact
     * count.
     */
    private Long count(Migration m) {
        boolean pg = db.dialect().findsTablesByRegclass();
        String estimate = pg ? "SELECT CAST(reltuples AS BIGINT) FROM pg_class WHERE oid = to_regclass(?)"
            : "SELECT TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_SCHEMA = COALESCE(?, DATABASE()) "
            + "AND TABLE_NAME = ?";
        try (Connection c = db.open()) {
            try (PreparedStatement ps = c.prepareStatement(estimate)) {
                if (pg) {
                    ps.setString(1, m.table().toString());
                } else {
                    ps.setString(1, m.table().schema());
                    ps.setString(2, m.table().name());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getLong(1) >= STATISTICS_ENOUGH) {
                        return rs.getLong(1);
                    }
                }
            } catch (SQLException e) {
                // no statistics to read (permissions, odd names): count instead
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + m.table())) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw ControlStore.failed("count the rows of " + m.table(), e);
        }
    }

    /** A rename moves no data: there is nothing to backfill or compare. */
    private static void noJobsForRename(Migration m) {
        if (m.kind() == Migration.Kind.RENAME) {
            throw refused(m.id(), "renames table " + m.table() + " to " + m.target() + "; a rename copies no data, so "
                + "there is no backfill or reconcile to run (the phases need only the rename itself: 'tandem-agent "
                + "apply " + m.id() + "')");
        }
    }

    private static AgentException refused(String id, String why) {
        return new AgentException(AgentException.Kind.REFUSED, "Cannot start the job for '" + id + "': " + why
            + ". Nothing was started.");
    }
}
