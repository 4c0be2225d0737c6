package dev.tandem.agent.phase;

import dev.tandem.agent.AgentException;
import dev.tandem.agent.Views.BarrierView;
import dev.tandem.agent.Views.TransitionView;
import dev.tandem.agent.store.ControlStore;
import dev.tandem.agent.store.ControlStore.MigrationRow;
import dev.tandem.driver.spec.Migration;
import dev.tandem.driver.spec.Phase;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Phase transitions: checks structure and guards, publishes the new phase with a new config version in
 * one transaction with its audit entry, then waits for the barrier and records its outcome.
 */
public final class PhaseService {
    private static final System.Logger LOG = System.getLogger(PhaseService.class.getName());

    private final ControlStore store;
    private final Guards guards;
    private final Barrier barrier;
    private final Duration barrierTimeout;

    public PhaseService(ControlStore store, Guards guards, Barrier barrier, Duration barrierTimeout) {
        this.store = store;
        this.guards = guards;
        this.barrier = barrier;
        this.barrierTimeout = barrierTimeout;
    }

    /**
     * Moves {@code migrationId} to {@code target}. {@code afterBarrier} runs once the barrier completed
     * (the agent uses it for the reverse backfill when leaving CONTRACT).
     */
    public TransitionView transition(String migrationId, Phase target, boolean force, String reason, String actor,
                                     Consumer<MigrationRow> afterBarrier) {
        return transition(migrationId, target, null, force, reason, actor, afterBarrier);
    }

    /** {@link #transition}, publishing {@code readNewPercent} with a move to READ_NEW (null: the spec's own). */
    public TransitionView transition(String migrationId, Phase target, Integer readNewPercent, boolean force,
                                     String reason, String actor, Consumer<MigrationRow> afterBarrier) {
        if (force && (reason == null || reason.isBlank())) {
            throw new AgentException(AgentException.Kind.INVALID, "A forced transition needs a reason (--reason), "
                + "which goes to the audit log");
        }
        MigrationRow row = store.migration(migrationId);
        Migration m = row.migration();
        Phase from = m.phase();
        guards.checkStructure(m, from, target);
        new SchemaCheck(store.dialect()).require(store, m, from, target);
        List<String> unmet = guards.unmet(row, target);
        if (!unmet.isEmpty() && !force) {
            throw Guards.refused(migrationId, "cannot go from " + from + " to " + target + ": "
                + String.join("; ", unmet) + " (or use --force with --reason, which is audited)");
        }
        // A rename has no reverse backfill; its rollback to EXPAND renames the table back instead (afterBarrier).
        boolean rename = m.kind() == Migration.Kind.RENAME;
        boolean leavingContract = from == Phase.CONTRACT && target == Phase.READ_NEW && !rename;
        Migration next = leavingContract ? withReadNewPercent(m.withPhase(target), 100) : m.withPhase(target);
        if (readNewPercent != null && target == Phase.READ_NEW && !leavingContract) {
            next = withReadNewPercent(next, readNewPercent);
        }
        Migration published = next;
        String detail = unmet.isEmpty() ? null : "forced past: " + String.join("; ", unmet);
        long version = store.inTransaction(c -> {
            MigrationRow now = store.migration(migrationId);
            if (now.migration().phase() != from) {
                throw new AgentException(AgentException.Kind.REFUSED, "Migration '" + migrationId + "' changed to "
                    + now.migration().phase() + " while this transition was being checked; look at the status and "
                    + "try again");
            }
            long v = store.bump(c);
            store.updateMigration(c, published, v, actor, leavingContract);
            store.audit(c, migrationId, from, target, v, actor, reason, force && !unmet.isEmpty(), "transition",
                detail);
            return v;
        });
        LOG.log(System.Logger.Level.INFO, "Migration {0}: {1} -> {2} at config version {3} by {4}{5}", migrationId,
            from, target, version, actor, force ? " (forced: " + reason + ")" : "");
        BarrierView b = awaitBarrier(migrationId, from, target, version, actor);
        String note = null;
        if (rename && target == Phase.EXPAND) {
            // Safe before the barrier too: a view under the new name serves instances that still send it.
            afterBarrier.accept(store.migration(migrationId));
            note = "renamed back to " + m.table() + " (a view " + m.target() + " served instances that still sent the "
                + "new name until they all ran the next config version)";
        } else if (leavingContract) {
            if (b.complete()) {
                afterBarrier.accept(store.migration(migrationId));
                note = "reverse backfill finished: the old columns are up to date";
            } else {
                note = "reverse backfill NOT run: the barrier is incomplete. Run 'tandem-agent backfill " + migrationId
                    + " --reverse' once every instance runs version " + version;
            }
        }
        return new TransitionView(migrationId, from, target, version, force && !unmet.isEmpty(), b, note);
    }

    /**
     * Sets READ_NEW's {@code readNewPercent}, as a reload of an edited migration file would, with a new config
     * version and an audit entry (action {@code percent}), then waits for the barrier.
     */
    public TransitionView readNewPercent(String migrationId, int percent, String reason, String actor) {
        if (percent < 0 || percent > 100) {
            throw new AgentException(AgentException.Kind.INVALID, "readNewPercent must be from 0 to 100, got "
                + percent);
        }
        long version = store.inTransaction(c -> {
            Migration m = store.migration(migrationId).migration();
            if (m.phase() != Phase.READ_NEW) {
                throw new AgentException(AgentException.Kind.REFUSED, "Migration '" + migrationId + "' is in "
                    + m.phase() + "; readNewPercent applies in READ_NEW only");
            }
            long v = store.bump(c);
            store.updateMigration(c, withReadNewPercent(m, percent), v, actor, null);
            store.audit(c, migrationId, Phase.READ_NEW, Phase.READ_NEW, v, actor, reason, false, "percent",
                "readNewPercent " + m.readNewPercent() + " -> " + percent);
            return v;
        });
        LOG.log(System.Logger.Level.INFO, "Migration {0}: readNewPercent {1} at config version {2} by {3}",
            migrationId, percent, version, actor);
        BarrierView b = awaitBarrier(migrationId, Phase.READ_NEW, Phase.READ_NEW, version, actor);
        return new TransitionView(migrationId, Phase.READ_NEW, Phase.READ_NEW, version, false, b,
            "readNewPercent " + percent);
    }

    private BarrierView awaitBarrier(String migrationId, Phase from, Phase target, long version, String actor) {
        BarrierView b = barrier.await(version, barrierTimeout);
        store.audit(migrationId, from, target, version, actor, null, false, "barrier", b.complete() ? "complete"
            : "incomplete after " + barrierTimeout.toSeconds() + " s; lagging: " + b.lagging().stream()
            .map(i -> i.instanceId() + "@" + i.versionSeen() + (i.heartbeatInFuture() ? " (heartbeat in the future)"
                : "")).toList());
        LOG.log(System.Logger.Level.INFO, "Barrier for version {0}: {1}", version, b.complete() ? "complete"
            : "incomplete, lagging " + b.lagging().stream().map(i -> i.instanceId()).toList());
        return b;
    }

    public BarrierView barrier(long version) {
        return barrier.check(version);
    }

    static Migration withReadNewPercent(Migration m, int percent) {
        return m.withPercents(percent, m.shadowReadPercent());
    }
}
