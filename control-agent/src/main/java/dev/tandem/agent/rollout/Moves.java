package dev.tandem.agent.rollout;

import dev.tandem.agent.Views.BarrierView;
import dev.tandem.agent.Views.TransitionView;
import dev.tandem.agent.store.ControlStore.MigrationRow;
import dev.tandem.agent.store.RolloutStore.Reported;
import dev.tandem.driver.spec.Phase;

import java.util.List;

/**
 * What the autopilot may do, each the same call an operator makes by hand: a guarded phase change and a
 * readNewPercent change (both through the barrier, both audited), reading the migration, the barrier, the
 * fleet's reports, and writing the audit table and the rollout's row.
 */
interface Moves {
    TransitionView phase(String migration, Phase target, Integer readNewPercent, String reason, String actor);

    TransitionView percent(String migration, int percent, String reason, String actor);

    MigrationRow migration(String migration);

    BarrierView barrier(long version);

    List<Reported> reports();

    void audit(String migration, Phase phase, String actor, String action, String reason, String detail);

    void save(RolloutView view);

    /** Takes (and clears) a pause, resume or abort another process requested for the rollout; null if none. */
    String takeRequest(String migration);

    /** Marks the rollout's row as driven by a live process (see {@code RolloutStore.ORPHANED_AFTER_MS}). */
    void touch(String migration);
}
